/* report_sentences.c - the papers' sentences, drafted from the figures
 * (see report_sentences.h). */
#include "report_sentences.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "disclose.h"
#include "history.h"
#include "num.h"
#include "report_disclose.h"
#include "sbuf.h"
#include "store_kpi.h"

/* ---- the strategic summary ---- */

void sc_report_sentences_strategic(sc_report_doc *d, const sc_summary_table *t, int decimals)
{
    int ok = t->totals[SC_STATUS_WITHIN] + t->totals[SC_STATUS_BETTER];
    int outside = t->totals[SC_STATUS_OUTSIDE];
    if (t->reported > 0) {
        char *pct = sc_report_doc_pct_cell(ok, t->reported, decimals);
        sc_report_doc_para(d, "strategic_reported",
                           sc_report_doc_fmt("Of the measures reported this quarter, %d out of "
                                             "the %d (%s%%) are within or better than target "
                                             "range.",
                                             ok, t->reported, pct ? pct : ""));
        free(pct);
        sc_report_doc_para(d, "strategic_outside",
                           outside == 1 ? strdup("1 measure sits outside target range.")
                           : outside
                               ? sc_report_doc_fmt("%d measures sit outside target range.", outside)
                               : strdup("No measure sits outside target range."));
    }
    /* the statuses that are not reported, as the papers leave them out */
    static const struct {
        sc_status s;
        const char *one, *many;
    } left[] = {
        {SC_STATUS_ANNUAL_NOT_DUE, "is an annual measure not yet due",
         "are annual measures not yet due"},
        {SC_STATUS_NOT_AVAILABLE, "is not available", "are not available"},
        {SC_STATUS_SUSPENDED, "is suspended", "are suspended"},
        {SC_STATUS_TARGET_TBC, "has a target figure to be confirmed",
         "have a target figure to be confirmed"},
        {SC_STATUS_NOT_SUBMITTED, "has not been submitted", "have not been submitted"},
    };
    sc_sbuf s = {0};
    size_t n = 0, total = 0;
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        total += t->totals[left[i].s] > 0;
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        int c = t->totals[left[i].s];
        if (!c)
            continue;
        sc_sbuf_printf(&s, "%s%d %s",
                       n == 0           ? ""
                       : n + 1 == total ? " and "
                                        : ", ",
                       c, c == 1 ? left[i].one : left[i].many);
        n++;
    }
    if (n && !s.oom)
        sc_report_doc_para(d, "strategic_excluded",
                           sc_report_doc_fmt("Of the %d strategic partnership indicators, %s; "
                                             "these are not included in the measures reported.",
                                             t->total, s.buf));
    d->oom |= s.oom;
    free(s.buf);
}

/* ---- indicators by exception ---- */

static const char *const small_numbers[] = {"zero", "one",   "two",   "three", "four", "five",
                                            "six",  "seven", "eight", "nine",  "ten"};

/* "95% (891)": the figure and the count behind it (the numerator, or the
 * count sent without a denominator). */
static void figure_words(const sc_quarter_row *r, char *buf, size_t n)
{
    char v[64];
    sc_indicator_figure_text(&r->ind, r->res.value, v, sizeof v);
    const sc_result *res = &r->res;
    bool counted = res->has_count || (res->has_ratio && r->ind.unit == SC_UNIT_PERCENT);
    long long c = res->has_count ? (long long)res->count : (long long)res->numerator;
    char num[32], *grouped = NULL;
    snprintf(num, sizeof num, "%lld", c);
    if (counted)
        grouped = sc_report_doc_grouped(num);
    if (counted && grouped)
        snprintf(buf, n, "%s (%s)", v, grouped);
    else
        snprintf(buf, n, "%s", v);
    free(grouped);
}

/* ", increasing by 2 percentage points since quarter 4": a percentage's
 * change is in points, anything else in its unit. */
static void change_words(const sc_quarter_row *r, sc_period q, char *buf, size_t n)
{
    const sc_context *c = &r->ctx;
    buf[0] = '\0';
    if (!c->has_change)
        return;
    int prev = sc_period_quarter(sc_period_previous(q));
    if (sc_num_round(c->change, r->ind.decimals) == 0) {
        snprintf(buf, n, ", unchanged since quarter %d", prev);
        return;
    }
    char by[64];
    double mag = fabs(c->change);
    if (r->ind.unit == SC_UNIT_PERCENT)
        snprintf(by, sizeof by, "%.*f percentage point%s", r->ind.decimals, mag,
                 sc_num_round(mag, r->ind.decimals) == 1 ? "" : "s");
    else
        sc_indicator_figure_text(&r->ind, mag, by, sizeof by);
    snprintf(buf, n, ", %s by %s since quarter %d", c->change > 0 ? "increasing" : "decreasing", by,
             prev);
}

/* withhold: the previous quarter's result is confidential (disclosure
 * control), so the change against it is not said */
static char *exception_text(const sc_quarter_row *r, sc_period q, bool withhold)
{
    char fig[96], change[128] = "", status[64], streak[160] = "";
    figure_words(r, fig, sizeof fig);
    if (!withhold)
        change_words(r, q, change, sizeof change);
    if (r->ctx.streak >= 2) {
        char times[16];
        int k = r->ctx.streak;
        snprintf(times, sizeof times, "%d", k);
        snprintf(streak, sizeof streak, " This has been %s for %s consecutive quarters.",
                 sc_status_phrase(r->status, status, sizeof status),
                 k <= 10 ? small_numbers[k] : times);
    }
    return sc_report_doc_fmt("%s: performance at %s%s.%s", r->ind.name, fig, change, streak);
}

sc_rc sc_report_sentences_exceptions(sc_report_doc *d, sc_db *db, sc_period q)
{
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.lean = true;
    sc_quarter view;
    sc_rc rc = sc_store_quarter(db, q, &f, &view);
    if (rc != SC_OK)
        return rc;
    if ((rc = sc_history_contexts(db, &view)) != SC_OK) {
        sc_quarter_clear(&view);
        return rc;
    }
    sc_report_doc_heading(d, 2, strdup("Reported by exception"));
    static const sc_status order[] = {SC_STATUS_BETTER, SC_STATUS_OUTSIDE};
    static const char *const headings[] = {"Better than target", "Outside target range"};
    for (size_t k = 0; k < 2; k++) {
        bool any = false;
        for (size_t i = 0; i < view.count; i++) {
            const sc_quarter_row *r = &view.rows[i];
            if (r->status != order[k] || !r->res.has_value)
                continue;
            if (!any)
                sc_report_doc_heading(d, 3, strdup(headings[k]));
            any = true;
            sc_report_doc_para(d, "exception",
                               sc_report_disclose_row(d, r)
                                   ? sc_report_disclose_exception(r)
                                   : exception_text(r, q, sc_report_disclose_previous(d, r)));
        }
    }
    sc_quarter_clear(&view);
    return SC_OK;
}

/* ---- demand ---- */

/* A measure's name inside a sentence: capitalised words in lower case,
 * acronyms kept ("Contacts to CSC" -> "contacts to CSC"). */
static char *name_in_sentence(const char *name)
{
    char *s = strdup(name);
    for (char *w = s; w && *w;) {
        size_t len = strcspn(w, " ");
        bool rest_lower = true;
        for (size_t i = 1; i < len; i++)
            rest_lower &= !isupper((unsigned char)w[i]);
        if (rest_lower)
            w[0] = (char)tolower((unsigned char)w[0]);
        w += len;
        w += strspn(w, " ");
    }
    return s;
}

void sc_report_sentences_demand(sc_report_doc *d, const sc_demand_view *v, int decimals)
{
    sc_sbuf s = {0};
    size_t n = 0, total = 0;
    const int now = SC_DEMAND_VIEW_QUARTERS - 1;
    for (size_t i = 0; i < v->measures.count; i++)
        total += v->has[i][now] && v->has[i][0];
    for (size_t i = 0; i < v->measures.count; i++) {
        if (!v->has[i][now] || !v->has[i][0])
            continue;
        int64_t diff = v->value[i][now] - v->value[i][0];
        double pct = 0;
        bool has_pct = sc_demand_row_change(&v->rows[i], 2, decimals, &pct);
        char *name = name_in_sentence(v->measures.items[i].name);
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)llabs(diff));
        char *grouped = sc_report_doc_grouped(num);
        sc_sbuf_puts(&s, n == 0 ? "" : n + 1 == total ? " and " : ", ");
        if (sc_report_disclose_demand_change(d, v, i))
            sc_sbuf_printf(&s, "a change in %s that is not published (" SC_DISCLOSE_SYMBOL ")",
                           name ? name : "");
        else if (diff == 0)
            sc_sbuf_printf(&s, "the same number of %s", name ? name : "");
        else if (has_pct)
            sc_sbuf_printf(&s, "%.*f%% (%s) %s %s", decimals, fabs(pct), grouped ? grouped : "",
                           diff < 0 ? "fewer" : "more", name ? name : "");
        else
            sc_sbuf_printf(&s, "%s %s %s", grouped ? grouped : "", diff < 0 ? "fewer" : "more",
                           name ? name : "");
        d->oom |= !name || !grouped;
        free(name);
        free(grouped);
        n++;
    }
    if (n && !s.oom)
        sc_report_doc_para(d, "demand",
                           sc_report_doc_fmt("In comparison to the same period last year there "
                                             "were %s.",
                                             s.buf));
    d->oom |= s.oom;
    free(s.buf);
}

/* ---- since a pack ---- */

sc_rc sc_report_sentences_since(sc_report_doc *d, sc_db *db, sc_period q, const char *since)
{
    sc_changes c;
    sc_rc rc = sc_changes_compute(db, q, since, NULL, &c);
    if (rc != SC_OK)
        return rc;
    sc_report_doc_heading(d, 2, strdup("Changes since the last pack"));
    c.suppress_below = d->suppress_below;
    sc_report_doc_para(d, "since", sc_changes_sentence(&c));
    sc_changes_clear(&c);
    return SC_OK;
}
