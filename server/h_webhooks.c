/* h_webhooks.c - webhook subscriptions and their delivery log
 * (docs/API.md §19c): admin only. The secret is taken on creation and
 * never shown again. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "store_webhook.h"
#include "webhook.h"

/* Path parameter 0 as a subscription id; replies 404 when it is not one. */
static bool hook_id(sc_req *req, int64_t *id)
{
    const char *s = req->params[0];
    char *end = NULL;
    long long v = s && *s >= '1' && *s <= '9' && strlen(s) <= 18 ? strtoll(s, &end, 10) : 0;
    if (v > 0 && end && !*end) {
        *id = v;
        return true;
    }
    sc_reply_problem(req, 404, "not-found", "Not Found", "no webhook \"%.40s\"", s ? s : "");
    return false;
}

static void reply_hooks(sc_req *req, int64_t id, int status)
{
    json_t *body = NULL;
    sc_rc rc = sc_store_webhooks_json(req->db, id, &body);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, "no such webhook");
        return;
    }
    if (status == 201) {
        char loc[64];
        snprintf(loc, sizeof loc, "/api/v1/webhooks/%" PRId64, id);
        sc_reply_written(req, true, body, loc);
    } else {
        sc_reply_json(req, status, body);
    }
}

void sc_h_webhooks_list(sc_req *req)
{
    reply_hooks(req, 0, 200);
}

void sc_h_webhook_get(sc_req *req)
{
    int64_t id;
    if (hook_id(req, &id))
        reply_hooks(req, id, 200);
}

void sc_h_webhook_post(sc_req *req)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_webhook_input in;
    int64_t id = 0;
    sc_rc rc = sc_webhook_from_json(req->body, &in, &errs);
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_webhook_add(req->db, &in, req->key_name, &id)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_hooks(req, id, 201);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

void sc_h_webhook_delete(sc_req *req)
{
    int64_t id;
    if (!hook_id(req, &id))
        return;
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK && (rc = sc_store_webhook_delete(req->db, id)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        sc_reply_json(req, 204, NULL);
    else
        sc_reply_rc(req, rc, NULL, "no such webhook");
}

void sc_h_webhook_deliveries(sc_req *req)
{
    int64_t id;
    int limit;
    if (!hook_id(req, &id) || !sc_req_query_int(req, "limit", 1, 500, 50, &limit))
        return;
    json_t *items = NULL;
    sc_rc rc = sc_store_webhook_deliveries(req->db, id, limit, &items);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, "no such webhook");
        return;
    }
    sc_reply_json(req, 200,
                  json_pack("{s:I, s:o, s:i}", "webhook", (json_int_t)id, "items", items, "count",
                            (int)json_array_size(items)));
}
