/* outturns.h - an indicator's outturns per financial year as the API shows
 * them (GET /api/v1/indicators/{code}/outturns): each judged against the
 * target in force in the year's Q4, with that target beside it.
 */
#ifndef SC_OUTTURNS_H
#define SC_OUTTURNS_H

#include <jansson.h>

#include "errors.h"
#include "period.h"
#include "store.h"

/* The outturns of code (all when q4 is SC_PERIOD_NONE, else the one of the
 * year ending with q4) as an array of { indicator, year, quarter, value,
 * numerator, denominator, commentary, target, tolerance, target_from,
 * status, status_label, updated_at, updated_by } into *out (new
 * reference). SC_OK, SC_ENOTFOUND for one year with no outturn, SC_EDB
 * or SC_ENOMEM. */
sc_rc sc_outturns_json(sc_db *db, const char *code, sc_period q4, json_t **out);

#endif
