/* return_ladder.h - the care ladder's and the rates' parts of the
 * quarterly return (docs/API.md §17): "placements" (each rung's figures),
 * "population" (the child population of the quarter's financial year) and
 * "demand_benchmarks" (comparator rates per 10,000 of demand values).
 * Validated with the rest of the return, then written with it, in the
 * caller's transaction (store/return.h). */
#ifndef SC_RETURN_LADDER_H
#define SC_RETURN_LADDER_H

#include <jansson.h>
#include <stdbool.h>

#include "benchmark.h"
#include "return.h"
#include "store_placement.h"

typedef struct {
    const char *code; /* borrowed from the document */
    sc_benchmark b;
} sc_return_benchmark;

/* What a clean document holds of these parts; free with
 * sc_return_ladder_clear(). */
typedef struct {
    sc_placement_pending *placements;
    size_t n_placements;
    bool has_population;
    int64_t children;
    sc_return_benchmark *benchmarks;
    size_t n_benchmarks;
} sc_return_ladder;

/* Validates doc's placements, population and demand_benchmarks (each
 * optional, null absent) for quarter q: every type and measure must exist
 * and appear once. SC_OK, SC_EINVALID with every problem in errs, SC_EDB
 * or SC_ENOMEM; *out holds what was validated either way. */
sc_rc sc_return_ladder_check(sc_db *db, sc_period q, const json_t *doc, sc_return_ladder *out,
                             sc_errors *errs);

/* Writes them (through sc_figure_write), counting into out. */
sc_rc sc_return_ladder_apply(sc_db *db, sc_period q, const sc_return_ladder *l, const char *by,
                             sc_return_outcome *out);

void sc_return_ladder_clear(sc_return_ladder *l);

#endif
