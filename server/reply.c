/* reply.c - how handlers answer: JSON bodies and RFC 9457 problems. */
#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org.h"
#include "population.h"
#include "req.h"
#include "revision.h"
#include "utc.h"

const char *sc_req_query(sc_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *sc_req_header(sc_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *sc_req_link(const sc_req *req, const char *path, char *buf, size_t n)
{
    static const char api[] = "/api/v1/";
    if (req->org && strcmp(req->org, SC_ORG_DEFAULT) != 0 &&
        strncmp(path, api, sizeof api - 1) == 0)
        snprintf(buf, n, "/api/v1/orgs/%s/%s", req->org, path + sizeof api - 1);
    else
        snprintf(buf, n, "%s", path);
    return buf;
}

static void reset(sc_req *req)
{
    json_decref(req->json);
    req->json = NULL;
    free(req->text);
    req->text = NULL;
    req->text_len = 0;
    free(req->location);
    req->location = NULL;
    free(req->disposition);
    req->disposition = NULL;
    req->media_type = NULL;
    req->static_body = NULL;
    req->static_len = 0;
}

void sc_reply_static(sc_req *req, int status, const char *media_type, const unsigned char *body,
                     size_t len)
{
    reset(req);
    req->status = status;
    req->media_type = media_type;
    req->static_body = body;
    req->static_len = len;
}

void sc_reply_json(sc_req *req, int status, json_t *body)
{
    reset(req);
    req->status = status;
    req->json = body;
}

void sc_reply_text(sc_req *req, int status, const char *media_type, const char *text)
{
    reset(req);
    req->status = status;
    req->text = strdup(text);
    req->media_type = media_type;
    if (!req->text)
        req->status = 500;
}

void sc_reply_bytes(sc_req *req, int status, const char *media_type, char *bytes, size_t len)
{
    reset(req);
    req->status = status;
    req->text = bytes;
    req->text_len = len;
    req->media_type = media_type;
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (s[0] >= 0xF5)
        n = 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* no overlong forms, surrogates or values beyond U+10FFFF */
    if ((n == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (n == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (n == 4 && s[0] == 0xF0 && s[1] < 0x90) || (n == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* A detail may quote what the client sent (a path, a query value), which
 * need not be UTF-8; JSON strings must be, so bad bytes become U+FFFD. */
static char *valid_utf8(const char *in)
{
    size_t len = strlen(in);
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const unsigned char *s = (const unsigned char *)in; *s;) {
        size_t n = utf8_seq(s);
        if (n) {
            memcpy(out + o, s, n);
            o += n;
            s += n;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            s++;
        }
    }
    out[o] = '\0';
    return out;
}

static json_t *problem_of(int status, const char *slug, const char *title, const char *detail);

static json_t *problem(int status, const char *slug, const char *title, const char *raw)
{
    char *detail = raw ? valid_utf8(raw) : NULL;
    json_t *p = problem_of(status, slug, title, detail);
    free(detail);
    return p;
}

static json_t *problem_of(int status, const char *slug, const char *title, const char *detail)
{
    char type[128];
    snprintf(type, sizeof type, "/problems/%s", slug);
    return json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", title, "status", status,
                     "detail", detail ? detail : title);
}

void sc_reply_problem(sc_req *req, int status, const char *slug, const char *title, const char *fmt,
                      ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    sc_reply_json(req, status, problem(status, slug, title, detail));
    req->media_type = "application/problem+json";
}

void sc_reply_invalid(sc_req *req, const sc_errors *errs)
{
    json_t *list = json_array();
    for (size_t i = 0; errs && i < errs->count; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "pointer", errs->items[i].pointer,
                                              "detail", errs->items[i].detail));
    char detail[160];
    size_t n = errs ? errs->count : 0;
    snprintf(detail, sizeof detail, "the request has %zu problem%s; nothing was stored", n,
             n == 1 ? "" : "s");
    /* docs/API.md §1: a misspelt quarter id is a 400 even inside a body; the
     * other problems still come with it */
    bool malformed = sc_errors_malformed(errs);
    int status = malformed ? 400 : 422;
    json_t *p = malformed ? problem(400, "bad-quarter", "Bad quarter id", detail)
                          : problem(422, "validation", "Unprocessable Content", detail);
    if (p)
        json_object_set_new(p, "errors", list);
    else
        json_decref(list);
    sc_reply_json(req, status, p);
    req->media_type = "application/problem+json";
}

void sc_reply_rc(sc_req *req, sc_rc rc, const sc_errors *errs, const char *what)
{
    const char *msg = errs && errs->message ? errs->message : NULL;
    switch (rc) {
    case SC_OK:
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "no answer was made");
        return;
    case SC_EINVALID:
        if (errs && errs->count) {
            sc_reply_invalid(req, errs);
            return;
        }
        sc_reply_problem(req, 422, "validation", "Unprocessable Content", "%s",
                         msg ? msg : "the request is not valid");
        return;
    case SC_ENOTFOUND:
        sc_reply_problem(req, 404, "not-found", "Not Found", "%s",
                         msg    ? msg
                         : what ? what
                                : "not found");
        return;
    case SC_ECONFLICT:
        sc_reply_problem(req, 409, "conflict", "Conflict", "%s", msg ? msg : "conflict");
        return;
    case SC_EDB:
        /* a write refused at once on purpose (sc_db_set_nowait) is retried
         * on the writer thread: no fault to log */
        if (!req->db || !sc_db_nowait_refused(req->db))
            fprintf(stderr, "scrutiny: database error on %s %s: %s\n", req->method, req->path,
                    req->db ? sc_db_errmsg(req->db) : "-");
        /* a lock held beyond the busy timeout is load, not a fault: retry later */
        if (req->db && sc_db_busy(req->db)) {
            sc_reply_problem(req, 503, "busy", "Service Unavailable",
                             "the database is busy; retry shortly");
            return;
        }
        sc_reply_problem(req, 500, "internal", "Internal Server Error",
                         "the database failed; the request was not applied");
        return;
    case SC_ENOMEM:
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "out of memory");
        return;
    case SC_ELOCKED:
        sc_reply_problem(req, 409, "quarter-locked", "Quarter locked", "%s",
                         msg ? msg
                             : "the quarter has been signed off and is locked; an admin "
                               "can unlock it with a reason");
        return;
    }
}

void sc_reply_written(sc_req *req, bool created, json_t *body, const char *location)
{
    sc_reply_json(req, created ? 201 : 200, body);
    if (created && location)
        req->location = strdup(location);
}

bool sc_req_quarter(sc_req *req, int i, sc_period *out)
{
    char hint[200];
    if (i < req->nparams && sc_period_parse(req->params[i], out, hint, sizeof hint))
        return true;
    sc_reply_problem(req, 400, "bad-quarter", "Bad quarter id", "\"%.40s\" is %s",
                     i < req->nparams ? req->params[i] : "", hint);
    return false;
}

bool sc_req_year(sc_req *req, int i, sc_period *first)
{
    char hint[160];
    if (i < req->nparams && sc_population_year_parse(req->params[i], first, hint, sizeof hint))
        return true;
    sc_reply_problem(req, 400, "bad-year", "Bad financial year", "\"%.40s\" is %s",
                     i < req->nparams ? req->params[i] : "", hint);
    return false;
}

bool sc_req_begin_read(sc_req *req, unsigned as_of)
{
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return false;
    }
    return sc_req_as_of(req, as_of);
}

bool sc_req_as_of(sc_req *req, unsigned what)
{
    const char *v = sc_req_query(req, "as_of");
    if (!v)
        return true;
    char utc[32];
    if (!sc_utc_parse(v, utc)) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "as_of must be an RFC 3339 date-time such as 2020-08-18T09:30:00Z "
                         "(got \"%.40s\")",
                         v);
        return false;
    }
    if (!sc_db_in_transaction(req->db) && sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return false;
    }
    sc_rc rc = sc_revision_as_of(req->db, utc, what);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return false;
    }
    return true;
}

bool sc_req_query_int(sc_req *req, const char *name, int min, int max, int def, int *out)
{
    const char *v = sc_req_query(req, name);
    if (!v) {
        *out = def;
        return true;
    }
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < min || n > max) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "%s must be a whole number from %d to %d (got \"%.40s\")", name, min, max,
                         v);
        return false;
    }
    *out = (int)n;
    return true;
}

void sc_reply_reset(sc_req *req)
{
    json_decref(req->json);
    free(req->text);
    free(req->location);
    free(req->disposition);
    req->json = NULL;
    req->text = req->location = req->disposition = NULL;
    req->text_len = 0;
    req->status = 0;
    req->media_type = NULL;
    req->static_body = NULL;
    req->static_len = 0;
    req->volatile_body = false;
}
