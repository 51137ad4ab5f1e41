/* store_placement.h - stored placement types, quarterly placement figures
 * and child populations. Same conventions as store_kpi.h: the caller owns
 * the transaction; placements and populations are figures (revisions,
 * locks, as_of), placement types are definitions read as they are now. */
#ifndef SC_STORE_PLACEMENT_H
#define SC_STORE_PLACEMENT_H

#include <stdint.h>

#include "placement.h"
#include "store.h"
#include "store_kpi.h"

/* Every type in ladder order. Free with sc_placement_types_clear(). */
sc_rc sc_store_placement_types(sc_db *db, sc_placement_types *out);

/* Creates or renames a type; position < 0 keeps it (or appends), group < 0
 * keeps it ("other" for a new type). */
sc_rc sc_store_placement_type_put(sc_db *db, const char *code, const char *name, int position,
                                  int group, sc_write *what);

/* The figures of (q, code); SC_ENOTFOUND when none. */
sc_rc sc_store_placement_get(sc_db *db, sc_period q, const char *code, sc_placement *out);

/* Stores (q, code)'s figures with a revision: SC_ENOTFOUND for no such
 * type, SC_ELOCKED when q is signed off. */
sc_rc sc_store_placement_put(sc_db *db, sc_period q, const char *code, const sc_placement *p,
                             const char *by, sc_write *what);

/* Every stored figure of quarters [from, to]: fn(cls, code, q, p) in
 * quarter then ladder order. */
typedef void (*sc_placement_fn)(void *cls, const char *code, sc_period q, const sc_placement *p);
sc_rc sc_store_placements(sc_db *db, sc_period from, sc_period to, sc_placement_fn fn, void *cls);

/* One rung's figures of a quarterly return, validated. */
typedef struct {
    const char *code; /* borrowed from the document */
    sc_placement p;
} sc_placement_pending;

/* Validates the return's "placements" (an array of { code, count, ... };
 * NULL or null: none): every code a placement type, none twice. SC_OK with
 * *out (caller frees) and *n; SC_EINVALID with every problem in errs and
 * *out NULL; SC_EDB or SC_ENOMEM. */
sc_rc sc_store_placements_check(sc_db *db, const json_t *arr, sc_placement_pending **out, size_t *n,
                                sc_errors *errs);

/* The population of the financial year whose Q1 is first; SC_ENOTFOUND
 * when none. */
sc_rc sc_store_population_get(sc_db *db, sc_period first, int64_t *children);

/* Stores it with a revision (quarter: the year's Q1, no code); SC_ELOCKED
 * when any quarter of the year is signed off, since its rates change. */
sc_rc sc_store_population_put(sc_db *db, sc_period first, int64_t children, const char *by,
                              sc_write *what);

/* Every stored population in year order: fn(cls, first, children). */
typedef void (*sc_population_fn)(void *cls, sc_period first, int64_t children);
sc_rc sc_store_populations(sc_db *db, sc_population_fn fn, void *cls);

#endif
