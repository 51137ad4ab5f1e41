/* history.h - an indicator's figures over time: each quarter's status,
 * the change against the previous quarter, whether that is improving or
 * declining (by polarity, at the indicator's precision) and the streak of
 * consecutive quarters with the same status ("better than target for three
 * consecutive quarters"). */
#ifndef SC_HISTORY_H
#define SC_HISTORY_H

#include <jansson.h>

#include "indicator.h"
#include "quarter.h"
#include "store.h"

/* Judges every point of one indicator's series (ascending quarters, as
 * sc_store_series returns them) with that indicator's rules. */
void sc_history_judge(const sc_indicator *ind, sc_quarter_row *pts, size_t n);

/* The context of quarter q whose status is status and result res (NULL
 * when none), given the judged series pts of the same indicator. */
void sc_history_context(const sc_indicator *ind, const sc_quarter_row *pts, size_t n, sc_period q,
                        sc_status status, const sc_result *res, sc_context *out);

/* Fills the context of every row of a one-quarter view from the store. */
sc_rc sc_history_contexts(sc_db *db, sc_quarter *view);

/* GET /indicators/{code}/history: one row per quarter in [from, to] in
 * which the indicator counts (SC_PERIOD_NONE bounds default to its first
 * and last stored results, or its active range). At most max_quarters
 * rows. SC_ENOTFOUND for an unknown indicator. */
sc_rc sc_history_json(sc_db *db, const char *code, sc_period from, sc_period to, int max_quarters,
                      json_t **out);

#endif
