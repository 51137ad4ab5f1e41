/* quarter.c - statuses of a quarter's indicators and the status table. */
#include "quarter.h"

#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"

sc_status_input sc_quarter_status_input(const sc_quarter_row *row)
{
    sc_status_input in = {
        .has_result = row->has_result,
        .availability = row->res.availability,
        .has_target = row->has_target,
        .polarity = row->ind.polarity,
    };
    int d = row->ind.decimals;
    if (row->has_result && row->res.availability == SC_AVAIL_REPORTED && row->has_target) {
        /* Validation bounds every figure to |x| <= 1e12, which scales within
         * int64 at 3 decimals; a failure here would be a corrupt row. */
        if (!sc_result_scaled(&row->res, d, &in.value_scaled) ||
            !sc_num_scale(row->target.target, d, &in.target_scaled) ||
            !sc_num_scale(row->target.tolerance, d, &in.tolerance_scaled)) {
            in.has_target = false;
        }
    }
    return in;
}

void sc_quarter_judge(sc_quarter_row *row)
{
    sc_status_input in = sc_quarter_status_input(row);
    row->status = sc_status_judge(&in);
}

/* The statistics beside the agreed status (judgement.h). */
static int add_judgement(json_t *o, const sc_quarter_row *row, sc_period quarter)
{
    const sc_result *res = row->has_result ? &row->res : NULL;
    sc_stats_interval ci;
    int rc = json_object_set_new(o, "confidence_interval",
                                 sc_judgement_interval(&row->ind, res, &ci)
                                     ? sc_judgement_interval_json(&ci, row->ind.decimals)
                                     : json_null());
    rc |= json_object_set_new(
        o, "significance",
        sc_judgement_significance_json(&row->ind, res, row->has_target, row->target.target));
    rc |= sc_judgement_trend_add_json(o, &row->ctx.trend);
    const sc_target *t = row->has_target ? &row->target : NULL;
    rc |= json_object_set_new(
        o, "target_source",
        sc_jv_new_string_or_null(t && t->has_source ? sc_target_source_keys[t->source] : NULL));
    rc |= json_object_set_new(o, "target_review_by",
                              sc_jv_new_string_or_null(t && t->review_by[0] ? t->review_by : NULL));
    rc |= json_object_set_new(o, "target_review_overdue",
                              t ? json_boolean(sc_target_review_overdue(t, quarter)) : json_null());
    return rc ? -1 : 0;
}

json_t *sc_quarter_row_to_json(const sc_quarter_row *row, sc_period quarter)
{
    json_t *o = json_object();
    if (!o || sc_indicator_add_json(o, &row->ind) != 0)
        goto fail;
    if (json_object_set_new(o, "quarter", sc_jv_new_period(quarter)))
        goto fail;
    if (row->has_result) {
        if (sc_result_add_json(o, &row->res) != 0)
            goto fail;
    } else {
        if (sc_result_add_null_json(o) != 0)
            goto fail;
    }
    int rc = 0;
    rc |= json_object_set_new(o, "target",
                              row->has_target ? sc_jv_new_number(row->target.target) : json_null());
    rc |= json_object_set_new(
        o, "tolerance", row->has_target ? sc_jv_new_number(row->target.tolerance) : json_null());
    rc |= json_object_set_new(o, "target_from",
                              row->has_target ? sc_jv_new_period(row->target.from_quarter)
                                              : json_null());
    rc |= json_object_set_new(o, "status", json_string(sc_status_key(row->status)));
    rc |= json_object_set_new(o, "status_label", json_string(sc_status_label(row->status)));
    rc |= json_object_set_new(o, "updated_at",
                              row->updated_at ? json_string(row->updated_at) : json_null());
    const sc_context *c = &row->ctx;
    rc |= json_object_set_new(o, "previous_value",
                              c->has_previous ? sc_jv_new_number(c->previous_value) : json_null());
    rc |=
        json_object_set_new(o, "change", c->has_change ? sc_jv_new_number(c->change) : json_null());
    rc |=
        json_object_set_new(o, "direction", c->direction ? json_string(c->direction) : json_null());
    rc |= json_object_set_new(o, "streak", json_integer(c->streak));
    rc |= json_object_set_new(o, "restated", json_boolean(row->restated));
    rc |= json_object_set_new(
        o, "first_reported_value",
        row->restated && row->has_first_value ? sc_jv_new_number(row->first_value) : json_null());
    rc |= json_object_set_new(
        o, "benchmarks",
        row->has_benchmark
            ? sc_benchmark_to_json(&row->bench, &row->ind, row->has_result ? &row->res : NULL)
            : json_null());
    rc |= add_judgement(o, row, quarter);
    if (rc)
        goto fail;
    return o;
fail:
    json_decref(o);
    return NULL;
}

void sc_quarter_row_clear(sc_quarter_row *row)
{
    if (!row)
        return;
    sc_indicator_clear(&row->ind);
    sc_result_clear(&row->res);
    sc_benchmark_clear(&row->bench);
    free(row->updated_at);
    free(row->updated_by);
    memset(row, 0, sizeof *row);
}

void sc_quarter_clear(sc_quarter *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->count; i++)
        sc_quarter_row_clear(&q->rows[i]);
    free(q->rows);
    q->rows = NULL;
    q->count = 0;
}

static sc_rc tally(const sc_quarter *q, const sc_area_list *areas, sc_category cat,
                   sc_summary_table *t)
{
    int *per_area = calloc(areas->count ? areas->count : 1, sizeof(int) * SC_STATUS_COUNT);
    if (!per_area)
        return SC_ENOMEM;
    for (size_t i = 0; i < q->count; i++) {
        const sc_quarter_row *r = &q->rows[i];
        if (r->ind.category != cat)
            continue;
        t->totals[r->status]++;
        t->total++;
        if (r->has_result && r->has_target &&
            sc_judgement_outside_not_significant(&r->ind, &r->res, r->status, r->target.target))
            t->outside_not_significant++;
        int a = sc_area_find(areas, r->ind.service_area);
        if (a >= 0)
            per_area[(size_t)a * SC_STATUS_COUNT + r->status]++;
    }
    t->reported =
        t->totals[SC_STATUS_BETTER] + t->totals[SC_STATUS_WITHIN] + t->totals[SC_STATUS_OUTSIDE];
    t->rows = calloc(areas->count ? areas->count : 1, sizeof *t->rows);
    if (!t->rows) {
        free(per_area);
        return SC_ENOMEM;
    }
    for (size_t a = 0; a < areas->count; a++) {
        sc_summary_row row = {.area = a};
        for (int s = 0; s < SC_STATUS_COUNT; s++) {
            row.counts[s] = per_area[a * SC_STATUS_COUNT + (size_t)s];
            row.total += row.counts[s];
        }
        if (row.total > 0)
            t->rows[t->count++] = row;
    }
    free(per_area);
    return SC_OK;
}

sc_rc sc_summary_compute(const sc_quarter *q, const sc_area_list *areas, sc_summary *out)
{
    memset(out, 0, sizeof *out);
    for (int c = 0; c < SC_CAT_COUNT; c++) {
        if (tally(q, areas, (sc_category)c, &out->tables[c]) != SC_OK) {
            sc_summary_clear(out);
            return SC_ENOMEM;
        }
    }
    return SC_OK;
}

static json_t *counts_json(const int *counts)
{
    json_t *o = json_object();
    for (int s = 0; o && s < SC_STATUS_COUNT; s++)
        json_object_set_new(o, sc_status_key((sc_status)s), json_integer(counts[s]));
    return o;
}

static json_t *pct(int count, int total, int decimals)
{
    int64_t scaled;
    if (total <= 0 || !sc_num_div_scaled((int64_t)count * 100, total, decimals, &scaled))
        return json_null();
    if (decimals == 0)
        return json_integer(scaled);
    return json_real(sc_num_unscale(scaled, decimals));
}

static json_t *table_json(const sc_summary_table *t, const sc_area_list *areas, int decimals)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < t->count; i++) {
        const sc_area *a = &areas->items[t->rows[i].area];
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:o, s:i}", "service_area", a->code, "name", a->name,
                            "counts", counts_json(t->rows[i].counts), "total", t->rows[i].total));
    }
    json_t *of_reported =
        json_pack("{s:o, s:o, s:o}", "outside_target_range",
                  pct(t->totals[SC_STATUS_OUTSIDE], t->reported, decimals), "within_target_range",
                  pct(t->totals[SC_STATUS_WITHIN], t->reported, decimals), "better_than_target",
                  pct(t->totals[SC_STATUS_BETTER], t->reported, decimals));
    json_t *overall = json_object();
    for (int s = 0; overall && s < SC_STATUS_COUNT; s++)
        json_object_set_new(overall, sc_status_key((sc_status)s),
                            pct(t->totals[s], t->total, decimals));
    return json_pack("{s:o, s:{s:o, s:i}, s:i, s:o, s:o, s:i}", "rows", rows, "totals", "counts",
                     counts_json(t->totals), "total", t->total, "reported", t->reported,
                     "pct_of_reported", of_reported, "pct_overall", overall,
                     "outside_not_significant", t->outside_not_significant);
}

json_t *sc_summary_to_json(const sc_summary *s, const sc_area_list *areas, sc_period quarter,
                           int decimals)
{
    json_t *cats = json_object();
    for (int c = 0; cats && c < SC_CAT_COUNT; c++)
        json_object_set_new(cats, sc_category_keys[c], table_json(&s->tables[c], areas, decimals));
    return json_pack("{s:o, s:i, s:o}", "quarter", sc_jv_new_period(quarter), "decimals", decimals,
                     "categories", cats);
}

void sc_summary_clear(sc_summary *s)
{
    if (!s)
        return;
    for (int c = 0; c < SC_CAT_COUNT; c++)
        free(s->tables[c].rows);
    memset(s, 0, sizeof *s);
}
