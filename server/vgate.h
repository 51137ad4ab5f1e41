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
 * On SQLite the read is a few microseconds inside the process, cheaper
 * than any waiting: sc_vgate_read then simply reads (shared false).
 */
#ifndef SC_VGATE_H
#define SC_VGATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

typedef struct sc_vgate sc_vgate;

/* A gate for the stores of one server; shared: whether to coalesce (the
 * engine's version read is remote). NULL when out of memory. */
sc_vgate *sc_vgate_new(bool shared);
void sc_vgate_free(sc_vgate *g);

/* The current data version of store, read on db (a connection of store,
 * outside any transaction) or taken from a read another request made
 * after this call began. SC_OK or the read's error (SC_EDB). */
sc_rc sc_vgate_read(sc_vgate *g, sc_store *store, sc_db *db, int64_t *out);

#endif
