/* engine_pg.c - the PostgreSQL engine (engine.h) over libpq: one session
 * per pooled connection, the statement cache as server-side prepared
 * statements, transactions with SQLite's semantics, migrations
 * (schema_pg.c) and as_of's shadowing through search_path.
 *
 * ONE SQL TEXT FOR BOTH ENGINES. The store's queries are written once, in
 * SQL both engines accept where a standard form exists (COALESCE, CAST,
 * CASE, ON CONFLICT ... DO UPDATE, window functions). What remains is
 * rewritten here, once per connection and statement, when it is first
 * prepared (sc_pg_translate(); the result is kept with the prepared
 * statement):
 *
 *   ?N                 -> $N
 *   x IS ?N, x IS f(..) (an operand other than NULL, TRUE, FALSE)
 *                      -> x IS NOT DISTINCT FROM ...
 *   x IS NOT <operand> -> x IS DISTINCT FROM ...
 *   json_object(       -> json_build_object(
 *   json_group_array(  -> json_agg(   (NULL on no rows where SQLite gives
 *                                      '[]': the queries COALESCE it with
 *                                      json_array())
 *   json_array(        -> json_build_array(
 *   main.<name>        -> "<base schema>".<name> (the connection's schema)
 *   temp.<name>        -> pg_temp.<name>
 *
 * and PostgreSQL migration 1 defines what SQLite has built in:
 * strftime(format, 'now' [, modifier]) for the formats the store uses
 * (on clock_timestamp(), which advances within a transaction as SQLite's
 * 'now' does between statements) and json_extract(json, '$.a.b') (as
 * text). Keywords and literals are never rewritten inside quotes.
 *
 * PARAMETERS are sent as text (bytea in binary). A statement is prepared
 * at its first step, with each parameter typed by its first binding (int
 * -> int8, double -> float8, text -> text, NULL -> unknown, blob ->
 * bytea) so that PostgreSQL can type expressions such as ?2 >= ?7; if the
 * server cannot type one (a NULL with no context) the NULLs are retried
 * as text, and if a text binding meets an integer column, every
 * parameter is left for the server to infer. Results come back as text:
 * the column readers parse integers and doubles, read booleans ('t'/'f')
 * as 1/0, and unescape bytea.
 *
 * TRANSACTIONS. sc_db_begin_write takes BEGIN plus one advisory
 * transaction lock per base schema (the two-key form: WRITE_LOCK_CLASS and
 * hashtext of the schema's name) that every node's writers of that schema
 * share, so there is one writer at a time across the nodes for each
 * organisation, as with SQLite's lock of one organisation's file, and one
 * organisation's writes never wait for another's (two schemas whose names
 * hash alike would merely share a lock); the nowait mode tries it and is
 * refused at once. A write runs at READ COMMITTED (each statement sees
 * everything committed before the lock was granted). sc_db_begin_read is
 * REPEATABLE READ: one snapshot for the whole read, as SQLite's read
 * transaction. An error aborts a PostgreSQL transaction, so the store
 * checks before it inserts where SQLite code relied on catching a
 * constraint and going on (keys.c).
 *
 * AS_OF. Connections run with search_path = "<schema>", pg_temp, so
 * temporary objects never shadow anything by themselves; as_of creates
 * its TEMP table and views and then SET LOCAL search_path = pg_temp,
 * "<schema>" (sc_db_shadow): a changed search_path makes PostgreSQL
 * re-plan every cached statement against the views, and the end of the
 * transaction (or the ROLLBACK TO of as_of_push's savepoint) restores both.
 *
 * ORGANISATIONS. The base schema is one field of the connection
 * (schema, from sc_store_open_schema): "public" for the root database
 * (the default organisation and the deployment's tables), "org_<code>"
 * for each other organisation (sc_pg_org_schema), all in the root's one
 * database. Migrations run per schema (each has its own schema_version,
 * functions and triggers) under the one migration lock; every name a
 * statement uses is unqualified or main., so it resolves in the
 * connection's schema only.
 *
 * KNOWN DIFFERENCES no test has shown to matter: a whole DOUBLE PRECISION
 * is written 85 in a snapshot's JSON where SQLite writes 85.0 (both read
 * back as the same number; a pack's figures digest differs between
 * engines, never within one); ORDER BY puts NULLs last in PostgreSQL and
 * first in SQLite (the store's orderings are on NOT NULL columns or
 * COALESCEd).
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "schema.h"

/* pg_advisory_xact_lock keys: the writers' lock (two int4 keys: this
 * class and hashtext(schema); tests/testdb.c holds it too) and the
 * migrations' (one bigint key, for every schema: migrations are rare) */
#define WRITE_LOCK_CLASS "731602151"
#define MIGRATE_LOCK_KEY "7316021502"
/* how long a writer waits for another node's writer (SQLite's busy
 * timeout) */
#define LOCK_TIMEOUT "'10s'"

#define OID_UNKNOWN 0
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

typedef struct pg_db pg_db;

typedef struct {
    sc_stmt base;
    const char *sql; /* the key: the address of the store's SQL text */
    char *text;      /* translated */
    char name[24];   /* the server-side prepared statement's name */
    bool prepared;
    int nparams;
    char **vals;
    int *lens;
    int *fmts;
    Oid *types;
    PGresult *res;
    int row, nrows;
    unsigned char *blob; /* the last bytea read, unescaped */
    char **compact;      /* per column: a json value of the row, compacted */
    int ncompact;
} pg_stmt;

struct pg_db {
    sc_db base;
    PGconn *conn;
    char *target;
    /* the base schema every unqualified name resolves to (search_path) */
    char schema[SC_PG_SCHEMA_MAX];
    /* the arguments of the writers' advisory lock for that schema */
    char lock_args[96];
    bool busy;
    int64_t changes;
    char err[512];
    char state[8]; /* the SQLSTATE of err */
    pg_stmt **cache;
    int cached, cache_cap;
};

#define PG_DB(db) ((pg_db *)(db))
#define PG_ST(st) ((pg_stmt *)(st))

static void pg_set_err(pg_db *db, const PGresult *res)
{
    const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(db->state, sizeof db->state, "%s", code ? code : "");
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m)
        m = PQerrorMessage(db->conn);
    snprintf(db->err, sizeof db->err, "%s", m ? m : "unknown error");
    size_t n = strlen(db->err);
    while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
        db->err[--n] = '\0';
    if (getenv("SCRUTINY_PG_DEBUG"))
        fprintf(stderr, "pg: %s\n", db->err);
}

static bool pg_res_ok(const PGresult *res)
{
    ExecStatusType s = PQresultStatus(res);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static const char *pg_sqlstate(const PGresult *res)
{
    const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return s ? s : "";
}

/* --- translation --- */

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} pg_buf;

static void pg_put(pg_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void pg_puts(pg_buf *b, const char *s)
{
    pg_put(b, s, strlen(s));
}

static bool pg_is_ident(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static size_t pg_word_len(const char *s)
{
    size_t n = 0;
    while (pg_is_ident(s[n]))
        n++;
    return n;
}

static bool pg_word_is(const char *w, size_t n, const char *kw)
{
    return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

static const char *pg_skip_ws(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* NULL, TRUE, FALSE and DISTINCT keep IS as it is */
static bool pg_is_keeps_is(const char *w, size_t n)
{
    return pg_word_is(w, n, "NULL") || pg_word_is(w, n, "TRUE") || pg_word_is(w, n, "FALSE") ||
           pg_word_is(w, n, "DISTINCT");
}

/* The rewrite described at the top of the file. Sets *nparams to the
 * highest ?N. NULL when out of memory. */
char *sc_pg_translate(const char *sql, const char *schema, int *nparams)
{
    pg_buf b = {0};
    int maxp = 0;
    const char *s = sql;
    while (*s) {
        char c = *s;
        if (c == '\'' || c == '"') {
            /* a literal or quoted identifier, copied as it is */
            const char *e = s + 1;
            while (*e) {
                if (*e == c) {
                    if (e[1] == c) {
                        e += 2;
                        continue;
                    }
                    break;
                }
                e++;
            }
            if (*e)
                e++;
            pg_put(&b, s, (size_t)(e - s));
            s = e;
            continue;
        }
        if (c == '?' && isdigit((unsigned char)s[1])) {
            int v = 0;
            const char *e = s + 1;
            while (isdigit((unsigned char)*e))
                v = v * 10 + (*e++ - '0');
            if (v > maxp)
                maxp = v;
            pg_put(&b, "$", 1);
            pg_put(&b, s + 1, (size_t)(e - s - 1));
            s = e;
            continue;
        }
        if (pg_is_ident(c) && (s == sql || !pg_is_ident(s[-1]))) {
            size_t n = pg_word_len(s);
            bool qualified = s > sql && s[-1] == '.';
            const char *after = s + n;
            if (!qualified && *after == '(' && pg_word_is(s, n, "json_object"))
                pg_puts(&b, "json_build_object");
            else if (!qualified && *after == '(' && pg_word_is(s, n, "json_group_array"))
                pg_puts(&b, "json_agg");
            else if (!qualified && *after == '(' && pg_word_is(s, n, "json_array"))
                pg_puts(&b, "json_build_array");
            else if (!qualified && *after == '.' && pg_word_is(s, n, "main")) {
                pg_puts(&b, "\"");
                pg_puts(&b, schema);
                pg_puts(&b, "\"");
            } else if (!qualified && *after == '.' && pg_word_is(s, n, "temp"))
                pg_puts(&b, "pg_temp");
            else if (pg_word_is(s, n, "IS")) {
                const char *w1 = pg_skip_ws(after);
                size_t n1 = pg_word_len(w1);
                if (pg_word_is(w1, n1, "NOT")) {
                    const char *w2 = pg_skip_ws(w1 + n1);
                    size_t n2 = pg_word_len(w2);
                    if (n2 > 0 && pg_is_keeps_is(w2, n2))
                        pg_put(&b, s, n);
                    else {
                        pg_puts(&b, "IS DISTINCT FROM");
                        after = w1 + n1;
                    }
                } else if (n1 > 0 && pg_is_keeps_is(w1, n1))
                    pg_put(&b, s, n);
                else
                    pg_puts(&b, "IS NOT DISTINCT FROM");
            } else
                pg_put(&b, s, n);
            s = after;
            continue;
        }
        pg_put(&b, s, 1);
        s++;
    }
    if (b.oom || !b.p) {
        free(b.p);
        return NULL;
    }
    *nparams = maxp;
    return b.p;
}

/* --- connections --- */

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static bool pg_exec_ok(pg_db *db, const char *sql)
{
    PGresult *res = PQexec(db->conn, sql);
    bool ok = pg_res_ok(res);
    if (!ok)
        pg_set_err(db, res);
    else
        db->busy = false;
    PQclear(res);
    return ok;
}

/* What every session sets: the search path without pg_temp first (as_of
 * puts it first, sc_db_shadow), and no notices on stderr. */
static bool pg_session_setup(pg_db *db)
{
    PQsetNoticeProcessor(db->conn, pg_quiet, NULL);
    char sql[256];
    snprintf(sql, sizeof sql, "SET search_path = \"%s\", pg_temp", db->schema);
    return pg_exec_ok(db, sql);
}

static void pg_clear_compact(pg_stmt *st)
{
    for (int i = 0; i < st->ncompact; i++) {
        free(st->compact[i]);
        st->compact[i] = NULL;
    }
}

static void pg_stmt_clear_result(pg_stmt *st)
{
    pg_clear_compact(st);
    free(st->compact);
    st->compact = NULL;
    st->ncompact = 0;
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nrows = 0;
    PQfreemem(st->blob);
    st->blob = NULL;
}

static void pg_stmt_clear_binds(pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        free(st->vals[i]);
        st->vals[i] = NULL;
        st->lens[i] = 0;
        st->fmts[i] = 0;
        st->types[i] = OID_UNKNOWN;
    }
}

static void pg_stmt_free(pg_stmt *st)
{
    pg_stmt_clear_result(st);
    pg_stmt_clear_binds(st);
    free(st->vals);
    free(st->lens);
    free(st->fmts);
    free(st->types);
    free(st->text);
    free(st);
}

static void pg_close(sc_db *base)
{
    pg_db *db = PG_DB(base);
    if (!db)
        return;
    for (int i = 0; i < db->cached; i++)
        pg_stmt_free(db->cache[i]);
    free(db->cache);
    if (db->conn)
        PQfinish(db->conn);
    free(db->target);
    free(db);
}

/* The characters a base schema may have: it is written into SQL text
 * between double quotes and single quotes (search_path, the lock), so only
 * what sc_pg_org_schema makes, and "public", is accepted. */
static bool pg_schema_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= SC_PG_SCHEMA_MAX)
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) && (unsigned char)*s < 0x80) && !strchr("._-~", *s))
            return false;
    return true;
}

bool sc_pg_org_schema(const char *code, char out[SC_PG_SCHEMA_MAX])
{
    size_t n = code ? strlen(code) : 0;
    if (n < 1 || n > 64)
        return false;
    if (sizeof "org_" - 1 + n < SC_PG_SCHEMA_MAX)
        snprintf(out, SC_PG_SCHEMA_MAX, "org_%s", code);
    else {
        uint64_t h = 14695981039346656037ull;
        for (const unsigned char *p = (const unsigned char *)code; *p; p++)
            h = (h ^ *p) * 1099511628211ull;
        snprintf(out, SC_PG_SCHEMA_MAX, "org_%.42s~%016llx", code, (unsigned long long)h);
    }
    return pg_schema_ok(out);
}

static sc_db *pg_open(const char *target, const char *schema, sc_errors *errs)
{
    if (schema && !pg_schema_ok(schema)) {
        sc_errors_set_message(errs, "not a schema name this build makes: %.80s", schema);
        return NULL;
    }
    pg_db *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    db->base.eng = &sc_engine_pg;
    snprintf(db->schema, sizeof db->schema, "%s", schema ? schema : "public");
    snprintf(db->lock_args, sizeof db->lock_args, WRITE_LOCK_CLASS ", hashtext('%s')", db->schema);
    db->target = strdup(target);
    db->conn = PQconnectdb(target);
    if (!db->target || !db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        const char *m = db->conn ? PQerrorMessage(db->conn) : "out of memory";
        sc_errors_set_message(errs, "cannot connect to the PostgreSQL database: %.*s",
                              (int)strcspn(m, "\n"), m);
        pg_close(&db->base);
        return NULL;
    }
    if (!pg_session_setup(db)) {
        sc_errors_set_message(errs, "cannot configure the PostgreSQL session: %s", db->err);
        pg_close(&db->base);
        return NULL;
    }
    return &db->base;
}

/* After a failure outside any transaction: when the connection itself was
 * lost (a restarted or unreachable server), re-establish it, so the
 * statement can be retried at once and the node recovers by itself. */
static bool pg_reconnected(pg_db *db);

static void pg_check(sc_db *base)
{
    pg_db *db = PG_DB(base);
    if (PQstatus(db->conn) == CONNECTION_OK)
        return;
    /* the session is gone with its prepared statements: prepare again */
    PQreset(db->conn);
    for (int i = 0; i < db->cached; i++) {
        pg_stmt_clear_result(db->cache[i]);
        db->cache[i]->prepared = false;
    }
    if (PQstatus(db->conn) == CONNECTION_OK)
        pg_session_setup(db);
}

static bool pg_reconnected(pg_db *db)
{
    if (PQstatus(db->conn) != CONNECTION_BAD)
        return false;
    pg_check(&db->base);
    return PQstatus(db->conn) == CONNECTION_OK;
}

/* exec_ok for a statement that opens nothing yet (BEGIN, a health
 * check): retried once on a re-made connection */
static bool pg_exec_idle(pg_db *db, const char *sql)
{
    bool idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
    if (pg_exec_ok(db, sql))
        return true;
    return idle && pg_reconnected(db) && pg_exec_ok(db, sql);
}

/* Each migration runs in its own transaction under an advisory lock, with
 * the version bump, so two nodes starting together cannot both apply it
 * and a crash leaves the schema at a whole version. */
static sc_rc pg_migrate(sc_db *base, const char *target, sc_errors *errs)
{
    (void)target;
    pg_db *db = PG_DB(base);
    char sql[384];
    for (;;) {
        snprintf(sql, sizeof sql,
                 "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ");"
                 "CREATE SCHEMA IF NOT EXISTS \"%s\";"
                 "CREATE TABLE IF NOT EXISTS \"%s\".schema_version (version INTEGER NOT NULL);",
                 db->schema, db->schema);
        if (!pg_exec_ok(db, sql))
            goto fail;
        PGresult *res = PQexec(db->conn, "SELECT max(version) FROM schema_version");
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            pg_set_err(db, res);
            PQclear(res);
            goto fail;
        }
        int v = PQgetisnull(res, 0, 0) ? 0 : atoi(PQgetvalue(res, 0, 0));
        PQclear(res);
        if (v > sc_schema_pg_migration_count) {
            pg_exec_ok(db, "ROLLBACK");
            sc_errors_set_message(errs,
                                  "the PostgreSQL database has schema version %d, newer than "
                                  "this build's %d: upgrade scrutiny",
                                  v, sc_schema_pg_migration_count);
            return SC_EDB;
        }
        if (v == sc_schema_pg_migration_count)
            return pg_exec_ok(db, "COMMIT") ? SC_OK : SC_EDB;
        snprintf(sql, sizeof sql,
                 "DELETE FROM schema_version; INSERT INTO schema_version VALUES (%d)", v + 1);
        if (!pg_exec_ok(db, sc_schema_pg_migrations[v]) || !pg_exec_ok(db, sql) ||
            !pg_exec_ok(db, "COMMIT")) {
            char m[sizeof db->err];
            snprintf(m, sizeof m, "%s", db->err);
            pg_exec_ok(db, "ROLLBACK");
            sc_errors_set_message(errs, "cannot migrate the PostgreSQL database to version %d: %s",
                                  v + 1, m);
            return SC_EDB;
        }
    }
fail:
    sc_errors_set_message(errs, "cannot migrate the PostgreSQL database: %s", db->err);
    pg_exec_ok(db, "ROLLBACK");
    return SC_EDB;
}

/* --- statements --- */

static sc_stmt *pg_stmt_get(sc_db *base, const char *sql)
{
    pg_db *db = PG_DB(base);
    for (int i = 0; i < db->cached; i++) {
        pg_stmt *st = db->cache[i];
        if (st->sql == sql) {
            pg_stmt_clear_result(st);
            pg_stmt_clear_binds(st);
            return &st->base;
        }
    }
    if (db->cached == db->cache_cap) {
        int cap = db->cache_cap ? db->cache_cap * 2 : 128;
        pg_stmt **c = realloc(db->cache, (size_t)cap * sizeof *c);
        if (!c)
            return NULL;
        db->cache = c;
        db->cache_cap = cap;
    }
    pg_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->base.db = base;
    st->sql = sql;
    st->row = -1;
    st->text = sc_pg_translate(sql, db->schema, &st->nparams);
    int n = st->nparams > 0 ? st->nparams : 1;
    st->vals = calloc((size_t)n, sizeof *st->vals);
    st->lens = calloc((size_t)n, sizeof *st->lens);
    st->fmts = calloc((size_t)n, sizeof *st->fmts);
    st->types = calloc((size_t)n, sizeof *st->types);
    if (!st->text || !st->vals || !st->lens || !st->fmts || !st->types) {
        pg_stmt_free(st);
        return NULL;
    }
    snprintf(st->name, sizeof st->name, "sc%d", db->cached);
    db->cache[db->cached++] = st;
    return &st->base;
}

static void pg_reset(sc_stmt *base)
{
    pg_stmt_clear_result(PG_ST(base));
}

/* Prepares st with its parameters typed by their bindings. A NULL binding
 * says nothing of its type, and PostgreSQL cannot always infer one (in
 * "?2 IS NULL OR quarter = ?2" the two uses must agree): such parameters
 * are tried as text, then int8, then float8, and last every parameter is
 * left for the server to infer. Once per connection and statement. */
static bool pg_prepare(pg_stmt *st)
{
    static const Oid null_as[] = {OID_UNKNOWN, OID_TEXT, OID_INT8, OID_FLOAT8, OID_UNKNOWN};
    enum { ATTEMPTS = sizeof null_as / sizeof *null_as };
    pg_db *db = PG_DB(st->base.db);
    Oid types[st->nparams > 0 ? st->nparams : 1];
    /* a failed PREPARE would abort the caller's transaction: the attempts
     * run under a savepoint there */
    bool in_tx = PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
    char first_err[sizeof db->err] = "";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        bool any_null = false;
        for (int i = 0; i < st->nparams; i++) {
            Oid t = st->types[i];
            if (t == OID_UNKNOWN) {
                t = null_as[attempt];
                any_null = true;
            } else if (attempt == ATTEMPTS - 1 && t != OID_BYTEA)
                t = OID_UNKNOWN;
            types[i] = t;
        }
        if (attempt > 0 && attempt < ATTEMPTS - 1 && !any_null)
            continue;
        if (in_tx && !pg_exec_ok(db, "SAVEPOINT sc_prepare"))
            return false;
        PGresult *res = PQprepare(db->conn, st->name, st->text, st->nparams, types);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        char state[8];
        snprintf(state, sizeof state, "%s", pg_sqlstate(res));
        if (!ok) {
            pg_set_err(db, res);
            if (!first_err[0])
                snprintf(first_err, sizeof first_err, "%s", db->err);
        }
        PQclear(res);
        if (in_tx) {
            if (!ok)
                pg_exec_ok(db, "ROLLBACK TO SAVEPOINT sc_prepare");
            pg_exec_ok(db, "RELEASE SAVEPOINT sc_prepare");
        }
        if (ok) {
            st->prepared = true;
            return true;
        }
        /* 42P08, 42P18: a parameter could not be typed; 42883, 42804,
         * 42725: a type chosen does not fit its context */
        bool retry = strcmp(state, "42P08") == 0 || strcmp(state, "42P18") == 0 ||
                     strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0 ||
                     strcmp(state, "42725") == 0;
        if (!retry)
            break;
    }
    if (first_err[0])
        snprintf(db->err, sizeof db->err, "%s", first_err);
    return false;
}

static int pg_step(sc_stmt *base)
{
    pg_stmt *st = PG_ST(base);
    pg_db *db = PG_DB(base->db);
    if (st->res) {
        pg_clear_compact(st);
        if (++st->row < st->nrows)
            return SC_STEP_ROW;
        return SC_STEP_DONE;
    }
    bool idle = PQtransactionStatus(db->conn) == PQTRANS_IDLE;
    if (!st->prepared && !pg_prepare(st) && !(idle && pg_reconnected(db) && pg_prepare(st)))
        return SC_STEP_ERROR;
    st->res = PQexecPrepared(db->conn, st->name, st->nparams, (const char *const *)st->vals,
                             st->lens, st->fmts, 0);
    if (PQresultStatus(st->res) == PGRES_FATAL_ERROR && idle && pg_reconnected(db)) {
        /* an autocommit statement on a lost connection: once more */
        PQclear(st->res);
        st->res = NULL;
        if (!pg_prepare(st))
            return SC_STEP_ERROR;
        st->res = PQexecPrepared(db->conn, st->name, st->nparams, (const char *const *)st->vals,
                                 st->lens, st->fmts, 0);
    }
    ExecStatusType s = PQresultStatus(st->res);
    if (s == PGRES_TUPLES_OK) {
        db->busy = false;
        st->nrows = PQntuples(st->res);
        st->row = 0;
        return st->nrows > 0 ? SC_STEP_ROW : SC_STEP_DONE;
    }
    if (s == PGRES_COMMAND_OK) {
        db->busy = false;
        const char *n = PQcmdTuples(st->res);
        if (n && *n)
            db->changes = strtoll(n, NULL, 10);
        return SC_STEP_DONE;
    }
    pg_set_err(db, st->res);
    const char *state = pg_sqlstate(st->res);
    db->busy = strcmp(state, "55P03") == 0;
    /* the prepared statement may be gone (a schema change): prepare again
     * next time */
    if (strcmp(state, "26000") == 0)
        st->prepared = false;
    int rc = strcmp(state, "23505") == 0 ? SC_STEP_CONSTRAINT : SC_STEP_ERROR;
    pg_stmt_clear_result(st);
    return rc;
}

static bool pg_param_ok(pg_stmt *st, int idx)
{
    return idx >= 1 && idx <= st->nparams;
}

static void pg_set_param(pg_stmt *st, int idx, char *v, int len, int fmt, Oid type)
{
    if (!pg_param_ok(st, idx)) {
        free(v);
        return;
    }
    free(st->vals[idx - 1]);
    st->vals[idx - 1] = v;
    st->lens[idx - 1] = len;
    st->fmts[idx - 1] = fmt;
    /* the statement keeps the types it was prepared with */
    if (!st->prepared)
        st->types[idx - 1] = type;
}

static void pg_bind_int64(sc_stmt *base, int idx, int64_t v)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)v);
    pg_set_param(PG_ST(base), idx, strdup(s), 0, 0, OID_INT8);
}

static void pg_bind_double(sc_stmt *base, int idx, double v)
{
    char s[40];
    if (isnan(v))
        snprintf(s, sizeof s, "NaN");
    else if (isinf(v))
        snprintf(s, sizeof s, "%sInfinity", v < 0 ? "-" : "");
    else
        snprintf(s, sizeof s, "%.17g", v);
    pg_set_param(PG_ST(base), idx, strdup(s), 0, 0, OID_FLOAT8);
}

static void pg_bind_null(sc_stmt *base, int idx)
{
    pg_set_param(PG_ST(base), idx, NULL, 0, 0, OID_UNKNOWN);
}

/* Length of the valid UTF-8 sequence at s, 0 when it is not one. */
static int pg_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xc2 && s[0] <= 0xdf   ? 2
            : (s[0] & 0xf0) == 0xe0        ? 3
            : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                           : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0)))
        return 0; /* overlong, or a surrogate */
    if (n == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return n;
}

/* PostgreSQL refuses text that is not UTF-8, where SQLite compares its
 * bytes; such text arrives only in lookups (a hostile path such as
 * /indicators/%FF: everything stored was validated first), so each bad
 * byte becomes U+FFFD and the lookup finds nothing, as on SQLite. */
static char *pg_utf8_clean(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int k = pg_utf8_len(p);
        if (k == 0) {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        } else {
            memcpy(o, p, (size_t)k);
            o += k;
            p += k;
        }
    }
    *o = '\0';
    return out;
}

static void pg_bind_text(sc_stmt *base, int idx, const char *s)
{
    pg_set_param(PG_ST(base), idx, pg_utf8_clean(s), 0, 0, OID_TEXT);
}

static void pg_bind_blob(sc_stmt *base, int idx, const void *p, size_t n)
{
    char *v = malloc(n ? n : 1);
    if (v && n)
        memcpy(v, p, n);
    pg_set_param(PG_ST(base), idx, v, (int)n, 1, OID_BYTEA);
}

static bool pg_has_col(pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

static bool pg_col_null(sc_stmt *base, int col)
{
    pg_stmt *st = PG_ST(base);
    return !pg_has_col(st, col) || PQgetisnull(st->res, st->row, col);
}

#define OID_JSON 114

/* json_build_object and json_agg write "a" : 1, {...}, \n {...}; SQLite's
 * json functions write compact JSON, which the snapshots in revisions keep
 * (and the signed-off packs digest): whitespace outside strings goes. */
static char *pg_json_compact(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    bool in_str = false;
    for (; *s; s++) {
        if (in_str) {
            *o++ = *s;
            if (*s == '\\' && s[1])
                *o++ = *++s;
            else if (*s == '"')
                in_str = false;
        } else if (*s == '"') {
            in_str = true;
            *o++ = *s;
        } else if (!isspace((unsigned char)*s))
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

static const char *pg_col_text(sc_stmt *base, int col)
{
    pg_stmt *st = PG_ST(base);
    if (pg_col_null(base, col))
        return NULL;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) != OID_JSON)
        return v;
    if (!st->compact) {
        st->ncompact = PQnfields(st->res);
        st->compact = calloc((size_t)st->ncompact, sizeof *st->compact);
        if (!st->compact) {
            st->ncompact = 0;
            return v;
        }
    }
    if (!st->compact[col])
        st->compact[col] = pg_json_compact(v);
    return st->compact[col] ? st->compact[col] : v;
}

/* PostgreSQL's text form of a boolean ('t' or 'f'), which SQLite code
 * reads as an integer: true with *out set when s is one. */
static bool pg_bool_text(const char *s, int *out)
{
    if ((s[0] != 't' && s[0] != 'f') || s[1])
        return false;
    *out = s[0] == 't';
    return true;
}

static int64_t pg_col_int64(sc_stmt *base, int col)
{
    const char *s = pg_col_text(base, col);
    int b;
    if (!s)
        return 0;
    if (pg_bool_text(s, &b))
        return b;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end == '.' || *end == 'e' || *end == 'E')
        return (int64_t)strtod(s, NULL);
    return v;
}

static double pg_col_double(sc_stmt *base, int col)
{
    const char *s = pg_col_text(base, col);
    int b;
    if (!s)
        return 0;
    if (pg_bool_text(s, &b))
        return b;
    return strtod(s, NULL);
}

static const void *pg_col_blob(sc_stmt *base, int col, size_t *n)
{
    pg_stmt *st = PG_ST(base);
    *n = 0;
    const char *s = pg_col_text(base, col);
    if (!s)
        return NULL;
    PQfreemem(st->blob);
    st->blob = PQunescapeBytea((const unsigned char *)s, n);
    return st->blob;
}

static int64_t pg_changes(sc_db *db)
{
    return PG_DB(db)->changes;
}

static int64_t pg_last_id(sc_db *base)
{
    pg_db *db = PG_DB(base);
    /* lastval(): the identity the session's last INSERT drew */
    PGresult *res = PQexec(db->conn, "SELECT lastval()");
    int64_t v = 0;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    else
        pg_set_err(db, res);
    PQclear(res);
    return v;
}

static bool pg_in_transaction(sc_db *db)
{
    PGTransactionStatusType s = PQtransactionStatus(PG_DB(db)->conn);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

static bool pg_busy(sc_db *db)
{
    return PG_DB(db)->busy;
}

static const char *pg_errmsg(sc_db *db)
{
    return PG_DB(db)->err[0] ? PG_DB(db)->err : PQerrorMessage(PG_DB(db)->conn);
}

static sc_rc pg_exec(sc_db *base, const char *sql)
{
    pg_db *db = PG_DB(base);
    int n;
    char *text = sc_pg_translate(sql, db->schema, &n);
    if (!text)
        return SC_ENOMEM;
    bool ok = pg_exec_idle(db, text);
    free(text);
    return ok ? SC_OK : SC_EDB;
}

static sc_rc pg_run_once(sc_db *base, const char *sql, const char *param)
{
    pg_db *db = PG_DB(base);
    int n = 0;
    char *text = sc_pg_translate(sql, db->schema, &n);
    if (!text)
        return SC_ENOMEM;
    const char *vals[1] = {param};
    PGresult *res = PQexecParams(db->conn, text, n > 0 ? 1 : 0, NULL, vals, NULL, NULL, 0);
    free(text);
    bool ok = pg_res_ok(res);
    if (!ok)
        pg_set_err(db, res);
    PQclear(res);
    return ok ? SC_OK : SC_EDB;
}

static sc_rc pg_shadow(sc_db *base, bool on)
{
    pg_db *db = PG_DB(base);
    char sql[160];
    if (on)
        snprintf(sql, sizeof sql, "SET LOCAL search_path = pg_temp, \"%s\"", db->schema);
    else
        snprintf(sql, sizeof sql, "SET LOCAL search_path = \"%s\", pg_temp", db->schema);
    return pg_exec_ok(db, sql) ? SC_OK : SC_EDB;
}

static sc_rc pg_begin_write(sc_db *base)
{
    pg_db *db = PG_DB(base);
    if (!pg_exec_idle(db, "BEGIN"))
        return SC_EDB;
    if (!base->nowait) {
        char sql[192];
        snprintf(sql, sizeof sql,
                 "SET LOCAL lock_timeout = " LOCK_TIMEOUT "; SELECT pg_advisory_xact_lock(%s)",
                 db->lock_args);
        if (pg_exec_ok(db, sql))
            return SC_OK;
        /* lock_timeout (55P03): busy, as SQLite's busy timeout; anything
         * else is a fault. Set after the ROLLBACK, which clears it */
        bool timed_out = strcmp(db->state, "55P03") == 0;
        char keep[sizeof db->err];
        snprintf(keep, sizeof keep, "%s", db->err);
        pg_exec_ok(db, "ROLLBACK");
        snprintf(db->err, sizeof db->err, "%s", keep);
        db->busy = timed_out;
        return SC_EDB;
    }
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT pg_try_advisory_xact_lock(%s)", db->lock_args);
    PGresult *res = PQexec(db->conn, sql);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    bool got = ok && PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    if (!ok)
        pg_set_err(db, res);
    PQclear(res);
    if (got)
        return SC_OK;
    pg_exec_ok(db, "ROLLBACK");
    if (ok) {
        db->busy = true;
        base->refused = true;
        snprintf(db->err, sizeof db->err, "another writer holds the write lock");
    }
    return SC_EDB;
}

static sc_rc pg_begin_read(sc_db *base)
{
    return pg_exec_idle(PG_DB(base), "BEGIN ISOLATION LEVEL REPEATABLE READ") ? SC_OK : SC_EDB;
}

static sc_rc pg_commit(sc_db *base)
{
    pg_db *db = PG_DB(base);
    PGresult *res = PQexec(db->conn, "COMMIT");
    /* COMMIT of a failed transaction "succeeds" as a ROLLBACK */
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0;
    if (!ok)
        pg_set_err(db, res);
    PQclear(res);
    return ok ? SC_OK : SC_EDB;
}

static void pg_rollback(sc_db *base)
{
    pg_db *db = PG_DB(base);
    if (PQtransactionStatus(db->conn) != PQTRANS_IDLE)
        pg_exec_ok(db, "ROLLBACK");
}

const sc_engine sc_engine_pg = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .migrate = pg_migrate,
    .check = pg_check,
    .stmt = pg_stmt_get,
    .reset = pg_reset,
    .step = pg_step,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .col_null = pg_col_null,
    .col_int64 = pg_col_int64,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .last_id = pg_last_id,
    .in_transaction = pg_in_transaction,
    .busy = pg_busy,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .run_once = pg_run_once,
    .shadow = pg_shadow,
    .begin_write = pg_begin_write,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
};
