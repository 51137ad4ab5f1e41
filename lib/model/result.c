/* result.c - validating and presenting quarterly results. */
#include "result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"

static void at(char *p, size_t n, const char *base, const char *key)
{
    snprintf(p, n, "%s/%s", base, key);
}

/* value must agree with numerator/denominator at the indicator's precision,
 * allowing one in the last place for rounding done elsewhere. */
static void check_agreement(const sc_result *r, const sc_indicator *ind, const char *base,
                            sc_errors *errs)
{
    int64_t given, derived;
    char p[256];
    at(p, sizeof p, base, "value");
    if (!sc_num_scale(r->value, ind->decimals, &given) ||
        !sc_num_div_scaled(100 * r->numerator, r->denominator, ind->decimals, &derived))
        return;
    if (llabs(given - derived) > 1)
        sc_errors_add(errs, p, "value %.*f disagrees with numerator/denominator %lld/%lld = %.*f",
                      ind->decimals, r->value, (long long)r->numerator, (long long)r->denominator,
                      ind->decimals, sc_num_unscale(derived, ind->decimals));
}

/* count is the number behind a percentage when its denominator is not
 * published ("95% (891) completed in timescale"): with numerator and
 * denominator the numerator already is that count, so the two are not
 * given together, and a count never stands alone without its value. */
static void read_count(const json_t *doc, const sc_indicator *ind, const char *base, sc_result *r,
                       sc_errors *errs)
{
    char p[256];
    sc_jv c = sc_jv_int(doc, base, "count", false, 0, INT64_C(1000000000000), &r->count, errs);
    if (c != SC_JV_OK)
        return;
    at(p, sizeof p, base, "count");
    if (ind->unit != SC_UNIT_PERCENT)
        sc_errors_add(errs, p,
                      "count is the number behind a percentage; this indicator is not one");
    else if (r->has_ratio)
        sc_errors_add(errs, p,
                      "count is given only when the denominator is not published; with "
                      "numerator and denominator the numerator is the count");
    else if (!r->value_given)
        sc_errors_add(errs, p, "count is given with the value it stands behind");
    else
        r->has_count = true;
}

static void read_figures(const json_t *doc, const sc_indicator *ind, const char *base, sc_result *r,
                         sc_errors *errs)
{
    char p[256];
    sc_jv v = sc_jv_number(doc, base, "value", false, &r->value, errs);
    r->value_given = v == SC_JV_OK;
    sc_jv n =
        sc_jv_int(doc, base, "numerator", false, 0, INT64_C(1000000000000), &r->numerator, errs);
    sc_jv d = sc_jv_int(doc, base, "denominator", false, 1, INT64_C(1000000000000), &r->denominator,
                        errs);
    if ((n == SC_JV_OK) != (d == SC_JV_OK) && n != SC_JV_BAD && d != SC_JV_BAD) {
        at(p, sizeof p, base, n == SC_JV_OK ? "denominator" : "numerator");
        sc_errors_add(errs, p, "numerator and denominator are given together");
        return;
    }
    r->has_ratio = n == SC_JV_OK && d == SC_JV_OK;
    r->has_year_to_date =
        sc_jv_number(doc, base, "year_to_date", false, &r->year_to_date, errs) == SC_JV_OK;
    if (r->has_ratio && ind->unit == SC_UNIT_PERCENT && r->numerator > r->denominator) {
        at(p, sizeof p, base, "numerator");
        sc_errors_add(errs, p, "numerator must not exceed denominator for a percentage");
        return;
    }
    if (r->has_ratio && ind->unit == SC_UNIT_PERCENT && r->value_given)
        check_agreement(r, ind, base, errs);
    read_count(doc, ind, base, r, errs);
    if (r->value_given) {
        r->has_value = true;
    } else if (r->has_ratio && ind->unit == SC_UNIT_PERCENT) {
        /* shown at the indicator's precision; the status uses the exact ratio */
        int64_t scaled;
        if (sc_num_div_scaled(100 * r->numerator, r->denominator, ind->decimals, &scaled)) {
            r->has_value = true;
            r->value = sc_num_unscale(scaled, ind->decimals);
        }
    } else if (v != SC_JV_BAD && n != SC_JV_BAD && d != SC_JV_BAD) {
        at(p, sizeof p, base, "value");
        sc_errors_add(errs, p,
                      ind->unit == SC_UNIT_PERCENT
                          ? "a reported result needs value, or numerator and denominator"
                          : "a reported result needs value");
    }
}

sc_rc sc_result_from_json(const json_t *doc, const sc_indicator *ind, const char *base,
                          const char *extra_member, sc_result *out, sc_errors *errs)
{
    const char *const members[] = {"availability", "value",  "numerator",  "denominator", "count",
                                   "year_to_date", "reason", "commentary", extra_member,  NULL};
    size_t before = errs->count;
    memset(out, 0, sizeof *out);
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    int avail = SC_AVAIL_REPORTED;
    sc_jv a = sc_jv_enum(doc, base, "availability", true, sc_availability_keys, SC_AVAIL_COUNT,
                         &avail, errs);
    out->availability = (sc_availability)avail;
    const char *reason = NULL, *commentary = NULL;
    sc_jv_string(doc, base, "reason", false, 1, SC_REASON_MAX, true, &reason, errs);
    sc_jv_string(doc, base, "commentary", false, 0, SC_COMMENTARY_MAX, false, &commentary, errs);
    if (a == SC_JV_OK && avail == SC_AVAIL_REPORTED) {
        read_figures(doc, ind, base, out, errs);
        if (reason) {
            char p[256];
            at(p, sizeof p, base, "reason");
            sc_errors_add(errs, p,
                          "reason explains why a figure is unavailable; it is not "
                          "given with a reported result");
        }
    } else if (a == SC_JV_OK) {
        static const char *const figures[] = {"value", "numerator", "denominator", "count",
                                              "year_to_date"};
        for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
            const json_t *v = json_object_get(doc, figures[i]);
            if (v && !json_is_null(v)) {
                char p[256];
                at(p, sizeof p, base, figures[i]);
                sc_errors_add(errs, p, "%s is only given when availability is \"reported\"",
                              figures[i]);
            }
        }
    }
    if (errs->count > before) {
        memset(out, 0, sizeof *out);
        return SC_EINVALID;
    }
    out->reason = reason ? strdup(reason) : NULL;
    out->commentary = commentary ? strdup(commentary) : NULL;
    if ((reason && !out->reason) || (commentary && !out->commentary)) {
        sc_result_clear(out);
        return SC_ENOMEM;
    }
    return SC_OK;
}

bool sc_result_scaled(const sc_result *r, int decimals, int64_t *out)
{
    if (!r->has_value)
        return false;
    if (!r->value_given && r->has_ratio)
        return sc_num_div_scaled(100 * r->numerator, r->denominator, decimals, out);
    return sc_num_scale(r->value, decimals, out);
}

int sc_result_add_json(json_t *o, const sc_result *r)
{
    int rc = 0;
    rc |= json_object_set_new(o, "availability", json_string(sc_availability_key(r->availability)));
    rc |= json_object_set_new(o, "value", r->has_value ? sc_jv_new_number(r->value) : json_null());
    rc |= json_object_set_new(o, "numerator",
                              r->has_ratio ? json_integer(r->numerator) : json_null());
    rc |= json_object_set_new(o, "denominator",
                              r->has_ratio ? json_integer(r->denominator) : json_null());
    rc |= json_object_set_new(o, "count", r->has_count ? json_integer(r->count) : json_null());
    rc |= json_object_set_new(
        o, "year_to_date", r->has_year_to_date ? sc_jv_new_number(r->year_to_date) : json_null());
    rc |= json_object_set_new(o, "reason", r->reason ? json_string(r->reason) : json_null());
    rc |= json_object_set_new(o, "commentary",
                              r->commentary ? json_string(r->commentary) : json_null());
    return rc ? -1 : 0;
}

int sc_result_add_null_json(json_t *o)
{
    static const char *const members[] = {"availability", "value",  "numerator", "denominator",
                                          "count",        "reason", "commentary"};
    int rc = 0;
    for (size_t i = 0; i < sizeof members / sizeof *members; i++)
        rc |= json_object_set_new(o, members[i], json_null());
    return rc ? -1 : 0;
}

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool sc_result_equal(const sc_result *a, const sc_result *b)
{
    return a->availability == b->availability && a->has_value == b->has_value &&
           a->value_given == b->value_given && (!a->has_value || a->value == b->value) &&
           a->has_ratio == b->has_ratio &&
           (!a->has_ratio || (a->numerator == b->numerator && a->denominator == b->denominator)) &&
           a->has_count == b->has_count && (!a->has_count || a->count == b->count) &&
           a->has_year_to_date == b->has_year_to_date &&
           (!a->has_year_to_date || a->year_to_date == b->year_to_date) &&
           str_eq(a->reason, b->reason) && str_eq(a->commentary, b->commentary);
}

void sc_result_clear(sc_result *r)
{
    if (!r)
        return;
    free(r->reason);
    free(r->commentary);
    memset(r, 0, sizeof *r);
}
