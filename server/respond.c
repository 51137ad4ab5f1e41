/* respond.c - turns the answer a handler left in sc_req into a
 * libmicrohttpd response: the encoding of the body (JSON, CSV, gzip), its
 * ETag and 304, and the CORS, Vary and other headers (respond.h). */
#include "respond.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "gzip.h"
#include "xlsx.h"

static struct MHD_Response *buffer_response(char *body, size_t len)
{
    return MHD_create_response_from_buffer_with_free_callback(len, body, free);
}

static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
}

/* Strong ETag: a BLAKE2b-128 digest of the exact bytes sent. */
void sc_respond_etag(const char *body, size_t len, char out[40])
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

char *sc_respond_encode(sc_req *req, size_t *len)
{
    if (req->text) {
        char *t = req->text;
        *len = req->text_len ? req->text_len : strlen(t);
        req->text = NULL;
        req->text_len = 0;
        return t;
    }
    if (!req->json) {
        *len = 0;
        return NULL;
    }
    char *s = sc_respond_dump(req->json);
    *len = s ? strlen(s) : 0;
    return s;
}

char *sc_respond_dump(const json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
}

/* "*" covers any origin but only for reads, and credentials are never
 * allowed (respond.h). */
const char *sc_respond_cors_origin(const sc_server *srv, struct MHD_Connection *conn,
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
    const char *origin = sc_respond_cors_origin(srv, conn, method);
    if (!origin)
        return;
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
    MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                            "ETag, Location, Content-Disposition");
}

void sc_respond_sheet(const sc_route *route, sc_req *req, sc_sheet_format f)
{
    if (f == SC_SHEET_NONE || !route || !route->csv || req->status != 200 || !req->json)
        return;
    /* /api/v1/quarters/2020-21-Q1/indicators -> quarters-2020-21-Q1-indicators */
    const char *p = strncmp(req->path, "/api/v1/", 8) == 0 ? req->path + 8 : req->path + 1;
    char name[160];
    size_t n = 0;
    for (; *p && n + 1 < sizeof name - 12; p++)
        name[n++] = *p == '/' ? '-' : *p;
    name[n] = '\0';
    json_t *rows = route->csv(req->json);
    char *out = NULL;
    size_t len = 0;
    if (rows && f == SC_SHEET_CSV) {
        out = sc_csv_render(rows);
        len = out ? strlen(out) : 0;
    } else if (rows) {
        /* the sheet is named after the path's last part: "indicators" */
        const char *last = strrchr(req->path, '/');
        out = sc_xlsx_list(req->json, rows, last ? last + 1 : req->path, &len);
    }
    json_decref(rows);
    if (!out) {
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "cannot render %s",
                         f == SC_SHEET_CSV ? "CSV" : "XLSX");
        return;
    }
    sc_reply_bytes(req, 200,
                   f == SC_SHEET_CSV ? "text/csv; charset=utf-8; header=present"
                                     : SC_XLSX_MEDIA_TYPE,
                   out, len);
    if (asprintf(&req->disposition, "attachment; filename=\"scrutiny-%s.%s\"", name,
                 f == SC_SHEET_CSV ? "csv" : "xlsx") < 0)
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
    if (e->len < SC_GZIP_MIN_BYTES || !sc_gzip_accepted(MHD_lookup_connection_value(
                                          conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING)))
        return NULL;
    bool known;
    const sc_cached_gz *gz = sc_cache_gz(e, &known);
    if (known)
        return gz;
    sc_cached_gz *made = malloc(sizeof *made);
    if (made) {
        made->body = sc_gzip_compress(e->body, e->len, &made->len);
        if (made->body) {
            sc_respond_etag(made->body, made->len, made->etag);
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
    const char *vary = by_encoding
                           ? (srv->cfg.cors_count ? "Accept-Encoding, Origin" : "Accept-Encoding")
                           : (srv->cfg.cors_count ? "Origin" : NULL);
    if (vary)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, vary);
}

enum MHD_Result sc_respond_send(sc_server *srv, sc_conn_state *cs)
{
    struct MHD_Connection *conn = cs->conn;
    sc_req *req = &cs->req;
    bool head = cs->head;
    const char *allow = cs->allow[0] ? cs->allow : NULL;
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
        body = sc_respond_encode(req, &len);
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
            sc_respond_etag(bytes, len, etag);
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
        resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)bytes,
                                                                      release_cached, cached);
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
    add_vary(srv, resp,
             cached && cached->len >= SC_GZIP_MIN_BYTES &&
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
    if (req->location) {
        /* a handler names what it made under /api/v1/; under an
         * organisation's prefix the Location must say that organisation */
        char where[512];
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION,
                                sc_req_link(req, req->location, where, sizeof where));
    }
    const char *disposition = cached ? cached->disposition : req->disposition;
    if (disposition && req->status == 200)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (req->preflight) {
        MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                req->allow_methods ? req->allow_methods
                                : allow            ? allow
                                                   : "");
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
