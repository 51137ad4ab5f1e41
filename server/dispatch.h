/* dispatch.h - one request from its route to its answer.
 *
 * Decodes the query arguments, finds the route, refuses unknown query
 * parameters, authenticates the key and checks its role, parses a JSON
 * body, then answers a read (from the render cache when the data has not
 * changed since it was rendered) or hands a write to the write queue with
 * its connection suspended. Private to server/.
 */
#ifndef SC_DISPATCH_H
#define SC_DISPATCH_H

#include <stdbool.h>

#include "server_internal.h"
#include "writeq.h"

/* Routes, checks and answers the request in cs (set up by http.c): false
 * when the answer is in cs->req (and cs->allow, for 405 and OPTIONS),
 * ready for sc_respond_send; every failure, out of memory included, is
 * such an answer (a problem reply). True when the request is a write that
 * now waits in the write queue with its connection suspended: the writer
 * thread answers it in cs->req, sets cs->job to SC_JOB_DONE and resumes the
 * connection. True also when the request is a cacheable read that waits,
 * its connection suspended, for a shared data-version read (vgate.h): the
 * gate's reader sets cs->job to SC_JOB_VERSIONED and resumes it, and
 * http.c then calls sc_dispatch_resume_read. A store connection taken for
 * the request is left in cs->req.db for the caller to release. */
bool sc_dispatch(sc_server *srv, sc_conn_state *cs);

/* Goes on with a read that waited, its connection suspended, for the
 * data-version read the gate made for it (vgate.h; cs->job VERSIONED):
 * answers it in cs->req, from the cache or by rendering on a store
 * connection taken now. Called by http.c on the resumed connection;
 * cannot fail (every outcome is an answer). */
void sc_dispatch_resume_read(sc_server *srv, sc_conn_state *cs);

/* The writer thread's side of a queued write, the sc_writeq_fn of the
 * server's write queue: job is the sc_conn_state that sc_dispatch queued.
 * Runs the handler on a store connection of its own (or answers 503 when
 * the write expired or the server is stopping), then resumes the
 * connection. Cannot fail: every outcome is an answer in the request. */
void sc_dispatch_run_write(void *job, sc_writeq_turn turn);

#endif
