/* store_finance.h - stored finance statements, one per quarter.
 * Same conventions as store_kpi.h: the caller owns the transaction. */
#ifndef SC_STORE_FINANCE_H
#define SC_STORE_FINANCE_H

#include "finance.h"
#include "store.h"
#include "store_kpi.h"

/* Fills *out with the quarter's statement (clear with sc_finance_clear);
 * SC_ENOTFOUND when none was pushed. */
sc_rc sc_store_finance_get(sc_db *db, sc_period q, sc_finance *out);

/* Replaces the quarter's statement, all its lines at once. */
sc_rc sc_store_finance_put(sc_db *db, sc_period q, const sc_finance *f, const char *by,
                           sc_write *what);

#endif
