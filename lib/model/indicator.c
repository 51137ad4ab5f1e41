/* indicator.c - validating and presenting KPI definitions and targets. */
#include "indicator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"
#include "utc.h"

const char *const sc_category_keys[SC_CAT_COUNT] = {"contractual", "strategic_partnership"};
const char *const sc_unit_keys[SC_UNIT_N] = {"percent",        "count", "days", "weeks",
                                             "rate_per_10000", "ratio", "gbp"};
const char *const sc_frequency_keys[SC_FREQ_N] = {"quarterly", "annual"};

static const char *const indicator_members[] = {
    "code",     "name",      "description", "category",    "service_area", "polarity", "unit",
    "decimals", "frequency", "benchmarked", "active_from", "active_to",    NULL};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

sc_rc sc_indicator_from_json(const json_t *doc, const char *path_code, const char *base,
                             sc_indicator *out, sc_errors *errs)
{
    size_t before = errs->count;
    memset(out, 0, sizeof *out);
    if (!sc_jv_object(doc, base, indicator_members, errs))
        return SC_EINVALID;

    const char *code = NULL, *name = NULL, *desc = NULL, *area = NULL;
    if (sc_jv_string(doc, base, "code", false, 1, 64, true, &code, errs) == SC_JV_OK && path_code &&
        strcmp(code, path_code) != 0) {
        char p[256];
        snprintf(p, sizeof p, "%s/code", base);
        sc_errors_add(errs, p,
                      "code \"%s\" differs from the code in the path \"%s\"; codes "
                      "are immutable",
                      code, path_code);
    }
    if (!code)
        code = path_code;
    if (!path_code && code && !sc_jv_code_valid(code)) {
        char p[256];
        snprintf(p, sizeof p, "%s/code", base);
        sc_errors_add(errs, p, "codes are " SC_CODE_RULE);
    } else if (!code) {
        /* without a path (a definitions file), the document names itself */
        char p[256];
        snprintf(p, sizeof p, "%s/code", base);
        sc_errors_add(errs, p, "code is required");
    }
    sc_jv_string(doc, base, "name", true, 1, SC_NAME_MAX, true, &name, errs);
    sc_jv_string(doc, base, "description", false, 0, SC_DESCRIPTION_MAX, false, &desc, errs);
    sc_jv_string(doc, base, "service_area", true, 1, 64, true, &area, errs);

    int cat = 0, pol = 0, unit = 0, freq = SC_FREQ_QUARTERLY;
    sc_jv_enum(doc, base, "category", true, sc_category_keys, SC_CAT_COUNT, &cat, errs);
    sc_jv_enum(doc, base, "polarity", true, sc_polarity_keys, SC_POLARITY_COUNT, &pol, errs);
    sc_jv_enum(doc, base, "unit", true, sc_unit_keys, SC_UNIT_N, &unit, errs);
    sc_jv_enum(doc, base, "frequency", false, sc_frequency_keys, SC_FREQ_N, &freq, errs);
    int64_t decimals = 1;
    sc_jv_int(doc, base, "decimals", false, 0, SC_NUM_MAX_DECIMALS, &decimals, errs);
    bool benchmarked = false;
    sc_jv_bool(doc, base, "benchmarked", false, &benchmarked, errs);
    sc_period from = SC_PERIOD_NONE, to = SC_PERIOD_NONE;
    sc_jv_period(doc, base, "active_from", false, &from, errs);
    sc_jv_period(doc, base, "active_to", false, &to, errs);
    if (from != SC_PERIOD_NONE && to != SC_PERIOD_NONE && to < from) {
        char p[256];
        snprintf(p, sizeof p, "%s/active_to", base);
        sc_errors_add(errs, p, "active_to must not be before active_from");
    }
    if (errs->count > before)
        return SC_EINVALID;

    out->code = strdup(code);
    out->name = strdup(name);
    out->description = dup_or_null(desc);
    out->service_area = strdup(area);
    out->category = (sc_category)cat;
    out->polarity = (sc_polarity)pol;
    out->unit = (sc_unit)unit;
    out->frequency = (sc_frequency)freq;
    out->decimals = (int)decimals;
    out->benchmarked = benchmarked;
    out->active_from = from;
    out->active_to = to;
    if (!out->code || !out->name || !out->service_area || (desc && !out->description)) {
        sc_indicator_clear(out);
        return SC_ENOMEM;
    }
    return SC_OK;
}

int sc_indicator_add_json(json_t *o, const sc_indicator *ind)
{
    int rc = 0;
    rc |= json_object_set_new(o, "code", json_string(ind->code));
    rc |= json_object_set_new(o, "name", json_string(ind->name));
    rc |= json_object_set_new(o, "description", sc_jv_new_string_or_null(ind->description));
    rc |= json_object_set_new(o, "category", json_string(sc_category_keys[ind->category]));
    rc |= json_object_set_new(o, "service_area", json_string(ind->service_area));
    rc |= json_object_set_new(o, "polarity", json_string(sc_polarity_keys[ind->polarity]));
    rc |= json_object_set_new(o, "unit", json_string(sc_unit_keys[ind->unit]));
    rc |= json_object_set_new(o, "decimals", json_integer(ind->decimals));
    rc |= json_object_set_new(o, "frequency", json_string(sc_frequency_keys[ind->frequency]));
    rc |= json_object_set_new(o, "benchmarked", json_boolean(ind->benchmarked));
    rc |= json_object_set_new(o, "active_from", sc_jv_new_period(ind->active_from));
    rc |= json_object_set_new(o, "active_to", sc_jv_new_period(ind->active_to));
    return rc ? -1 : 0;
}

json_t *sc_indicator_to_json(const sc_indicator *ind)
{
    json_t *o = json_object();
    if (!o || sc_indicator_add_json(o, ind) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void sc_indicator_clear(sc_indicator *ind)
{
    if (!ind)
        return;
    free(ind->code);
    free(ind->name);
    free(ind->description);
    free(ind->service_area);
    memset(ind, 0, sizeof *ind);
}

void sc_indicators_free(sc_indicator *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        sc_indicator_clear(&items[i]);
    free(items);
}

long sc_indicator_find(const sc_indicator *items, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].code, code) == 0)
            return (long)i;
    return -1;
}

bool sc_indicator_active(const sc_indicator *ind, sc_period q)
{
    return sc_period_within(q, ind->active_from, ind->active_to);
}

const char *const sc_target_source_keys[SC_TSRC_N] = {"statutory", "national", "local"};

static const char *const target_members[] = {"target",    "tolerance",   "from_quarter", "source",
                                             "rationale", "approved_by", "review_by",    NULL};

/* The provenance members: each checked, every problem reported. Returns
 * false when out of memory. */
static bool read_provenance(const json_t *doc, const char *base, sc_target *out, sc_errors *errs)
{
    int source;
    out->has_source = sc_jv_enum(doc, base, "source", false, sc_target_source_keys, SC_TSRC_N,
                                 &source, errs) == SC_JV_OK;
    out->source = out->has_source ? (sc_target_source)source : SC_TSRC_STATUTORY;
    const char *s;
    if (sc_jv_string(doc, base, "rationale", false, 1, SC_TARGET_RATIONALE_MAX, false, &s, errs) ==
        SC_JV_OK)
        if (!(out->rationale = strdup(s)))
            return false;
    if (sc_jv_string(doc, base, "approved_by", false, 1, SC_TARGET_APPROVER_MAX, true, &s, errs) ==
        SC_JV_OK)
        if (!(out->approved_by = strdup(s)))
            return false;
    if (sc_jv_string(doc, base, "review_by", false, 10, 10, true, &s, errs) == SC_JV_OK) {
        if (sc_utc_date_valid(s)) {
            memcpy(out->review_by, s, SC_DATE_ID_LEN);
        } else {
            char p[256];
            snprintf(p, sizeof p, "%s/review_by", base);
            sc_errors_add(errs, p, "review_by must be a calendar date YYYY-MM-DD, e.g. 2021-03-31");
        }
    }
    return true;
}

sc_rc sc_target_from_json(const json_t *doc, sc_period from, const char *base, sc_target *out,
                          sc_errors *errs)
{
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, target_members, errs))
        return SC_EINVALID;
    sc_period sent;
    if (sc_jv_period(doc, base, "from_quarter", false, &sent, errs) == SC_JV_OK && sent != from) {
        char p[256];
        snprintf(p, sizeof p, "%s/from_quarter", base);
        sc_errors_add(errs, p, "from_quarter differs from the quarter in the path");
    }
    memset(out, 0, sizeof *out);
    out->from_quarter = from;
    sc_jv_number(doc, base, "target", true, &out->target, errs);
    if (sc_jv_number(doc, base, "tolerance", false, &out->tolerance, errs) == SC_JV_OK &&
        out->tolerance < 0) {
        char p[256];
        snprintf(p, sizeof p, "%s/tolerance", base);
        sc_errors_add(errs, p, "tolerance must be zero or more");
    }
    if (!read_provenance(doc, base, out, errs)) {
        sc_target_clear(out);
        return SC_ENOMEM;
    }
    if (errs->count > before) {
        sc_target_clear(out);
        return SC_EINVALID;
    }
    return SC_OK;
}

json_t *sc_target_to_json(const sc_target *t)
{
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "from_quarter", sc_jv_new_period(t->from_quarter),
        "target", sc_jv_new_number(t->target), "tolerance", sc_jv_new_number(t->tolerance),
        "source", sc_jv_new_string_or_null(t->has_source ? sc_target_source_keys[t->source] : NULL),
        "rationale", sc_jv_new_string_or_null(t->rationale), "approved_by",
        sc_jv_new_string_or_null(t->approved_by), "review_by",
        sc_jv_new_string_or_null(t->review_by[0] ? t->review_by : NULL));
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool sc_target_equal(const sc_target *a, const sc_target *b)
{
    return a->target == b->target && a->tolerance == b->tolerance &&
           a->has_source == b->has_source && (!a->has_source || a->source == b->source) &&
           strcmp(a->review_by, b->review_by) == 0 && same_text(a->rationale, b->rationale) &&
           same_text(a->approved_by, b->approved_by);
}

bool sc_target_review_overdue(const sc_target *t, sc_period q)
{
    char last[SC_DATE_ID_LEN];
    return t->review_by[0] && strcmp(t->review_by, sc_period_last_day(q, last)) < 0;
}

void sc_target_clear(sc_target *t)
{
    if (!t)
        return;
    free(t->rationale);
    free(t->approved_by);
    memset(t, 0, sizeof *t);
}

void sc_targets_free(sc_target *ts, size_t n)
{
    for (size_t i = 0; ts && i < n; i++)
        sc_target_clear(&ts[i]);
    free(ts);
}

char *sc_indicator_figure_text(const sc_indicator *ind, double x, char *buf, size_t n)
{
    static const char *const suffix[SC_UNIT_N] = {"%",           "", " days", " weeks",
                                                  " per 10,000", "", ""};
    unsigned u = (unsigned)ind->unit < SC_UNIT_N ? (unsigned)ind->unit : SC_UNIT_COUNT;
    /* rounded half away from zero first, as every figure is (num.h) */
    double r = sc_num_round(x, ind->decimals);
    snprintf(buf, n, "%s%.*f%s", u == SC_UNIT_GBP ? "£" : "", ind->decimals, r == 0 ? 0.0 : r,
             suffix[u]);
    return buf;
}
