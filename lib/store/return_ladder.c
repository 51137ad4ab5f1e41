/* return_ladder.c - the care ladder's and the rates' parts of the
 * quarterly return (return_ladder.h). */
#include "return_ladder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "jv.h"
#include "population.h"
#include "store_benchmark.h"
#include "store_demand.h"

/* One entry of demand_benchmarks; *measure is the index of its measure,
 * -1 when unknown. */
static void check_benchmark(const sc_demand_measures *m, const json_t *item, const char *ptr,
                            sc_return_benchmark *out, int *measure, sc_errors *errs)
{
    *measure = -1;
    if (!json_is_object(item)) {
        sc_errors_add(errs, ptr, "each entry must be an object { code, national, ... }");
        return;
    }
    bool code_ok = sc_jv_string(item, ptr, "code", true, 1, 64, true, &out->code, errs) == SC_JV_OK;
    if (sc_benchmark_from_json_at(item, ptr, "code", &out->b, errs) != SC_OK)
        sc_benchmark_clear(&out->b);
    if (!code_ok)
        return;
    for (size_t i = 0; i < m->count && *measure < 0; i++)
        if (strcmp(m->items[i].code, out->code) == 0)
            *measure = (int)i;
    char cp[96];
    snprintf(cp, sizeof cp, "%s/code", ptr);
    if (*measure < 0)
        sc_errors_add(errs, cp, "no demand measure \"%s\"; see /api/v1/demand-measures", out->code);
}

static sc_rc check_benchmarks(sc_db *db, const json_t *arr, sc_return_ladder *out, sc_errors *errs)
{
    if (!arr || json_is_null(arr))
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/demand_benchmarks",
                      "demand_benchmarks must be an array of { code, national, ... }");
        return SC_EINVALID;
    }
    sc_demand_measures m;
    sc_rc rc = sc_store_demand_measures(db, &m);
    if (rc != SC_OK)
        return rc;
    size_t len = json_array_size(arr), before = errs->count;
    out->benchmarks = calloc(len ? len : 1, sizeof *out->benchmarks);
    bool *seen = calloc(m.count ? m.count : 1, sizeof *seen);
    for (size_t i = 0; out->benchmarks && seen && i < len; i++) {
        char ptr[64], cp[80];
        sc_pointer_index(ptr, sizeof ptr, "/demand_benchmarks", i);
        int measure;
        sc_return_benchmark *b = &out->benchmarks[out->n_benchmarks++];
        check_benchmark(&m, json_array_get(arr, i), ptr, b, &measure, errs);
        if (measure >= 0 && seen[measure]) {
            snprintf(cp, sizeof cp, "%s/code", ptr);
            sc_errors_add(errs, cp, "demand measure %s appears more than once in this return",
                          b->code);
        }
        if (measure >= 0)
            seen[measure] = true;
    }
    rc = !out->benchmarks || !seen ? SC_ENOMEM : errs->count > before ? SC_EINVALID : SC_OK;
    free(seen);
    sc_demand_measures_clear(&m);
    return rc;
}

sc_rc sc_return_ladder_check(sc_db *db, sc_period q, const json_t *doc, sc_return_ladder *out,
                             sc_errors *errs)
{
    memset(out, 0, sizeof *out);
    sc_rc rp = sc_store_placements_check(db, json_object_get(doc, "placements"), &out->placements,
                                         &out->n_placements, errs);
    if (rp == SC_EDB || rp == SC_ENOMEM)
        return rp;
    sc_rc rb = check_benchmarks(db, json_object_get(doc, "demand_benchmarks"), out, errs);
    if (rb == SC_EDB || rb == SC_ENOMEM)
        return rb;
    const json_t *pop = json_object_get(doc, "population");
    sc_rc rn = SC_OK;
    if (pop && !json_is_null(pop)) {
        char year[SC_POPULATION_YEAR_LEN];
        sc_population_year_format(q, year);
        rn = sc_population_from_json(pop, "/population", year, &out->children, errs);
        out->has_population = rn == SC_OK;
    }
    return rp != SC_OK ? rp : rb != SC_OK ? rb : rn;
}

sc_rc sc_return_ladder_apply(sc_db *db, sc_period q, const sc_return_ladder *l, const char *by,
                             sc_return_outcome *out)
{
    sc_rc rc = SC_OK;
    sc_write w;
    for (size_t i = 0; i < l->n_placements && rc == SC_OK; i++)
        if ((rc = sc_store_placement_put(db, q, l->placements[i].code, &l->placements[i].p, by,
                                         &w)) == SC_OK)
            sc_counts_add(&out->placements, w);
    for (size_t i = 0; i < l->n_benchmarks && rc == SC_OK; i++)
        if ((rc = sc_store_demand_benchmark_put(db, q, l->benchmarks[i].code, &l->benchmarks[i].b,
                                                by, &w)) == SC_OK)
            sc_counts_add(&out->demand_benchmarks, w);
    if (l->has_population && rc == SC_OK &&
        (rc = sc_store_population_put(db, sc_period_make(sc_period_year(q), 1), l->children, by,
                                      &w)) == SC_OK)
        sc_counts_add(&out->population, w);
    return rc;
}

void sc_return_ladder_clear(sc_return_ladder *l)
{
    if (!l)
        return;
    free(l->placements);
    for (size_t i = 0; i < l->n_benchmarks; i++)
        sc_benchmark_clear(&l->benchmarks[i].b);
    free(l->benchmarks);
    memset(l, 0, sizeof *l);
}
