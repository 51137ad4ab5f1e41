/* report_finance.h - the committee report's finance notes after the
 * position and key variances (docs/API.md §18): the variances that break a
 * key variance down, the lines left out of the key variances with their
 * reasons, and each party's part of the position under the year's risk
 * share.
 */
#ifndef SC_REPORT_FINANCE_H
#define SC_REPORT_FINANCE_H

#include "finance.h"
#include "report_doc.h"
#include "store.h"

/* Adds the notes on f (q's statement, read from db) to d. Returns SC_OK,
 * or what a read from db returned (SC_EDB); allocation failures set
 * d->oom. */
sc_rc sc_report_finance_notes(sc_report_doc *d, sc_db *db, sc_period q, const sc_finance *f);

#endif
