/* req.h - one HTTP request as the handlers see it, and how they answer.
 *
 * Handlers never call libmicrohttpd: they read path parameters, query
 * parameters, request headers and the parsed body from sc_req, do their
 * work on req->db and leave exactly one answer with an sc_reply_* function.
 * respond.c turns that answer into a response (ETag, 304, gzip, CORS).
 */
#ifndef SC_REQ_H
#define SC_REQ_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "keys.h"
#include "period.h"
#include "revision.h"
#include "store.h"

struct MHD_Connection;
typedef struct sc_server sc_server;

#define SC_MAX_PARAMS 4

typedef struct sc_req {
    /* input */
    struct MHD_Connection *conn;
    sc_server *server;
    const char *method;
    const char *path;
    char *params[SC_MAX_PARAMS]; /* decoded path parameters, in pattern order */
    int nparams;
    json_t *body;         /* parsed JSON body for routes that take one, else NULL */
    const char *csv_body; /* a text/csv body (routes with csv_body), borrowed; NULL otherwise */
    size_t csv_len;
    sc_db *db;
    sc_role role;         /* SC_ROLE_NONE when no key was presented */
    const char *key_name; /* NULL when no key was presented */
    /* the organisation addressed (SC_ORG_DEFAULT without the prefix), the
     * key's organisation (NULL without a key) and whether the key is a
     * deployment key; req->db is the addressed organisation's */
    const char *org;
    const char *key_org;
    bool key_deployment;
    bool private_read; /* the server runs with --private-read */
    /* the UTC day the request is answered on ("YYYY-MM-DD"): answers that
     * depend on the day (a quarter's state in the cycle) read it, and the
     * render cache keys every answer by it, so none outlives its day */
    char today[11];
    int suppress_below; /* disclosure control of this answer (public_view.h); 0 none */

    /* output, set through sc_reply_* */
    int status;
    json_t *json;                     /* owned; encoded with the media type below */
    char *text;                       /* owned; a non-JSON body */
    size_t text_len;                  /* text's length when it is bytes (XLSX); 0: strlen */
    const char *media_type;           /* NULL means application/json */
    char *location;                   /* owned; Location header for 201 */
    char *disposition;                /* owned; Content-Disposition, e.g. a CSV file name */
    const unsigned char *static_body; /* built-in bytes (not copied, not freed) */
    size_t static_len;
    const char *csp;           /* Content-Security-Policy of a page (static), or NULL */
    bool volatile_body;        /* changes on every request (metrics): no ETag */
    bool preflight;            /* an allowed CORS preflight: add the Allow-* headers */
    const char *allow_methods; /* preflight: methods allowed to that origin, if fewer */
    struct sc_cached *cached;  /* the answer, from or put into the cache (one reference) */
} sc_req;

/* The value of query parameter name, or NULL when absent. Borrowed: it
 * lives as long as the request. */
const char *sc_req_query(sc_req *req, const char *name);

/* The value of request header name (case-insensitive), or NULL when
 * absent. Borrowed: it lives as long as the request. */
const char *sc_req_header(sc_req *req, const char *name);

/* Parses path parameter i as a quarter; on failure replies 400 (with the
 * canonical form in the detail) and returns false. */
bool sc_req_quarter(sc_req *req, int i, sc_period *out);

/* Parses path parameter i as a financial year, YYYY-YY, into the period
 * of its first quarter; on failure replies 400 and returns false. */
bool sc_req_year(sc_req *req, int i, sc_period *first);

/* Begins the request's read transaction and applies ?as_of= to the
 * figure groups in as_of (SC_AS_OF_*); false after replying (500, 400). */
bool sc_req_begin_read(sc_req *req, unsigned as_of);

/* Parses query parameter name as an integer in [min, max], default def when
 * absent; on failure replies 400 and returns false. */
bool sc_req_query_int(sc_req *req, const char *name, int min, int max, int def, int *out);

/* Replies status with body (stolen; may be NULL for no body). */
void sc_reply_json(sc_req *req, int status, json_t *body);

/* Drops the answer made so far (as if no sc_reply_* had been called). */
void sc_reply_reset(sc_req *req);

/* Applies ?as_of=<RFC 3339> when given: the rest of the request reads the
 * figures named in what (SC_AS_OF_* of revision.h: what the handler reads)
 * as they stood then (opens a read transaction if none is open). On a bad
 * value replies 400 and returns false. */
bool sc_req_as_of(sc_req *req, unsigned what);

/* Replies with a non-JSON body (text copied) of the given media type. */
void sc_reply_text(sc_req *req, int status, const char *media_type, const char *text);

/* Replies with binary bytes (taken over: freed with the request, or
 * cached) of length len and the given media type. */
void sc_reply_bytes(sc_req *req, int status, const char *media_type, char *bytes, size_t len);

/* Replies with bytes that live as long as the program (built-in assets). */
void sc_reply_static(sc_req *req, int status, const char *media_type, const unsigned char *body,
                     size_t len);

/* The address a client follows to path (an "/api/v1/..." path of this
 * API): under the addressed organisation's prefix, unless that is the
 * default organisation, whose unprefixed routes are the same ones (and
 * whose answers the render cache keeps under one key, prefixed or not).
 * Other paths are copied as they are. Written into buf (n bytes,
 * truncated); returns buf. */
const char *sc_req_link(const sc_req *req, const char *path, char *buf, size_t n);

/* Replies with application/problem+json: type slug, title, detail. */
void sc_reply_problem(sc_req *req, int status, const char *slug, const char *title, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

/* 422 with every problem in errs as { pointer, detail }. */
void sc_reply_invalid(sc_req *req, const sc_errors *errs);

/* Maps a failed sc_rc to its answer: EINVALID 422, ENOTFOUND 404 (what
 * names the missing thing), ECONFLICT 409, EDB/ENOMEM 500 (logged). */
void sc_reply_rc(sc_req *req, sc_rc rc, const sc_errors *errs, const char *what);

/* 201 Created or 200 OK for a create-or-replace, with a Location. */
void sc_reply_written(sc_req *req, bool created, json_t *body, const char *location);

#endif
