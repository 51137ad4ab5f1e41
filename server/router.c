/* router.c - matching a method and path against the route table. */
#include "routes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const sc_route sc_routes[];
extern const size_t sc_route_count;

/* A matched path segment, %HH decoded once (the HTTP layer decodes
 * nothing, see http.c). %00 stays as the three characters, so it can never
 * cut a code short: such a value names nothing. */
static char *decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 2 < len && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2]) && !(s[i + 1] == '0' && s[i + 2] == '0')) {
            char hex[3] = {s[i + 1], s[i + 2], '\0'};
            out[o++] = (char)strtoul(hex, NULL, 16);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* Compares path with pattern segment by segment; "{}" matches one
 * non-empty segment, captured into params. */
static bool match_path(const char *pattern, const char *path, char *params[SC_MAX_PARAMS],
                       int *nparams)
{
    const char *p = pattern, *s = path;
    int n = 0;
    while (*p && *s) {
        if (p[0] == '{' && p[1] == '}') {
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || n == SC_MAX_PARAMS)
                goto fail;
            if (params && !(params[n] = decode(s, len)))
                goto fail;
            n++;
            s += len;
            p += 2;
            continue;
        }
        if (*p != *s)
            goto fail;
        p++;
        s++;
    }
    if (*p || *s)
        goto fail;
    if (nparams)
        *nparams = n;
    return true;
fail:
    for (int i = 0; params && i < n; i++) {
        free(params[i]);
        params[i] = NULL;
    }
    return false;
}

const sc_route *sc_route_match(const char *method, const char *path, char *params[SC_MAX_PARAMS],
                               int *nparams, char *allow, size_t allow_n)
{
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    size_t used = 0;
    allow[0] = '\0';
    for (size_t i = 0; i < sc_route_count; i++) {
        const sc_route *r = &sc_routes[i];
        if (!match_path(r->pattern, path, NULL, NULL))
            continue;
        if (strcmp(r->method, want) == 0)
            return match_path(r->pattern, path, params, nparams) ? r : NULL;
        size_t len = strlen(r->method);
        if (used + len + (strcmp(r->method, "GET") == 0 ? 6 : 0) + 3 < allow_n) {
            used +=
                (size_t)snprintf(allow + used, allow_n - used, "%s%s", used ? ", " : "", r->method);
            if (strcmp(r->method, "GET") == 0)
                used += (size_t)snprintf(allow + used, allow_n - used, ", HEAD");
        }
    }
    return NULL;
}
