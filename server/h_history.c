/* h_history.c - figures in time (docs/API.md §19): an indicator's history
 * and a quarter's revisions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "history.h"
#include "jv.h"
#include "revision.h"

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
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter", "from must not be after to");
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
    json_t *body = json_pack("{s:s, s:o, s:o}", "quarter", sc_period_format(q, qs), "items", items,
                             "next", next ? json_integer(next) : json_null());
    if (body && next) {
        char path[200], link[300];
        snprintf(path, sizeof path, "/api/v1/quarters/%s/revisions?before=%lld&limit=%d", qs,
                 (long long)next, limit);
        json_object_set_new(body, "next_url",
                            json_string(sc_req_link(req, path, link, sizeof link)));
    }
    sc_reply_json(req, 200, body);
}
