/* store_benchmark.h - the comparators of a result, and the comparator rates
 * per 10,000 children of a demand value, as stored: one row per quarter and
 * indicator (or measure), every change a revision. */
#ifndef SC_STORE_BENCHMARK_H
#define SC_STORE_BENCHMARK_H

#include "benchmark.h"
#include "errors.h"
#include "period.h"
#include "store.h"

/* Stores the benchmarks of (q, code), recording a revision; SC_ELOCKED
 * for a locked quarter. */
sc_rc sc_store_benchmark_put(sc_db *db, sc_period q, const char *code, const sc_benchmark *b,
                             const char *by, sc_write *what);

/* SC_ENOTFOUND when none were pushed. */
sc_rc sc_store_benchmark_get(sc_db *db, sc_period q, const char *code, sc_benchmark *out);

/* The same for a demand value: (q, measure code). The measure must exist
 * (the caller checks: SC_EDB otherwise). */
sc_rc sc_store_demand_benchmark_put(sc_db *db, sc_period q, const char *code, const sc_benchmark *b,
                                    const char *by, sc_write *what);
sc_rc sc_store_demand_benchmark_get(sc_db *db, sc_period q, const char *code, sc_benchmark *out);

#endif
