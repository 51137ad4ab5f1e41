/* db.h - the store's own view of its engine: prepared statements, binding,
 * stepping and reading columns, for the store's files only (the folder is
 * on no other include path).
 *
 * Every query of the store is written against these functions, never
 * against an engine's API, so that the figure files do not change with the
 * engine: store.c hands each call to the connection's engine (engine.h:
 * SQLite in engine_sqlite.c, PostgreSQL in engine_pg.c, which translates
 * the SQL text once per connection, see the comment there). Parameters are
 * numbered ?1, ?2, ... in the SQL text; columns count from 0. Integer
 * readers accept booleans (PostgreSQL's EXISTS answers true/false).
 */
#ifndef SC_DB_H
#define SC_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A prepared statement, owned by its connection's statement cache. */
typedef struct sc_stmt sc_stmt;

/* What sc_stmt_step answers. */
enum {
    SC_STEP_DONE = 0,        /* no (more) rows: the statement ran */
    SC_STEP_ROW = 1,         /* a row is ready to read */
    SC_STEP_ERROR = -1,      /* it failed (sc_db_errmsg says why) */
    SC_STEP_CONSTRAINT = -2, /* a UNIQUE or PRIMARY KEY constraint refused it */
};

/* A cached prepared statement for sql, which must be a string literal (the
 * cache is keyed by its address). It comes reset with no bindings; call
 * sc_stmt_reset() when done with it. NULL on a prepare error (a bug: the
 * message goes to sc_db_errmsg()). */
sc_stmt *sc_db_stmt(sc_db *db, const char *sql);
void sc_stmt_reset(sc_stmt *st);
int sc_stmt_step(sc_stmt *st);
/* Steps a statement that returns no rows, then resets it: SC_OK, or
 * SC_EDB when it did not run to its end. */
sc_rc sc_stmt_run(sc_stmt *st);

/* Fills one element from the current row; false when out of memory. */
typedef bool (*sc_stmt_row_fn)(sc_stmt *st, void *item);

/* Runs sql (no parameters) and appends one zeroed element of size bytes
 * per row to the growing array *items, filled by fill. Returns SC_OK, or
 * SC_EDB / SC_ENOMEM with the elements read so far still in *items and
 * *count (the caller's clear releases them, as on success). */
sc_rc sc_db_read_rows(sc_db *db, const char *sql, size_t size, void **items, size_t *count,
                      sc_stmt_row_fn fill);

/* Binding: text and blobs are copied; NULL text binds SQL NULL. */
void sc_stmt_bind_int(sc_stmt *st, int idx, int v);
void sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v);
void sc_stmt_bind_double(sc_stmt *st, int idx, double v);
void sc_stmt_bind_null(sc_stmt *st, int idx);
void sc_stmt_bind_text(sc_stmt *st, int idx, const char *s);
void sc_stmt_bind_blob(sc_stmt *st, int idx, const void *p, size_t n);

/* Columns of the current row. Text and blobs are borrowed until the next
 * step or reset; text is NULL for SQL NULL. */
bool sc_stmt_null(sc_stmt *st, int col);
int sc_stmt_int(sc_stmt *st, int col);
int64_t sc_stmt_int64(sc_stmt *st, int col);
double sc_stmt_double(sc_stmt *st, int col);
const char *sc_stmt_text(sc_stmt *st, int col);
const void *sc_stmt_blob(sc_stmt *st, int col, size_t *n);
/* A copy of a text column (caller frees; NULL stays NULL). */
char *sc_stmt_strdup(sc_stmt *st, int col);

/* Rows changed by the connection's last statement. */
int64_t sc_db_changes(sc_db *db);
/* The row id the connection's last INSERT gave. */
int64_t sc_db_last_id(sc_db *db);

/* The instant the connection dates its revisions (and so the figures'
 * history) by: NULL, the default, for the moment of each write; or a
 * store-form UTC instant (sc_utc_parse), copied, for a loader that records
 * figures as they were first published (the demo's recorded_at). Every
 * write still goes through sc_figure_write; only its date changes. */
void sc_db_set_clock(sc_db *db, const char *utc);
/* The instant set by sc_db_set_clock, or NULL for now. */
const char *sc_db_clock(const sc_db *db);

/* Creates or renames an entry of a named, ordered table (service areas,
 * demand measures): sql_get selects (name, position) by code ?1; sql_put
 * upserts (code ?1, name ?2, position ?3 or NULL to keep/append). Sets
 * *what and writes nothing when the entry is unchanged. */
sc_rc sc_db_named_put(sc_db *db, const char *sql_get, const char *sql_put, const char *code,
                      const char *name, int position, sc_write *what);

/* Runs sql, an UPDATE of one more column of such an entry (code ?1, the
 * value ?2) that changes nothing when it already has it; marks *what
 * SC_WRITE_UPDATED when it changed an entry sc_db_named_put left
 * unchanged. */
sc_rc sc_db_set_text(sc_db *db, const char *sql, const char *code, const char *value,
                     sc_write *what);

/* The engine's name: "sqlite" or "postgresql". */
const char *sc_db_engine_name(const sc_db *db);

/* Runs one-off SQL not kept in the statement cache (DDL on the temporary
 * schema, which the transaction's end drops), with ?1 bound to param when
 * param is not NULL. */
sc_rc sc_db_run_once(sc_db *db, const char *sql, const char *param);
/* After as_of's TEMP views are made (on) or dropped (off): makes
 * unqualified names resolve to them (or not) until the transaction or
 * savepoint ends. SQLite does so by itself; PostgreSQL changes its
 * search_path, which also re-plans the cached statements. */
sc_rc sc_db_shadow(sc_db *db, bool on);

#endif
