/* store_benchmark.c - the stored comparators of a result (store_benchmark.h). */
#include "store_benchmark.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "lock.h"
#include "revision.h"

/* The same comparators are kept for a result (benchmarks) and for a
 * demand value (demand_benchmarks: rates per 10,000 children). */
#define GET(table, key)                                                                            \
    "SELECT national, regional, statistical_neighbours, regional_rank, regional_count, source,"    \
    " period FROM " table " WHERE quarter = ?1 AND " key " = ?2"
#define PUT(table, key)                                                                            \
    "INSERT INTO " table " (quarter, " key ", national, regional,"                                 \
    " statistical_neighbours, regional_rank, regional_count, source, period, updated_at,"          \
    " updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"                                     \
    " strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?10)"                                                  \
    " ON CONFLICT (quarter, " key ") DO UPDATE SET national = excluded.national,"                  \
    " regional = excluded.regional, statistical_neighbours = excluded.statistical_neighbours,"     \
    " regional_rank = excluded.regional_rank, regional_count = excluded.regional_count,"           \
    " source = excluded.source, period = excluded.period, updated_at = excluded.updated_at,"       \
    " updated_by = excluded.updated_by"

typedef struct {
    sc_rev_kind kind;
    const char *get, *put;
} subject;

static const subject of_result = {SC_REV_BENCHMARK, GET("benchmarks", "indicator_code"),
                                  PUT("benchmarks", "indicator_code")};
static const subject of_demand = {SC_REV_DEMAND_BENCHMARK, GET("demand_benchmarks", "measure_code"),
                                  PUT("demand_benchmarks", "measure_code")};

static sc_rc get(sc_db *db, const subject *s, sc_period q, const char *code, sc_benchmark *out)
{
    memset(out, 0, sizeof *out);
    out->period = SC_PERIOD_NONE;
    sc_stmt *st = sc_db_stmt(db, s->get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        for (int i = 0; i < 3; i++) {
            out->has[i] = !sc_stmt_null(st, i);
            out->value[i] = sc_stmt_double(st, i);
        }
        out->has_rank = !sc_stmt_null(st, 3);
        out->rank = sc_stmt_int64(st, 3);
        out->has_count = !sc_stmt_null(st, 4);
        out->count = sc_stmt_int64(st, 4);
        out->source = sc_stmt_strdup(st, 5);
        if (!sc_stmt_null(st, 6))
            out->period = sc_stmt_int(st, 6);
    }
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

static sc_rc benchmark_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_benchmark old;
    sc_rc rc = get(db, c->cls, c->q, c->code, &old);
    if (rc == SC_EDB)
        return rc;
    *what = rc == SC_ENOTFOUND                    ? SC_WRITE_CREATED
            : sc_benchmark_equal(&old, c->figure) ? SC_WRITE_UNCHANGED
                                                  : SC_WRITE_UPDATED;
    sc_benchmark_clear(&old);
    return SC_OK;
}

static sc_rc benchmark_write(sc_db *db, const sc_figure_change *c)
{
    const sc_benchmark *b = c->figure;
    const subject *s = c->cls;
    sc_stmt *st = sc_db_stmt(db, s->put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    for (int i = 0; i < 3; i++)
        if (b->has[i])
            sc_stmt_bind_double(st, 3 + i, b->value[i]);
    if (b->has_rank)
        sc_stmt_bind_int64(st, 6, b->rank);
    if (b->has_count)
        sc_stmt_bind_int64(st, 7, b->count);
    sc_stmt_bind_text(st, 8, b->source);
    if (b->period != SC_PERIOD_NONE)
        sc_stmt_bind_int(st, 9, b->period);
    sc_stmt_bind_text(st, 10, c->by);
    return sc_stmt_run(st);
}

static sc_rc put(sc_db *db, const subject *s, sc_period q, const char *code, const sc_benchmark *b,
                 const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = s->kind,
                          .q = q,
                          .code = code,
                          .by = by,
                          .figure = b,
                          .cls = s,
                          .compare = benchmark_compare,
                          .write = benchmark_write};
    return sc_figure_write(db, &c, what);
}

sc_rc sc_store_benchmark_get(sc_db *db, sc_period q, const char *code, sc_benchmark *out)
{
    return get(db, &of_result, q, code, out);
}

sc_rc sc_store_benchmark_put(sc_db *db, sc_period q, const char *code, const sc_benchmark *b,
                             const char *by, sc_write *what)
{
    return put(db, &of_result, q, code, b, by, what);
}

sc_rc sc_store_demand_benchmark_get(sc_db *db, sc_period q, const char *code, sc_benchmark *out)
{
    return get(db, &of_demand, q, code, out);
}

sc_rc sc_store_demand_benchmark_put(sc_db *db, sc_period q, const char *code, const sc_benchmark *b,
                                    const char *by, sc_write *what)
{
    return put(db, &of_demand, q, code, b, by, what);
}
