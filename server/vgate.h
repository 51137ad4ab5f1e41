/* vgate.h - one read of the data version shared by the requests waiting
 * for it, for engines where that read is a round trip to another server
 * (PostgreSQL, several nodes).
 *
 * Every cacheable request must learn the database's current data version
 * before it may answer from the render cache: that is what makes a write
 * acknowledged by any node visible to the next read on every node. On
 * PostgreSQL each such read is a round trip and costs the database a
 * statement, more than the cached answer costs to send. The gate keeps the
 * promise with fewer reads: a request is given the result of a version
 * read that STARTED after the request arrived (so it saw every commit
 * acknowledged before then), and one read serves every request that came
 * while the previous one was in flight. A request thus waits at most for
 * the end of one read in flight and then one read of its own.
 *
 * The waiting is asynchronous: the worker suspends the request's
 * connection and goes on serving others; a reader thread per store makes
 * the reads and hands each batch of waiters its result through their
 * callbacks. A first version blocked the worker threads on a condition
 * variable instead: on one CPU shared with PostgreSQL that cost five
 * context switches a request and held cached reads at 0.35x the SQLite
 * node's (bench/engines.sh; the figures are in docs/DEPLOYMENT.md).
 *
 * On SQLite the read is a few microseconds inside the process, cheaper
 * than any waiting: the gate is then not shared (sc_vgate_shared false)
 * and callers read themselves.
 */
#ifndef SC_VGATE_H
#define SC_VGATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

typedef struct sc_vgate sc_vgate;

/* Called on a reader thread with the outcome of a version read that began
 * after the waiter was handed to sc_vgate_wait: SC_OK and the version, or
 * the read's error (SC_EDB). It must not block for long: the rest of the
 * batch waits for it. */
typedef void (*sc_vgate_fn)(void *arg, sc_rc rc, int64_t version);

/* One waiting request; owned by the caller (no allocation per request),
 * and untouched by the gate once fn has been called. */
typedef struct sc_vgate_waiter {
    struct sc_vgate_waiter *next;
    sc_vgate_fn fn;
    void *arg;
} sc_vgate_waiter;

/* Reads store's current data version: SC_OK, or the error (SC_EDB). */
typedef sc_rc (*sc_vgate_read_fn)(sc_store *store, int64_t *out);

/* A gate for the stores of one server; shared: whether to coalesce (the
 * engine's version read is remote); read: how a version is read, NULL for
 * the real read on a connection of the store's pool (tests pass one that
 * they can hold mid-read). NULL when out of memory. */
sc_vgate *sc_vgate_new(bool shared, sc_vgate_read_fn read);

/* Serves every waiter still queued (each batch gets its read), then stops
 * and joins the reader threads; later sc_vgate_wait calls return false.
 * Called once no new request can arrive, before the stores go. NULL and a
 * second call are ignored. */
void sc_vgate_stop(sc_vgate *g);

/* Stops the gate (sc_vgate_stop) and frees it. NULL is ignored. */
void sc_vgate_free(sc_vgate *g);

/* Whether requests should wait through the gate (sc_vgate_wait) rather
 * than read the version themselves. */
bool sc_vgate_shared(const sc_vgate *g);

/* Queues w (fn and arg set by the caller) for the next read of store's
 * version to begin; w->fn is then called exactly once, on the store's
 * reader thread, possibly before this returns. False, with w untouched
 * and fn never called, when the gate cannot take it (not shared, out of
 * memory or threads, or stopping): the caller then reads itself. */
bool sc_vgate_wait(sc_vgate *g, sc_store *store, sc_vgate_waiter *w);

#endif
