/* h_locks.c - a quarter's sign-off lock (docs/API.md §19): GET
 * /api/v1/quarters/{quarter} (with its state in the cycle, §19a) and its
 * lock and unlock. */
#include "cycle.h"
#include "handlers.h"
#include "jv.h"
#include "lock.h"
#include "pack.h"
#include "signoff.h"

sc_rc sc_h_quarter_json(sc_req *req, sc_period q, const sc_lock *l, json_t **out)
{
    *out = NULL;
    /* the pack of the lock in force; none while unlocked */
    sc_pack p = {0};
    sc_rc rc = SC_OK;
    if (l->locked && (rc = sc_store_pack_get(req->db, q, &p)) != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    json_t *body = sc_lock_quarter_json(q, l);
    if (body)
        json_object_set_new(body, "pack", p.as_of ? sc_pack_to_json(&p) : json_null());
    sc_pack_clear(&p);
    if (!body)
        return SC_ENOMEM;
    if ((rc = sc_cycle_add_state(req->db, q, req->today, body)) != SC_OK) {
        json_decref(body);
        return rc;
    }
    *out = body;
    return SC_OK;
}

static void reply_quarter(sc_req *req, sc_period q)
{
    sc_lock l;
    json_t *body = NULL;
    sc_rc rc = sc_lock_get(req->db, q, &l);
    if (rc == SC_OK) {
        rc = sc_h_quarter_json(req, q, &l, &body);
        sc_lock_clear(&l);
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, body);
}

void sc_h_quarter_get(sc_req *req)
{
    sc_period q;
    if (sc_req_quarter(req, 0, &q))
        reply_quarter(req, q);
}

static void set_lock(sc_req *req, bool lock)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    static const char *const members[] = {"reason", NULL};
    sc_errors errs = SC_ERRORS_INIT;
    const char *reason = NULL;
    if (sc_jv_object(req->body, "", members, &errs))
        sc_jv_string(req->body, "", "reason", true, 1, SC_LOCK_REASON_MAX, false, &reason, &errs);
    if (errs.count) {
        sc_reply_invalid(req, &errs);
        sc_errors_clear(&errs);
        return;
    }
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK)
        rc = sc_lock_set(req->db, q, lock, req->key_name, reason);
    /* the pack is recorded in the lock's own transaction: a lock without
     * its digests is never seen */
    if (rc == SC_OK && lock)
        rc = sc_signoff_record(req->db, q);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    else
        sc_db_rollback(req->db);
    if (rc == SC_ECONFLICT)
        sc_reply_problem(req, 409, "conflict", "Conflict", "%s is %s already", req->params[0],
                         lock ? "locked" : "unlocked");
    else if (rc != SC_OK)
        sc_reply_rc(req, rc, NULL, NULL);
    else
        reply_quarter(req, q);
}

void sc_h_quarter_lock(sc_req *req)
{
    set_lock(req, true);
}

void sc_h_quarter_unlock(sc_req *req)
{
    set_lock(req, false);
}
