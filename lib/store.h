/* store.h - the SQLite store: connections, transactions, migrations.
 *
 * One sc_store holds a small pool of connections to one database file in
 * WAL mode (readers never wait for the writer). A thread takes a connection
 * with sc_store_acquire() for the length of one request and gives it back
 * with sc_store_release(); a connection is never used by two threads at
 * once. Each connection keeps its prepared statements (sc_db_stmt()).
 * The domain queries live in store_*.c files, all under the sc_store_ prefix.
 */
#ifndef SC_STORE_H
#define SC_STORE_H

#include <sqlite3.h>
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

/* Closes every connection; all must have been released. Accepts NULL. */
void sc_store_close(sc_store *st);

/* Waits for a free connection and hands it to the caller. */
sc_db *sc_store_acquire(sc_store *st);
void sc_store_release(sc_store *st, sc_db *db);

/* A cached prepared statement for sql, which must be a string literal (the
 * cache is keyed by its address). The statement comes reset with no
 * bindings; the caller calls sc_db_reset() when done with it. NULL on a
 * prepare error (a bug: the message goes to sc_db_errmsg()). */
sqlite3_stmt *sc_db_stmt(sc_db *db, const char *sql);
void sc_db_reset(sqlite3_stmt *stmt);

/* BEGIN IMMEDIATE: takes the write lock now, so a write transaction never
 * fails half way on a lock. Waits up to the busy timeout. */
sc_rc sc_db_begin_write(sc_db *db);
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

sqlite3 *sc_db_handle(sc_db *db);
const char *sc_db_errmsg(sc_db *db);

/* Creates or renames an entry of a named, ordered table (service areas,
 * demand measures): sql_get selects (name, position) by code ?1; sql_put
 * upserts (code ?1, name ?2, position ?3 or NULL to keep/append). Sets
 * *what and writes nothing when the entry is unchanged. */
sc_rc sc_db_named_put(sc_db *db, const char *sql_get, const char *sql_put, const char *code,
                      const char *name, int position, sc_write *what);

/* Runs a one-off statement with no results (for tests and tools). */
sc_rc sc_db_exec(sc_db *db, const char *sql);

/* Binds text, or NULL when s is NULL. */
int sc_db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Copies column text (NULL stays NULL). */
char *sc_db_column_strdup(sqlite3_stmt *st, int col);

#endif
