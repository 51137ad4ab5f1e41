/* http.c - the libmicrohttpd daemon: request bodies, authentication,
 * dispatch to the route table, encoding, ETags and the access log. */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sched.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "req.h"
#include "cache.h"
#include "csv.h"
#include "gzip.h"
#include "routes.h"
#include "linger.h"
#include "writeq.h"

#define MAX_ALLOW 128
/* After an early 413 the rest of the body is read and dropped (linger.h)
 * up to this many times the limit, for at most LINGER_MS, on at most
 * LINGER_FDS sockets at once */
#define DISCARD_LIMIT_FACTOR 64
#define LINGER_MS 10000
#define LINGER_FDS 64
/* Writes that may wait for the writer thread at once; more are 503. */
#define WRITE_QUEUE_JOBS 256
/* A write that waited this long for its turn is not applied (503): its
 * client has most likely given up, and the queue must drain. */
#define WRITE_WAIT_MS 10000

/* Rendered answers kept per data version; small enough for the RSS target. */
#define CACHE_BYTES ((size_t)8 << 20)
/* The built-in documents (OpenAPI, the docs page and its 1.5 MB script),
 * kept with their ETag and gzip form once asked for */
#define STATIC_BYTES ((size_t)16 << 20)

struct sc_server {
    struct MHD_Daemon *daemon;
    sc_store *store;
    sc_cache *cache;
    sc_cache *statics; /* one version forever: built-in bytes never change */
    sc_writeq *writes; /* every write runs on its thread (writeq.h) */
    sc_linger *linger; /* sockets answered before their body was read */
    sc_server_config cfg;
    int port;
    struct timespec started;
    atomic_ullong requests;
    atomic_ullong by_class[6];
    atomic_ullong in_flight;
    atomic_bool stopping; /* draining: new requests get 503 */
};

/* Where a write stands (see writeq.h). */
enum { JOB_NONE = 0, JOB_QUEUED, JOB_DONE };

/* Per-request state kept by MHD between calls (*req_cls). */
typedef struct {
    struct timespec start;
    char *body;
    size_t len;
    size_t cap;
    size_t discarded;
    bool too_large;
    bool close;   /* answer with Connection: close (framing could not be trusted) */
    bool linger;  /* answered with body unread: drain it before the socket closes */
    int status;
    size_t bytes;
    char *key_name;
    char *method; /* for the access log, as received */
    char *target; /* the request target as received, for the access log */
    bool replied; /* an answer was queued before the body ended (413) */
    /* the request, kept here so that a write can wait in the write queue
     * while its connection is suspended */
    sc_req req;
    const sc_route *route;
    char allow[MAX_ALLOW];
    bool head;
    atomic_int job;
    sc_server *srv;
    struct MHD_Connection *conn;
} conn_state;

static double elapsed_ms(const struct timespec *from)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - from->tv_sec) * 1e3 + (double)(now.tv_nsec - from->tv_nsec) / 1e6;
}

/* ---- answers ---- */

static struct MHD_Response *buffer_response(char *body, size_t len)
{
    return MHD_create_response_from_buffer_with_free_callback(len, body, free);
}

static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
}

/* Strong ETag: a BLAKE2b-128 digest of the exact bytes sent. */
static void etag_of(const char *body, size_t len, char out[40])
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    out[0] = '"';
    sodium_bin2hex(out + 1, 33, h, sizeof h);
    out[33] = '"';
    out[34] = '\0';
}

/* RFC 9110 §13.1.2: If-None-Match holds "*" or a list of (weak or strong)
 * tags; GET compares weakly. */
static bool etag_matches(const char *header, const char *etag)
{
    if (!header)
        return false;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        size_t len = strcspn(p, ",");
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == strlen(etag) && strncmp(p, etag, len) == 0)
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

static char *encode(sc_req *req, size_t *len)
{
    if (req->text) {
        char *t = req->text;
        req->text = NULL;
        *len = strlen(t);
        return t;
    }
    if (!req->json) {
        *len = 0;
        return NULL;
    }
    char *s = json_dumps(req->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
    *len = s ? strlen(s) : 0;
    return s;
}

/* The origin to name in Access-Control-Allow-Origin, or NULL: an origin
 * listed with --cors-origin gets itself back; "*" covers any origin but
 * only for reads, and credentials are never allowed. */
static const char *cors_origin(const sc_server *srv, struct MHD_Connection *conn,
                               const char *method)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    if (!origin || !srv->cfg.cors_count)
        return NULL;
    bool read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < srv->cfg.cors_count; i++) {
        if (strcmp(srv->cfg.cors_origins[i], origin) == 0)
            return origin;
        if (read && strcmp(srv->cfg.cors_origins[i], "*") == 0)
            return "*";
    }
    return NULL;
}

static void add_cors_headers(const sc_server *srv, struct MHD_Connection *conn,
                             struct MHD_Response *resp, const char *method)
{
    if (!srv->cfg.cors_count)
        return;
    const char *origin = cors_origin(srv, conn, method);
    if (!origin)
        return;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
    MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                            "ETag, Location, Content-Disposition");
}

/* Turns a JSON list answer into CSV when the route offers it. */
static void to_csv(const sc_route *route, sc_req *req)
{
    if (!route || !route->csv || req->status != 200 || !req->json)
        return;
    json_t *rows = route->csv(req->json);
    char *csv = rows ? sc_csv_render(rows) : NULL;
    json_decref(rows);
    if (!csv) {
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "cannot render CSV");
        return;
    }
    json_decref(req->json);
    req->json = NULL;
    req->text = csv;
    req->media_type = "text/csv; charset=utf-8; header=present";
    /* /api/v1/quarters/2020-21-Q1/indicators -> quarters-2020-21-Q1-indicators.csv */
    const char *p = strncmp(req->path, "/api/v1/", 8) == 0 ? req->path + 8 : req->path + 1;
    char name[160];
    size_t n = 0;
    for (; *p && n + 1 < sizeof name - 12; p++)
        name[n++] = *p == '/' ? '-' : *p;
    name[n] = '\0';
    free(req->disposition);
    req->disposition = NULL;
    if (asprintf(&req->disposition, "attachment; filename=\"scrutiny-%s.csv\"", name) < 0)
        req->disposition = NULL;
}

static void release_cached(void *cls)
{
    sc_cache_release(cls);
}

/* The gzip form of a cached answer when this request accepts it, or NULL
 * to send the answer as it is. Made once per cached answer (out of memory
 * while making it only means that answer is sent uncompressed). */
static const sc_cached_gz *gzip_form(struct MHD_Connection *conn, sc_cached *e)
{
    if (e->len < SC_GZIP_MIN_BYTES ||
        !sc_gzip_accepted(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_ACCEPT_ENCODING)))
        return NULL;
    bool known;
    const sc_cached_gz *gz = sc_cache_gz(e, &known);
    if (known)
        return gz;
    sc_cached_gz *made = malloc(sizeof *made);
    if (made) {
        made->body = sc_gzip_compress(e->body, e->len, &made->len);
        if (made->body) {
            etag_of(made->body, made->len, made->etag);
        } else {
            free(made);
            made = NULL;
        }
    }
    return sc_cache_attach_gz(e, made);
}

/* Vary: the answers that can be sent gzip-compressed vary with
 * Accept-Encoding, and with CORS on every answer varies with Origin. */
static void add_vary(const sc_server *srv, struct MHD_Response *resp, bool by_encoding)
{
    const char *vary = by_encoding ? (srv->cfg.cors_count ? "Accept-Encoding, Origin"
                                                          : "Accept-Encoding")
                                   : (srv->cfg.cors_count ? "Origin" : NULL);
    if (vary)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, vary);
}

static enum MHD_Result send_reply(sc_server *srv, struct MHD_Connection *conn, conn_state *cs,
                                  sc_req *req, bool head, const char *allow)
{
    size_t len = 0;
    char *body = NULL;
    const char *bytes = NULL;
    sc_cached *cached = req->cached;
    const sc_cached_gz *gz = NULL;
    bool get = strcmp(req->method, "GET") == 0 || head;
    if (cached) {
        bytes = cached->body;
        len = cached->len;
        req->media_type = cached->media_type;
        if (get && req->status == 200 && (gz = gzip_form(conn, cached))) {
            bytes = gz->body;
            len = gz->len;
        }
    } else if (req->static_body) {
        bytes = (const char *)req->static_body;
        len = req->static_len;
    } else {
        body = encode(req, &len);
        if ((req->json || req->text) && !body) {
            req->status = 500;
            body = strdup("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
                          "\"status\":500}");
            len = body ? strlen(body) : 0;
            req->media_type = "application/problem+json";
        }
        bytes = body;
    }
    char etag[40] = "";
    /* /metrics changes on every scrape; an ETag there would only mislead.
     * Each encoding is its own representation with its own strong ETag. */
    if (get && req->status == 200 && bytes && !req->volatile_body) {
        if (cached)
            memcpy(etag, gz ? gz->etag : cached->etag, sizeof etag);
        else
            etag_of(bytes, len, etag);
        const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
        if (etag_matches(inm, etag)) {
            free(body);
            body = NULL;
            bytes = NULL;
            len = 0;
            req->status = 304;
        }
    }
    struct MHD_Response *resp;
    if (bytes && cached) {
        /* the response holds the reference until MHD has sent it */
        resp = MHD_create_response_from_buffer_with_free_callback_cls(
            len, (void *)bytes, release_cached, cached);
        if (resp)
            req->cached = NULL;
    } else if (body)
        resp = buffer_response(body, len);
    else if (bytes)
        resp = MHD_create_response_from_buffer(len, (void *)bytes, MHD_RESPMEM_PERSISTENT);
    else
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    add_common_headers(resp);
    if (req->csp)
        MHD_add_response_header(resp, "Content-Security-Policy", req->csp);
    add_cors_headers(srv, conn, resp, req->method);
    add_vary(srv, resp, cached && cached->len >= SC_GZIP_MIN_BYTES &&
                            (req->status == 200 || req->status == 304));
    if (bytes)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                req->media_type ? req->media_type : "application/json");
    if (bytes && gz)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    if (etag[0]) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
        /* dashboards poll: let caches keep the body but revalidate each time */
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    }
    if (req->location)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, req->location);
    const char *disposition = cached ? cached->disposition : req->disposition;
    if (disposition && req->status == 200)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (req->preflight) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                req->allow_methods ? req->allow_methods : allow ? allow : "");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type, If-None-Match");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
    }
    if (req->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Bearer realm=\"scrutiny\"");
    if (req->status == 503)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (cs->close)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    cs->status = req->status;
    cs->bytes = len;
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)req->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- the request pipeline ---- */

static bool authenticate(sc_server *srv, struct MHD_Connection *conn, sc_req *req,
                         conn_state *cs)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_AUTHORIZATION);
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
    char *name = NULL;
    sc_role role = SC_ROLE_NONE;
    sc_rc rc = sc_keys_authenticate(req->db, key, &role, &name);
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
    req->role = role;
    cs->key_name = name;
    req->key_name = name;
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
                         "the key \"%s\" has the %s role; this request needs %s",
                         req->key_name, sc_role_key(req->role), sc_role_key(need));
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
        used += (size_t)snprintf(accepted + used, sizeof accepted - used, "%s%s",
                                 used ? ", " : "", *q);
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

static bool parse_body(struct MHD_Connection *conn, conn_state *cs, sc_req *req)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!json_media_type(ct)) {
        sc_reply_problem(req, 415, "unsupported-media-type", "Unsupported Media Type",
                         "send the body as application/json (got %.80s)",
                         ct ? ct : "no Content-Type");
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

/* path, query arguments in order, and the Accept header (which can choose
 * CSV or a report format): everything an answer of a GET depends on. The
 * path has no '?' in it (libmicrohttpd splits the query off), and the
 * arguments are encoded, so the key is unambiguous. */
static char *cache_key(struct MHD_Connection *conn, sc_req *req)
{
    struct key_builder k = {0};
    key_add(&k, req->path);
    key_add(&k, "?");
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, key_arg, &k);
    key_add(&k, "\n");
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_ACCEPT);
    key_add(&k, accept ? accept : "");
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
    char *body = encode(req, &len);
    if (!body)
        return;
    char etag[40];
    etag_of(body, len, etag);
    sc_cached *e = sc_cache_put(srv->cache, key, version, body, len, etag, req->media_type,
                                req->disposition);
    if (e) {
        req->cached = e;
        json_decref(req->json);
        req->json = NULL;
        free(body);
    } else {
        req->text = body; /* too large to keep: send it as rendered */
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
    etag_of((const char *)req->static_body, req->static_len, etag);
    req->cached = sc_cache_put(srv->statics, req->path, 0, (const char *)req->static_body,
                               req->static_len, etag, req->media_type, NULL);
}

/* ?format=csv|json decides; without it, an Accept naming text/csv does.
 * Replies 400 and returns false for another format. */
static bool wants_csv(struct MHD_Connection *conn, sc_req *req, bool *csv)
{
    const char *f = sc_req_query(req, "format");
    if (f) {
        if (strcmp(f, "csv") == 0 || strcmp(f, "json") == 0) {
            *csv = f[0] == 'c';
            return true;
        }
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "format must be json or csv (got \"%.20s\")", f);
        return false;
    }
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_ACCEPT);
    *csv = accept && strstr(accept, "text/csv") != NULL;
    return true;
}

/* OPTIONS: a CORS preflight (Origin + Access-Control-Request-Method) is
 * answered 204 when the origin and method are allowed, 403 otherwise; a
 * plain OPTIONS just lists the methods (Allow). */
static void preflight(sc_server *srv, struct MHD_Connection *conn, sc_req *req,
                      const char *allow)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    const char *want = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   "Access-Control-Request-Method");
    if (!origin || !want) {
        sc_reply_json(req, 204, NULL);
        return;
    }
    size_t wl = strlen(want);
    const char *p = strstr(allow, want);
    bool method_ok = wl > 0 && p && (p[wl] == ',' || p[wl] == '\0') &&
                     (p == allow || p[-1] == ' ');
    if (!method_ok || !cors_origin(srv, conn, want)) {
        sc_reply_problem(req, 403, "cors-refused", "Forbidden",
                         "cross-origin %.10s from %.100s is not allowed here (see --cors-origin)",
                         want, origin);
        return;
    }
    req->preflight = true;
    req->method = want; /* so the CORS headers are those of the real request */
    if (strcmp(cors_origin(srv, conn, want), "*") == 0)
        req->allow_methods = "GET, HEAD, OPTIONS"; /* "*" opens reads only */
    sc_reply_json(req, 204, NULL);
}

static enum MHD_Result decode_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value);

static bool is_write(const sc_route *route)
{
    return strcmp(route->method, "GET") != 0 && strcmp(route->method, "HEAD") != 0 &&
           strcmp(route->method, "OPTIONS") != 0;
}

/* Hands a write to the write queue with its connection suspended; false
 * (having replied 503) when the queue is full or stopping. */
static bool queue_write(sc_server *srv, struct MHD_Connection *conn, conn_state *cs,
                        sc_req *req)
{
    /* the queued job takes a connection of its own when its turn comes: a
     * pooled one held while waiting would starve the readers */
    sc_store_release(srv->store, req->db);
    req->db = NULL;
    atomic_store(&cs->job, JOB_QUEUED);
    MHD_suspend_connection(conn);
    if (sc_writeq_push(srv->writes, cs))
        return true;
    MHD_resume_connection(conn);
    atomic_store(&cs->job, JOB_NONE);
    sc_reply_problem(req, 503, "busy", "Service Unavailable",
                     "%d writes are already waiting for the database; retry shortly",
                     WRITE_QUEUE_JOBS);
    return false;
}

/* The writer thread's side of a queued write (writeq.h). */
static void run_write(void *job, sc_writeq_turn turn)
{
    conn_state *cs = job;
    sc_req *req = &cs->req;
    if (turn == SC_WRITEQ_RUN) {
        req->db = sc_store_acquire(cs->srv->store);
        cs->route->handler(req);
        if (!req->status)
            sc_reply_problem(req, 500, "internal", "Internal Server Error",
                             "no answer was made");
        sc_store_release(cs->srv->store, req->db);
        req->db = NULL;
    } else if (turn == SC_WRITEQ_EXPIRED) {
        sc_reply_problem(req, 503, "busy", "Service Unavailable",
                         "the write waited %d s for the database's write lock and was not "
                         "applied; retry shortly",
                         WRITE_WAIT_MS / 1000);
    } else {
        sc_reply_problem(req, 503, "shutting-down", "Service Unavailable",
                         "the server is shutting down; the write was not applied");
    }
    atomic_store(&cs->job, JOB_DONE);
    MHD_resume_connection(cs->conn);
}

/* Routes, checks and answers the request; true when it is a write that
 * now waits in the write queue (answered later, by finish()). */
static bool dispatch(sc_server *srv, struct MHD_Connection *conn, conn_state *cs, sc_req *req,
                     char *allow, size_t allow_n)
{
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, decode_arg, NULL);
    const sc_route *route = sc_route_match(req->method, req->path, req->params, &req->nparams,
                                           allow, allow_n);
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
    struct query_check qc = {route, req, true};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_query_arg, &qc);
    if (!qc.ok)
        return false;
    bool csv = false;
    if (route->csv && !wants_csv(conn, req, &csv))
        return false;
    req->db = sc_store_acquire(srv->store);
    if (!authenticate(srv, conn, req, cs) || !authorise(srv, route, req))
        return false;
    if (route->takes_body && !parse_body(conn, cs, req))
        return false;
    if (is_write(route)) {
        cs->route = route;
        return queue_write(srv, conn, cs, req);
    }
    /* reads of the data are answered from the cache when nothing has been
     * written since they were rendered; the version is read inside the
     * same snapshot the handler then reads */
    bool cacheable = strcmp(route->method, "GET") == 0 && route->role != SC_ROLE_NONE;
    int64_t version = 0;
    char *key = NULL;
    /* a hit needs only the current version (one autocommit read); a miss
     * renders inside a read transaction and labels the answer with the
     * version read in that same snapshot */
    if (cacheable && sc_db_data_version(req->db, &version) == SC_OK &&
        (key = cache_key(conn, req))) {
        req->cached = sc_cache_get(srv->cache, key, version);
        if (req->cached) {
            req->status = 200;
            free(key);
            return false;
        }
        if (sc_db_begin_read(req->db) != SC_OK ||
            sc_db_data_version(req->db, &version) != SC_OK) {
            free(key);
            key = NULL;
        }
    }
    route->handler(req);
    if (!req->status)
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "no answer was made");
    if (csv)
        to_csv(route, req);
    if (req->static_body && req->status == 200 && strcmp(route->method, "GET") == 0)
        keep_static(srv, req);
    else if (key && req->status == 200)
        cache_answer(srv, req, key, version);
    free(key);
    return false;
}

/* ---- the request head: what libmicrohttpd lets through ---- */

#define HEAD_MAX_FIELDS 128

struct head_scan {
    int host, content_length, transfer_encoding, authorization, content_type;
    const char *content_length_value, *transfer_encoding_value;
    bool bad_name, bad_value, folded;
    /* where each name and value starts, for line_after() */
    const char *name_at[HEAD_MAX_FIELDS];
    const char *value_at[HEAD_MAX_FIELDS];
    size_t value_len[HEAD_MAX_FIELDS];
    int fields;
};

/* RFC 9110 §5.6.2 tchar */
static bool is_tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
    struct head_scan *h = cls;
    (void)kind;
    /* libmicrohttpd 0.9.75 keeps "Name : v" as the name "Name " */
    if (key_size == 0 || strlen(key) != key_size)
        h->bad_name = true;
    for (size_t i = 0; i < key_size && !h->bad_name; i++)
        if (!is_tchar((unsigned char)key[i]))
            h->bad_name = true;
    for (size_t i = 0; value && i < value_size && !h->bad_value; i++) {
        unsigned char c = (unsigned char)value[i];
        if ((c < ' ' && c != '\t') || c == 0x7f)
            h->bad_value = true;
    }
    if (h->fields < HEAD_MAX_FIELDS) {
        h->name_at[h->fields] = key;
        h->value_at[h->fields] = value;
        h->value_len[h->fields] = value ? value_size : 0;
    }
    h->fields++;
    if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
        h->host++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        h->content_length++;
        h->content_length_value = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        h->transfer_encoding++;
        h->transfer_encoding_value = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION) == 0) {
        h->authorization++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_TYPE) == 0) {
        h->content_type++;
    }
    return MHD_YES;
}

/* libmicrohttpd 0.9.75 gives a value cut at its first NUL (so "Bearer
 * <key>\0junk" would authenticate as <key>) and joins an obs-folded line
 * onto the field name before it, and no option of its own refuses either.
 * Both show in the request head, which it parses in place: a value ends
 * where the CR or LF that ended its line was overwritten with NUL, so the
 * byte after that must start the next line (a field name, or the empty
 * line). Anything else is a NUL inside the value; a space or tab there is
 * an obs-fold (RFC 9112 section 5.2: refuse with 400). This reads the
 * library's own buffer, so it is compiled for the version whose layout it
 * knows; other versions are to refuse these themselves (libmicrohttpd
 * 1.0's client discipline levels do). */
static void check_lines(struct head_scan *h)
{
#if MHD_VERSION == 0x00097500
    int n = h->fields < HEAD_MAX_FIELDS ? h->fields : HEAD_MAX_FIELDS;
    for (int i = 0; i < n && !h->bad_value && !h->folded; i++) {
        if (!h->value_at[i])
            continue;
        const char *p = h->value_at[i] + h->value_len[i] + 1;
        if (*p == '\0') { /* CR LF: p is the LF's */
            h->folded = p[1] == ' ' || p[1] == '\t';
            continue;
        }
        if (*p == ' ' || *p == '\t') {
            h->folded = true;
            continue;
        }
        bool next_name = false;
        for (int j = 0; j < n && !next_name; j++)
            next_name = h->name_at[j] == p;
        h->bad_value = !next_name;
    }
#else
    (void)h;
#endif
}

/* 1*DIGIT that fits 64 bits, as libmicrohttpd reads it */
static bool content_length_valid(const char *v)
{
    size_t n = strspn(v, "0123456789");
    return n > 0 && n <= 19 && v[n] == '\0';
}

/* Requests whose framing or headers could be read two ways are refused
 * rather than guessed at (RFC 9110/9112: one Host in HTTP/1.1, one
 * Content-Length, never both a length and a transfer coding, names that
 * are tokens, no NUL or control byte in a value; one key, one media type).
 * Sets *status (400, or 501 for a transfer coding other than chunked) and
 * returns the detail, or NULL when the head is sound. */
static const char *head_problem(struct MHD_Connection *conn, const char *version, int *status)
{
    struct head_scan h = {0};
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &h);
    check_lines(&h);
    *status = 400;
    if (h.fields > HEAD_MAX_FIELDS)
        return "too many header fields";
    if (h.folded)
        return "a header field is folded onto a second line (obs-fold: RFC 9112 section "
               "5.2)";
    if (h.bad_name)
        return "a header field name is not a token (no whitespace may stand before the "
               "colon: RFC 9112 section 5.1)";
    if (h.bad_value)
        return "a header field value holds a NUL or control byte";
    if (h.host > 1)
        return "more than one Host header";
    if (h.host == 0 && version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
        return "HTTP/1.1 requests need a Host header";
    if (h.transfer_encoding && h.content_length)
        return "both Transfer-Encoding and Content-Length: the length of the body is "
               "ambiguous (RFC 9112 section 6.3)";
    if (h.content_length > 1)
        return "more than one Content-Length header";
    if (h.content_length && !content_length_valid(h.content_length_value))
        return "Content-Length must be a decimal number of bytes";
    if (h.transfer_encoding > 1 ||
        (h.transfer_encoding && strcasecmp(h.transfer_encoding_value, "chunked") != 0)) {
        *status = 501;
        return "only the chunked transfer coding is implemented; send chunked or a "
               "Content-Length";
    }
    if (h.authorization > 1)
        return "more than one Authorization header: send one key";
    if (h.content_type > 1)
        return "more than one Content-Type header";
    return NULL;
}

/* ---- one request across libmicrohttpd's calls ---- */

static void req_init(sc_req *req, sc_server *srv, struct MHD_Connection *conn,
                     const char *method, const char *path)
{
    *req = (sc_req){.conn = conn, .server = srv, .method = method, .path = path,
                    .role = SC_ROLE_NONE};
}

static void req_clear(sc_req *req)
{
    sc_cache_release(req->cached);
    req->cached = NULL;
    for (int i = 0; i < req->nparams; i++)
        free(req->params[i]);
    req->nparams = 0;
    json_decref(req->body);
    json_decref(req->json);
    free(req->text);
    free(req->location);
    free(req->disposition);
    req->body = req->json = NULL;
    req->text = req->location = req->disposition = NULL;
}

/* Queues the answer in cs->req and releases what the request held. */
static enum MHD_Result finish(sc_server *srv, struct MHD_Connection *conn, conn_state *cs)
{
    sc_req *req = &cs->req;
    if (req->db)
        sc_store_release(srv->store, req->db);
    req->db = NULL;
    enum MHD_Result ret =
        send_reply(srv, conn, cs, req, cs->head, cs->allow[0] ? cs->allow : NULL);
    req_clear(req);
    return ret;
}

/* An answer before the request has been read (or while its body is still
 * arriving): queued now, and the connection closed after it when close. */
static enum MHD_Result answer_early(sc_server *srv, struct MHD_Connection *conn,
                                    conn_state *cs, const char *method, const char *url,
                                    int status, const char *slug, const char *title,
                                    const char *detail, bool close)
{
    req_init(&cs->req, srv, conn, method, url);
    sc_reply_problem(&cs->req, status, slug, title, "%s", detail);
    cs->close = cs->close || close;
    cs->replied = true;
    return finish(srv, conn, cs);
}

/* 413 at once, the connection closed after it and the rest of the body
 * drained meanwhile (linger.h), so the client can read the answer. */
static enum MHD_Result answer_too_large(sc_server *srv, struct MHD_Connection *conn,
                                        conn_state *cs, const char *method, const char *url)
{
    char detail[96];
    snprintf(detail, sizeof detail, "request bodies are limited to %zu bytes",
             srv->cfg.max_body);
    cs->too_large = true;
    cs->linger = true;
    return answer_early(srv, conn, cs, method, url, 413, "body-too-large", "Content Too Large",
                        detail, true);
}

/* The first call, with the request head: refuse what cannot be trusted. */
static enum MHD_Result begin(sc_server *srv, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, void **req_cls)
{
    conn_state *cs = calloc(1, sizeof *cs);
    if (!cs)
        return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &cs->start);
    cs->method = strndup(method, 16);
    cs->target = strndup(url, 400);
    cs->srv = srv;
    cs->conn = conn;
    cs->head = strcmp(method, "HEAD") == 0;
    *req_cls = cs;
    atomic_fetch_add(&srv->in_flight, 1);
    if (atomic_load(&srv->stopping))
        return answer_early(srv, conn, cs, method, url, 503, "shutting-down",
                            "Service Unavailable", "the server is shutting down; retry shortly",
                            true);
    int status;
    const char *bad = head_problem(conn, version, &status);
    if (bad)
        return answer_early(srv, conn, cs, method, url, status,
                            status == 501 ? "not-implemented" : "bad-request",
                            status == 501 ? "Not Implemented" : "Bad Request", bad, true);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body)
        return answer_too_large(srv, conn, cs, method, url);
    return MHD_YES;
}

/* A piece of the body: kept, or dropped once the body is known too large. */
static enum MHD_Result take_body(sc_server *srv, conn_state *cs, const char *data, size_t n)
{
    if (!cs->too_large && cs->len + n > srv->cfg.max_body) {
        /* chunked, found too large part way: libmicrohttpd 0.9.75 takes no
         * answer while a body is arriving, so the rest is read and dropped
         * and the 413 sent when it ends; past the bound, the connection is
         * closed */
        cs->too_large = true;
        free(cs->body);
        cs->body = NULL;
        cs->len = cs->cap = 0;
    }
    if (cs->too_large) {
        cs->discarded += n;
        return cs->discarded > DISCARD_LIMIT_FACTOR * srv->cfg.max_body ? MHD_NO : MHD_YES;
    }
    if (cs->len + n > cs->cap) {
        size_t cap = cs->cap ? cs->cap : 4096;
        while (cap < cs->len + n)
            cap *= 2;
        char *b = realloc(cs->body, cap);
        if (!b)
            return MHD_NO;
        cs->body = b;
        cs->cap = cap;
    }
    memcpy(cs->body + cs->len, data, n);
    cs->len += n;
    return MHD_YES;
}

/* RFC 9112 §3.2.2: a server must accept the absolute form of a target
 * ("GET http://host/api/v1/..."); routing uses its path. */
static const char *origin_form(const char *url)
{
    size_t scheme = strncasecmp(url, "http://", 7) == 0    ? 7
                    : strncasecmp(url, "https://", 8) == 0 ? 8
                                                           : 0;
    if (!scheme)
        return url;
    const char *path = strchr(url + scheme, '/');
    return path ? path : "/";
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    sc_server *srv = cls;
    conn_state *cs = *req_cls;
    if (!cs)
        return begin(srv, conn, url, method, version, req_cls);
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return take_body(srv, cs, upload_data, n);
    }
    if (cs->replied)
        return MHD_YES;
    int job = atomic_load(&cs->job);
    if (job == JOB_QUEUED)
        return MHD_YES; /* not ours yet: the writer thread resumes it */
    if (job == JOB_DONE)
        return finish(srv, conn, cs);
    req_init(&cs->req, srv, conn, method, origin_form(url));
    cs->allow[0] = '\0';
    if (cs->too_large)
        return answer_too_large(srv, conn, cs, method, url);
    if (dispatch(srv, conn, cs, &cs->req, cs->allow, sizeof cs->allow))
        return MHD_YES;
    return finish(srv, conn, cs);
}

/* Writes s for the access log: a quote, a backslash or any byte outside
 * printable ASCII (control bytes, ESC, DEL, UTF-8) becomes \xHH, so that a
 * request target or key name can neither end its field early, forge a line
 * nor reach the terminal as a control sequence. Stops at n bytes. */
static void log_field(FILE *f, const char *s, size_t n)
{
    for (const unsigned char *p = (const unsigned char *)s; *p && n > 0; p++, n--) {
        if (*p >= ' ' && *p < 0x7f && *p != '"' && *p != '\\')
            fputc(*p, f);
        else
            fprintf(f, "\\x%02X", *p);
    }
}

static void log_line(sc_server *srv, struct MHD_Connection *conn, conn_state *cs)
{
    if (!srv->cfg.access_log)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr)
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                          : sizeof(struct sockaddr_in),
                    addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
    time_t now = time(NULL);
    struct tm tm;
    char ts[32];
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    FILE *f = srv->cfg.access_log;
    flockfile(f); /* one line at a time from every worker */
    fprintf(f, "%s %s \"", ts, addr);
    log_field(f, cs->method ? cs->method : "-", 16);
    fputc(' ', f);
    log_field(f, cs->target ? cs->target : "-", 400);
    fprintf(f, "\" %d %zu %.2fms key=", cs->status, cs->bytes, elapsed_ms(&cs->start));
    log_field(f, cs->key_name ? cs->key_name : "-", 128);
    fputc('\n', f);
    funlockfile(f);
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    sc_server *srv = cls;
    conn_state *cs = *req_cls;
    (void)toe;
    if (!cs)
        return;
    atomic_fetch_sub(&srv->in_flight, 1);
    atomic_fetch_add(&srv->requests, 1);
    if (cs->status >= 100 && cs->status < 600)
        atomic_fetch_add(&srv->by_class[cs->status / 100], 1);
    log_line(srv, conn, cs);
    if (cs->linger) {
        /* the duplicate keeps the socket open after libmicrohttpd closes
         * its descriptor; it has already sent the answer */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci)
            sc_linger_add(srv->linger, dup(ci->connect_fd));
    }
    if (cs->req.db)
        sc_store_release(srv->store, cs->req.db);
    req_clear(&cs->req);
    free(cs->body);
    free(cs->key_name);
    free(cs->method);
    free(cs->target);
    free(cs);
    *req_cls = NULL;
}

/* libmicrohttpd would decode %HH in the path before routing: an encoded
 * slash would then split a segment ("2020%2F21-Q1" would become two), %00
 * would cut the path short, and a decoded "%25" could be decoded again
 * later. So it decodes nothing: the router decodes each segment once,
 * after splitting (router.c), and dispatch decodes the query arguments
 * once (decode_args). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

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

/* ---- lifecycle ---- */

static int resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len,
                   char *err, size_t err_n)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &ai);
    if (rc != 0 || !ai) {
        snprintf(err, err_n, "cannot use host %s: %s (give a numeric address such as "
                 "127.0.0.1 or ::)", host, gai_strerror(rc));
        return -1;
    }
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

int sc_server_default_threads(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void server_free(sc_server *srv)
{
    sc_writeq_free(srv->writes);
    sc_linger_free(srv->linger);
    sc_cache_free(srv->cache);
    sc_cache_free(srv->statics);
    free(srv);
}

static struct MHD_Daemon *start_daemon(sc_server *srv, const struct sockaddr_storage *ss,
                                       bool tls)
{
    const sc_server_config *cfg = &srv->cfg;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (ss->ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (tls)
        flags |= MHD_USE_TLS;
    /* the TLS options go last; with no TLS they end the list early */
    struct MHD_OptionItem tls_opts[] = {
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cfg->tls_cert_pem},
        {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, (void *)cfg->tls_key_pem},
        {MHD_OPTION_END, 0, NULL}};
    return MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, answer, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)ss, MHD_OPTION_THREAD_POOL_SIZE,
        /* one worker is the daemon's own thread, not a pool (1 would be
         * refused with a warning) */
        (unsigned)(cfg->threads > 1 ? cfg->threads : 0), MHD_OPTION_NOTIFY_COMPLETED,
        completed, srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)1000,
        /* one address cannot hold every connection open (slow-loris) */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_UNESCAPE_CALLBACK,
        unescape, NULL, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
}

sc_server *sc_server_start(const sc_server_config *cfg, sc_store *store, char *err,
                           size_t err_n)
{
    sc_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, err_n, "out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
    srv->store = store;
    if (srv->cfg.threads <= 0)
        srv->cfg.threads = sc_server_default_threads();
    if (!srv->cfg.max_body)
        srv->cfg.max_body = SC_DEFAULT_MAX_BODY;
    bool tls = cfg->tls_cert_pem && cfg->tls_key_pem;
    struct sockaddr_storage ss;
    socklen_t sslen;
    srv->cache = sc_cache_new(CACHE_BYTES);
    srv->statics = sc_cache_new(STATIC_BYTES);
    srv->writes = sc_writeq_new(WRITE_QUEUE_JOBS, WRITE_WAIT_MS, run_write);
    srv->linger = sc_linger_new(LINGER_FDS, LINGER_MS,
                                DISCARD_LIMIT_FACTOR * (srv->cfg.max_body ? srv->cfg.max_body
                                                                          : SC_DEFAULT_MAX_BODY));
    if (!srv->cache || !srv->statics || !srv->writes || !srv->linger)
        snprintf(err, err_n, "out of memory");
    else if (sodium_init() < 0)
        snprintf(err, err_n, "libsodium failed to initialise");
    else if (resolve(cfg->host ? cfg->host : "127.0.0.1", cfg->port, &ss, &sslen, err,
                     err_n) != 0)
        ; /* resolve wrote err */
    else if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        snprintf(err, err_n, "this libmicrohttpd was built without TLS support");
    else if (clock_gettime(CLOCK_MONOTONIC, &srv->started),
             !(srv->daemon = start_daemon(srv, &ss, tls)))
        snprintf(err, err_n, "cannot listen on %s port %d (in use, or not permitted%s)",
                 cfg->host ? cfg->host : "127.0.0.1", cfg->port,
                 tls ? ", or the TLS certificate and key do not match" : "");
    if (!srv->daemon) {
        server_free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon,
                                                         MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : cfg->port;
    return srv;
}

int sc_server_port(const sc_server *srv)
{
    return srv->port;
}

sc_store *sc_server_store(const sc_server *srv)
{
    return srv->store;
}

void sc_server_stop(sc_server *srv, int timeout_ms)
{
    if (!srv)
        return;
    /* MHD_quiesce_daemon races with epoll worker threads in libmicrohttpd
     * 0.9.75 (both take the listening socket out of the epoll set, and the
     * loser aborts), so draining is done here: new requests are answered
     * 503 while those in flight finish, then the daemon stops. */
    atomic_store(&srv->stopping, true);
    for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < timeout_ms; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* writes still queued are answered 503 and their connections resumed
     * before the daemon stops (it refuses to stop with any suspended) */
    sc_writeq_free(srv->writes);
    srv->writes = NULL;
    MHD_stop_daemon(srv->daemon);
    server_free(srv);
}

void sc_server_get_stats(const sc_server *srv, sc_server_stats *out)
{
    memset(out, 0, sizeof *out);
    out->requests = atomic_load(&srv->requests);
    for (int i = 0; i < 6; i++)
        out->by_class[i] = atomic_load(&srv->by_class[i]);
    out->in_flight = atomic_load(&srv->in_flight);
    out->uptime_seconds = elapsed_ms(&srv->started) / 1000.0;
    out->threads = srv->cfg.threads;
    sc_cache_stats(srv->cache, &out->cache_hits, &out->cache_misses, &out->cache_bytes,
                   &out->cache_entries);
}
