/* routes.h - the route table: which handler answers which method and path,
 * the role it needs and the query parameters it accepts. */
#ifndef SC_ROUTES_H
#define SC_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "csv.h"
#include "keys.h"
#include "req.h"

typedef void (*sc_handler)(sc_req *req);

typedef struct {
    const char *method;
    const char *pattern; /* segments of "{}" are parameters */
    sc_handler handler;
    sc_role role;             /* least role needed; reads are public unless --private-read */
    bool takes_body;          /* a JSON request body is required */
    const char *const *query; /* accepted query parameters, NULL-terminated; NULL: none */
    sc_csv_shape csv;         /* rows for text/csv (?format=csv, Accept); NULL: JSON only */
    bool csv_body;            /* the body may be text/csv too (kept raw in req->csv_body) */
} sc_route;

/* Finds the route for method and path. On a match fills params (strdup'd,
 * caller frees) and returns it. Otherwise returns NULL and writes into
 * allow the comma-separated methods the path does answer ("" when the path
 * is unknown: 404; otherwise 405 with that Allow). */
const sc_route *sc_route_match(const char *method, const char *path, char *params[SC_MAX_PARAMS],
                               int *nparams, char *allow, size_t allow_n);

#endif
