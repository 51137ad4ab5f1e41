/* summary.h - a quarter's status table (docs/API.md §14) as the API, the
 * return's answer and the committee report show it.
 *
 * The table is computed once, as model structs (sc_summary_compute in
 * quarter.h), from the store's quarter view; the API's JSON and the
 * report's tables are both built from those structs, so neither reads the
 * other's output back.
 */
#ifndef SC_VIEWS_SUMMARY_H
#define SC_VIEWS_SUMMARY_H

#include <jansson.h>

#include "area.h"
#include "errors.h"
#include "period.h"
#include "quarter.h"
#include "store.h"

/* Reads the service areas and the quarter's statuses (a lean quarter
 * view) and tallies them: *areas and *sum are filled and owned by the
 * caller (free with sc_area_list_clear() and sc_summary_clear()); the
 * summary's rows index into *areas. Returns SC_OK, or SC_EDB (message in
 * sc_db_errmsg()) / SC_ENOMEM with nothing to free. */
sc_rc sc_summary_read(sc_db *db, sc_period q, sc_area_list *areas, sc_summary *sum);

/* The status table as JSON (sc_summary_to_json), percentages at decimals
 * (0-2): SC_OK with a new reference in *out (the caller decrefs it), or
 * SC_EDB / SC_ENOMEM with *out untouched. */
sc_rc sc_summary_json(sc_db *db, sc_period q, int decimals, json_t **out);

#endif
