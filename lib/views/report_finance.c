/* report_finance.c - the finance notes of the committee report (see
 * report_finance.h), in the words the papers use for them.
 */
#include "report_finance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "risk_share.h"
#include "store_finance.h"
#include "store_risk_share.h"

/* |x| in £m as the papers' summaries write it: two significant figures,
 * trailing zeros dropped ("£1.1m", "£0.13m", "£0.1m"). */
static char *millions(double x, sc_units units)
{
    double m = fabs(x) / (units == SC_UNITS_GBP_THOUSANDS ? 1e3 : 1e6);
    int decimals = m > 0 ? 1 - (int)floor(log10(m)) : 0;
    if (decimals < 0)
        decimals = 0;
    char *s = sc_report_doc_fmt("%.*f", decimals, m);
    if (s && strchr(s, '.')) {
        char *end = s + strlen(s) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
    }
    char *out = s ? sc_report_doc_fmt("£%sm", s) : NULL;
    free(s);
    return out;
}

/* "£580k operating overspend (£1,320k total overspend including £740k due
 * to Covid-19)", or "£270k overspend" without a Covid-19 part. */
static char *variance_words(const sc_finance_line *l, sc_units units)
{
    double v = sc_finance_line_variance(l).net;
    double covid = l->has_covid ? l->covid_variance_net : 0;
    char *total = sc_report_doc_money(v, units);
    char *s;
    if (covid == 0) {
        s = sc_report_doc_fmt("%s %s", total ? total : "", sc_finance_position_word(v));
    } else {
        char *oper = sc_report_doc_money(v - covid, units), *c = sc_report_doc_money(covid, units);
        s = sc_report_doc_fmt("%s operating %s (%s total %s including %s due to Covid-19)",
                              oper ? oper : "", sc_finance_position_word(v - covid),
                              total ? total : "", sc_finance_position_word(v), c ? c : "");
        free(oper);
        free(c);
    }
    free(total);
    return s;
}

/* One sentence per heading whose variance is broken down by lines that
 * carry only a variance (the papers' sub-headings under a key variance). */
static void breakdowns(sc_report_doc *d, const sc_finance *f)
{
    for (size_t i = 0; i < f->count; i++) {
        const sc_finance_line *top = &f->lines[i];
        if (top->parent)
            continue;
        char *list = NULL;
        for (size_t j = 0; j < f->count; j++) {
            const sc_finance_line *l = &f->lines[j];
            if (l->has_budget || !l->parent || strcmp(l->parent, top->code) != 0)
                continue;
            char *words = variance_words(l, f->units);
            char *next = sc_report_doc_fmt("%s%s%s %s", list ? list : "", list ? "; " : "", l->name,
                                           words ? words : "");
            free(words);
            free(list);
            if (!(list = next))
                d->oom = true;
        }
        if (list)
            sc_report_doc_para(d, "key_variance_breakdown",
                               sc_report_doc_fmt("Within %s: %s.", top->name, list));
        free(list);
    }
}

/* The lines the trust left out of the key variances, each with why. */
static void excluded(sc_report_doc *d, const sc_finance *f)
{
    for (size_t i = 0; i < f->count; i++) {
        const sc_finance_line *l = &f->lines[i];
        if (!l->exclusion_reason)
            continue;
        double v = sc_finance_line_variance(l).net;
        char *amount = sc_report_doc_money(v, f->units);
        size_t n = strlen(l->exclusion_reason);
        bool stop = n && l->exclusion_reason[n - 1] == '.';
        sc_report_doc_para(d, "excluded_variances",
                           sc_report_doc_fmt("%s (%s %s) is not counted as a key variance: %.*s.",
                                             l->name, amount ? amount : "",
                                             sc_finance_position_word(v), (int)(stop ? n - 1 : n),
                                             l->exclusion_reason));
        free(amount);
    }
}

/* "Under the 70/30 risk share, £1.1m of the overspend falls to the council
 * and £0.49m to the trust." (the 2017/18 Q2 summary's sentence). */
static sc_rc risk_share(sc_report_doc *d, sc_db *db, sc_period q, const sc_finance *f)
{
    sc_risk_share rs;
    sc_rc rc = sc_store_risk_share_get(db, sc_period_make(sc_period_year(q), 1), &rs);
    if (rc != SC_OK)
        return rc == SC_ENOTFOUND ? SC_OK : rc;
    sc_finance_totals t;
    sc_finance_totals_shown(f, &t);
    if (t.variance.net == 0)
        return SC_OK;
    double council, trust;
    sc_risk_share_split(&rs, t.variance.net, &council, &trust);
    char *c = millions(council, f->units), *tr = millions(trust, f->units);
    sc_report_doc_para(d, "risk_share",
                       sc_report_doc_fmt("Under the %g/%g risk share, %s of the %s falls to the "
                                         "council and %s to the trust.",
                                         rs.council_pct, rs.trust_pct, c ? c : "",
                                         sc_finance_position_word(t.variance.net), tr ? tr : ""));
    free(c);
    free(tr);
    return SC_OK;
}

/* "since month two" (an earlier statement of the quarter), "since
 * quarter 2" (the latest of an earlier quarter of the year). */
static char *since_words(sc_period q, sc_period prev_q, const char *prev_month)
{
    static const char *const numbers[] = {"one",   "two",   "three", "four", "five",   "six",
                                          "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
    int m = sc_finance_month_of_year(prev_month);
    if (prev_q == q && m >= 1)
        return sc_report_doc_fmt("since month %s", numbers[m - 1]);
    return sc_report_doc_fmt("since quarter %d", sc_period_quarter(prev_q));
}

/* The papers' "a reduction of £0.13m since month two": how the size of
 * the over- or underspend moved since the year's previous statement. */
static sc_rc movement(sc_report_doc *d, sc_db *db, sc_period q, const sc_finance *f)
{
    sc_finance_earlier e;
    sc_rc rc = sc_store_finance_earlier(db, q, f, &e);
    if (rc != SC_OK)
        return rc == SC_ENOTFOUND ? SC_OK : rc;
    sc_finance_totals now;
    sc_finance_totals_shown(f, &now);
    double a = now.variance.net, b = e.variance_net;
    char *since = since_words(q, e.quarter, e.month);
    char *s;
    if ((a < 0) == (b < 0) && a != 0 && b != 0) {
        double change = fabs(a) - fabs(b);
        char *amount = millions(change, f->units);
        const char *word = sc_finance_position_word(a);
        s = change == 0
                ? sc_report_doc_fmt("The forecast %s is unchanged %s.", word, since ? since : "")
                : sc_report_doc_fmt("The forecast %s shows %s of %s %s.", word,
                                    change < 0 ? "a reduction" : "an increase",
                                    amount ? amount : "", since ? since : "");
        free(amount);
    } else {
        char *amount = millions(a - b, f->units), *was = millions(b, f->units);
        s = sc_report_doc_fmt("The forecast has moved by %s %s, from %s%s.", amount ? amount : "",
                              since ? since : "",
                              b == 0  ? "a balanced budget"
                              : b < 0 ? "an overspend of "
                                      : "an underspend of ",
                              b == 0 ? ""
                              : was  ? was
                                     : "");
        free(amount);
        free(was);
    }
    free(since);
    sc_report_doc_para(d, "movement", s);
    return SC_OK;
}

sc_rc sc_report_finance_notes(sc_report_doc *d, sc_db *db, sc_period q, const sc_finance *f)
{
    sc_rc rc = movement(d, db, q, f);
    if (rc != SC_OK)
        return rc;
    breakdowns(d, f);
    excluded(d, f);
    return risk_share(d, db, q, f);
}
