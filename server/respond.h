/* respond.h - the answer of one request, as libmicrohttpd sends it.
 *
 * A handler (or dispatch, or http.c for an early refusal) leaves its answer
 * in sc_req; sc_respond_send turns that into a response with its ETag (and
 * 304 on a matching If-None-Match), gzip form, CORS, Vary and the other
 * headers, and queues it. Private to server/.
 */
#ifndef SC_RESPOND_H
#define SC_RESPOND_H

#include <microhttpd.h>
#include <stddef.h>

#include "routes.h"
#include "server_internal.h"

/* Queues the answer in cs->req on cs->conn, with an Allow header when
 * cs->allow is set, and records its status and length in cs for the
 * access log. A cached answer's reference moves to the response (sent
 * from the cache's own bytes); everything else the request owns stays in
 * cs->req for the caller to clear. Returns MHD_NO when no response could
 * be made (out of memory) or libmicrohttpd refused it; libmicrohttpd then
 * closes the connection. */
enum MHD_Result sc_respond_send(sc_server *srv, sc_conn_state *cs);

typedef enum { SC_SHEET_NONE = 0, SC_SHEET_CSV, SC_SHEET_XLSX } sc_sheet_format;

/* Turns the JSON list answer of a 200 into CSV or XLSX (f) when route
 * offers CSV (a Content-Disposition with a file name, .csv or .xlsx, is
 * set too); replies 500 when it cannot be rendered. Does nothing for
 * other answers, or for SC_SHEET_NONE. */
void sc_respond_sheet(const sc_route *route, sc_req *req, sc_sheet_format f);

/* The body of req's answer, encoded, with its length in *len: req->text is
 * taken (req->text becomes NULL), req->json is dumped (and left in req).
 * The caller frees the result. NULL (with *len 0) when there is no body,
 * or on out of memory while there is one. */
char *sc_respond_encode(sc_req *req, size_t *len);

/* A JSON answer's bytes as the server sends them (compact, 15 significant
 * digits): malloc'd, NULL on no memory. */
char *sc_respond_dump(const json_t *j);

/* The strong ETag of body, quoted (a BLAKE2b-128 digest of the exact bytes
 * sent), into out. Cannot fail. */
void sc_respond_etag(const char *body, size_t len, char out[40]);

/* The origin to name in Access-Control-Allow-Origin for a request with
 * method on conn, or NULL when it has no Origin or none is allowed: an
 * origin listed with --cors-origin gets itself back, "*" is returned for
 * reads when "*" is listed. Borrowed from the request or the config. */
const char *sc_respond_cors_origin(const sc_server *srv, struct MHD_Connection *conn,
                                   const char *method);

#endif
