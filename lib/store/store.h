/* store.h - the store: connections, transactions, migrations.
 *
 * One sc_store holds a small pool of connections to one database file in
 * WAL mode (readers never wait for the writer). A thread takes a connection
 * with sc_store_acquire() for the length of one request and gives it back
 * with sc_store_release(); a connection is never used by two threads at
 * once. Each connection keeps its prepared statements (private/db.h).
 * Nothing here names the engine: callers see connections, transactions and
 * result codes only.
 */
#ifndef SC_STORE_H
#define SC_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "errors.h"

typedef struct sc_store sc_store;
typedef struct sc_db sc_db;

/* What a create-or-replace did. */
typedef enum { SC_WRITE_CREATED = 0, SC_WRITE_UPDATED, SC_WRITE_UNCHANGED } sc_write;

/* The schema version this build migrates to (PRAGMA user_version). */
int sc_store_schema_version(void);

/* Opens (creating if needed) the database at path with `connections`
 * pooled connections (at least 1) and migrates it to the current schema.
 * Returns SC_OK and sets *out, or SC_EDB with a message in errs (a newer
 * schema than this build knows is refused rather than touched). Close with
 * sc_store_close(). */
sc_rc sc_store_open(const char *path, int connections, sc_store **out, sc_errors *errs);

/* sc_store_open with a base schema: on PostgreSQL every unqualified name of
 * the store's connections resolves to schema (made and migrated there on
 * first open); NULL is the default one ("public"). SQLite ignores it. */
sc_rc sc_store_open_schema(const char *target, const char *schema, int connections, sc_store **out,
                           sc_errors *errs);

/* The target the store was opened on (a file name or a libpq URI, as
 * given: it may hold a password) and its base schema (NULL for the
 * default), owned by the store. */
const char *sc_store_target(const sc_store *st);
const char *sc_store_schema(const sc_store *st);

/* target as it may be printed or logged (malloc'd; NULL when out of
 * memory): a libpq URI with its password (user:PASSWORD@, or a password=
 * parameter) replaced by ***, anything else unchanged. */
char *sc_store_target_redacted(const char *target);

/* Closes every connection; all must have been released. Accepts NULL. */
void sc_store_close(sc_store *st);

/* Waits for a free connection and hands it to the caller. */
sc_db *sc_store_acquire(sc_store *st);
void sc_store_release(sc_store *st, sc_db *db);

/* BEGIN IMMEDIATE: takes the write lock now, so a write transaction never
 * fails half way on a lock. Waits up to the busy timeout. */
sc_rc sc_db_begin_write(sc_db *db);
/* With on, sc_db_begin_write on db does not wait for another writer: it
 * fails at once (SC_EDB, sc_db_busy true) and sc_db_nowait_refused says so
 * until the next sc_db_set_nowait. The server runs a write on its HTTP
 * worker this way when nothing else is writing, and hands it to its writer
 * thread otherwise. */
void sc_db_set_nowait(sc_db *db, bool on);
bool sc_db_nowait_refused(sc_db *db);

/* BEGIN (deferred): a consistent snapshot for multi-query reads. Inside an
 * open transaction it does nothing and succeeds. */
sc_rc sc_db_begin_read(sc_db *db);

/* The data version: a number every committed change to the figures or
 * definitions increases (triggers, migration 5), whoever made it. Read it
 * inside the read transaction whose answers it labels. */
sc_rc sc_db_data_version(sc_db *db, int64_t *out);
sc_rc sc_db_commit(sc_db *db);
/* Rolls back if a transaction is open; safe to call when none is. */
void sc_db_rollback(sc_db *db);

/* True when other processes may write the database at any moment and a
 * read of it is a round trip to another server (PostgreSQL): the server
 * then shares each read of the data version among the requests waiting
 * for one (server/vgate.h). False for a SQLite file. */
bool sc_store_remote(const sc_store *st);
/* The same, said of a --db target before it is opened. */
bool sc_store_target_remote(const char *target);

const char *sc_db_errmsg(sc_db *db);
/* True when the last failure on db was the database being busy (another
 * writer held its lock beyond the busy timeout): load, not a fault. */
bool sc_db_busy(sc_db *db);
/* True while a transaction is open on db. */
bool sc_db_in_transaction(sc_db *db);

/* Runs a one-off statement with no results (for tests, tools and the
 * health check). */
sc_rc sc_db_exec(sc_db *db, const char *sql);

#endif
