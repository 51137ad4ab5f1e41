/* store.c - the SQLite engine: connection pool, statement cache,
 * transactions, migrations, and db.h's statements over sqlite3_stmt. */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "schema.h"
#include "sqlite.h"

#define BUSY_TIMEOUT_MS 10000

struct sc_db {
    sqlite3 *conn;
    bool nowait;    /* sc_db_begin_write refuses at once instead of waiting */
    bool refused;   /* ... and did since sc_db_set_nowait */
    char clock[32]; /* sc_db_set_clock's instant; "" for now */
    /* every statement is prepared once per connection and kept: keyed by
     * the address of its SQL text, which lives in static storage. Grows, so
     * no statement is ever left unfinalised (an unfinalised statement keeps
     * sqlite3_close from closing the connection) */
    struct sc_db_cached {
        const char *sql;
        sqlite3_stmt *stmt;
    } * cache;
    int cached, cache_cap;
};

struct sc_store {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    sc_db **all;
    sc_db **idle;
    int count;
    int idle_count;
};

int sc_store_schema_version(void)
{
    return sc_schema_migration_count;
}

static void db_close(sc_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->cached; i++)
        sqlite3_finalize(db->cache[i].stmt);
    free(db->cache);
    sqlite3_close(db->conn);
    free(db);
}

/* synchronous=FULL: an acknowledged write survives power loss, which is
 * the promise the trust's pushes rely on; WAL keeps that affordable. */
static const char connection_pragmas[] = "PRAGMA journal_mode=WAL;"
                                         "PRAGMA synchronous=FULL;"
                                         "PRAGMA foreign_keys=ON;"
                                         "PRAGMA temp_store=MEMORY;";

/* SQLite keeps memory statistics behind one process-wide mutex that every
 * allocation takes; nothing here reads them, and every worker thread would
 * contend on it. Must precede SQLite's initialisation (later it is refused
 * harmlessly). */
static void sqlite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static sc_db *db_open(const char *path, sc_errors *errs)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_configure);
    sc_db *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
        sc_errors_set_message(errs, "cannot open database %s: %s", path,
                              db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
        db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->conn, 1);
    if (sqlite3_exec(db->conn, connection_pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        sc_errors_set_message(errs, "cannot configure database %s: %s", path,
                              sqlite3_errmsg(db->conn));
        db_close(db);
        return NULL;
    }
    return db;
}

static int user_version(sqlite3 *conn)
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
static sc_rc migrate(sc_db *db, const char *path, sc_errors *errs)
{
    for (;;) {
        if (sqlite3_exec(db->conn, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
        int v = user_version(db->conn);
        if (v < 0)
            goto fail;
        if (v > sc_schema_migration_count) {
            sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
            sc_errors_set_message(errs,
                                  "database %s has schema version %d, newer than this "
                                  "build's %d: upgrade scrutiny",
                                  path, v, sc_schema_migration_count);
            return SC_EDB;
        }
        if (v == sc_schema_migration_count)
            return sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? SC_OK : SC_EDB;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", v + 1);
        if (sqlite3_exec(db->conn, sc_schema_migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db->conn, bump, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db->conn, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
    }
fail:
    sc_errors_set_message(errs, "cannot migrate database %s: %s", path, sqlite3_errmsg(db->conn));
    sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    return SC_EDB;
}

sc_rc sc_store_open(const char *path, int connections, sc_store **out, sc_errors *errs)
{
    if (connections < 1)
        connections = 1;
    /* a figure kind without an as_of rule would answer today's figures to
     * a question about the past: refuse to start instead */
    if (sc_figure_kinds_check(errs) != SC_OK)
        return SC_EINVALID;
    sc_store *st = calloc(1, sizeof *st);
    if (!st)
        return SC_ENOMEM;
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->freed, NULL);
    st->all = calloc((size_t)connections, sizeof *st->all);
    st->idle = calloc((size_t)connections, sizeof *st->idle);
    if (!st->all || !st->idle) {
        sc_store_close(st);
        return SC_ENOMEM;
    }
    for (int i = 0; i < connections; i++) {
        sc_db *db = db_open(path, errs);
        if (!db || (i == 0 && migrate(db, path, errs) != SC_OK)) {
            db_close(db);
            sc_store_close(st);
            return SC_EDB;
        }
        st->all[st->count++] = db;
        st->idle[st->idle_count++] = db;
    }
    *out = st;
    return SC_OK;
}

void sc_store_close(sc_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->count; i++)
        db_close(st->all[i]);
    free(st->all);
    free(st->idle);
    pthread_mutex_destroy(&st->lock);
    pthread_cond_destroy(&st->freed);
    free(st);
}

sc_db *sc_store_acquire(sc_store *st)
{
    pthread_mutex_lock(&st->lock);
    while (st->idle_count == 0)
        pthread_cond_wait(&st->freed, &st->lock);
    sc_db *db = st->idle[--st->idle_count];
    pthread_mutex_unlock(&st->lock);
    return db;
}

void sc_store_release(sc_store *st, sc_db *db)
{
    if (!db)
        return;
    sc_db_rollback(db);
    pthread_mutex_lock(&st->lock);
    st->idle[st->idle_count++] = db;
    pthread_cond_signal(&st->freed);
    pthread_mutex_unlock(&st->lock);
}

sc_stmt *sc_db_stmt(sc_db *db, const char *sql)
{
    for (int i = 0; i < db->cached; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_reset(db->cache[i].stmt);
            sqlite3_clear_bindings(db->cache[i].stmt);
            return (sc_stmt *)db->cache[i].stmt;
        }
    }
    if (db->cached == db->cache_cap) {
        int cap = db->cache_cap ? db->cache_cap * 2 : 128;
        struct sc_db_cached *c = realloc(db->cache, (size_t)cap * sizeof *c);
        if (!c)
            return NULL;
        db->cache = c;
        db->cache_cap = cap;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        return NULL;
    db->cache[db->cached].sql = sql;
    db->cache[db->cached].stmt = stmt;
    db->cached++;
    return (sc_stmt *)stmt;
}

#define S(st) ((sqlite3_stmt *)(st))

void sc_stmt_reset(sc_stmt *st)
{
    if (st)
        sqlite3_reset(S(st));
}

int sc_stmt_step(sc_stmt *st)
{
    int rc = sqlite3_step(S(st));
    if (rc == SQLITE_ROW)
        return SC_STEP_ROW;
    if (rc == SQLITE_DONE)
        return SC_STEP_DONE;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        return SC_STEP_CONSTRAINT;
    return SC_STEP_ERROR;
}

sc_rc sc_stmt_run(sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

void sc_stmt_bind_int(sc_stmt *st, int idx, int v)
{
    sqlite3_bind_int(S(st), idx, v);
}

void sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v)
{
    sqlite3_bind_int64(S(st), idx, v);
}

void sc_stmt_bind_double(sc_stmt *st, int idx, double v)
{
    sqlite3_bind_double(S(st), idx, v);
}

void sc_stmt_bind_null(sc_stmt *st, int idx)
{
    sqlite3_bind_null(S(st), idx);
}

void sc_stmt_bind_text(sc_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(S(st), idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(S(st), idx);
}

void sc_stmt_bind_blob(sc_stmt *st, int idx, const void *p, size_t n)
{
    sqlite3_bind_blob(S(st), idx, p, (int)n, SQLITE_TRANSIENT);
}

bool sc_stmt_null(sc_stmt *st, int col)
{
    return sqlite3_column_type(S(st), col) == SQLITE_NULL;
}

int sc_stmt_int(sc_stmt *st, int col)
{
    return sqlite3_column_int(S(st), col);
}

int64_t sc_stmt_int64(sc_stmt *st, int col)
{
    return sqlite3_column_int64(S(st), col);
}

double sc_stmt_double(sc_stmt *st, int col)
{
    return sqlite3_column_double(S(st), col);
}

const char *sc_stmt_text(sc_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(S(st), col);
}

const void *sc_stmt_blob(sc_stmt *st, int col, size_t *n)
{
    const void *p = sqlite3_column_blob(S(st), col);
    *n = (size_t)sqlite3_column_bytes(S(st), col);
    return p;
}

char *sc_stmt_strdup(sc_stmt *st, int col)
{
    const char *s = sc_stmt_text(st, col);
    return s ? strdup(s) : NULL;
}

int64_t sc_db_changes(sc_db *db)
{
    return sqlite3_changes(db->conn);
}

void sc_db_set_clock(sc_db *db, const char *utc)
{
    snprintf(db->clock, sizeof db->clock, "%s", utc ? utc : "");
}

const char *sc_db_clock(const sc_db *db)
{
    return db->clock[0] ? db->clock : NULL;
}

int64_t sc_db_last_id(sc_db *db)
{
    return sqlite3_last_insert_rowid(db->conn);
}

bool sc_db_in_transaction(sc_db *db)
{
    return !sqlite3_get_autocommit(db->conn);
}

bool sc_db_busy(sc_db *db)
{
    return (sqlite3_errcode(db->conn) & 0xff) == SQLITE_BUSY;
}

static sc_rc exec(sc_db *db, const char *sql)
{
    return sqlite3_exec(db->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? SC_OK : SC_EDB;
}

sc_rc sc_db_begin_write(sc_db *db)
{
    if (!db->nowait)
        return exec(db, "BEGIN IMMEDIATE");
    sqlite3_busy_timeout(db->conn, 0);
    sc_rc rc = exec(db, "BEGIN IMMEDIATE");
    sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
    if (rc != SC_OK && sc_db_busy(db))
        db->refused = true;
    return rc;
}

void sc_db_set_nowait(sc_db *db, bool on)
{
    db->nowait = on;
    db->refused = false;
}

bool sc_db_nowait_refused(sc_db *db)
{
    return db->refused;
}

sc_rc sc_db_begin_read(sc_db *db)
{
    /* a read inside an open transaction (the server opens one to read the
     * data version) simply joins it */
    if (!sqlite3_get_autocommit(db->conn))
        return SC_OK;
    return exec(db, "BEGIN");
}

sc_rc sc_db_data_version(sc_db *db, int64_t *out)
{
    sc_stmt *st = sc_db_stmt(db, "SELECT value FROM settings WHERE key = 'data_version'");
    if (!st)
        return SC_EDB;
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        *out = sc_stmt_int64(st, 0);
    sc_stmt_reset(st);
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

sc_rc sc_db_commit(sc_db *db)
{
    return exec(db, "COMMIT");
}

void sc_db_rollback(sc_db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3 *sc_db_handle(sc_db *db)
{
    return db->conn;
}

const char *sc_db_errmsg(sc_db *db)
{
    return sqlite3_errmsg(db->conn);
}

sc_rc sc_db_exec(sc_db *db, const char *sql)
{
    return exec(db, sql);
}

sc_rc sc_db_read_rows(sc_db *db, const char *sql, size_t size, void **items, size_t *count,
                      sc_stmt_row_fn fill)
{
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    size_t cap = *count;
    int rc;
    sc_rc r = SC_OK;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            void *grown = realloc(*items, cap * size);
            if (!grown) {
                r = SC_ENOMEM;
                break;
            }
            *items = grown;
        }
        void *item = (char *)*items + *count * size;
        memset(item, 0, size);
        (*count)++;
        if (!fill(st, item)) {
            r = SC_ENOMEM;
            break;
        }
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    return r;
}

sc_rc sc_db_named_put(sc_db *db, const char *sql_get, const char *sql_put, const char *code,
                      const char *name, int position, sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        *what = strcmp(sc_stmt_text(st, 0), name) == 0 &&
                        (position < 0 || position == sc_stmt_int(st, 1))
                    ? SC_WRITE_UNCHANGED
                    : SC_WRITE_UPDATED;
    else
        *what = SC_WRITE_CREATED;
    sc_stmt_reset(st);
    if (rc != SC_STEP_ROW && rc != SC_STEP_DONE)
        return SC_EDB;
    if (*what == SC_WRITE_UNCHANGED)
        return SC_OK;
    st = sc_db_stmt(db, sql_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_text(st, 2, name);
    if (position >= 0)
        sc_stmt_bind_int(st, 3, position);
    rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

sc_rc sc_db_set_text(sc_db *db, const char *sql, const char *code, const char *value,
                     sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_text(st, 2, value);
    sc_rc rc = sc_stmt_run(st);
    if (rc == SC_OK && sc_db_changes(db) > 0 && *what == SC_WRITE_UNCHANGED)
        *what = SC_WRITE_UPDATED;
    return rc;
}
