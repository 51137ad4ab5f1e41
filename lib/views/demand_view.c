/* demand_view.c - one quarter's demand view, read through the store (see
 * demand_view.h). */
#include "demand_view.h"

#include <stdlib.h>
#include <string.h>

#include "population.h"
#include "store_benchmark.h"
#include "store_demand.h"
#include "store_placement.h"

static void fill(void *cls, const char *code, sc_period p, int64_t value)
{
    sc_demand_view *v = cls;
    long i = sc_demand_measures_find(&v->measures, code);
    if (i >= 0) {
        v->value[i][p - v->from] = value;
        v->has[i][p - v->from] = true;
        v->any = true;
    }
}

/* The year's population and each measure's comparator rates. */
static sc_rc rates(sc_db *db, sc_demand_view *v)
{
    size_t n = v->measures.count ? v->measures.count : 1;
    v->benchmarks = calloc(n, sizeof *v->benchmarks);
    v->has_benchmark = calloc(n, sizeof *v->has_benchmark);
    if (!v->benchmarks || !v->has_benchmark)
        return SC_ENOMEM;
    sc_rc rc =
        sc_store_population_get(db, sc_period_make(sc_period_year(v->quarter), 1), &v->population);
    v->has_population = rc == SC_OK;
    if (rc != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    for (size_t i = 0; i < v->measures.count; i++) {
        rc = sc_store_demand_benchmark_get(db, v->quarter, v->measures.items[i].code,
                                           &v->benchmarks[i]);
        v->has_benchmark[i] = rc == SC_OK;
        if (rc != SC_OK && rc != SC_ENOTFOUND)
            return rc;
    }
    return SC_OK;
}

sc_rc sc_demand_view_read(sc_db *db, sc_period q, sc_demand_view *out)
{
    return sc_demand_view_read_window(db, q, SC_DEMAND_VIEW_QUARTERS, out);
}

sc_rc sc_demand_view_read_window(sc_db *db, sc_period q, int quarters, sc_demand_view *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    out->quarters = quarters < SC_DEMAND_VIEW_QUARTERS       ? SC_DEMAND_VIEW_QUARTERS
                    : quarters > SC_DEMAND_VIEW_MAX_QUARTERS ? SC_DEMAND_VIEW_MAX_QUARTERS
                                                             : quarters;
    out->from = q - (out->quarters - 1);
    sc_rc rc = sc_store_demand_measures(db, &out->measures);
    if (rc != SC_OK)
        return rc;
    size_t n = out->measures.count ? out->measures.count : 1;
    out->rows = calloc(n, sizeof *out->rows);
    out->has = calloc(n, sizeof *out->has);
    out->value = calloc(n, sizeof *out->value);
    if (!out->rows || !out->has || !out->value)
        rc = SC_ENOMEM;
    else
        rc = sc_store_demand_values(db, out->from, q, fill, out);
    if (rc != SC_OK) {
        sc_demand_view_clear(out);
        return rc;
    }
    rc = rates(db, out);
    if (rc != SC_OK) {
        sc_demand_view_clear(out);
        return rc;
    }
    /* this quarter, the previous one and the same quarter last year */
    const int slots[3] = {q - out->from, sc_period_previous(q) - out->from,
                          sc_period_same_last_year(q) - out->from};
    for (size_t i = 0; i < out->measures.count; i++) {
        sc_demand_row *r = &out->rows[i];
        r->measure = &out->measures.items[i];
        for (int s = 0; s < 3; s++) {
            r->has[s] = out->has[i][slots[s]];
            r->value[s] = out->value[i][slots[s]];
        }
        r->benchmark = out->has_benchmark[i] ? &out->benchmarks[i] : NULL;
        r->has_rate = r->measure->kind == SC_DEMAND_SNAPSHOT && r->has[0] && out->has_population &&
                      sc_population_rate(r->value[0], out->population, &r->rate);
    }
    return SC_OK;
}

sc_rc sc_demand_view_restated(sc_db *db, sc_demand_view *v, const char *only)
{
    for (size_t i = 0; i < v->measures.count; i++) {
        const char *code = v->measures.items[i].code;
        if (only && strcmp(only, code) != 0)
            continue;
        sc_rc rc = sc_store_demand_restated(db, v->quarter, code, &v->rows[i].restated,
                                            &v->rows[i].first_value);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

void sc_demand_view_clear(sc_demand_view *v)
{
    if (!v)
        return;
    free(v->rows);
    free(v->has);
    free(v->value);
    for (size_t i = 0; v->benchmarks && i < v->measures.count; i++)
        sc_benchmark_clear(&v->benchmarks[i]);
    free(v->benchmarks);
    free(v->has_benchmark);
    sc_demand_measures_clear(&v->measures);
    memset(v, 0, sizeof *v);
}
