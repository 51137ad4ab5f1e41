/* report_placements.c - the care ladder and rates per 10,000 in the
 * committee report (report_placements.h). */
#include "report_placements.h"

#include <stdlib.h>
#include <string.h>

#include "demand_view.h"
#include "num.h"
#include "placement_view.h"
#include "report_disclose.h"

/* " and national 60, statistical neighbours 76 per 10,000", or "". */
static char *comparators_text(const sc_benchmark *b)
{
    static const char *const names[3] = {"national", "regional", "statistical neighbours"};
    char *out = strdup("");
    for (int i = 0; b && out && i < 3; i++) {
        if (!b->has[i])
            continue;
        char *num = sc_report_doc_plain_number(b->value[i]);
        char *next =
            sc_report_doc_fmt("%s%s %s %s", out, *out ? "," : ";", names[i], num ? num : "");
        free(num);
        free(out);
        out = next;
    }
    if (out && *out) {
        char *next = sc_report_doc_fmt("%s per 10,000", out);
        free(out);
        out = next;
    }
    return out;
}

sc_rc sc_report_rates(sc_report_doc *d, sc_db *db, sc_period q)
{
    sc_demand_view v;
    sc_rc rc = sc_demand_view_read(db, q, &v);
    if (rc != SC_OK)
        return rc;
    for (size_t i = 0; i < v.measures.count; i++) {
        const sc_demand_row *r = &v.rows[i];
        if (!r->has_rate)
            continue;
        char *cmp = comparators_text(r->benchmark);
        sc_report_doc_para(d, "rate_per_10k",
                           sc_report_doc_fmt("%s: %lld (%.1f per 10,000 children)%s.",
                                             r->measure->name, (long long)r->value[0], r->rate,
                                             cmp ? cmp : ""));
        free(cmp);
    }
    sc_demand_view_clear(&v);
    return SC_OK;
}

static char *int_cell(bool has, int64_t v)
{
    return has ? sc_report_doc_fmt("%lld", (long long)v) : strdup("");
}

/* An effect for the quarter, in pounds. */
static char *effect_cell(bool has, int64_t pence_a_week)
{
    return has ? sc_report_doc_plain_number(
                     sc_num_unscale(pence_a_week * SC_PLACEMENT_WEEKS_PER_QUARTER, 2))
               : strdup("");
}

static void ladder_table(sc_report_doc *d, const sc_placement_view *v)
{
    static const char *const cols[] = {"t:Placement type",
                                       "i:Placements",
                                       "i:Budgeted",
                                       "i:Contract",
                                       "i:Against budget",
                                       "i:Previous quarter",
                                       "n:Volume effect in the quarter (£)",
                                       "n:Price effect in the quarter (£)"};
    sc_report_block *b = sc_report_doc_table(d, "placements", 8, cols);
    for (size_t i = 0; i < v->types.count; i++) {
        if (!v->has[i][SC_PLACEMENT_NOW])
            continue;
        const sc_placement *p = &v->fig[i][SC_PLACEMENT_NOW];
        sc_placement_effects e;
        sc_placement_effects_of(p, &e);
        char *cells[SC_REPORT_DOC_MAX_COLS] = {
            strdup(v->types.items[i].name),
            int_cell(true, p->count),
            int_cell(p->has_budgeted_count, p->budgeted_count),
            int_cell(p->has_contract_count, p->contract_count),
            int_cell(p->has_budgeted_count, p->count - p->budgeted_count),
            int_cell(v->has[i][SC_PLACEMENT_PREVIOUS], v->fig[i][SC_PLACEMENT_PREVIOUS].count),
            effect_cell(e.has_volume, e.volume),
            effect_cell(e.has_price, e.price)};
        sc_report_doc_row(d, b, cells);
    }
    sc_report_disclose_placements(d, b);
}

/* "... 42% Independent Fostering Agency and 58% in-house (52% in-house in
 * the same quarter last year), against a budgeted 40% / 60%." */
static void split_sentence(sc_report_doc *d, const sc_placement_view *v, int decimals)
{
    sc_placement_split now = sc_placement_view_split(v, SC_PLACEMENT_NOW, false);
    sc_placement_split last = sc_placement_view_split(v, SC_PLACEMENT_LAST_YEAR, false);
    sc_placement_split bud = sc_placement_view_split(v, SC_PLACEMENT_NOW, true);
    double in, was, budget;
    if (!sc_placement_split_share(&now, decimals, &in) ||
        sc_report_disclose_split(d, now.in_house, now.agency))
        return;
    char *a =
        sc_placement_split_share(&last, decimals, &was)
            ? sc_report_doc_fmt(" (%.*f%% in-house in the same quarter last year)", decimals, was)
            : strdup("");
    char *b = sc_placement_split_share(&bud, decimals, &budget)
                  ? sc_report_doc_fmt(", against a budgeted %.*f%% / %.*f%%", decimals,
                                      sc_num_round(100.0 - budget, decimals), decimals, budget)
                  : strdup("");
    sc_report_doc_para(d, "fostering_split",
                       sc_report_doc_fmt("The fostering placement split is %.*f%% agency and "
                                         "%.*f%% in-house%s%s.",
                                         decimals, sc_num_round(100.0 - in, decimals), decimals, in,
                                         a ? a : "", b ? b : ""));
    free(a);
    free(b);
}

sc_rc sc_report_placements(sc_report_doc *d, sc_db *db, sc_period q, int decimals)
{
    sc_placement_view v;
    sc_rc rc = sc_placement_view_read(db, q, &v);
    if (rc != SC_OK)
        return rc;
    if (v.any) {
        sc_report_doc_heading(d, 2, strdup("Placements"));
        ladder_table(d, &v);
        split_sentence(d, &v, decimals);
    }
    sc_placement_view_clear(&v);
    return SC_OK;
}
