/* store_quarters.h - the list of quarters (GET /api/v1/quarters): every
 * quarter that holds any figure, with its sign-off lock and what it holds
 * (indicators reported of those active, demand counts, a finance
 * statement). */
#ifndef SC_STORE_QUARTERS_H
#define SC_STORE_QUARTERS_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "lock.h"
#include "period.h"
#include "store.h"

typedef struct {
    sc_period quarter;
    sc_lock lock;            /* owned */
    int indicators_active;   /* indicators active in the quarter */
    int indicators_reported; /* of those, results reported with a value */
    int demand_measures;     /* demand measures with a count */
    bool finance;            /* a finance statement is stored */
} sc_quarter_holding;

typedef struct {
    sc_quarter_holding *items; /* oldest first */
    size_t count;
} sc_quarter_holdings;

/* Every quarter that holds a result, benchmark, demand count, finance
 * statement, sign-off lock, outturn (its year's Q4), placement figure,
 * demand comparator or child population (its year's Q1), oldest first, into *out (free with
 * sc_quarter_holdings_clear). Figures are read through the tables as the
 * caller's transaction shows them (an as_of shadow included); locks as
 * they are now. SC_OK, or SC_EDB / SC_ENOMEM with *out empty. */
sc_rc sc_store_quarters_list(sc_db *db, sc_quarter_holdings *out);

/* Frees what the list holds; safe on a zeroed or cleared list. */
void sc_quarter_holdings_clear(sc_quarter_holdings *l);

#endif
