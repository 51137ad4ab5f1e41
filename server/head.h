/* head.h - what in a request head cannot be trusted.
 *
 * Requests whose framing or headers could be read two ways are refused
 * rather than guessed at (RFC 9110/9112: one Host in HTTP/1.1, one
 * Content-Length, never both a length and a transfer coding, names that
 * are tokens, no NUL or control byte in a value, no obs-fold; one key, one
 * media type). Private to server/.
 */
#ifndef SC_HEAD_H
#define SC_HEAD_H

#include <microhttpd.h>

/* The problem with the head of the request on conn (method, target and
 * version as libmicrohttpd gives them), as a detail for the answer, or NULL
 * when the head is sound. On a problem sets *status: 400, or 501 for a transfer
 * coding other than chunked. The detail is a static string. Cannot fail
 * otherwise. */
const char *sc_head_problem(struct MHD_Connection *conn, const char *method, const char *url,
                            const char *version, int *status);

#endif
