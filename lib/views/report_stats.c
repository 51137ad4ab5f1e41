/* report_stats.c - the report's significance and trend paragraphs (see
 * report_stats.h). */
#include "report_stats.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "judgement.h"
#include "num.h"
#include "quarter.h"
#include "report_disclose.h"
#include "sbuf.h"
#include "store_kpi.h"

/* "CODE (value, 95% CI lower to upper, target t)" for one indicator. */
static void put_evidence(sc_sbuf *s, const sc_quarter_row *r, const sc_stats_interval *ci)
{
    const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
    int d = r->ind.decimals;
    sc_sbuf_printf(s, "%s (%.*f%s, 95%% confidence interval %.*f%s to %.*f%s, target %.*f%s)",
                   r->ind.code, d, r->res.value, unit, d + 1, sc_num_round(ci->lower, d + 1), unit,
                   d + 1, sc_num_round(ci->upper, d + 1), unit, d, r->target.target, unit);
}

void sc_report_stats_mark(sc_report_doc *d, const sc_quarter_row *r)
{
    sc_stats_interval ci;
    if (!r->has_result || !r->has_target ||
        !sc_judgement_outside_not_significant(&r->ind, &r->res, r->status, r->target.target) ||
        !sc_judgement_interval(&r->ind, &r->res, &ci))
        return;
    const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
    int p = r->ind.decimals + 1;
    sc_report_doc_para(
        d, NULL,
        sc_report_doc_fmt("Not significantly different from its target at 95%% "
                          "confidence: the interval %.*f%s to %.*f%s includes %.*f%s.",
                          p, sc_num_round(ci.lower, p), unit, p, sc_num_round(ci.upper, p), unit,
                          r->ind.decimals, r->target.target, unit));
}

static void significance_para(sc_report_doc *d, const sc_quarter *view)
{
    sc_sbuf list = {0};
    int outside = 0, not_sig = 0, worse = 0;
    for (size_t i = 0; i < view->count; i++) {
        const sc_quarter_row *r = &view->rows[i];
        sc_stats_interval ci;
        if (r->status != SC_STATUS_OUTSIDE)
            continue;
        outside++;
        if (!sc_judgement_interval(&r->ind, &r->res, &ci))
            continue;
        if (sc_stats_vs_target(&ci, r->target.target, r->ind.polarity) != SC_VS_NOT_SIGNIFICANT) {
            worse++;
            continue;
        }
        if (not_sig++)
            sc_sbuf_puts(&list, "; ");
        if (sc_report_disclose_row(d, r))
            sc_report_disclose_evidence(&list, r);
        else
            put_evidence(&list, r, &ci);
    }
    char *text;
    if (!outside)
        text = strdup("No indicator is outside target range.");
    else
        text = sc_report_doc_fmt(
            "Of the %d indicators outside target range, %d %s not significantly different from "
            "their target at 95%% confidence%s%s; %d %s significantly worse than target; %d %s no "
            "numerator and denominator to test.",
            outside, not_sig, not_sig == 1 ? "is" : "are", not_sig ? ": " : "",
            list.buf ? list.buf : "", worse, worse == 1 ? "is" : "are", outside - not_sig - worse,
            outside - not_sig - worse == 1 ? "has" : "have");
    free(list.buf);
    sc_report_doc_para(d, "significance", text);
}

static void trends_para(sc_report_doc *d, const sc_quarter *view)
{
    sc_sbuf better = {0}, worse = {0};
    int nb = 0, nw = 0, none = 0, cannot = 0;
    for (size_t i = 0; i < view->count; i++) {
        const sc_quarter_row *r = &view->rows[i];
        const sc_judgement_trend *t = &r->ctx.trend;
        if (t->points < SC_STATS_TREND_POINTS || !t->test.has_statistic) {
            cannot++;
            continue;
        }
        switch (t->test.trend) {
        case SC_TREND_INCREASING_BETTER:
        case SC_TREND_DECREASING_BETTER:
            sc_sbuf_printf(&better, "%s%s", nb++ ? ", " : "", r->ind.code);
            break;
        case SC_TREND_INCREASING_WORSE:
        case SC_TREND_DECREASING_WORSE:
            sc_sbuf_printf(&worse, "%s%s", nw++ ? ", " : "", r->ind.code);
            break;
        default:
            none++;
        }
    }
    char *text = sc_report_doc_fmt(
        "Over their last five reported quarters (a trend significant at p < 0.05): %d "
        "improving%s%s%s; %d declining%s%s%s; %d with no significant change; %d where the trend "
        "cannot be calculated (fewer than five points with counts).",
        nb, nb ? " (" : "", nb && better.buf ? better.buf : "", nb ? ")" : "", nw, nw ? " (" : "",
        nw && worse.buf ? worse.buf : "", nw ? ")" : "", none, cannot);
    free(better.buf);
    free(worse.buf);
    sc_report_doc_para(d, "trends", text);
}

sc_rc sc_report_stats_section(sc_report_doc *d, sc_db *db, sc_period q)
{
    sc_quarter view;
    sc_quarter_filter lean = {-1, NULL, NULL, true};
    sc_rc rc = sc_store_quarter(db, q, &lean, &view);
    if (rc == SC_OK)
        rc = sc_history_contexts(db, &view);
    if (rc != SC_OK) {
        sc_quarter_clear(&view);
        return rc;
    }
    sc_report_doc_heading(d, 2, strdup("Statistical significance and trends"));
    significance_para(d, &view);
    trends_para(d, &view);
    sc_quarter_clear(&view);
    return SC_OK;
}
