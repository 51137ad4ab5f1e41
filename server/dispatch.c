/* dispatch.c - one request from its route to its answer: the route, the
 * query check, authentication and authorisation, the body, the render
 * cache, and the hand-off of writes to the write queue (dispatch.h). */
#include "dispatch.h"

#include <ctype.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "handlers.h"
#include "jv.h"
#include "org.h"
#include "public_view.h"
#include "respond.h"
#include "xlsx.h"

/* %HH in place (never longer); a decoded NUL ends the value. */
static void percent_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
            char hex[3] = {r[1], r[2], '\0'};
            *w++ = (char)strtoul(hex, NULL, 16);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static enum MHD_Result decode_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)cls;
    (void)kind;
    /* libmicrohttpd keeps these in its per-connection buffer, writable, as
     * its own unescaper would have written them */
    percent_decode((char *)key);
    if (value)
        percent_decode((char *)value);
    return MHD_YES;
}

static bool authenticate(sc_server *srv, struct MHD_Connection *conn, sc_req *req,
                         sc_conn_state *cs)
{
    const char *auth =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    req->role = SC_ROLE_NONE;
    if (!auth)
        return true;
    if (strncasecmp(auth, "Bearer ", 7) != 0) {
        sc_reply_problem(req, 401, "unauthorized", "Unauthorized",
                         "the Authorization header must be \"Bearer <key>\"");
        return false;
    }
    const char *key = auth + 7;
    while (*key == ' ')
        key++;
    sc_key_info info = {0};
    sc_rc rc = sc_keys_authenticate_info(req->db, key, &info);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 401, "unauthorized", "Unauthorized",
                         "the key is unknown or has been revoked");
        return false;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return false;
    }
    (void)srv;
    req->role = info.role;
    cs->key_name = info.name;
    req->key_name = info.name;
    cs->key_org = info.org;
    req->key_org = info.org;
    req->key_deployment = info.deployment;
    return true;
}

/* ---- organisations (docs/API.md, "Organisations") ---- */

static const char org_prefix[] = "/api/v1/orgs/";

/* The deployment's own routes: they run on the root database, exist only
 * without a prefix, and are never cached (a list's content depends on the
 * key asking). */
static bool deployment_route(const sc_route *route)
{
    return route->handler == sc_h_orgs_list || route->handler == sc_h_orgs_post;
}

/* Takes /api/v1/orgs/{org} off the path: /api/v1/orgs/B/indicators is
 * routed as /api/v1/indicators on B, /api/v1/orgs/B as /api/v1. Without
 * the prefix the request addresses the default organisation. False after
 * replying (404 for a code that cannot be an organisation's). */
static bool take_org_prefix(sc_conn_state *cs, sc_req *req)
{
    req->org = SC_ORG_DEFAULT;
    size_t n = sizeof org_prefix - 1;
    if (strncmp(req->path, org_prefix, n) != 0)
        return true;
    const char *code = req->path + n;
    size_t len = strcspn(code, "/");
    const char *rest = code + len;
    cs->org = strndup(code, len);
    size_t pn = sizeof "/api/v1" + strlen(rest);
    cs->org_path = malloc(pn);
    if (!cs->org || !cs->org_path) {
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "out of memory");
        return false;
    }
    percent_decode(cs->org);
    snprintf(cs->org_path, pn, "/api/v1%s", rest);
    if (!sc_jv_code_valid(cs->org)) {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "no organisation %.80s: organisation codes are " SC_CODE_RULE, cs->org);
        return false;
    }
    req->org = cs->org;
    req->path = cs->org_path;
    return true;
}

/* True when the request came with an organisation's prefix other than
 * the default one's. */
static bool cs_prefixed(const sc_req *req)
{
    return strcmp(req->org, SC_ORG_DEFAULT) != 0;
}

/* After authentication, on the root database: the organisation must exist
 * (404), and a key may only act on its own organisation unless it is a
 * deployment key (403, on every route, read or write, before the role is
 * looked at; nothing has been read or changed). 403 rather than 404:
 * the key is valid and the organisation's code is no secret (it is in
 * every URL of it, and its reads are public unless --private-read), so the
 * truthful answer tells a misconfigured client which key to use. */
static bool check_org(sc_server *srv, sc_req *req, const sc_route *route)
{
    if (cs_prefixed(req)) {
        /* the deployment's routes have no prefixed form (404); an
         * organisation whose store is open was found before and is never
         * deleted: no query on every request of a busy one */
        bool known = false;
        sc_rc rc = SC_OK;
        if (!deployment_route(route) && !(known = sc_orgreg_holds(srv->orgs, req->org)))
            rc = sc_org_exists(req->db, req->org, &known);
        if (rc != SC_OK) {
            sc_reply_rc(req, rc, NULL, NULL);
            return false;
        }
        if (!known) {
            sc_reply_problem(req, 404, "not-found", "Not Found",
                             "no organisation %.80s (GET /api/v1/orgs lists them)", req->org);
            return false;
        }
    }
    /* routes that need no key (health, metrics, the API's description,
     * the documentation and dashboard pages) are the service's, not an
     * organisation's: any valid key may fetch them */
    if (req->key_org && !req->key_deployment && !deployment_route(route) &&
        route->role != SC_ROLE_NONE && strcmp(req->key_org, req->org) != 0) {
        sc_reply_problem(req, 403, "forbidden-organisation", "Forbidden",
                         "the key \"%s\" belongs to the organisation %.80s, not to %.80s",
                         req->key_name, req->key_org, req->org);
        return false;
    }
    return true;
}

/* Swaps req->db for a connection to the addressed organisation's store
 * (the default one's is the root's, already held). False after replying. */
static bool use_org_store(sc_server *srv, sc_conn_state *cs, sc_req *req)
{
    if (strcmp(req->org, SC_ORG_DEFAULT) == 0)
        return true;
    sc_store_release(srv->store, req->db);
    req->db = NULL;
    sc_store *st = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    sc_rc rc = sc_orgreg_store(srv->orgs, req->org, &st, &errs);
    if (rc != SC_OK) {
        fprintf(stderr, "scrutiny: organisation %s: %s\n", req->org,
                errs.message ? errs.message : sc_rc_name(rc));
        sc_errors_clear(&errs);
        if (rc == SC_EINVALID)
            sc_reply_problem(req, 404, "not-found", "Not Found",
                             "this deployment's database holds only the default organisation");
        else
            sc_reply_problem(req, 503, "unavailable", "Service Unavailable",
                             "the database of organisation %.80s cannot be opened", req->org);
        return false;
    }
    cs->store = st;
    req->db = sc_store_acquire(st);
    return true;
}

static bool authorise(sc_server *srv, const sc_route *route, sc_req *req)
{
    bool read = strcmp(route->method, "GET") == 0;
    sc_role need = route->role;
    if (need == SC_ROLE_NONE || (read && !srv->cfg.private_read && need <= SC_ROLE_READER))
        return true;
    if (req->role == SC_ROLE_NONE) {
        sc_reply_problem(req, 401, "unauthorized", "Unauthorized",
                         "this request needs a key with the %s role: send "
                         "\"Authorization: Bearer <key>\"",
                         sc_role_key(need));
        return false;
    }
    if (req->role < need) {
        sc_reply_problem(req, 403, "forbidden", "Forbidden",
                         "the key \"%s\" has the %s role; this request needs %s", req->key_name,
                         sc_role_key(req->role), sc_role_key(need));
        return false;
    }
    return true;
}

struct query_check {
    const sc_route *route;
    sc_req *req;
    bool ok;
};

static enum MHD_Result check_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    struct query_check *qc = cls;
    (void)kind;
    (void)value;
    for (const char *const *q = qc->route->query; q && *q; q++)
        if (strcmp(*q, key) == 0)
            return MHD_YES;
    char accepted[256] = "";
    size_t used = 0;
    for (const char *const *q = qc->route->query; q && *q && used < sizeof accepted; q++)
        used +=
            (size_t)snprintf(accepted + used, sizeof accepted - used, "%s%s", used ? ", " : "", *q);
    sc_reply_problem(qc->req, 400, "bad-query", "Bad query parameter",
                     "unknown query parameter \"%.60s\"; this endpoint accepts: %s", key,
                     used ? accepted : "none");
    qc->ok = false;
    return MHD_NO;
}

static bool json_media_type(const char *ct)
{
    if (!ct)
        return false;
    size_t n = strcspn(ct, ";");
    while (n > 0 && ct[n - 1] == ' ')
        n--;
    if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
        return true;
    /* application/problem+json, application/merge-patch+json, ... */
    return n > 17 && strncasecmp(ct, "application/", 12) == 0 &&
           strncasecmp(ct + n - 5, "+json", 5) == 0;
}

static bool csv_media_type(const char *ct)
{
    size_t n = ct ? strcspn(ct, ";") : 0;
    while (n > 0 && ct[n - 1] == ' ')
        n--;
    return n == 8 && strncasecmp(ct, "text/csv", 8) == 0;
}

static bool parse_body(struct MHD_Connection *conn, sc_conn_state *cs, sc_req *req,
                       const sc_route *route)
{
    const char *ct =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    /* a route that takes CSV gets the bytes as they came (the body limit
     * has already applied); its handler parses them (model/csv_return.h) */
    if (route->csv_body && csv_media_type(ct)) {
        if (cs->len == 0) {
            sc_reply_problem(req, 400, "malformed-csv", "Malformed CSV",
                             "this request needs a body: the header row and the rows");
            return false;
        }
        req->csv_body = cs->body;
        req->csv_len = cs->len;
        return true;
    }
    /* no body has no media type to refuse: it is the body that is missing */
    if (cs->len == 0 && !ct) {
        sc_reply_problem(req, 400, "malformed-json", "Malformed JSON",
                         "this request needs a JSON body");
        return false;
    }
    if (!json_media_type(ct)) {
        sc_reply_problem(req, 415, "unsupported-media-type", "Unsupported Media Type",
                         "send the body as application/json%s (got %.80s)",
                         route->csv_body ? " or text/csv" : "", ct ? ct : "no Content-Type");
        return false;
    }
    if (cs->len == 0) {
        sc_reply_problem(req, 400, "malformed-json", "Malformed JSON",
                         "this request needs a JSON body");
        return false;
    }
    json_error_t jerr;
    req->body = json_loadb(cs->body, cs->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!req->body) {
        sc_reply_problem(req, 400, "malformed-json", "Malformed JSON",
                         "the body is not valid JSON: %s (line %d, column %d)", jerr.text,
                         jerr.line, jerr.column);
        return false;
    }
    return true;
}

struct key_builder {
    char *buf;
    size_t len, cap;
    bool oom;
};

static void key_add_n(struct key_builder *k, const char *s, size_t n)
{
    if (k->oom)
        return;
    if (k->len + n + 1 > k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 256;
        while (cap < k->len + n + 1)
            cap *= 2;
        char *b = realloc(k->buf, cap);
        if (!b) {
            k->oom = true;
            return;
        }
        k->buf = b;
        k->cap = cap;
    }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = '\0';
}

static void key_add(struct key_builder *k, const char *s)
{
    key_add_n(k, s, strlen(s));
}

/* A decoded name or value with '%', '&', '=' and every byte outside
 * printable ASCII written as %HH, so that no two different argument lists
 * give one key (?code=a%26limit%3D5 is one argument, ?code=a&limit=5 two). */
static void key_add_encoded(struct key_builder *k, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p > ' ' && *p < 0x7f && *p != '%' && *p != '&' && *p != '=') {
            key_add_n(k, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            key_add_n(k, esc, 3);
        }
    }
}

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *name,
                               const char *value)
{
    (void)kind;
    key_add(cls, "&");
    key_add_encoded(cls, name);
    /* "?a" (no value) and "?a=" are the same to every handler */
    key_add(cls, "=");
    key_add_encoded(cls, value ? value : "");
    return MHD_YES;
}

static void set_today(sc_req *req)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(req->today, sizeof req->today, "%Y-%m-%d", &tm);
}

/* path, query arguments in order, the Accept header (which can choose
 * CSV or a report format) and the day (a quarter's state in the cycle
 * changes with it, with no write): everything an answer of a GET depends
 * on. The path has no '?' in it (libmicrohttpd splits the query off), and the
 * arguments are encoded, so the key is unambiguous. */
static char *cache_key(struct MHD_Connection *conn, sc_req *req, bool public_view)
{
    struct key_builder k = {0};
    /* a public answer under disclosure control is another answer than the
     * keyed one of the same URL: a path never starts with '!' */
    if (public_view)
        key_add(&k, "!public ");
    /* every organisation's data versions count from 0 in its own database:
     * the key says whose answer it is ("@code /api/v1/..."; a path never
     * starts with '@' and a code has no space) */
    key_add(&k, "@");
    key_add(&k, req->org);
    key_add(&k, " ");
    key_add(&k, req->path);
    key_add(&k, "?");
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, key_arg, &k);
    key_add(&k, "\n");
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    key_add(&k, accept ? accept : "");
    key_add(&k, "\n");
    key_add(&k, req->today);
    if (k.oom) {
        free(k.buf);
        return NULL;
    }
    return k.buf;
}

/* Renders the answer once and keeps it for this data version. */
static void cache_answer(sc_server *srv, sc_req *req, const char *key, int64_t version)
{
    if (req->volatile_body || req->static_body || (!req->json && !req->text))
        return;
    size_t len;
    char *body = sc_respond_encode(req, &len);
    if (!body)
        return;
    char etag[40];
    sc_respond_etag(body, len, etag);
    sc_cached *e =
        sc_cache_put(srv->cache, key, version, body, len, etag, req->media_type, req->disposition);
    if (e) {
        req->cached = e;
        json_decref(req->json);
        req->json = NULL;
        free(body);
    } else {
        req->text = body; /* too large to keep: send it as rendered */
        req->text_len = len;
    }
}

/* Built-in documents go through a cache of their own, so that their ETag
 * is computed and their gzip form made once, not per request. */
static void keep_static(sc_server *srv, sc_req *req)
{
    req->cached = sc_cache_get(srv->statics, req->path, 0);
    if (req->cached)
        return;
    char etag[40];
    sc_respond_etag((const char *)req->static_body, req->static_len, etag);
    req->cached = sc_cache_put(srv->statics, req->path, 0, (const char *)req->static_body,
                               req->static_len, etag, req->media_type, NULL);
}

/* ?format=csv|xlsx|json decides; without it, the first of text/csv and
 * the XLSX media type named in Accept does (quality values are not
 * weighed, as for the report). Replies 400 and returns false for another
 * format. */
static bool wants_sheet(struct MHD_Connection *conn, sc_req *req, sc_sheet_format *out)
{
    const char *f = sc_req_query(req, "format");
    *out = SC_SHEET_NONE;
    if (f) {
        if (strcmp(f, "csv") == 0 || strcmp(f, "xlsx") == 0 || strcmp(f, "json") == 0) {
            *out = f[0] == 'c' ? SC_SHEET_CSV : f[0] == 'x' ? SC_SHEET_XLSX : SC_SHEET_NONE;
            return true;
        }
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "format must be json, csv or xlsx (got \"%.20s\")", f);
        return false;
    }
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    const char *csv = accept ? strstr(accept, "text/csv") : NULL;
    const char *xlsx = accept ? strstr(accept, SC_XLSX_MEDIA_TYPE) : NULL;
    if (csv && (!xlsx || csv < xlsx))
        *out = SC_SHEET_CSV;
    else if (xlsx)
        *out = SC_SHEET_XLSX;
    return true;
}

/* OPTIONS: a CORS preflight (Origin + Access-Control-Request-Method) is
 * answered 204 when the origin and method are allowed, 403 otherwise; a
 * plain OPTIONS just lists the methods (Allow). */
static void preflight(sc_server *srv, struct MHD_Connection *conn, sc_req *req, const char *allow)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    const char *want =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Access-Control-Request-Method");
    if (!origin || !want) {
        sc_reply_json(req, 204, NULL);
        return;
    }
    size_t wl = strlen(want);
    const char *p = strstr(allow, want);
    bool method_ok = wl > 0 && p && (p[wl] == ',' || p[wl] == '\0') && (p == allow || p[-1] == ' ');
    if (!method_ok || !sc_respond_cors_origin(srv, conn, want)) {
        sc_reply_problem(req, 403, "cors-refused", "Forbidden",
                         "cross-origin %.10s from %.100s is not allowed here (see --cors-origin)",
                         want, origin);
        return;
    }
    req->preflight = true;
    req->method = want; /* so the CORS headers are those of the real request */
    if (strcmp(sc_respond_cors_origin(srv, conn, want), "*") == 0)
        req->allow_methods = "GET, HEAD, OPTIONS"; /* "*" opens reads only */
    sc_reply_json(req, 204, NULL);
}

static bool is_write(const sc_route *route)
{
    return strcmp(route->method, "GET") != 0 && strcmp(route->method, "HEAD") != 0 &&
           strcmp(route->method, "OPTIONS") != 0;
}

/* Hands a write to the write queue with its connection suspended; false
 * (having replied 503) when the queue is full or stopping. */
static bool queue_write(sc_server *srv, struct MHD_Connection *conn, sc_conn_state *cs, sc_req *req)
{
    /* the queued job takes a connection of its own when its turn comes: a
     * pooled one held while waiting would starve the readers */
    sc_store_release(sc_conn_store(cs), req->db);
    req->db = NULL;
    atomic_store(&cs->job, SC_JOB_QUEUED);
    MHD_suspend_connection(conn);
    if (sc_writeq_push(srv->writes, cs))
        return true;
    MHD_resume_connection(conn);
    atomic_store(&cs->job, SC_JOB_NONE);
    sc_reply_problem(req, 503, "busy", "Service Unavailable",
                     "%d writes are already waiting for the database; retry shortly",
                     SC_WRITE_QUEUE_JOBS);
    return false;
}

/* A write runs at once, on this worker, when no write is queued or running
 * and the database's write lock is free this instant: the hand-off to the
 * writer thread and back costs about 0.1 ms, most of an uncontended push.
 * When the lock is taken it is not waited for: the answer made is dropped
 * and the write goes to the queue (false). */
static bool write_now(sc_server *srv, sc_req *req, const sc_route *route)
{
    if (sc_writeq_depth(srv->writes) > 0)
        return false;
    sc_db_set_nowait(req->db, true);
    route->handler(req);
    bool refused = sc_db_nowait_refused(req->db);
    sc_db_set_nowait(req->db, false);
    if (refused) {
        sc_reply_reset(req);
        return false;
    }
    if (!req->status)
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "no answer was made");
    return true;
}

void sc_dispatch_run_write(void *job, sc_writeq_turn turn)
{
    sc_conn_state *cs = job;
    sc_req *req = &cs->req;
    if (turn == SC_WRITEQ_RUN) {
        req->db = sc_store_acquire(sc_conn_store(cs));
        cs->route->handler(req);
        if (!req->status)
            sc_reply_problem(req, 500, "internal", "Internal Server Error", "no answer was made");
        sc_store_release(sc_conn_store(cs), req->db);
        req->db = NULL;
    } else if (turn == SC_WRITEQ_EXPIRED) {
        sc_reply_problem(req, 503, "busy", "Service Unavailable",
                         "the write waited %d s for the database's write lock and was not "
                         "applied; retry shortly",
                         SC_WRITE_WAIT_MS / 1000);
    } else {
        sc_reply_problem(req, 503, "shutting-down", "Service Unavailable",
                         "the server is shutting down; the write was not applied");
    }
    atomic_store(&cs->job, SC_JOB_DONE);
    MHD_resume_connection(cs->conn);
}

/* Disclosure control of a public answer, before it is rendered or kept:
 * in the same read transaction as the handler, so as_of reads look up the
 * same past. A sheet gets the confidential symbol in its cells. */
static void disclose(sc_req *req, bool sheet)
{
    sc_rc rc = sc_public_suppress(req->db, req->json, req->suppress_below);
    if (rc != SC_OK) {
        sc_reply_reset(req);
        sc_reply_rc(req, rc, NULL, NULL);
    } else if (sheet) {
        sc_public_mark(req->json);
    }
}

/* Reads of the data are answered from the render cache when nothing has
 * been written since they were rendered. */
static bool is_cacheable(const sc_route *route)
{
    return strcmp(route->method, "GET") == 0 && route->role != SC_ROLE_NONE &&
           !deployment_route(route);
}

/* The version's reader thread is done (vgate.h): the suspended request
 * goes on in sc_dispatch_resume_read. */
static void version_read(void *arg, sc_rc rc, int64_t version)
{
    sc_conn_state *cs = arg;
    cs->version_rc = rc;
    cs->version = version;
    atomic_store(&cs->job, SC_JOB_VERSIONED);
    MHD_resume_connection(cs->conn);
}

/* Suspends a cacheable read until a data-version read that begins after
 * now has ended, when the engine's reads are shared (vgate.h); false when
 * they are not, or the gate cannot take the request: it then goes on at
 * once. The pooled connection is given back meanwhile: a cached answer
 * needs none, and waiting requests would starve the others. */
static bool await_version(sc_server *srv, sc_conn_state *cs, const sc_route *route,
                          sc_sheet_format sheet)
{
    if (!sc_vgate_shared(srv->vgate))
        return false;
    cs->route = route;
    cs->sheet = (int)sheet;
    cs->vwait = (sc_vgate_waiter){.fn = version_read, .arg = cs};
    sc_store_release(sc_conn_store(cs), cs->req.db);
    cs->req.db = NULL;
    atomic_store(&cs->job, SC_JOB_QUEUED);
    MHD_suspend_connection(cs->conn);
    if (sc_vgate_wait(srv->vgate, sc_conn_store(cs), &cs->vwait))
        return true; /* cs may already be another thread's: not touched again */
    MHD_resume_connection(cs->conn);
    atomic_store(&cs->job, SC_JOB_NONE);
    cs->req.db = sc_store_acquire(sc_conn_store(cs));
    return false;
}

/* Answers a read, from the cache when it may: vrc and version are the
 * outcome of the data-version read made for a cacheable read (by the gate
 * or by sc_dispatch); any vrc but SC_OK (a read the cache does not keep,
 * or a failed version read) renders without the cache. A hit needs only
 * that version; a miss renders inside a read transaction and labels the
 * answer with the version read in that same snapshot. */
static void answer_read(sc_server *srv, sc_conn_state *cs, const sc_route *route,
                        sc_sheet_format sheet, sc_rc vrc, int64_t version)
{
    sc_req *req = &cs->req;
    bool public_view = srv->cfg.suppress_below > 0 && req->role == SC_ROLE_NONE;
    char *key = NULL;
    if (vrc == SC_OK && (key = cache_key(cs->conn, req, public_view))) {
        req->cached = sc_cache_get(srv->cache, key, version);
        if (req->cached) {
            req->status = 200;
            free(key);
            return;
        }
    }
    if (!req->db) /* given back while the request waited for the version */
        req->db = sc_store_acquire(sc_conn_store(cs));
    if (key &&
        (sc_db_begin_read(req->db) != SC_OK || sc_db_data_version(req->db, &version) != SC_OK)) {
        free(key);
        key = NULL;
    }
    req->suppress_below = public_view ? srv->cfg.suppress_below : 0;
    route->handler(req);
    if (!req->status)
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "no answer was made");
    if (public_view && req->json && req->status == 200)
        disclose(req, sheet != SC_SHEET_NONE);
    if (sheet != SC_SHEET_NONE)
        sc_respond_sheet(route, req, sheet);
    if (req->static_body && req->status == 200 && strcmp(route->method, "GET") == 0)
        keep_static(srv, req);
    else if (key && req->status == 200)
        cache_answer(srv, req, key, version);
    free(key);
}

bool sc_dispatch(sc_server *srv, sc_conn_state *cs)
{
    struct MHD_Connection *conn = cs->conn;
    sc_req *req = &cs->req;
    char *allow = cs->allow;
    size_t allow_n = sizeof cs->allow;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, decode_arg, NULL);
    set_today(req);
    if (!take_org_prefix(cs, req))
        return false;
    const sc_route *route =
        sc_route_match(req->method, req->path, req->params, &req->nparams, allow, allow_n);
    if (!route) {
        if (!allow[0]) {
            sc_reply_problem(req, 404, "not-found", "Not Found", "no resource at %.200s",
                             req->path);
        } else if (strcmp(req->method, "OPTIONS") == 0) {
            strncat(allow, ", OPTIONS", allow_n - strlen(allow) - 1);
            preflight(srv, conn, req, allow);
        } else {
            strncat(allow, ", OPTIONS", allow_n - strlen(allow) - 1);
            sc_reply_problem(req, 405, "method-not-allowed", "Method Not Allowed",
                             "%s is not allowed here; allowed: %s", req->method, allow);
        }
        return false;
    }
    allow[0] = '\0';
    if (cs->org && deployment_route(route)) {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "the organisations are the deployment's: /api/v1/orgs has no "
                         "organisation prefix");
        return false;
    }
    struct query_check qc = {route, req, true};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_query_arg, &qc);
    if (!qc.ok)
        return false;
    sc_sheet_format sheet = SC_SHEET_NONE;
    if (route->csv && !wants_sheet(conn, req, &sheet))
        return false;
    req->db = sc_store_acquire(srv->store);
    req->private_read = srv->cfg.private_read;
    if (!authenticate(srv, conn, req, cs) || !check_org(srv, req, route) ||
        !authorise(srv, route, req) || !use_org_store(srv, cs, req))
        return false;
    if (route->takes_body && !parse_body(conn, cs, req, route))
        return false;
    if (is_write(route)) {
        cs->route = route;
        return !write_now(srv, req, route) && queue_write(srv, conn, cs, req);
    }
    sc_rc vrc = SC_EDB;
    int64_t version = 0;
    if (is_cacheable(route)) {
        if (await_version(srv, cs, route, sheet))
            return true;
        vrc = sc_db_data_version(req->db, &version);
    }
    answer_read(srv, cs, route, sheet, vrc, version);
    return false;
}

void sc_dispatch_resume_read(sc_server *srv, sc_conn_state *cs)
{
    atomic_store(&cs->job, SC_JOB_NONE);
    answer_read(srv, cs, cs->route, (sc_sheet_format)cs->sheet, cs->version_rc, cs->version);
}
