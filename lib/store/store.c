/* store.c - the engine-neutral store: the connection pool, and db.h's and
 * store.h's functions, each handed to the connection's engine (engine.h:
 * engine_sqlite.c, engine_pg.c). */
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine.h"
#include "figure.h"
#include "schema.h"

struct sc_store {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    sc_db **all;
    sc_db **idle;
    int count;
    int idle_count;
    char *target;
    char *schema; /* NULL: the engine's default */
};

int sc_store_schema_version(void)
{
    return sc_schema_migration_count;
}

bool sc_engine_is_pg_uri(const char *target)
{
    return target &&
           (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0);
}

sc_rc sc_store_open(const char *path, int connections, sc_store **out, sc_errors *errs)
{
    return sc_store_open_schema(path, NULL, connections, out, errs);
}

const char *sc_store_target(const sc_store *st)
{
    return st->target;
}

const char *sc_store_schema(const sc_store *st)
{
    return st->schema;
}

/* Appends n bytes of s to out at *len (out has room: the result is never
 * longer than target plus one *** per byte of it). */
static void store_put(char *out, size_t *len, const char *s, size_t n)
{
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

char *sc_store_target_redacted(const char *target)
{
    if (!target)
        return NULL;
    if (!sc_engine_is_pg_uri(target))
        return strdup(target);
    size_t tn = strlen(target);
    char *out = malloc(tn * 4 + 4);
    if (!out)
        return NULL;
    size_t len = 0;
    out[0] = '\0';
    /* postgresql://[user[:password]@][host][:port][/dbname][?k=v&...]: the
     * authority ends at the first / or ?, its user information at its last
     * @ */
    const char *auth = strstr(target, "://") + 3;
    const char *auth_end = auth + strcspn(auth, "/?");
    const char *at = NULL;
    for (const char *p = auth; p < auth_end; p++)
        if (*p == '@')
            at = p;
    const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon) {
        store_put(out, &len, target, (size_t)(colon + 1 - target));
        store_put(out, &len, "***", 3);
        store_put(out, &len, at, (size_t)(auth_end - at));
    } else
        store_put(out, &len, target, (size_t)(auth_end - target));
    /* the path as it is, then each parameter, password='s value hidden */
    const char *q = strchr(auth_end, '?');
    if (!q) {
        store_put(out, &len, auth_end, strlen(auth_end));
        return out;
    }
    store_put(out, &len, auth_end, (size_t)(q + 1 - auth_end));
    for (const char *p = q + 1; *p;) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        if (eq && (size_t)(eq - p) == strlen("password") && strncmp(p, "password", 8) == 0) {
            store_put(out, &len, p, (size_t)(eq + 1 - p));
            store_put(out, &len, "***", 3);
        } else
            store_put(out, &len, p, n);
        p += n;
        if (*p == '&') {
            store_put(out, &len, "&", 1);
            p++;
        }
    }
    return out;
}

sc_rc sc_store_open_schema(const char *path, const char *schema, int connections, sc_store **out,
                           sc_errors *errs)
{
    if (connections < 1)
        connections = 1;
    /* a figure kind without an as_of rule would answer today's figures to
     * a question about the past: refuse to start instead */
    if (sc_figure_kinds_check(errs) != SC_OK)
        return SC_EINVALID;
    /* the two engines must migrate to the same numbered schema */
    if (sc_schema_pg_migration_count != sc_schema_migration_count) {
        sc_errors_set_message(errs, "this build has %d SQLite migrations but %d PostgreSQL ones",
                              sc_schema_migration_count, sc_schema_pg_migration_count);
        return SC_EINVALID;
    }
    const sc_engine *eng = sc_engine_is_pg_uri(path) ? &sc_engine_pg : &sc_engine_sqlite;
    sc_store *st = calloc(1, sizeof *st);
    if (!st)
        return SC_ENOMEM;
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->freed, NULL);
    st->all = calloc((size_t)connections, sizeof *st->all);
    st->idle = calloc((size_t)connections, sizeof *st->idle);
    st->target = strdup(path);
    st->schema = schema ? strdup(schema) : NULL;
    if (!st->all || !st->idle || !st->target || (schema && !st->schema)) {
        sc_store_close(st);
        return SC_ENOMEM;
    }
    for (int i = 0; i < connections; i++) {
        sc_db *db = eng->open(path, schema, errs);
        if (!db || (i == 0 && eng->migrate(db, path, errs) != SC_OK)) {
            if (db)
                eng->close(db);
            sc_store_close(st);
            return SC_EDB;
        }
        st->all[st->count++] = db;
        st->idle[st->idle_count++] = db;
    }
    *out = st;
    return SC_OK;
}

bool sc_store_remote(const sc_store *st)
{
    return st->count > 0 && st->all[0]->eng == &sc_engine_pg;
}

bool sc_store_target_remote(const char *target)
{
    return sc_engine_is_pg_uri(target);
}

void sc_store_close(sc_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->count; i++)
        st->all[i]->eng->close(st->all[i]);
    free(st->all);
    free(st->idle);
    free(st->target);
    free(st->schema);
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
    /* a connection the server lost (a restarted database) is re-made here,
     * outside the pool's lock, so the node recovers without a restart */
    if (db->eng->check)
        db->eng->check(db);
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

const char *sc_db_engine_name(const sc_db *db)
{
    return db->eng->name;
}

sc_stmt *sc_db_stmt(sc_db *db, const char *sql)
{
    return db->eng->stmt(db, sql);
}

void sc_stmt_reset(sc_stmt *st)
{
    if (st)
        st->db->eng->reset(st);
}

int sc_stmt_step(sc_stmt *st)
{
    return st->db->eng->step(st);
}

sc_rc sc_stmt_run(sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

void sc_stmt_bind_int(sc_stmt *st, int idx, int v)
{
    st->db->eng->bind_int64(st, idx, v);
}

void sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v)
{
    st->db->eng->bind_int64(st, idx, v);
}

void sc_stmt_bind_double(sc_stmt *st, int idx, double v)
{
    st->db->eng->bind_double(st, idx, v);
}

void sc_stmt_bind_null(sc_stmt *st, int idx)
{
    st->db->eng->bind_null(st, idx);
}

void sc_stmt_bind_text(sc_stmt *st, int idx, const char *s)
{
    if (s)
        st->db->eng->bind_text(st, idx, s);
    else
        st->db->eng->bind_null(st, idx);
}

void sc_stmt_bind_blob(sc_stmt *st, int idx, const void *p, size_t n)
{
    st->db->eng->bind_blob(st, idx, p, n);
}

bool sc_stmt_null(sc_stmt *st, int col)
{
    return st->db->eng->col_null(st, col);
}

int sc_stmt_int(sc_stmt *st, int col)
{
    return (int)st->db->eng->col_int64(st, col);
}

int64_t sc_stmt_int64(sc_stmt *st, int col)
{
    return st->db->eng->col_int64(st, col);
}

double sc_stmt_double(sc_stmt *st, int col)
{
    return st->db->eng->col_double(st, col);
}

const char *sc_stmt_text(sc_stmt *st, int col)
{
    return st->db->eng->col_text(st, col);
}

const void *sc_stmt_blob(sc_stmt *st, int col, size_t *n)
{
    return st->db->eng->col_blob(st, col, n);
}

char *sc_stmt_strdup(sc_stmt *st, int col)
{
    const char *s = sc_stmt_text(st, col);
    return s ? strdup(s) : NULL;
}

int64_t sc_db_changes(sc_db *db)
{
    return db->eng->changes(db);
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
    return db->eng->last_id(db);
}

bool sc_db_in_transaction(sc_db *db)
{
    return db->eng->in_transaction(db);
}

bool sc_db_busy(sc_db *db)
{
    return db->eng->busy(db);
}

sc_rc sc_db_begin_write(sc_db *db)
{
    return db->eng->begin_write(db);
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
    if (db->eng->in_transaction(db))
        return SC_OK;
    return db->eng->begin_read(db);
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
    return db->eng->commit(db);
}

void sc_db_rollback(sc_db *db)
{
    db->eng->rollback(db);
}

const char *sc_db_errmsg(sc_db *db)
{
    return db->eng->errmsg(db);
}

sc_rc sc_db_exec(sc_db *db, const char *sql)
{
    return db->eng->exec(db, sql);
}

sc_rc sc_db_run_once(sc_db *db, const char *sql, const char *param)
{
    return db->eng->run_once(db, sql, param);
}

sc_rc sc_db_shadow(sc_db *db, bool on)
{
    return db->eng->shadow(db, on);
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
