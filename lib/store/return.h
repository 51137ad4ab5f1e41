/* ret.h - the quarterly return: one document with a quarter's figures
 * (docs/API.md §17), validated whole and then applied.
 *
 * This module holds the rule "validate everything, then write": every
 * problem in the document is collected first; only a clean document is
 * written. The caller owns the transaction (sc_db_begin_write) so the
 * whole return is one commit, or none.
 */
#ifndef SC_RET_H
#define SC_RET_H

#include <jansson.h>

#include "errors.h"
#include "period.h"
#include "store.h"

typedef struct {
    int created;
    int updated;
    int unchanged;
} sc_counts;

typedef struct {
    sc_counts indicators;
    sc_counts demand;
    sc_counts finance;  /* the statement counts as one */
    sc_counts outturns; /* by indicator and year */
    sc_counts placements;
    sc_counts population;
    sc_counts demand_benchmarks;
} sc_return_outcome;

/* Validates doc as a return for quarter q ({ indicators?, demand?,
 * finance?, placements?, population?, demand_benchmarks? }: indicators
 * must exist and be active in q, demand measures and placement types must
 * exist, no code may repeat; see return_ladder.h) and, if it is clean, writes
 * it, recording `by` as the writer. Returns SC_OK with the counts in *out; SC_EINVALID with every
 * problem in errs and nothing written; SC_EDB or SC_ENOMEM on failure (the caller rolls back). */
sc_rc sc_return_apply(sc_db *db, sc_period q, const json_t *doc, const char *by,
                      sc_return_outcome *out, sc_errors *errs);

/* { indicators, demand, finance, placements, population,
 * demand_benchmarks } counts; new reference. */
json_t *sc_return_outcome_to_json(const sc_return_outcome *o);

/* Counts w into c. */
void sc_counts_add(sc_counts *c, sc_write w);

/* Counts as { created, updated, unchanged }; new reference. */
json_t *sc_counts_to_json(const sc_counts *c);

#endif
