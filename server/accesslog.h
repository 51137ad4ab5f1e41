/* accesslog.h - one line per request on the --access-log stream:
 *
 *   2026-01-05T10:00:00Z 127.0.0.1 "GET /api/v1/areas" 200 1234 0.42ms key=-
 *
 * The method, target and key name are escaped (accesslog.c) so that no
 * request can forge a line or reach a terminal as a control sequence.
 * Private to server/.
 */
#ifndef SC_ACCESSLOG_H
#define SC_ACCESSLOG_H

#include "server_internal.h"

/* Writes the line of the finished request cs when srv has an access log;
 * lines from concurrent workers never interleave. Write errors are
 * ignored: the log never fails a request. */
void sc_accesslog_line(const sc_server *srv, const sc_conn_state *cs);

#endif
