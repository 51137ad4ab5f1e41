/* history.c - status over time, change, direction and streak. */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"
#include "outturns.h"
#include "store_kpi.h"
#include "trajectory.h"

void sc_history_judge(const sc_indicator *ind, sc_quarter_row *pts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pts[i].ind.polarity = ind->polarity;
        pts[i].ind.decimals = ind->decimals;
        sc_quarter_judge(&pts[i]);
    }
}

static const sc_quarter_row *at(const sc_quarter_row *pts, size_t n, sc_period q)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pts[mid].quarter < q)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && pts[lo].quarter == q ? &pts[lo] : NULL;
}

static bool reported_value(const sc_result *r)
{
    return r && r->availability == SC_AVAIL_REPORTED && r->has_value;
}

/* The trend over the most recent reported results at or before q. */
static void recent_trend(const sc_indicator *ind, const sc_quarter_row *pts, size_t n, sc_period q,
                         sc_judgement_trend *out)
{
    const sc_result *recent[SC_STATS_TREND_POINTS];
    sc_period quarters[SC_STATS_TREND_POINTS];
    size_t m = 0;
    for (size_t i = n; i-- > 0 && m < SC_STATS_TREND_POINTS;) {
        if (pts[i].quarter > q || !pts[i].has_result || !reported_value(&pts[i].res))
            continue;
        size_t slot = SC_STATS_TREND_POINTS - 1 - m++;
        recent[slot] = &pts[i].res;
        quarters[slot] = pts[i].quarter;
    }
    size_t first = SC_STATS_TREND_POINTS - m;
    sc_judgement_trend_of(ind, recent + first, quarters + first, m, out);
}

void sc_history_context(const sc_indicator *ind, const sc_quarter_row *pts, size_t n, sc_period q,
                        sc_status status, const sc_result *res, sc_context *out)
{
    memset(out, 0, sizeof *out);
    out->streak = 1;
    recent_trend(ind, pts, n, q, &out->trend);
    const sc_quarter_row *prev = at(pts, n, sc_period_previous(q));
    if (prev && prev->has_result && reported_value(&prev->res)) {
        out->has_previous = true;
        out->previous_value = prev->res.value;
        out->previous_figures = prev->res;
        out->previous_figures.reason = out->previous_figures.commentary = NULL;
        int64_t now, before;
        if (reported_value(res) && sc_result_scaled(res, ind->decimals, &now) &&
            sc_result_scaled(&prev->res, ind->decimals, &before)) {
            out->has_change = true;
            out->change = sc_num_unscale(now - before, ind->decimals);
            out->direction = now == before ? "unchanged"
                             : (now > before) == (ind->polarity == SC_HIGHER_IS_BETTER)
                                 ? "improving"
                                 : "declining";
        }
    }
    /* quarters before the indicator counted (or, with no start, before its
     * first figure) do not lengthen a run of "not submitted" */
    sc_period bound = ind->active_from != SC_PERIOD_NONE ? ind->active_from
                      : n                                ? pts[0].quarter
                                                         : q;
    for (sc_period p = sc_period_previous(q); p >= bound; p--) {
        const sc_quarter_row *pt = at(pts, n, p);
        sc_status s = pt ? pt->status : SC_STATUS_NOT_SUBMITTED;
        if (s != status)
            break;
        out->streak++;
    }
}

/* One indicator at a time, through the (indicator_code, quarter) index:
 * memory stays that of one indicator's history however many there are. */
sc_rc sc_history_contexts(sc_db *db, sc_quarter *view)
{
    for (size_t i = 0; i < view->count; i++) {
        sc_quarter_row *row = &view->rows[i];
        sc_quarter series;
        sc_rc rc = sc_store_series(db, row->ind.code, 0, view->quarter, true, &series);
        if (rc != SC_OK)
            return rc;
        sc_history_judge(&row->ind, series.rows, series.count);
        sc_history_context(&row->ind, series.rows, series.count, view->quarter, row->status,
                           row->has_result ? &row->res : NULL, &row->ctx);
        sc_quarter_clear(&series);
    }
    return SC_OK;
}

static json_t *point_json(const sc_indicator *ind, const sc_quarter_row *pt, sc_period q,
                          const sc_context *ctx, sc_status status)
{
    json_t *o = json_object();
    json_object_set_new(o, "quarter", sc_jv_new_period(q));
    if (pt && pt->has_result) {
        sc_result_add_json(o, &pt->res);
    } else {
        sc_result_add_null_json(o);
    }
    bool t = pt && pt->has_target;
    json_object_set_new(o, "target", t ? sc_jv_new_number(pt->target.target) : json_null());
    json_object_set_new(o, "tolerance", t ? sc_jv_new_number(pt->target.tolerance) : json_null());
    json_object_set_new(o, "target_from",
                        t ? sc_jv_new_period(pt->target.from_quarter) : json_null());
    json_object_set_new(o, "status", json_string(sc_status_key(status)));
    json_object_set_new(o, "status_label", json_string(sc_status_label(status)));
    json_object_set_new(o, "previous_value",
                        ctx->has_previous ? sc_jv_new_number(ctx->previous_value) : json_null());
    json_object_set_new(o, "change", ctx->has_change ? sc_jv_new_number(ctx->change) : json_null());
    json_object_set_new(o, "direction", ctx->direction ? json_string(ctx->direction) : json_null());
    json_object_set_new(o, "streak", json_integer(ctx->streak));
    const sc_result *res = pt && pt->has_result ? &pt->res : NULL;
    sc_stats_interval ci;
    json_object_set_new(o, "confidence_interval",
                        sc_judgement_interval(ind, res, &ci)
                            ? sc_judgement_interval_json(&ci, ind->decimals)
                            : json_null());
    json_object_set_new(o, "significance",
                        sc_judgement_significance_json(ind, res, t, t ? pt->target.target : 0));
    return o;
}

/* The target in force at q from the indicator's targets, for quarters
 * without a result (whose series row carries none). */
static void target_at(const sc_target *ts, size_t nt, sc_period q, sc_quarter_row *row)
{
    for (size_t k = nt; k-- > 0;) {
        if (ts[k].from_quarter <= q) {
            row->has_target = true;
            row->target = ts[k];
            return;
        }
    }
}

/* The trend, forecast and stretch check at the last quarter shown. */
static int add_outlook(json_t *out, const sc_indicator *ind, const sc_quarter *series,
                       const sc_target *ts, size_t nt, sc_period to)
{
    sc_trajectory_point *pts = calloc(series->count ? series->count : 1, sizeof *pts);
    if (!pts)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < series->count; i++)
        if (series->rows[i].has_result && reported_value(&series->rows[i].res))
            pts[n++] = (sc_trajectory_point){series->rows[i].quarter, series->rows[i].res.value};
    sc_judgement_trend trend;
    recent_trend(ind, series->rows, series->count, to, &trend);
    sc_quarter_row year_end = {0}, latest = {0};
    sc_trajectory_forecast f;
    sc_trajectory_stretch st;
    if (to != SC_PERIOD_NONE) {
        target_at(ts, nt, sc_period_make(sc_period_year(to), 4), &year_end);
        target_at(ts, nt, to, &latest);
    }
    sc_trajectory_forecast_of(ind, pts, n, to, year_end.has_target, year_end.target.target, &f);
    sc_trajectory_stretch_of(ind, pts, n, to, latest.has_target ? &latest.target : NULL, &st);
    free(pts);
    int rc = sc_judgement_trend_add_json(out, &trend);
    rc |= json_object_set_new(out, "forecast", sc_trajectory_forecast_json(&f));
    rc |= json_object_set_new(out, "stretch_check", sc_trajectory_stretch_json(&st));
    return rc ? -1 : 0;
}

sc_rc sc_history_json(sc_db *db, const char *code, sc_period from, sc_period to, int max_quarters,
                      json_t **out)
{
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(db, code, &ind);
    if (rc != SC_OK)
        return rc;
    sc_quarter series;
    sc_target *ts = NULL;
    size_t nt = 0;
    rc = sc_store_series(db, code, 0, 4 * SC_PERIOD_MAX_YEAR + 3, false, &series);
    if (rc == SC_OK && (rc = sc_store_targets(db, code, &ts, &nt)) != SC_OK)
        sc_quarter_clear(&series);
    if (rc != SC_OK) {
        sc_indicator_clear(&ind);
        return rc;
    }
    sc_history_judge(&ind, series.rows, series.count);
    if (from == SC_PERIOD_NONE)
        from = ind.active_from != SC_PERIOD_NONE ? ind.active_from
               : series.count                    ? series.rows[0].quarter
                                                 : SC_PERIOD_NONE;
    if (to == SC_PERIOD_NONE)
        to = series.count ? series.rows[series.count - 1].quarter : ind.active_to;
    if (from != SC_PERIOD_NONE && to != SC_PERIOD_NONE && to - from + 1 > max_quarters)
        from = to - max_quarters + 1;
    json_t *items = json_array();
    for (sc_period q = from; from != SC_PERIOD_NONE && to != SC_PERIOD_NONE && q <= to; q++) {
        if (!sc_indicator_active(&ind, q))
            continue;
        const sc_quarter_row *pt = at(series.rows, series.count, q);
        sc_quarter_row tmp = {0};
        if (!pt) {
            /* not submitted: still show the target that was in force */
            tmp.quarter = q;
            target_at(ts, nt, q, &tmp);
        }
        sc_status status = pt ? pt->status : SC_STATUS_NOT_SUBMITTED;
        sc_context ctx;
        sc_history_context(&ind, series.rows, series.count, q, status,
                           pt && pt->has_result ? &pt->res : NULL, &ctx);
        json_array_append_new(items, point_json(&ind, pt ? pt : &tmp, q, &ctx, status));
    }
    *out = json_pack("{s:o, s:o, s:o, s:o}", "indicator", sc_indicator_to_json(&ind), "from",
                     sc_jv_new_period(from), "to", sc_jv_new_period(to), "items", items);
    if (*out && add_outlook(*out, &ind, &series, ts, nt, to) != 0) {
        json_decref(*out);
        *out = NULL;
    }
    /* the year-end figures beside the quarters: every outturn stored */
    json_t *outturns = NULL;
    rc = *out ? sc_outturns_json(db, code, SC_PERIOD_NONE, &outturns) : SC_ENOMEM;
    if (rc == SC_OK && json_object_set_new(*out, "outturns", outturns) != 0)
        rc = SC_ENOMEM;
    if (rc != SC_OK) {
        json_decref(*out);
        *out = NULL;
    }
    sc_targets_free(ts, nt);
    sc_quarter_clear(&series);
    sc_indicator_clear(&ind);
    return rc;
}
