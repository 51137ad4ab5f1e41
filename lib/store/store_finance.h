/* store_finance.h - stored finance statements, one per quarter and
 * forecast month.
 * Same conventions as store_kpi.h: the caller owns the transaction. */
#ifndef SC_STORE_FINANCE_H
#define SC_STORE_FINANCE_H

#include "finance.h"
#include "store.h"
#include "store_kpi.h"

/* Fills *out with the quarter's latest statement, the one as at its
 * latest month (clear with sc_finance_clear); SC_ENOTFOUND when none was
 * pushed. */
sc_rc sc_store_finance_get(sc_db *db, sc_period q, sc_finance *out);

/* The same for the statement as at month ("YYYY-MM"; NULL: the latest). */
sc_rc sc_store_finance_get_at(sc_db *db, sc_period q, const char *month, sc_finance *out);

/* The most recent statement before q's as at month in q's financial year
 * (an earlier month of q, else the latest of an earlier quarter): its
 * quarter and month (SC_FINANCE_MONTH_LEN bytes). SC_ENOTFOUND when there
 * is none, SC_EDB. */
sc_rc sc_store_finance_previous(sc_db *db, sc_period q, const char *month, sc_period *prev_q,
                                char *prev_month);

/* The statement a movement compares f (q's) with: the most recent earlier
 * statement of the year, its quarter, month and total net variance (the
 * published total where it has one). SC_ENOTFOUND when f is the year's
 * first, SC_EDB, SC_ENOMEM. */
typedef struct {
    sc_period quarter;
    char month[SC_FINANCE_MONTH_LEN];
    double variance_net;
} sc_finance_earlier;

sc_rc sc_store_finance_earlier(sc_db *db, sc_period q, const sc_finance *f,
                               sc_finance_earlier *out);

/* Replaces the quarter's statement as at f's month (its as_at, or the
 * quarter's last month), all its lines at once; other months' statements
 * of the quarter are kept. */
sc_rc sc_store_finance_put(sc_db *db, sc_period q, const sc_finance *f, const char *by,
                           sc_write *what);

#endif
