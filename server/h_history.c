/* h_history.c - figures in time (contract §10): an indicator's history,
 * a quarter's revisions, benchmarks on a result, and sign-off locks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchmark.h"
#include "handlers.h"
#include "history.h"
#include "store_benchmark.h"
#include "jv.h"
#include "lock.h"
#include "revision.h"
#include "store_kpi.h"

#define MAX_HISTORY_QUARTERS 200

static bool optional_quarter(sc_req *req, const char *name, sc_period *out)
{
    const char *v = sc_req_query(req, name);
    char hint[200];
    *out = SC_PERIOD_NONE;
    if (!v || sc_period_parse(v, out, hint, sizeof hint))
        return true;
    sc_reply_problem(req, 400, "bad-quarter", "Bad quarter id", "%s \"%.40s\" is %s", name, v,
                     hint);
    return false;
}

void sc_h_history(sc_req *req)
{
    sc_period from, to;
    if (!optional_quarter(req, "from", &from) || !optional_quarter(req, "to", &to))
        return;
    if (from != SC_PERIOD_NONE && to != SC_PERIOD_NONE && from > to) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "from must not be after to");
        return;
    }
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    json_t *out = NULL;
    sc_rc rc = sc_history_json(req->db, req->params[0], from, to, MAX_HISTORY_QUARTERS, &out);
    if (rc == SC_OK)
        sc_reply_json(req, 200, out);
    else if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"",
                         req->params[0]);
    else
        sc_reply_rc(req, rc, NULL, NULL);
}

void sc_h_revisions(sc_req *req)
{
    sc_period q;
    int limit;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "limit", 1, 500, 50, &limit))
        return;
    sc_revision_filter f = {-1, sc_req_query(req, "code"), 0, limit};
    const char *kind = sc_req_query(req, "kind");
    if (kind) {
        sc_rev_kind k;
        if (!sc_revision_kind_from_key(kind, &k)) {
            char kinds[160];
            sc_revision_kinds_text(kinds, sizeof kinds);
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "kind must be one of %s (got \"%.20s\")", kinds, kind);
            return;
        }
        f.kind = (int)k;
    }
    const char *before = sc_req_query(req, "before");
    if (before) {
        char *end;
        errno = 0;
        long long v = strtoll(before, &end, 10);
        if (!*before || *end || errno || v < 1) {
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "before must be a revision id from a previous page's next");
            return;
        }
        f.before_id = v;
    }
    json_t *items = NULL;
    int64_t next = 0;
    sc_rc rc = sc_revisions_list(req->db, q, &f, &items, &next);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    char qs[SC_PERIOD_ID_LEN];
    json_t *body = json_pack("{s:s, s:o, s:o}", "quarter", sc_period_format(q, qs), "items",
                             items, "next", next ? json_integer(next) : json_null());
    if (body && next) {
        char link[256];
        snprintf(link, sizeof link, "/api/v1/quarters/%s/revisions?before=%lld&limit=%d", qs,
                 (long long)next, limit);
        json_object_set_new(body, "next_url", json_string(link));
    }
    sc_reply_json(req, 200, body);
}

/* The indicator of a result path, or a 404 reply. */
static bool load_indicator(sc_req *req, const char *code, sc_indicator *ind)
{
    sc_rc rc = sc_store_indicator_get(req->db, code, ind);
    if (rc == SC_OK)
        return true;
    if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"", code);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    return false;
}

static void reply_benchmarks(sc_req *req, sc_period q, const sc_indicator *ind, bool written,
                             bool created)
{
    sc_benchmark b;
    sc_rc rc = sc_store_benchmark_get(req->db, q, ind->code, &b);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "no benchmarks for %s in %s", ind->code, req->params[0]);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_quarter_filter f = {-1, NULL, ind->code, true};
    sc_quarter view;
    const sc_result *res = NULL;
    rc = sc_store_quarter(req->db, q, &f, &view);
    if (rc == SC_OK && view.count == 1 && view.rows[0].has_result)
        res = &view.rows[0].res;
    json_t *body = sc_benchmark_to_json(&b, ind, res);
    if (rc == SC_OK)
        sc_quarter_clear(&view);
    sc_benchmark_clear(&b);
    char qs[SC_PERIOD_ID_LEN], loc[200];
    json_object_set_new(body, "indicator", json_string(ind->code));
    json_object_set_new(body, "quarter", json_string(sc_period_format(q, qs)));
    snprintf(loc, sizeof loc, "/api/v1/quarters/%s/indicators/%s/benchmarks", qs, ind->code);
    if (written)
        sc_reply_written(req, created, body, loc);
    else
        sc_reply_json(req, 200, body);
}

void sc_h_benchmarks_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    sc_indicator ind;
    if (!load_indicator(req, req->params[1], &ind))
        return;
    reply_benchmarks(req, q, &ind, false, false);
    sc_indicator_clear(&ind);
}

void sc_h_benchmarks_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_benchmark b;
    sc_rc rc = sc_benchmark_from_json(req->body, &b, &errs);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, &errs, NULL);
        sc_errors_clear(&errs);
        return;
    }
    sc_indicator ind;
    if (sc_db_begin_write(req->db) != SC_OK) {
        sc_benchmark_clear(&b);
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!load_indicator(req, req->params[1], &ind)) {
        sc_benchmark_clear(&b);
        return;
    }
    sc_write what;
    rc = sc_store_benchmark_put(req->db, q, ind.code, &b, req->key_name, &what);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_benchmarks(req, q, &ind, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    sc_benchmark_clear(&b);
    sc_indicator_clear(&ind);
}

static void reply_quarter(sc_req *req, sc_period q)
{
    sc_lock l;
    sc_rc rc = sc_lock_get(req->db, q, &l);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, sc_lock_quarter_json(q, &l));
    sc_lock_clear(&l);
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
        sc_jv_string(req->body, "", "reason", true, 1, SC_LOCK_REASON_MAX, false, &reason,
                     &errs);
    if (errs.count) {
        sc_reply_invalid(req, &errs);
        sc_errors_clear(&errs);
        return;
    }
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK && (rc = sc_lock_set(req->db, q, lock, req->key_name, reason)) == SC_OK)
        rc = sc_db_commit(req->db);
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
