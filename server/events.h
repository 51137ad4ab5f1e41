/* events.h - raising the webhook events (docs/API.md §19c) from the
 * writes that know them, inside the write's transaction, so a delivery is
 * queued exactly when the write commits (store_webhook.h). Each returns
 * SC_OK, SC_EDB or SC_ENOMEM; the caller then fails the write. */
#ifndef SC_EVENTS_H
#define SC_EVENTS_H

#include <jansson.h>

#include "errors.h"
#include "period.h"
#include "question.h"
#include "return.h"
#include "store.h"
#include "store_kpi.h"

/* After a result of (q, code) was written (what: created or updated):
 * status_outside_target when it is outside its target range,
 * figure_restated when it changed in a quarter signed off before. */
sc_rc sc_events_result(sc_db *db, sc_period q, const char *code, sc_write what);

/* After a return doc was applied to q: return_received with its counts,
 * status_outside_target for each of its indicators outside target range,
 * figure_restated when it changed figures of a quarter signed off before. */
sc_rc sc_events_return(sc_db *db, sc_period q, const json_t *doc, const sc_return_outcome *o);

/* After the trust answered question qu: question_answered. */
sc_rc sc_events_answer(sc_db *db, sc_period q, const sc_question *qu);

#endif
