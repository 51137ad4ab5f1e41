/* engine_sqlite.c - the SQLite engine (engine.h): connections in WAL mode,
 * the statement cache, transactions, migrations (PRAGMA user_version) and
 * db.h's statements over sqlite3_stmt. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "schema.h"
#include "sqlite.h"

#define SQ_BUSY_TIMEOUT_MS 10000

typedef struct {
    sc_stmt base;
    sqlite3_stmt *stmt;
} sq_stmt;

typedef struct {
    sc_db base;
    sqlite3 *conn;
    /* every statement is prepared once per connection and kept: keyed by
     * the address of its SQL text, which lives in static storage. Grows, so
     * no statement is ever left unfinalised (an unfinalised statement keeps
     * sqlite3_close from closing the connection) */
    struct sq_cached {
        const char *sql;
        sq_stmt *st;
    } * cache;
    int cached, cache_cap;
} sq_db;

#define SQ_DB(db) ((sq_db *)(db))
#define SQ_ST(st) (((sq_stmt *)(st))->stmt)

static void sq_close(sc_db *base)
{
    sq_db *db = SQ_DB(base);
    if (!db)
        return;
    for (int i = 0; i < db->cached; i++) {
        sqlite3_finalize(db->cache[i].st->stmt);
        free(db->cache[i].st);
    }
    free(db->cache);
    sqlite3_close(db->conn);
    free(db);
}

/* synchronous=FULL: an acknowledged write survives power loss, which is
 * the promise the trust's pushes rely on; WAL keeps that affordable. */
static const char sq_connection_pragmas[] = "PRAGMA journal_mode=WAL;"
                                            "PRAGMA synchronous=FULL;"
                                            "PRAGMA foreign_keys=ON;"
                                            "PRAGMA temp_store=MEMORY;";

/* SQLite keeps memory statistics behind one process-wide mutex that every
 * allocation takes; nothing here reads them, and every worker thread would
 * contend on it. Must precede SQLite's initialisation (later it is refused
 * harmlessly). */
static void sq_sqlite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static sc_db *sq_open(const char *path, const char *schema, sc_errors *errs)
{
    (void)schema; /* one file is one namespace: an organisation is a file */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_sqlite_configure);
    sq_db *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    db->base.eng = &sc_engine_sqlite;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
        sc_errors_set_message(errs, "cannot open database %s: %s", path,
                              db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
        sq_close(&db->base);
        return NULL;
    }
    sqlite3_busy_timeout(db->conn, SQ_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->conn, 1);
    if (sqlite3_exec(db->conn, sq_connection_pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        sc_errors_set_message(errs, "cannot configure database %s: %s", path,
                              sqlite3_errmsg(db->conn));
        sq_close(&db->base);
        return NULL;
    }
    return &db->base;
}

static int sq_user_version(sqlite3 *conn)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Each migration runs in its own IMMEDIATE transaction together with the
 * user_version bump, so two processes opening a fresh file cannot both
 * apply it and a crash leaves the schema at a whole version. */
static sc_rc sq_migrate(sc_db *base, const char *path, sc_errors *errs)
{
    sqlite3 *conn = SQ_DB(base)->conn;
    for (;;) {
        if (sqlite3_exec(conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
        int v = sq_user_version(conn);
        if (v < 0)
            goto fail;
        if (v > sc_schema_migration_count) {
            sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
            sc_errors_set_message(errs,
                                  "database %s has schema version %d, newer than this "
                                  "build's %d: upgrade scrutiny",
                                  path, v, sc_schema_migration_count);
            return SC_EDB;
        }
        if (v == sc_schema_migration_count)
            return sqlite3_exec(conn, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? SC_OK : SC_EDB;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", v + 1);
        if (sqlite3_exec(conn, sc_schema_migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(conn, bump, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(conn, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
    }
fail:
    sc_errors_set_message(errs, "cannot migrate database %s: %s", path, sqlite3_errmsg(conn));
    sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
    return SC_EDB;
}

static sc_stmt *sq_stmt_get(sc_db *base, const char *sql)
{
    sq_db *db = SQ_DB(base);
    for (int i = 0; i < db->cached; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].st->stmt);
            sqlite3_clear_bindings(db->cache[i].st->stmt);
            return &db->cache[i].st->base;
        }
    }
    if (db->cached == db->cache_cap) {
        int cap = db->cache_cap ? db->cache_cap * 2 : 128;
        struct sq_cached *c = realloc(db->cache, (size_t)cap * sizeof *c);
        if (!c)
            return NULL;
        db->cache = c;
        db->cache_cap = cap;
    }
    sq_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->base.db = base;
    if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt, NULL) !=
        SQLITE_OK) {
        free(st);
        return NULL;
    }
    db->cache[db->cached].sql = sql;
    db->cache[db->cached].st = st;
    db->cached++;
    return &st->base;
}

static void sq_reset(sc_stmt *st)
{
    sqlite3_reset(SQ_ST(st));
}

static int sq_step(sc_stmt *st)
{
    int rc = sqlite3_step(SQ_ST(st));
    if (rc == SQLITE_ROW)
        return SC_STEP_ROW;
    if (rc == SQLITE_DONE)
        return SC_STEP_DONE;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        return SC_STEP_CONSTRAINT;
    return SC_STEP_ERROR;
}

static void sq_bind_int64(sc_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(SQ_ST(st), idx, v);
}

static void sq_bind_double(sc_stmt *st, int idx, double v)
{
    sqlite3_bind_double(SQ_ST(st), idx, v);
}

static void sq_bind_null(sc_stmt *st, int idx)
{
    sqlite3_bind_null(SQ_ST(st), idx);
}

static void sq_bind_text(sc_stmt *st, int idx, const char *s)
{
    sqlite3_bind_text(SQ_ST(st), idx, s, -1, SQLITE_TRANSIENT);
}

static void sq_bind_blob(sc_stmt *st, int idx, const void *p, size_t n)
{
    sqlite3_bind_blob(SQ_ST(st), idx, p, (int)n, SQLITE_TRANSIENT);
}

static bool sq_col_null(sc_stmt *st, int col)
{
    return sqlite3_column_type(SQ_ST(st), col) == SQLITE_NULL;
}

static int64_t sq_col_int64(sc_stmt *st, int col)
{
    return sqlite3_column_int64(SQ_ST(st), col);
}

static double sq_col_double(sc_stmt *st, int col)
{
    return sqlite3_column_double(SQ_ST(st), col);
}

static const char *sq_col_text(sc_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(SQ_ST(st), col);
}

static const void *sq_col_blob(sc_stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(SQ_ST(st), col);
    *n = (size_t)sqlite3_column_bytes(SQ_ST(st), col);
    return p;
}

static int64_t sq_changes(sc_db *db)
{
    return sqlite3_changes(SQ_DB(db)->conn);
}

static int64_t sq_last_id(sc_db *db)
{
    return sqlite3_last_insert_rowid(SQ_DB(db)->conn);
}

static bool sq_in_transaction(sc_db *db)
{
    return !sqlite3_get_autocommit(SQ_DB(db)->conn);
}

static bool sq_busy(sc_db *db)
{
    return (sqlite3_errcode(SQ_DB(db)->conn) & 0xff) == SQLITE_BUSY;
}

static const char *sq_errmsg(sc_db *db)
{
    return sqlite3_errmsg(SQ_DB(db)->conn);
}

static sc_rc sq_exec(sc_db *db, const char *sql)
{
    return sqlite3_exec(SQ_DB(db)->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? SC_OK : SC_EDB;
}

static sc_rc sq_run_once(sc_db *db, const char *sql, const char *param)
{
    /* DDL on the temporary schema: prepared once, not cached (the schema
     * it changes is gone when the transaction ends) */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(SQ_DB(db)->conn, sql, -1, &st, NULL) != SQLITE_OK)
        return SC_EDB;
    if (param && sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SC_OK : SC_EDB;
}

static sc_rc sq_shadow(sc_db *db, bool on)
{
    /* SQLite resolves unqualified names to the temp schema first */
    (void)db;
    (void)on;
    return SC_OK;
}

static sc_rc sq_begin_write(sc_db *db)
{
    sqlite3 *conn = SQ_DB(db)->conn;
    if (!db->nowait)
        return sq_exec(db, "BEGIN IMMEDIATE");
    sqlite3_busy_timeout(conn, 0);
    sc_rc rc = sq_exec(db, "BEGIN IMMEDIATE");
    sqlite3_busy_timeout(conn, SQ_BUSY_TIMEOUT_MS);
    if (rc != SC_OK && sq_busy(db))
        db->refused = true;
    return rc;
}

static sc_rc sq_begin_read(sc_db *db)
{
    return sq_exec(db, "BEGIN");
}

static sc_rc sq_commit(sc_db *db)
{
    return sq_exec(db, "COMMIT");
}

static void sq_rollback(sc_db *db)
{
    if (!sqlite3_get_autocommit(SQ_DB(db)->conn))
        sqlite3_exec(SQ_DB(db)->conn, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3 *sc_db_handle(sc_db *db)
{
    return db->eng == &sc_engine_sqlite ? SQ_DB(db)->conn : NULL;
}

const sc_engine sc_engine_sqlite = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .migrate = sq_migrate,
    .check = NULL,
    .stmt = sq_stmt_get,
    .reset = sq_reset,
    .step = sq_step,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .col_null = sq_col_null,
    .col_int64 = sq_col_int64,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
    .last_id = sq_last_id,
    .in_transaction = sq_in_transaction,
    .busy = sq_busy,
    .errmsg = sq_errmsg,
    .exec = sq_exec,
    .run_once = sq_run_once,
    .shadow = sq_shadow,
    .begin_write = sq_begin_write,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
};
