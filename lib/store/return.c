/* ret.c - validating and applying a quarterly return (see ret.h). */
#include "return.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "finance.h"
#include "indicator.h"
#include "jv.h"
#include "result.h"
#include "return_ladder.h"
#include "return_outturns.h"
#include "store_demand.h"
#include "store_finance.h"
#include "store_kpi.h"
#include "store_outturn.h"

typedef struct {
    const char *code; /* borrowed from the document */
    sc_result res;
} pending_result;

static void free_pending(pending_result *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sc_result_clear(&p[i].res);
    free(p);
}

/* The definitions a return's results are checked against, read once per
 * return rather than once per entry: a document of 20,000 unknown codes
 * must not cost 20,000 round trips to a PostgreSQL server. */
typedef struct {
    sc_indicator *items;
    size_t count;
} known_indicators;

/* Validates one entry of "indicators"; returns true and fills *p if it is
 * clean. */
static sc_rc check_result(const known_indicators *known, sc_period q, const json_t *item,
                          const char *ptr, pending_result *p, sc_errors *errs)
{
    const char *code = NULL;
    if (!json_is_object(item)) {
        sc_errors_add(errs, ptr, "each result must be a JSON object");
        return SC_EINVALID;
    }
    if (sc_jv_string(item, ptr, "code", true, 1, 64, true, &code, errs) != SC_JV_OK)
        return SC_EINVALID;
    long at = sc_indicator_find(known->items, known->count, code);
    const sc_indicator *ind = at < 0 ? NULL : &known->items[at];
    char cp[256];
    snprintf(cp, sizeof cp, "%s/code", ptr);
    if (!ind) {
        sc_errors_add(errs, cp, "no indicator \"%s\"", code);
        return SC_EINVALID;
    }
    if (!sc_indicator_active(ind, q)) {
        char qs[SC_PERIOD_ID_LEN];
        sc_errors_add(errs, cp, "indicator %s does not count in %s", code, sc_period_format(q, qs));
        return SC_EINVALID;
    }
    sc_rc rc = sc_result_from_json(item, ind, ptr, "code", &p->res, errs);
    p->code = code;
    return rc;
}

typedef struct {
    const char *code;
    size_t index;
} code_at;

static int by_code_then_index(const void *a, const void *b)
{
    const code_at *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Marks repeat[i] for every entry of arr whose "code" an earlier entry
 * already has (sorting, so a large return costs n log n, not n^2).
 * Returns false on out of memory. */
static bool find_repeats(const json_t *arr, bool *repeat)
{
    size_t n = json_array_size(arr), m = 0;
    code_at *codes = calloc(n ? n : 1, sizeof *codes);
    if (!codes)
        return false;
    for (size_t i = 0; i < n; i++) {
        const char *code = json_string_value(json_object_get(json_array_get(arr, i), "code"));
        if (code)
            codes[m++] = (code_at){code, i};
    }
    qsort(codes, m, sizeof *codes, by_code_then_index);
    for (size_t k = 1; k < m; k++)
        if (strcmp(codes[k].code, codes[k - 1].code) == 0)
            repeat[codes[k].index] = true;
    free(codes);
    return true;
}

static void report_repeat(const json_t *arr, size_t i, const char *ptr, const char *what,
                          sc_errors *errs)
{
    const char *code = json_string_value(json_object_get(json_array_get(arr, i), "code"));
    char cp[96];
    snprintf(cp, sizeof cp, "%s/code", ptr);
    sc_errors_add(errs, cp, "%s %s appears more than once in this return", what, code);
}

static sc_rc check_results(sc_db *db, sc_period q, const json_t *arr, pending_result **out,
                           size_t *n, sc_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (!arr || json_is_null(arr))
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/indicators", "indicators must be an array of results");
        return SC_EINVALID;
    }
    known_indicators known = {0};
    sc_rc rc = sc_store_indicators(db, -1, NULL, &known.items, &known.count);
    if (rc != SC_OK)
        return rc;
    size_t len = json_array_size(arr);
    pending_result *p = calloc(len ? len : 1, sizeof *p);
    bool *repeat = calloc(len ? len : 1, sizeof *repeat);
    if (!p || !repeat || !find_repeats(arr, repeat)) {
        free(p);
        free(repeat);
        sc_indicators_free(known.items, known.count);
        return SC_ENOMEM;
    }
    sc_rc worst = SC_OK;
    for (size_t i = 0; i < len; i++) {
        char ptr[64];
        sc_pointer_index(ptr, sizeof ptr, "/indicators", i);
        const json_t *item = json_array_get(arr, i);
        if (repeat[i]) {
            report_repeat(arr, i, ptr, "indicator", errs);
            worst = SC_EINVALID;
        }
        pending_result one = {0};
        rc = check_result(&known, q, item, ptr, &one, errs);
        if (rc == SC_EDB || rc == SC_ENOMEM) {
            free_pending(p, *n);
            free(repeat);
            sc_indicators_free(known.items, known.count);
            return rc;
        }
        if (rc != SC_OK) {
            worst = SC_EINVALID;
            continue;
        }
        p[(*n)++] = one;
    }
    free(repeat);
    sc_indicators_free(known.items, known.count);
    if (worst != SC_OK) {
        free_pending(p, *n);
        *n = 0;
        return worst;
    }
    *out = p;
    return SC_OK;
}

typedef struct {
    const char *code; /* borrowed from the document */
    int64_t value;
} pending_demand;

static sc_rc check_demand(sc_db *db, const json_t *arr, pending_demand **out, size_t *n,
                          sc_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (!arr || json_is_null(arr))
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/demand", "demand must be an array of { code, value }");
        return SC_EINVALID;
    }
    sc_demand_measures measures;
    sc_rc rc = sc_store_demand_measures(db, &measures);
    if (rc != SC_OK)
        return rc;
    size_t len = json_array_size(arr);
    pending_demand *p = calloc(len ? len : 1, sizeof *p);
    bool *repeat = calloc(len ? len : 1, sizeof *repeat);
    if (!p || !repeat || !find_repeats(arr, repeat)) {
        free(p);
        free(repeat);
        sc_demand_measures_clear(&measures);
        return SC_ENOMEM;
    }
    size_t before = errs->count;
    for (size_t i = 0; i < len; i++) {
        char ptr[64], cp[80];
        sc_pointer_index(ptr, sizeof ptr, "/demand", i);
        snprintf(cp, sizeof cp, "%s/code", ptr);
        const json_t *item = json_array_get(arr, i);
        const char *code = NULL;
        int64_t value = 0;
        if (repeat[i])
            report_repeat(arr, i, ptr, "demand measure", errs);
        if (!json_is_object(item)) {
            sc_errors_add(errs, ptr, "each demand figure must be an object { code, value }");
            continue;
        }
        bool code_ok = sc_jv_string(item, ptr, "code", true, 1, 64, true, &code, errs) == SC_JV_OK;
        bool value_ok = sc_demand_value_from_json(item, ptr, "code", &value, errs) == SC_OK;
        if (!code_ok)
            continue;
        if (sc_demand_measures_find(&measures, code) < 0) {
            sc_errors_add(errs, cp, "no demand measure \"%s\"; see /api/v1/demand-measures", code);
            continue;
        }
        if (value_ok) {
            p[*n].code = code;
            p[*n].value = value;
            (*n)++;
        }
    }
    sc_demand_measures_clear(&measures);
    free(repeat);
    if (errs->count > before) {
        free(p);
        *n = 0;
        return SC_EINVALID;
    }
    *out = p;
    return SC_OK;
}

void sc_counts_add(sc_counts *c, sc_write w)
{
    if (w == SC_WRITE_CREATED)
        c->created++;
    else if (w == SC_WRITE_UPDATED)
        c->updated++;
    else
        c->unchanged++;
}

sc_rc sc_return_apply(sc_db *db, sc_period q, const json_t *doc, const char *by,
                      sc_return_outcome *out, sc_errors *errs)
{
    static const char *const members[] = {
        "indicators", "demand",     "finance",           "outturns", "quarter",
        "placements", "population", "demand_benchmarks", NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    sc_period sent;
    if (sc_jv_period(doc, "", "quarter", false, &sent, errs) == SC_JV_OK && sent != q)
        sc_errors_add(errs, "/quarter", "quarter differs from the quarter in the path");
    pending_result *results = NULL;
    pending_demand *demand = NULL;
    sc_pending_outturn *outturns = NULL;
    size_t n = 0, nd = 0, no = 0;
    sc_finance fin = {0};
    const json_t *fdoc = json_object_get(doc, "finance");
    bool has_fin = fdoc && !json_is_null(fdoc);
    sc_rc rc = check_results(db, q, json_object_get(doc, "indicators"), &results, &n, errs);
    sc_rc rd = rc == SC_EDB || rc == SC_ENOMEM
                   ? rc
                   : check_demand(db, json_object_get(doc, "demand"), &demand, &nd, errs);
    sc_rc rf = has_fin ? sc_finance_from_json(fdoc, "/finance", &fin, errs) : SC_OK;
    if (has_fin)
        sc_finance_check_as_at(fdoc, q, "/finance", errs);
    sc_return_ladder ladder = {0};
    sc_rc rp =
        rc == SC_EDB || rc == SC_ENOMEM ? rc : sc_return_ladder_check(db, q, doc, &ladder, errs);
    sc_rc ro = rc == SC_EDB || rc == SC_ENOMEM || rd == SC_EDB || rd == SC_ENOMEM
                   ? SC_OK
                   : sc_return_outturns_check(db, q, json_object_get(doc, "outturns"), &outturns,
                                              &no, errs);
    if (rc == SC_EDB || rc == SC_ENOMEM)
        goto out;
    if ((rc = rd) == SC_EDB || rc == SC_ENOMEM || (rc = rf) == SC_ENOMEM || (rc = ro) == SC_EDB ||
        rc == SC_ENOMEM || (rc = rp) == SC_EDB || rc == SC_ENOMEM)
        goto out;
    if (errs->count > before) {
        rc = SC_EINVALID;
        goto out;
    }
    rc = SC_OK;
    for (size_t i = 0; i < n && rc == SC_OK; i++) {
        sc_write w;
        rc = sc_store_result_put(db, q, results[i].code, &results[i].res, by, &w);
        if (rc == SC_OK)
            sc_counts_add(&out->indicators, w);
    }
    for (size_t i = 0; i < nd && rc == SC_OK; i++) {
        sc_write w;
        rc = sc_store_demand_put(db, q, demand[i].code, demand[i].value, by, &w);
        if (rc == SC_OK)
            sc_counts_add(&out->demand, w);
    }
    for (size_t i = 0; i < no && rc == SC_OK; i++) {
        sc_write w;
        rc = sc_store_outturn_put(db, outturns[i].q4, outturns[i].code, &outturns[i].res, by, &w);
        if (rc == SC_OK)
            sc_counts_add(&out->outturns, w);
    }
    if (has_fin && rc == SC_OK) {
        sc_write w;
        rc = sc_store_finance_put(db, q, &fin, by, &w);
        if (rc == SC_OK)
            sc_counts_add(&out->finance, w);
    }
    if (rc == SC_OK)
        rc = sc_return_ladder_apply(db, q, &ladder, by, out);
out:
    sc_return_ladder_clear(&ladder);
    free_pending(results, n);
    free(demand);
    sc_pending_outturns_free(outturns, no);
    sc_finance_clear(&fin);
    return rc;
}

json_t *sc_return_outcome_to_json(const sc_return_outcome *o)
{
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "indicators", sc_counts_to_json(&o->indicators),
        "demand", sc_counts_to_json(&o->demand), "finance", sc_counts_to_json(&o->finance),
        "outturns", sc_counts_to_json(&o->outturns), "placements",
        sc_counts_to_json(&o->placements), "population", sc_counts_to_json(&o->population),
        "demand_benchmarks", sc_counts_to_json(&o->demand_benchmarks));
}

json_t *sc_counts_to_json(const sc_counts *c)
{
    return json_pack("{s:i, s:i, s:i}", "created", c->created, "updated", c->updated, "unchanged",
                     c->unchanged);
}
