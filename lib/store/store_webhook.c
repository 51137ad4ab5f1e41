/* store_webhook.c - subscriptions and the delivery log (store_webhook.h). */
#include "store_webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jv.h"

static const char sql_hook_add[] =
    "INSERT INTO webhooks (url, secret, events, created_at, created_by)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4)";

sc_rc sc_store_webhook_add(sc_db *db, const sc_webhook_input *in, const char *by, int64_t *id)
{
    sc_stmt *st = sc_db_stmt(db, sql_hook_add);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, in->url);
    sc_stmt_bind_text(st, 2, in->secret);
    sc_stmt_bind_int(st, 3, (int)in->events);
    sc_stmt_bind_text(st, 4, by);
    if (sc_stmt_run(st) != SC_OK)
        return SC_EDB;
    *id = sc_db_last_id(db);
    return SC_OK;
}

static const char sql_hooks[] = "SELECT id, url, events, created_at, created_by FROM webhooks"
                                " WHERE ?1 = 0 OR id = ?1 ORDER BY id";

sc_rc sc_store_webhooks_json(sc_db *db, int64_t id, json_t **out)
{
    sc_stmt *st = sc_db_stmt(db, sql_hooks);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int64(st, 1, id);
    json_t *items = json_array();
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)sc_stmt_int64(st, 0),
                             "url", sc_stmt_text(st, 1), "events",
                             sc_webhook_events_json((unsigned)sc_stmt_int(st, 2)), "created_at",
                             sc_jv_new_string_or_null(sc_stmt_text(st, 3)), "created_by",
                             sc_jv_new_string_or_null(sc_stmt_text(st, 4))));
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE || (id && !json_array_size(items))) {
        json_decref(items);
        return rc != SC_STEP_DONE ? SC_EDB : SC_ENOTFOUND;
    }
    if (id) {
        *out = json_incref(json_array_get(items, 0));
        json_decref(items);
    } else {
        *out = json_pack("{s:o, s:i}", "items", items, "count", (int)json_array_size(items));
    }
    return *out ? SC_OK : SC_ENOMEM;
}

static const char sql_drop_deliveries[] = "DELETE FROM webhook_deliveries WHERE webhook_id = ?1";
static const char sql_hook_drop[] = "DELETE FROM webhooks WHERE id = ?1";

sc_rc sc_store_webhook_delete(sc_db *db, int64_t id)
{
    sc_stmt *st = sc_db_stmt(db, sql_drop_deliveries);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int64(st, 1, id);
    if (sc_stmt_run(st) != SC_OK || !(st = sc_db_stmt(db, sql_hook_drop)))
        return SC_EDB;
    sc_stmt_bind_int64(st, 1, id);
    if (sc_stmt_run(st) != SC_OK)
        return SC_EDB;
    return sc_db_changes(db) ? SC_OK : SC_ENOTFOUND;
}

static const char sql_deliveries[] =
    "SELECT id, event, quarter, state, attempts, status_code, response, error, created_at,"
    " last_attempt_at, next_attempt_at FROM webhook_deliveries WHERE webhook_id = ?1"
    " ORDER BY id DESC LIMIT ?2";

sc_rc sc_store_webhook_deliveries(sc_db *db, int64_t id, int limit, json_t **items)
{
    json_t *hook = NULL;
    sc_rc r = sc_store_webhooks_json(db, id, &hook);
    json_decref(hook);
    if (r != SC_OK)
        return r;
    sc_stmt *st = sc_db_stmt(db, sql_deliveries);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int64(st, 1, id);
    sc_stmt_bind_int(st, 2, limit);
    *items = json_array();
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        bool pending = strcmp(sc_stmt_text(st, 3), "pending") == 0;
        json_array_append_new(
            *items,
            json_pack("{s:I, s:s, s:o, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                      (json_int_t)sc_stmt_int64(st, 0), "event", sc_stmt_text(st, 1), "quarter",
                      sc_stmt_null(st, 2) ? json_null() : sc_jv_new_period(sc_stmt_int(st, 2)),
                      "state", sc_stmt_text(st, 3), "attempts", sc_stmt_int(st, 4), "status_code",
                      sc_stmt_null(st, 5) ? json_null() : json_integer(sc_stmt_int(st, 5)),
                      "response", sc_jv_new_string_or_null(sc_stmt_text(st, 6)), "error",
                      sc_jv_new_string_or_null(sc_stmt_text(st, 7)), "created_at",
                      sc_jv_new_string_or_null(sc_stmt_text(st, 8)), "last_attempt_at",
                      sc_jv_new_string_or_null(sc_stmt_text(st, 9)), "next_attempt_at",
                      pending ? sc_jv_new_string_or_null(sc_stmt_text(st, 10)) : json_null()));
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        json_decref(*items);
        return SC_EDB;
    }
    return SC_OK;
}

static const char sql_raise[] =
    "INSERT INTO webhook_deliveries (webhook_id, event, quarter, body, state, attempts,"
    " next_attempt_at, created_at) SELECT id, ?1, ?2, ?3, 'pending', 0,"
    " strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now')"
    " FROM webhooks WHERE (events / ?4) % 2 = 1";
static const char sql_any[] = "SELECT 1 FROM webhooks WHERE (events / ?1) % 2 = 1";

sc_rc sc_store_webhook_raise(sc_db *db, sc_event e, sc_period q, const char *code,
                             const json_t *data)
{
    int bit = 1 << e;
    sc_stmt *st = sc_db_stmt(db, sql_any);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, bit);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc != SC_STEP_ROW)
        return rc == SC_STEP_DONE ? SC_OK : SC_EDB; /* nobody listens: nothing to build */
    json_t *body = json_pack("{s:s, s:o, s:o, s:O}", "event", sc_event_keys[e], "quarter",
                             sc_jv_new_period(q), "code", sc_jv_new_string_or_null(code), "data",
                             data ? (json_t *)data : json_null());
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text || !(st = sc_db_stmt(db, sql_raise))) {
        free(text);
        return text ? SC_EDB : SC_ENOMEM;
    }
    sc_stmt_bind_text(st, 1, sc_event_keys[e]);
    sc_stmt_bind_int(st, 2, q);
    sc_stmt_bind_text(st, 3, text);
    sc_stmt_bind_int(st, 4, bit);
    sc_rc r = sc_stmt_run(st);
    free(text);
    return r;
}

static const char sql_raised[] =
    "SELECT 1 FROM webhook_deliveries WHERE event = ?1 AND quarter = ?2";

sc_rc sc_store_webhook_raised(sc_db *db, sc_event e, sc_period q, bool *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_raised);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, sc_event_keys[e]);
    sc_stmt_bind_int(st, 2, q);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    *out = rc == SC_STEP_ROW;
    return rc == SC_STEP_ROW || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

void sc_webhook_due_clear(sc_webhook_due *d)
{
    if (!d)
        return;
    free(d->event);
    free(d->body);
    free(d->url);
    free(d->secret);
    memset(d, 0, sizeof *d);
}

/* The oldest due delivery of each subscription: one receiver's backlog
 * never stands in front of another's. */
#define DUE "d.state = 'pending' AND d.next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%fZ','now')"
static const char sql_due[] =
    "SELECT d.id, d.event, d.body, w.url, w.secret, d.attempts, d.webhook_id"
    " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE " DUE
    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id"
    "  AND e.state = 'pending' AND (e.next_attempt_at < d.next_attempt_at"
    "  OR (e.next_attempt_at = d.next_attempt_at AND e.id < d.id)))"
    " ORDER BY d.next_attempt_at, d.id LIMIT ?1";

sc_rc sc_store_webhook_due(sc_db *db, sc_webhook_due *out, int max, int *n)
{
    *n = 0;
    sc_stmt *st = sc_db_stmt(db, sql_due);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, max);
    int rc;
    sc_rc r = SC_OK;
    while (*n < max && (rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        sc_webhook_due *d = &out[*n];
        d->id = sc_stmt_int64(st, 0);
        d->event = sc_stmt_strdup(st, 1);
        d->body = sc_stmt_strdup(st, 2);
        d->url = sc_stmt_strdup(st, 3);
        d->secret = sc_stmt_strdup(st, 4);
        d->attempts = sc_stmt_int(st, 5);
        d->webhook = sc_stmt_int64(st, 6);
        (*n)++;
        if (!d->event || !d->body || !d->url || !d->secret) {
            r = SC_ENOMEM;
            break;
        }
    }
    sc_stmt_reset(st);
    if (r == SC_OK && *n < max && rc != SC_STEP_DONE)
        r = SC_EDB;
    if (r != SC_OK) {
        for (int i = 0; i < *n; i++)
            sc_webhook_due_clear(&out[i]);
        *n = 0;
    }
    return r;
}

static const char sql_attempt[] =
    "UPDATE webhook_deliveries SET attempts = ?2, status_code = ?3, response = ?4, error = ?5,"
    " last_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
    " state = CASE WHEN ?3 BETWEEN 200 AND 299 THEN 'delivered'"
    "  WHEN ?2 >= ?7 THEN 'failed' ELSE 'pending' END,"
    " next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ','now', ?6) WHERE id = ?1";

sc_rc sc_store_webhook_attempt(sc_db *db, int64_t id, int attempts, int status,
                               const char *response, const char *error, long retry_ms)
{
    char delay[48];
    snprintf(delay, sizeof delay, "+%ld.%03ld seconds", retry_ms / 1000, retry_ms % 1000);
    sc_stmt *st = sc_db_stmt(db, sql_attempt);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int64(st, 1, id);
    sc_stmt_bind_int(st, 2, attempts);
    if (status)
        sc_stmt_bind_int(st, 3, status);
    sc_stmt_bind_text(st, 4, response);
    sc_stmt_bind_text(st, 5, error);
    sc_stmt_bind_text(st, 6, delay);
    sc_stmt_bind_int(st, 7, SC_WEBHOOK_ATTEMPTS_MAX);
    return sc_stmt_run(st);
}
