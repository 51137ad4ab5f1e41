/* writeq.h - writes wait their turn without holding an HTTP worker.
 *
 * The database takes one writer at a time, and a write can wait seconds
 * for its lock (another process, a long return). A libmicrohttpd worker
 * that waited there would stall every connection it owns, readers and
 * /healthz included. So each write request is suspended by its worker and
 * handed to this queue; one writer thread runs the jobs in order and each
 * job's own callback resumes its connection. The queue is bounded in jobs,
 * and a job that waited longer than max_wait_ms is not run at all but told
 * so (the caller answers 503 with Retry-After). Nothing here knows HTTP.
 */
#ifndef SC_WRITEQ_H
#define SC_WRITEQ_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sc_writeq sc_writeq;

/* What became of a job, as its callback is told. */
typedef enum {
    SC_WRITEQ_RUN = 0, /* its turn: do the write */
    SC_WRITEQ_EXPIRED, /* waited longer than max_wait_ms: do not write */
    SC_WRITEQ_STOPPED, /* the queue is stopping: do not write */
} sc_writeq_turn;

/* Called on the writer thread, once per job pushed. */
typedef void (*sc_writeq_fn)(void *job, sc_writeq_turn turn);

/* Starts the writer thread. NULL when out of memory or threads. */
sc_writeq *sc_writeq_new(size_t max_jobs, long max_wait_ms, sc_writeq_fn fn);

/* Queues job; false (and fn is never called for it) when the queue is
 * full or stopping. */
bool sc_writeq_push(sc_writeq *q, void *job);

/* Jobs queued or running now, for /metrics. */
size_t sc_writeq_depth(sc_writeq *q);

/* Stops the thread: the job running finishes, every job still queued is
 * called with SC_WRITEQ_STOPPED. Accepts NULL. */
void sc_writeq_free(sc_writeq *q);

#endif
