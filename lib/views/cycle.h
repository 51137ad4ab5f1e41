/* cycle.h - a quarter's state in the scrutiny cycle on a given day
 * (docs/API.md §19a), for GET /api/v1/quarters/{q} and the quarter list:
 * awaiting_return, overdue (with the indicators not submitted), submitted
 * or signed_off, and for the next meeting the figures that will be missing
 * or stale by then. today is a parameter: nothing here reads the clock. */
#ifndef SC_CYCLE_H
#define SC_CYCLE_H

#include <jansson.h>

#include "errors.h"
#include "period.h"
#include "store.h"

/* Adds to quarter (an object) the members state, calendar (or null),
 * not_submitted (indicator codes) and next_meeting (or null) of q on
 * today ("YYYY-MM-DD"), read inside the caller's transaction. SC_EDB,
 * SC_ENOMEM; quarter is left as it was on failure. */
sc_rc sc_cycle_add_state(sc_db *db, sc_period q, const char *today, json_t *quarter);

#endif
