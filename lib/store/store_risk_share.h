/* store_risk_share.h - the stored risk share of each financial year.
 * Same conventions as store_kpi.h: the caller owns the transaction.
 * A risk share is a figure (revisions, as_of) but no sign-off lock stops
 * it: it is a term of the contract for a whole year, set by an admin, not
 * a figure the trust reports for a quarter (docs/API.md §16). */
#ifndef SC_STORE_RISK_SHARE_H
#define SC_STORE_RISK_SHARE_H

#include "risk_share.h"
#include "store.h"
#include "store_kpi.h"

/* Fills *out with the share of the year starting with quarter year (its
 * first quarter); SC_ENOTFOUND when none was set. */
sc_rc sc_store_risk_share_get(sc_db *db, sc_period year, sc_risk_share *out);

/* Every year's share, oldest first: *out is malloc'd (free it; NULL when
 * *n is 0). SC_ENOMEM or SC_EDB leave nothing to free. */
sc_rc sc_store_risk_share_list(sc_db *db, sc_risk_share **out, size_t *n);

/* Sets rs->year's share through the one write path. */
sc_rc sc_store_risk_share_put(sc_db *db, const sc_risk_share *rs, const char *by, sc_write *what);

#endif
