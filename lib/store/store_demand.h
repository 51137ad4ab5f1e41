/* store_demand.h - stored demand measures and quarterly demand counts.
 * Same conventions as store_kpi.h: the caller owns the transaction. */
#ifndef SC_STORE_DEMAND_H
#define SC_STORE_DEMAND_H

#include <stdint.h>

#include "demand.h"
#include "store.h"
#include "store_kpi.h"

/* All measures in table order. Free with sc_demand_measures_clear(). */
sc_rc sc_store_demand_measures(sc_db *db, sc_demand_measures *out);

/* Creates or renames a measure; position < 0 keeps it (or appends),
 * kind < 0 keeps it (flow for a new measure). */
sc_rc sc_store_demand_measure_put(sc_db *db, const char *code, const char *name, int position,
                                  int kind, sc_write *what);

/* SC_ENOTFOUND when the measure does not exist. */
sc_rc sc_store_demand_put(sc_db *db, sc_period q, const char *code, int64_t value, const char *by,
                          sc_write *what);

/* Values of every measure for quarters [from, to]: calls fn for each stored
 * (measure, quarter, value) in measure then quarter order. */
typedef void (*sc_demand_value_fn)(void *cls, const char *code, sc_period q, int64_t value);
sc_rc sc_store_demand_values(sc_db *db, sc_period from, sc_period to, sc_demand_value_fn fn,
                             void *cls);

/* Whether (q, code)'s value changed after it was first reported, and the
 * value first reported (from the revisions). */
sc_rc sc_store_demand_restated(sc_db *db, sc_period q, const char *code, bool *restated,
                               int64_t *first);

/* The latest quarter with any demand value; SC_ENOTFOUND when none. */
sc_rc sc_store_demand_latest(sc_db *db, sc_period *out);

#endif
