/* fuzz_router.c - the router (sc_route_match, server/router.c) over the
 * real route table (server/routes.c), and the query-string rule the
 * pipeline applies to the matched route.
 *
 * Input: "METHOD\nPATH?QUERY" (without a newline the whole input is the
 * path of a GET). The path reaches the router as the HTTP layer hands it
 * over: not decoded (server/http.c), any byte but NUL. The
 * first byte of the path also picks the size of the Allow buffer (1-128
 * bytes, allocated exactly, as http.c passes 128).
 *
 * Invariants: a match has the method asked for (HEAD answers as GET), one
 * captured parameter per "{}" of its pattern, each the whole path segment
 * decoded once (see reference_decode), the pattern's fixed text equal to
 * the path's; no
 * match leaves a terminated Allow list in which every method named does
 * match the path; no route is matched for a path it cannot spell; each
 * query parameter is accepted exactly when the route lists it. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "routes.h"

extern const sc_route sc_routes[];
extern const size_t sc_route_count;

#define ALLOW_MAX 128

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* %XX decoding, as libmicrohttpd does for argument names and values. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        int h, l;
        if (r[0] == '%' && (h = hexval(r[1])) >= 0 && (l = hexval(r[2])) >= 0) {
            *w++ = (char)(h * 16 + l);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static bool route_accepts(const sc_route *r, const char *key)
{
    for (const char *const *q = r->query; q && *q; q++)
        if (strcmp(*q, key) == 0)
            return true;
    return false;
}

static void check_query(const sc_route *r, char *query)
{
    for (char *save = NULL, *arg = strtok_r(query, "&", &save); arg;
         arg = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(arg, '=');
        if (eq)
            *eq = '\0';
        unescape(arg);
        bool accepted = route_accepts(r, arg);
        /* the pipeline's rule: only listed names pass; a listed name is
         * one of a few fixed ASCII words */
        if (accepted)
            FUZZ_CHECK(strspn(arg, "abcdefghijklmnopqrstuvwxyz_") == strlen(arg) && *arg,
                       "route %s %s accepts odd parameter \"%s\"", r->method, r->pattern, arg);
    }
}

/* A path segment decoded as the router promises (server/router.c; the
 * HTTP layer hands the path over undecoded): each %HH becomes its byte,
 * once, except %00, which stays three characters (a NUL must never cut a
 * value short). */
static char *reference_decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < len && (h = hexval(s[i + 1])) >= 0 &&
            (l = hexval(s[i + 2])) >= 0 && h * 16 + l != 0) {
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* Walks the pattern along the path: fixed text must be equal, and each
 * "{}" must have captured its whole segment, decoded once. */
static void check_capture(const sc_route *r, const char *path, char *const params[], int n)
{
    const char *p = r->pattern, *s = path;
    int used = 0;
    while (*p) {
        if (p[0] == '{' && p[1] == '}') {
            FUZZ_CHECK(used < n, "pattern %s has more {} than %d parameters", r->pattern, n);
            size_t len = strcspn(s, "/");
            FUZZ_CHECK(len > 0, "empty segment captured for %s in \"%s\"", r->pattern, path);
            const char *v = params[used++];
            FUZZ_CHECK(v && *v, "empty parameter %d for %s", used - 1, r->pattern);
            char *want = reference_decode(s, len);
            FUZZ_CHECK(strcmp(v, want) == 0,
                       "segment \"%.*s\" of \"%s\" captured as \"%s\", "
                       "not \"%s\"",
                       (int)len, s, path, v, want);
            free(want);
            s += len;
            p += 2;
        } else {
            FUZZ_CHECK(*p == *s, "path \"%s\" matched %s but differs at \"%s\"", path, r->pattern,
                       s);
            p++;
            s++;
        }
    }
    FUZZ_CHECK(*s == '\0', "path \"%s\" matched %s with \"%s\" left over", path, r->pattern, s);
    FUZZ_CHECK(used == n, "%d parameters captured for %s, which has %d", n, r->pattern, used);
}

static void check_allow(const char *method, const char *path, const char *allow, size_t allow_n)
{
    FUZZ_CHECK(memchr(allow, '\0', allow_n) != NULL, "Allow not terminated");
    if (!allow[0])
        return;
    char *list = strdup(allow);
    for (char *save = NULL, *m = strtok_r(list, ", ", &save); m; m = strtok_r(NULL, ", ", &save)) {
        FUZZ_CHECK(strcmp(m, method) != 0 &&
                       !(strcmp(m, "GET") == 0 && strcmp(method, "HEAD") == 0),
                   "Allow for %s %s names the method asked for: %s", method, path, allow);
        char *params[SC_MAX_PARAMS] = {0};
        int n = 0;
        char other[ALLOW_MAX];
        const sc_route *r = sc_route_match(m, path, params, &n, other, sizeof other);
        FUZZ_CHECK(r != NULL, "Allow for %s names %s, which does not match", path, m);
        for (int i = 0; i < n; i++)
            free(params[i]);
    }
    free(list);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = fuzz_strndup(data, size);
    char *method = "GET", *path = input;
    char *nl = memchr(input, '\n', size);
    if (nl) {
        *nl = '\0';
        method = input;
        path = nl + 1;
    }
    char *query = strchr(path, '?');
    if (query)
        *query++ = '\0';
    /* exact-size copies, so the router cannot read past them unseen */
    char *m = strdup(method), *p = strdup(path);
    size_t allow_n = 1 + (size ? data[size - 1] % ALLOW_MAX : ALLOW_MAX - 1);
    char *allow = malloc(allow_n);

    char *params[SC_MAX_PARAMS] = {0};
    int nparams = -1;
    const sc_route *r = sc_route_match(m, p, params, &nparams, allow, allow_n);
    if (r) {
        const char *want = strcmp(m, "HEAD") == 0 ? "GET" : m;
        FUZZ_CHECK(strcmp(r->method, want) == 0, "%s matched a %s route", m, r->method);
        FUZZ_CHECK(nparams >= 0 && nparams <= SC_MAX_PARAMS, "nparams %d", nparams);
        check_capture(r, p, params, nparams);
        for (int i = 0; i < nparams; i++)
            free(params[i]);
        if (query)
            check_query(r, query);
    } else {
        for (int i = 0; i < SC_MAX_PARAMS; i++)
            FUZZ_CHECK(params[i] == NULL, "no match but parameter %d was left allocated", i);
        if (allow_n == ALLOW_MAX)
            check_allow(m, p, allow, allow_n);
        else
            FUZZ_CHECK(memchr(allow, '\0', allow_n) != NULL, "Allow not terminated");
    }
    free(allow);
    free(m);
    free(p);
    free(input);
    return 0;
}
