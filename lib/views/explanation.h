/* explanation.h - the reason for a status (GET /quarters/{q}/indicators/
 * {code}/explanation, docs/API.md §12): the inputs, the rounding at the
 * indicator's decimals, the target in force and its tolerance band, the
 * polarity, the step of the rule that decided (sc_status_decide, the same
 * code that judges every status), the status and one plain sentence, each
 * figure with the revision it came from. */
#ifndef SC_EXPLANATION_H
#define SC_EXPLANATION_H

#include <jansson.h>

#include "period.h"
#include "store.h"

/* Builds the explanation of indicator code in quarter q under the caller's
 * read transaction (with as_of applied, the figures as they stood then).
 * Returns SC_OK with *out (new reference), SC_ENOTFOUND when no such
 * indicator counts in q, SC_EDB or SC_ENOMEM. */
sc_rc sc_explanation_json(sc_db *db, sc_period q, const char *code, json_t **out);

#endif
