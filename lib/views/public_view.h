/* public_view.h - disclosure control applied to an answer before it is
 * rendered (JSON, CSV, XLSX) or cached, for requests without a key when
 * the server runs with --suppress-below N (docs/API.md, "Disclosure
 * control"). The rules are disclose.h's; this module finds the figures
 * they apply to in any answer:
 *
 * - a result (an object with "availability", or a revision snapshot with
 *   "numerator"): value, numerator, denominator and what is derived from
 *   them (confidence_interval, significance, change, previous_value,
 *   first_reported_value) and its commentary, when it is confidential;
 *   previous_value and change also when the previous quarter's result is;
 * - a demand figure (a quarter's demand item, a value of the demand table,
 *   a demand revision): each count below N, with the changes computed
 *   from it.
 *
 * A suppressed member becomes null and its name is listed in the object's
 * "suppressed" array. Status tables count indicators, not children, and
 * money is not a count: neither is touched. No total is ever shown whose
 * parts include a suppressed cell (the answers that carry totals carry no
 * counts of children), so no secondary suppression is needed in them. */
#ifndef SC_PUBLIC_VIEW_H
#define SC_PUBLIC_VIEW_H

#include <jansson.h>

#include "errors.h"
#include "store.h"

/* Suppresses, in place, the confidential figures of answer (borrowed),
 * reading what it needs (indicator units, previous quarters) from db under
 * the caller's transaction, so as_of reads see the same past. threshold 0
 * does nothing. SC_OK, or SC_EDB / SC_ENOMEM (then the answer must not be
 * sent). */
sc_rc sc_public_suppress(sc_db *db, json_t *answer, int threshold);

/* For the sheet forms: replaces every suppressed member (the names in each
 * "suppressed" array) with the confidential symbol "[c]", so that CSV and
 * XLSX show it in the cell. */
void sc_public_mark(json_t *answer);

#endif
