/* store_webhook.h - webhook subscriptions and their delivery log
 * (docs/API.md §19c). Subscriptions are configuration, not figures: they
 * leave no revisions; the delivery log is their history. An event is
 * raised inside the write transaction that caused it, so a delivery is
 * queued exactly when the write commits; the server's delivery worker
 * (server/hooks.c) sends what is due and records each attempt here, so a
 * restart resumes where it stopped. */
#ifndef SC_STORE_WEBHOOK_H
#define SC_STORE_WEBHOOK_H

#include <jansson.h>
#include <stdint.h>

#include "errors.h"
#include "period.h"
#include "store.h"
#include "webhook.h"

#define SC_WEBHOOK_RESPONSE_MAX 512 /* bytes of a receiver's answer kept */
#define SC_WEBHOOK_ATTEMPTS_MAX 8   /* then the delivery is failed */

/* Stores a subscription; *id is its id. SC_EDB. */
sc_rc sc_store_webhook_add(sc_db *db, const sc_webhook_input *in, const char *by, int64_t *id);

/* { id, url, events, created_at, created_by } of one (id > 0) or all
 * (id 0, as { items }) subscriptions, never the secret; new reference in
 * *out. SC_ENOTFOUND for an unknown id, SC_EDB. */
sc_rc sc_store_webhooks_json(sc_db *db, int64_t id, json_t **out);

/* Deletes the subscription and its delivery log. SC_ENOTFOUND, SC_EDB. */
sc_rc sc_store_webhook_delete(sc_db *db, int64_t id);

/* The deliveries of subscription id, newest first (at most limit), as
 * JSON items; SC_ENOTFOUND for an unknown id, SC_EDB. */
sc_rc sc_store_webhook_deliveries(sc_db *db, int64_t id, int limit, json_t **items);

/* Queues event e (about quarter q, and code when not NULL, with data:
 * borrowed) for every subscription that wants it, inside the caller's
 * write transaction. SC_EDB, SC_ENOMEM. */
sc_rc sc_store_webhook_raise(sc_db *db, sc_event e, sc_period q, const char *code,
                             const json_t *data);

/* True when event e was raised for quarter q before (to raise it once). */
sc_rc sc_store_webhook_raised(sc_db *db, sc_event e, sc_period q, bool *out);

/* A delivery that is due; strings owned, clear with
 * sc_webhook_due_clear(). */
typedef struct {
    int64_t id;
    char *event;
    char *body;
    char *url;
    char *secret;
    int attempts;    /* made before this one */
    int64_t webhook; /* its subscription */
} sc_webhook_due;

void sc_webhook_due_clear(sc_webhook_due *d);

/* Fills up to max deliveries whose next attempt is due, each the oldest of
 * its subscription (a subscription's deliveries go one at a time, in
 * order), oldest first; *n says how many. SC_EDB, SC_ENOMEM. */
sc_rc sc_store_webhook_due(sc_db *db, sc_webhook_due *out, int max, int *n);

/* Records attempt number attempts (>= 1) of delivery id: the receiver's
 * status (0 when none), its answer's first bytes, or the error; delivered
 * on 2xx, else pending again after retry_ms, or failed after the last
 * attempt. SC_EDB. */
sc_rc sc_store_webhook_attempt(sc_db *db, int64_t id, int attempts, int status,
                               const char *response, const char *error, long retry_ms);

#endif
