/* finance.c - validating and computing finance statements (see finance.h). */
#include "finance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"
#include "num.h"

const char *const sc_units_keys[SC_UNITS_N] = {"gbp", "gbp_thousands"};

/* Published money is rounded to whole units; allow one unit of difference. */
#define ROUNDING_SLACK 1.0
#define SLACK_EPSILON 1e-9

static const char *const statement_members[] = {"units", "as_at", "lines", "totals", NULL};
static const char *const line_members[] = {"code",
                                           "name",
                                           "parent",
                                           "budget",
                                           "outturn",
                                           "variance",
                                           "covid_variance_net",
                                           "exclusion_reason",
                                           NULL};
static const char *const money_members[] = {"gross", "income", "net", NULL};
static const char *const totals_members[] = {"budget", "outturn", "variance", "covid_variance_net",
                                             NULL};
static const char *const money_parts[] = {"gross", "income", "net"};

static void at(char *p, size_t n, const char *base, const char *key)
{
    snprintf(p, n, "%.200s/%.60s", base, key);
}

/* Reads { gross, income, net } at base/key and, with check_signs, checks
 * the signs and that net is gross + income within a unit. Returns true when
 * the three numbers were read (even if a sign rule failed), so that later
 * checks can still look at them and report their own problems. */
static bool read_money(const json_t *line, const char *base, const char *key, bool required,
                       bool check_signs, sc_money3 *out, sc_errors *errs)
{
    char p[512];
    at(p, sizeof p, base, key);
    const json_t *m = json_object_get(line, key);
    if (!m || json_is_null(m)) {
        if (required)
            sc_errors_add(errs, p, "%s is required: { gross, income, net }", key);
        return false;
    }
    size_t before = errs->count;
    if (!sc_jv_object(m, p, money_members, errs))
        return false;
    sc_jv_number(m, p, "gross", true, &out->gross, errs);
    sc_jv_number(m, p, "income", true, &out->income, errs);
    sc_jv_number(m, p, "net", true, &out->net, errs);
    if (errs->count > before)
        return false;
    if (!check_signs)
        return true;
    char q[512];
    if (out->gross < 0) {
        at(q, sizeof q, p, "gross");
        sc_errors_add(errs, q, "gross must be zero or more (income is shown as negative)");
    }
    if (out->income > 0) {
        at(q, sizeof q, p, "income");
        sc_errors_add(errs, q, "income must be zero or less (it reduces the net cost)");
    }
    if (fabs(out->net - (out->gross + out->income)) > ROUNDING_SLACK + SLACK_EPSILON) {
        at(q, sizeof q, p, "net");
        sc_errors_add(errs, q, "net %g is not gross + income (%g) within 1 unit", out->net,
                      out->gross + out->income);
    }
    return true;
}

/* A published variance v is within a unit of budget b - outturn o. */
static void check_variance(const sc_money3 *b, const sc_money3 *o, const sc_money3 *v,
                           const char *base, sc_errors *errs)
{
    const double sent[] = {v->gross, v->income, v->net};
    const double computed[] = {b->gross - o->gross, b->income - o->income, b->net - o->net};
    for (int i = 0; i < 3; i++) {
        if (fabs(sent[i] - computed[i]) > ROUNDING_SLACK + SLACK_EPSILON) {
            char p[512];
            snprintf(p, sizeof p, "%.200s/variance/%s", base, money_parts[i]);
            sc_errors_add(errs, p,
                          "variance %g is not budget - outturn (%g) within 1 unit; a negative "
                          "variance is an overspend",
                          sent[i], computed[i]);
        }
    }
}

/* The variance of a breakdown line that carries only its variance, as the
 * papers' key-variance paragraphs print it: net required, gross and income
 * both or neither. */
static bool read_net_variance(const json_t *line, const char *base, sc_finance_line *l,
                              sc_errors *errs)
{
    char p[512], q[512];
    at(p, sizeof p, base, "variance");
    const json_t *m = json_object_get(line, "variance");
    if (!m || json_is_null(m)) {
        sc_errors_add(errs, p,
                      "a breakdown line without budget and outturn must carry its variance: "
                      "{ net } or { gross, income, net }");
        return false;
    }
    size_t before = errs->count;
    if (!sc_jv_object(m, p, money_members, errs))
        return false;
    sc_jv_number(m, p, "net", true, &l->variance.net, errs);
    sc_jv gross = sc_jv_number(m, p, "gross", false, &l->variance.gross, errs);
    sc_jv income = sc_jv_number(m, p, "income", false, &l->variance.income, errs);
    if (errs->count > before)
        return false;
    l->has_variance_split = gross == SC_JV_OK && income == SC_JV_OK;
    if ((gross == SC_JV_OK) != (income == SC_JV_OK)) {
        sc_errors_add(errs, p, "give both gross and income, or neither");
        return false;
    }
    if (l->has_variance_split && fabs(l->variance.net - (l->variance.gross + l->variance.income)) >
                                     ROUNDING_SLACK + SLACK_EPSILON) {
        at(q, sizeof q, p, "net");
        sc_errors_add(errs, q, "net %g is not gross + income (%g) within 1 unit", l->variance.net,
                      l->variance.gross + l->variance.income);
    }
    return errs->count == before;
}

static bool member_given(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return v && !json_is_null(v);
}

static void read_line(const json_t *item, const char *base, sc_finance_line *l, sc_errors *errs)
{
    memset(l, 0, sizeof *l);
    if (!sc_jv_object(item, base, line_members, errs))
        return;
    const char *code = NULL, *name = NULL, *parent = NULL, *reason = NULL;
    char p[512];
    if (sc_jv_string(item, base, "code", true, 1, 64, true, &code, errs) == SC_JV_OK &&
        !sc_jv_code_valid(code)) {
        at(p, sizeof p, base, "code");
        sc_errors_add(errs, p, "codes are " SC_CODE_RULE);
        code = NULL;
    }
    sc_jv_string(item, base, "name", true, 1, 200, true, &name, errs);
    sc_jv parent_rc = sc_jv_string(item, base, "parent", false, 1, 64, true, &parent, errs);
    if (sc_jv_string(item, base, "exclusion_reason", false, 1, 500, true, &reason, errs) ==
            SC_JV_OK &&
        parent_rc != SC_JV_ABSENT) {
        at(p, sizeof p, base, "exclusion_reason");
        sc_errors_add(errs, p,
                      "only a top-level line can be excluded from the key variances; a "
                      "breakdown line never is one");
        reason = NULL;
    }
    l->has_budget =
        parent_rc != SC_JV_OK || member_given(item, "budget") || member_given(item, "outturn");
    if (l->has_budget) {
        bool budget = read_money(item, base, "budget", true, true, &l->budget, errs);
        bool outturn = read_money(item, base, "outturn", true, true, &l->outturn, errs);
        l->has_variance = read_money(item, base, "variance", false, false, &l->variance, errs);
        l->has_variance_split = l->has_variance;
        if (l->has_variance && budget && outturn)
            check_variance(&l->budget, &l->outturn, &l->variance, base, errs);
    } else {
        l->has_variance = read_net_variance(item, base, l, errs);
    }
    l->has_covid = sc_jv_number(item, base, "covid_variance_net", false, &l->covid_variance_net,
                                errs) == SC_JV_OK;
    l->code = code ? strdup(code) : NULL;
    l->name = name ? strdup(name) : NULL;
    l->parent = parent ? strdup(parent) : NULL;
    l->exclusion_reason = reason ? strdup(reason) : NULL;
}

static void line_clear(sc_finance_line *l)
{
    free(l->code);
    free(l->name);
    free(l->parent);
    free(l->exclusion_reason);
    memset(l, 0, sizeof *l);
}

static const sc_finance_line *find_line(const sc_finance *f, size_t upto, const char *code)
{
    for (size_t i = 0; i < upto; i++)
        if (f->lines[i].code && strcmp(f->lines[i].code, code) == 0)
            return &f->lines[i];
    return NULL;
}

/* Codes unique; a parent names another top-level line of the statement. */
static void check_structure(const sc_finance *f, const char *base, sc_errors *errs)
{
    char p[512];
    for (size_t i = 0; i < f->count; i++) {
        const sc_finance_line *l = &f->lines[i];
        if (l->code && find_line(f, i, l->code)) {
            snprintf(p, sizeof p, "%.200s/lines/%zu/code", base, i);
            sc_errors_add(errs, p, "line code \"%s\" appears more than once", l->code);
        }
        if (!l->parent)
            continue;
        const sc_finance_line *parent = find_line(f, f->count, l->parent);
        snprintf(p, sizeof p, "%.200s/lines/%zu/parent", base, i);
        if (!parent || parent == l)
            sc_errors_add(errs, p, "parent \"%s\" is not another line of this statement",
                          l->parent);
        else if (parent->parent)
            sc_errors_add(errs, p,
                          "parent \"%s\" is itself a breakdown line; breakdowns sit "
                          "under a top-level heading",
                          l->parent);
    }
}

bool sc_finance_month_valid(const char *s)
{
    return strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789") == 4 &&
           strspn(s + 5, "0123456789") == 2 && atoi(s + 5) >= 1 && atoi(s + 5) <= 12;
}

/* Months counted from year 0: year * 12 + month - 1. A quarter q (start
 * year * 4 + n - 1) begins in month 3q + 3 (April of its year for Q1). */
static int month_index(const char *s)
{
    return atoi(s) * 12 + atoi(s + 5) - 1;
}

static char *month_text(int index, char *buf)
{
    unsigned u = (unsigned)index;
    snprintf(buf, SC_FINANCE_MONTH_LEN, "%04u-%02u", u / 12u % 10000u, u % 12u + 1u);
    return buf;
}

char *sc_finance_quarter_month(sc_period q, char *buf)
{
    return month_text(3 * q + 5, buf);
}

char *sc_finance_month(const sc_finance *f, sc_period q, char *buf)
{
    if (!f->as_at)
        return sc_finance_quarter_month(q, buf);
    snprintf(buf, SC_FINANCE_MONTH_LEN, "%s", f->as_at);
    return buf;
}

int sc_finance_month_of_year(const char *month)
{
    if (!month || !sc_finance_month_valid(month))
        return 0;
    return (month_index(month) - 3 + 12) % 12 + 1;
}

void sc_finance_check_as_at(const json_t *doc, sc_period q, const char *base, sc_errors *errs)
{
    const char *as_at = json_string_value(json_object_get(doc, "as_at"));
    if (!as_at || !sc_finance_month_valid(as_at))
        return; /* absent, or the statement's own check reports it */
    int m = month_index(as_at), first = 3 * q + 3;
    if (m >= first && m <= first + 5)
        return;
    char p[512], from[SC_FINANCE_MONTH_LEN], to[SC_FINANCE_MONTH_LEN], qs[SC_PERIOD_ID_LEN];
    at(p, sizeof p, base, "as_at");
    sc_errors_add(errs, p,
                  "as_at %s is not a month of %s or of the three after it (%s to %s): a "
                  "statement is the quarter's forecast as at a month",
                  as_at, sc_period_format(q, qs), month_text(first, from),
                  month_text(first + 5, to));
}

/* The published variances of the top-level lines may differ from total
 * budget - total outturn only by rounding. Each line's difference is three
 * roundings (its budget, outturn and variance, each within half a unit), so
 * honest differences have a standard deviation of about half a unit a line
 * and their sum grows like sqrt(lines): ceil(sqrt(lines)) units is two
 * standard deviations, where a bias of a unit a line (the 1-unit slack of
 * each line, spent in one direction) grows like lines and is caught from
 * three lines on. One line is bounded by its own slack; the 2020/21 Q1
 * paper's 8 lines are 2 units apart (bound 3). Computed variances add
 * exactly and do not count. */
static double totals_bound(const sc_finance *f)
{
    size_t published = 0;
    for (size_t i = 0; i < f->count; i++)
        published += !f->lines[i].parent && f->lines[i].has_variance;
    double bound = ceil(sqrt((double)published));
    return bound < ROUNDING_SLACK ? ROUNDING_SLACK : bound;
}

static void check_totals(const sc_finance *f, const char *base, sc_errors *errs)
{
    sc_finance_totals t;
    sc_finance_totals_compute(f, &t);
    const double sent[] = {t.variance.gross, t.variance.income, t.variance.net};
    const double computed[] = {t.budget.gross - t.outturn.gross, t.budget.income - t.outturn.income,
                               t.budget.net - t.outturn.net};
    double bound = totals_bound(f);
    char p[512];
    at(p, sizeof p, base, "lines");
    for (int i = 0; i < 3; i++)
        if (fabs(sent[i] - computed[i]) > bound + SLACK_EPSILON)
            sc_errors_add(errs, p,
                          "the lines' %s variances add to %g but total budget - total outturn "
                          "is %g: rounding explains at most %g units here (ceil of the square "
                          "root of the number of published variances), so the totals would "
                          "misstate the position",
                          money_parts[i], sent[i], computed[i], bound);
}

static size_t top_level_lines(const sc_finance *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        n += !f->lines[i].parent;
    return n;
}

/* A published total is kept as sent when it is within n units of its
 * lines' sum, n the number of top-level lines: every line's figure is
 * within half a unit of its unrounded value and so is the total, so n
 * units is more than rounding can ever give and a total further away
 * does not total these lines. */
static void check_published_bound(const char *p, const char *what, double sent, double sum,
                                  size_t n, sc_errors *errs)
{
    if (fabs(sent - sum) > (double)n + SLACK_EPSILON)
        sc_errors_add(errs, p,
                      "the published %s %g is not the lines' sum %g within %zu unit%s (the "
                      "number of top-level lines), so it does not total these lines",
                      what, sent, sum, n, n == 1 ? "" : "s");
}

static void check_published(const sc_finance *f, const char *base, sc_errors *errs)
{
    sc_finance_totals sum;
    sc_finance_totals_compute(f, &sum);
    size_t n = top_level_lines(f);
    const sc_money3 *sent[] = {&f->totals.budget, &f->totals.outturn, &f->totals.variance};
    const sc_money3 *sums[] = {&sum.budget, &sum.outturn, &sum.variance};
    static const char *const names[] = {"budget", "outturn", "variance"};
    char p[512], what[64];
    for (int i = 0; i < 3; i++) {
        const double a[] = {sent[i]->gross, sent[i]->income, sent[i]->net};
        const double b[] = {sums[i]->gross, sums[i]->income, sums[i]->net};
        for (int k = 0; k < 3; k++) {
            snprintf(p, sizeof p, "%.200s/totals/%s/%s", base, names[i], money_parts[k]);
            snprintf(what, sizeof what, "%s %s", names[i], money_parts[k]);
            check_published_bound(p, what, a[k], b[k], n, errs);
        }
    }
    if (f->totals.has_covid) {
        snprintf(p, sizeof p, "%.200s/totals/covid_variance_net", base);
        check_published_bound(p, "Covid-19 variance", f->totals.covid_variance_net,
                              sum.covid_variance_net, n, errs);
    }
}

/* The statement's published totals, read like a line's figures. */
static void read_totals(const json_t *doc, const char *base, sc_finance *f, sc_errors *errs)
{
    char p[512];
    at(p, sizeof p, base, "totals");
    const json_t *t = json_object_get(doc, "totals");
    if (!t || json_is_null(t))
        return;
    size_t before = errs->count;
    if (!sc_jv_object(t, p, totals_members, errs))
        return;
    sc_finance_totals *out = &f->totals;
    bool budget = read_money(t, p, "budget", true, true, &out->budget, errs);
    bool outturn = read_money(t, p, "outturn", true, true, &out->outturn, errs);
    bool variance = read_money(t, p, "variance", true, false, &out->variance, errs);
    if (budget && outturn && variance)
        check_variance(&out->budget, &out->outturn, &out->variance, p, errs);
    out->has_covid =
        sc_jv_number(t, p, "covid_variance_net", false, &out->covid_variance_net, errs) == SC_JV_OK;
    out->published = true;
    sc_finance_totals_derive(out);
    f->has_totals = errs->count == before;
}

sc_rc sc_finance_from_json(const json_t *doc, const char *base, sc_finance *out, sc_errors *errs)
{
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, statement_members, errs))
        return SC_EINVALID;
    int units = 0;
    sc_jv_enum(doc, base, "units", true, sc_units_keys, SC_UNITS_N, &units, errs);
    out->units = (sc_units)units;
    const char *as_at = NULL;
    char p[512];
    if (sc_jv_string(doc, base, "as_at", false, 7, 7, true, &as_at, errs) == SC_JV_OK &&
        !sc_finance_month_valid(as_at)) {
        at(p, sizeof p, base, "as_at");
        sc_errors_add(errs, p, "as_at is the month of the forecast, written YYYY-MM");
    } else if (as_at) {
        out->as_at = strdup(as_at);
    }
    read_totals(doc, base, out, errs);
    const json_t *lines = json_object_get(doc, "lines");
    at(p, sizeof p, base, "lines");
    size_t n = json_array_size(lines);
    if (!json_is_array(lines) || n == 0 || n > SC_FINANCE_MAX_LINES) {
        sc_errors_add(errs, p, "lines must be an array of 1 to %d lines", SC_FINANCE_MAX_LINES);
    } else {
        out->lines = calloc(n, sizeof *out->lines);
        if (!out->lines) {
            sc_finance_clear(out);
            return SC_ENOMEM;
        }
        out->count = n;
        for (size_t i = 0; i < n; i++) {
            char lp[512];
            snprintf(lp, sizeof lp, "%.200s/%zu", p, i);
            read_line(json_array_get(lines, i), lp, &out->lines[i], errs);
        }
        check_structure(out, base, errs);
        if (errs->count == before)
            check_totals(out, base, errs);
        if (errs->count == before && out->has_totals)
            check_published(out, base, errs);
    }
    if (errs->count > before) {
        sc_finance_clear(out);
        return SC_EINVALID;
    }
    return SC_OK;
}

sc_money3 sc_finance_line_variance(const sc_finance_line *l)
{
    if (l->has_variance)
        return l->variance;
    sc_money3 v = {l->budget.gross - l->outturn.gross, l->budget.income - l->outturn.income,
                   l->budget.net - l->outturn.net};
    return v;
}

/* Sums are kept to the penny so that float noise never turns "balanced"
 * into a spend of 1e-13. */
static double tidy(double x)
{
    return sc_num_round(x, 2);
}

json_t *sc_finance_movement_json(double now, const char *month, sc_period before_q, double before)
{
    return json_pack("{s:s, s:o, s:o, s:o}", "as_at", month, "quarter", sc_jv_new_period(before_q),
                     "total_variance_net", sc_jv_new_number(before), "change",
                     sc_jv_new_number(tidy(now - before)));
}

static void add3(sc_money3 *acc, const sc_money3 *v)
{
    acc->gross = tidy(acc->gross + v->gross);
    acc->income = tidy(acc->income + v->income);
    acc->net = tidy(acc->net + v->net);
}

void sc_finance_totals_compute(const sc_finance *f, sc_finance_totals *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < f->count; i++) {
        const sc_finance_line *l = &f->lines[i];
        if (l->parent)
            continue;
        sc_money3 v = sc_finance_line_variance(l);
        add3(&out->budget, &l->budget);
        add3(&out->outturn, &l->outturn);
        add3(&out->variance, &v);
        if (l->has_covid) {
            out->has_covid = true;
            out->covid_variance_net = tidy(out->covid_variance_net + l->covid_variance_net);
        }
    }
    out->operating_variance_net = tidy(out->variance.net - out->covid_variance_net);
}

void sc_finance_totals_derive(sc_finance_totals *t)
{
    t->operating_variance_net = tidy(t->variance.net - (t->has_covid ? t->covid_variance_net : 0));
}

void sc_finance_totals_shown(const sc_finance *f, sc_finance_totals *out)
{
    sc_finance_totals sums;
    sc_finance_totals_compute(f, &sums);
    if (!f->has_totals) {
        *out = sums;
        return;
    }
    *out = f->totals;
    /* totals published without a Covid-19 column take the lines' */
    if (!out->has_covid && sums.has_covid) {
        out->has_covid = true;
        out->covid_variance_net = sums.covid_variance_net;
        sc_finance_totals_derive(out);
    }
}

const char *sc_finance_position_word(double variance)
{
    return variance < 0 ? "overspend" : variance > 0 ? "underspend" : "balanced";
}

double sc_finance_default_threshold(sc_units units)
{
    return units == SC_UNITS_GBP ? 100000.0 : 100.0;
}

static json_t *money_json(const sc_money3 *m)
{
    return json_pack("{s:o, s:o, s:o}", "gross", sc_jv_new_number(m->gross), "income",
                     sc_jv_new_number(m->income), "net", sc_jv_new_number(m->net));
}

/* A variance-only line may give its net variance alone. */
static json_t *variance_json(const sc_finance_line *l, const sc_money3 *v)
{
    if (l->has_budget || l->has_variance_split)
        return money_json(v);
    return json_pack("{s:n, s:n, s:o}", "gross", "income", "net", sc_jv_new_number(v->net));
}

static json_t *line_json(const sc_finance_line *l)
{
    sc_money3 v = sc_finance_line_variance(l);
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o}", "code", l->code, "name",
                          l->name, "parent", l->parent ? json_string(l->parent) : json_null(),
                          "budget", l->has_budget ? money_json(&l->budget) : json_null(), "outturn",
                          l->has_budget ? money_json(&l->outturn) : json_null(), "variance",
                          variance_json(l, &v), "variance_source",
                          l->has_variance ? "published" : "computed", "covid_variance_net",
                          l->has_covid ? sc_jv_new_number(l->covid_variance_net) : json_null());
    if (o) {
        json_object_set_new(
            o, "operating_variance_net",
            sc_jv_new_number(tidy(v.net - (l->has_covid ? l->covid_variance_net : 0))));
        /* last, so that the CSV's earlier columns stay where they were */
        json_object_set_new(o, "exclusion_reason",
                            l->exclusion_reason ? json_string(l->exclusion_reason) : json_null());
    }
    return o;
}

static int by_abs_variance_desc(const void *a, const void *b)
{
    const sc_finance_line *const *x = a, *const *y = b;
    double vx = fabs(sc_finance_line_variance(*x).net);
    double vy = fabs(sc_finance_line_variance(*y).net);
    if (vx != vy)
        return vx < vy ? 1 : -1;
    return x < y ? -1 : x > y ? 1 : 0;
}

sc_rc sc_finance_key_variances(const sc_finance *f, double threshold, const sc_finance_line ***out,
                               size_t *count)
{
    const sc_finance_line **keys = calloc(f->count ? f->count : 1, sizeof *keys);
    if (!keys)
        return SC_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++)
        if (!f->lines[i].parent && !f->lines[i].exclusion_reason &&
            fabs(sc_finance_line_variance(&f->lines[i]).net) >= threshold)
            keys[n++] = &f->lines[i];
    qsort(keys, n, sizeof *keys, by_abs_variance_desc);
    *out = keys;
    *count = n;
    return SC_OK;
}

static json_t *key_variances_json(const sc_finance *f, double threshold)
{
    const sc_finance_line **keys = NULL;
    size_t n = 0;
    json_t *items = json_array();
    if (!items || sc_finance_key_variances(f, threshold, &keys, &n) != SC_OK) {
        json_decref(items);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const sc_finance_line *l = keys[i];
        double v = sc_finance_line_variance(l).net;
        double covid = l->has_covid ? l->covid_variance_net : 0;
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:o, s:s, s:o, s:o}", "code", l->code, "name", l->name,
                      "variance_net", sc_jv_new_number(v), "direction", sc_finance_position_word(v),
                      "covid_variance_net", l->has_covid ? sc_jv_new_number(covid) : json_null(),
                      "operating_variance_net", sc_jv_new_number(tidy(v - covid))));
    }
    free(keys);
    return items;
}

/* The lines excluded from the key variances, in statement order. */
static json_t *excluded_json(const sc_finance *f)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < f->count; i++) {
        const sc_finance_line *l = &f->lines[i];
        if (!l->exclusion_reason)
            continue;
        double v = sc_finance_line_variance(l).net;
        json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:s, s:s}", "code", l->code, "name",
                                               l->name, "variance_net", sc_jv_new_number(v),
                                               "direction", sc_finance_position_word(v), "reason",
                                               l->exclusion_reason));
    }
    return items;
}

json_t *sc_finance_to_json(const sc_finance *f, sc_period quarter, double threshold)
{
    sc_finance_totals t;
    sc_finance_totals_shown(f, &t);
    json_t *lines = json_array();
    for (size_t i = 0; lines && i < f->count; i++)
        json_array_append_new(lines, line_json(&f->lines[i]));
    json_t *totals =
        json_pack("{s:o, s:o, s:o, s:o}", "budget", money_json(&t.budget), "outturn",
                  money_json(&t.outturn), "variance", money_json(&t.variance), "covid_variance_net",
                  t.has_covid ? sc_jv_new_number(t.covid_variance_net) : json_null());
    json_t *position =
        json_pack("{s:s, s:o, s:o, s:s}", "total", sc_finance_position_word(t.variance.net),
                  "total_variance_net", sc_jv_new_number(t.variance.net), "operating_variance_net",
                  sc_jv_new_number(t.operating_variance_net), "operating",
                  sc_finance_position_word(t.operating_variance_net));
    return json_pack("{s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "quarter",
                     sc_jv_new_period(quarter), "units", sc_units_keys[f->units], "as_at",
                     f->as_at ? json_string(f->as_at) : json_null(), "lines", lines, "totals",
                     totals, "totals_source", t.published ? "published" : "computed", "position",
                     position, "threshold", sc_jv_new_number(threshold), "key_variances",
                     key_variances_json(f, threshold), "excluded_variances", excluded_json(f));
}

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool money_eq(const sc_money3 *a, const sc_money3 *b)
{
    return a->gross == b->gross && a->income == b->income && a->net == b->net;
}

static bool line_eq(const sc_finance_line *a, const sc_finance_line *b)
{
    return str_eq(a->code, b->code) && str_eq(a->name, b->name) && str_eq(a->parent, b->parent) &&
           str_eq(a->exclusion_reason, b->exclusion_reason) && a->has_budget == b->has_budget &&
           a->has_variance_split == b->has_variance_split && money_eq(&a->budget, &b->budget) &&
           money_eq(&a->outturn, &b->outturn) && a->has_variance == b->has_variance &&
           (!a->has_variance || money_eq(&a->variance, &b->variance)) &&
           a->has_covid == b->has_covid &&
           (!a->has_covid || a->covid_variance_net == b->covid_variance_net);
}

static bool totals_eq(const sc_finance *a, const sc_finance *b)
{
    const sc_finance_totals *x = &a->totals, *y = &b->totals;
    if (a->has_totals != b->has_totals)
        return false;
    return !a->has_totals ||
           (money_eq(&x->budget, &y->budget) && money_eq(&x->outturn, &y->outturn) &&
            money_eq(&x->variance, &y->variance) && x->has_covid == y->has_covid &&
            (!x->has_covid || x->covid_variance_net == y->covid_variance_net));
}

bool sc_finance_equal(const sc_finance *a, const sc_finance *b)
{
    if (a->units != b->units || !str_eq(a->as_at, b->as_at) || a->count != b->count ||
        !totals_eq(a, b))
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (!line_eq(&a->lines[i], &b->lines[i]))
            return false;
    return true;
}

void sc_finance_clear(sc_finance *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->count; i++)
        line_clear(&f->lines[i]);
    free(f->lines);
    free(f->as_at);
    memset(f, 0, sizeof *f);
}
