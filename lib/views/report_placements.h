/* report_placements.h - the committee report's care ladder and rates per
 * 10,000 children (private to lib/views, called by report.c): where the
 * finance papers print them, and only when the quarter has them. */
#ifndef SC_REPORT_PLACEMENTS_H
#define SC_REPORT_PLACEMENTS_H

#include "errors.h"
#include "period.h"
#include "report_doc.h"
#include "store.h"

/* A sentence per snapshot demand measure with a rate in q: "Looked After
 * Children: 539 (82.3 per 10,000 children); national 60, statistical
 * neighbours 76 per 10,000." Nothing when no measure has a rate. SC_OK,
 * SC_EDB or SC_ENOMEM. */
sc_rc sc_report_rates(sc_report_doc *d, sc_db *db, sc_period q);

/* The "Placements" section: the ladder's table (count, budget, contract,
 * change, volume and price effects for the quarter) and the fostering
 * split at decimals; nothing when q has no placement figures. */
sc_rc sc_report_placements(sc_report_doc *d, sc_db *db, sc_period q, int decimals);

#endif
