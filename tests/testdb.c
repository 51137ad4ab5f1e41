/* testdb.c - the tests' PostgreSQL databases (see testdb.h). */
#include "testdb.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool testdb_pg(void)
{
    const char *u = getenv("SCRUTINY_TEST_PG");
    return u && *u;
}

/* base with its database name replaced by name: the URI's path is the
 * database (postgresql://user@host:port/db?params) */
static void with_dbname(const char *base, const char *name, char *out, size_t n)
{
    const char *hostpart = strstr(base, "://");
    hostpart = hostpart ? hostpart + 3 : base;
    const char *slash = strchr(hostpart, '/');
    const char *query = strchr(hostpart, '?');
    size_t head = slash ? (size_t)(slash - base) : query ? (size_t)(query - base) : strlen(base);
    snprintf(out, n, "%.*s/%s%s", (int)head, base, name, query ? query : "");
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_admin(void)
{
    PGconn *c = PQconnectdb(getenv("SCRUTINY_TEST_PG"));
    PQsetNoticeProcessor(c, quiet, NULL);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testdb: cannot connect to SCRUTINY_TEST_PG: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

bool testdb_admin(const char *sql)
{
    PGconn *c = connect_admin();
    if (!c)
        return false;
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return ok;
}

bool testdb_create(const char *sqlite_path, char *out, size_t n)
{
    if (!testdb_pg()) {
        snprintf(out, n, "%s", sqlite_path);
        return true;
    }
    static int counter;
    char name[64], sql[128];
    snprintf(name, sizeof name, "sct_%ld_%d", (long)getpid(), ++counter);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    testdb_admin(sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (!testdb_admin(sql))
        return false;
    with_dbname(getenv("SCRUTINY_TEST_PG"), name, out, n);
    return true;
}

void testdb_name(const char *target, char *out, size_t n)
{
    const char *q = strchr(target, '?');
    const char *slash = strrchr(target, '/');
    if (!slash) {
        snprintf(out, n, "%s", "");
        return;
    }
    snprintf(out, n, "%.*s", (int)(q ? q - slash - 1 : (long)strlen(slash + 1)), slash + 1);
}

void testdb_drop(const char *target)
{
    if (!testdb_pg() || !target || strncmp(target, "postgres", 8) != 0)
        return;
    char name[64];
    testdb_name(target, name, sizeof name);
    if (strncmp(name, "sct_", 4) != 0)
        return;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    testdb_admin(sql);
}

bool testdb_exec(const char *target, const char *sql)
{
    PGconn *c = PQconnectdb(target);
    bool ok = false;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(c);
    return ok;
}

long long testdb_query_int(const char *target, const char *sql)
{
    PGconn *c = PQconnectdb(target);
    long long v = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
            const char *s = PQgetvalue(r, 0, 0);
            v = strcmp(s, "t") == 0 ? 1 : strcmp(s, "f") == 0 ? 0 : strtoll(s, NULL, 10);
        } else
            fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(c);
    return v;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        char *b = realloc(*buf, *cap);
        if (!b)
            abort();
        *buf = b;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

char *testdb_dump(const char *target)
{
    PGconn *c = PQconnectdb(target);
    char *out = NULL;
    size_t len = 0, cap = 0;
    append(&out, &len, &cap, "");
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return out;
    }
    PGresult *tables = PQexec(c, "SELECT table_name FROM information_schema.tables"
                                 " WHERE table_schema = current_schema()"
                                 " AND table_type = 'BASE TABLE'"
                                 " AND table_name <> 'schema_version' ORDER BY 1");
    for (int t = 0; t < PQntuples(tables); t++) {
        const char *name = PQgetvalue(tables, t, 0);
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" LIMIT 0", name);
        PGresult *probe = PQexec(c, sql);
        int cols = PQnfields(probe);
        PQclear(probe);
        size_t used = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY ", name);
        for (int k = 1; k <= cols && used < sizeof sql; k++)
            used += (size_t)snprintf(sql + used, sizeof sql - used, "%s%d", k > 1 ? ", " : "", k);
        PGresult *rows = PQexec(c, sql);
        append(&out, &len, &cap, "== ");
        append(&out, &len, &cap, name);
        append(&out, &len, &cap, "\n");
        for (int r = 0; r < PQntuples(rows); r++) {
            for (int k = 0; k < cols; k++) {
                if (k)
                    append(&out, &len, &cap, "|");
                if (PQgetisnull(rows, r, k))
                    append(&out, &len, &cap, "NULL");
                else {
                    const char *v = PQgetvalue(rows, r, k);
                    append(&out, &len, &cap, strncmp(v, "\\x", 2) == 0 ? v + 2 : v);
                }
            }
            append(&out, &len, &cap, "\n");
        }
        PQclear(rows);
    }
    PQclear(tables);
    PQfinish(c);
    return out;
}

bool testdb_rows(const char *target, const char *sql,
                 void (*row)(void *arg, const char *const *vals, int ncols), void *arg)
{
    PGconn *c = PQconnectdb(target);
    bool ok = false;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
        int cols = ok ? PQnfields(r) : 0;
        const char *vals[16];
        for (int i = 0; ok && i < PQntuples(r); i++) {
            for (int k = 0; k < cols && k < 16; k++)
                vals[k] = PQgetisnull(r, i, k) ? NULL : PQgetvalue(r, i, k);
            row(arg, vals, cols < 16 ? cols : 16);
        }
        PQclear(r);
    }
    PQfinish(c);
    return ok;
}

/* the writers' advisory lock of the root's schema: WRITE_LOCK_CLASS and
 * hashtext of the base schema in lib/store/engine_pg.c */
#define WRITE_LOCK_ARGS "731602151, hashtext('public')"

void *testdb_hold_write_lock(const char *target)
{
    PGconn *c = PQconnectdb(target);
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_ARGS ")");
        bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
        if (ok)
            return c;
    }
    PQfinish(c);
    return NULL;
}

void testdb_release(void *lock)
{
    if (!lock)
        return;
    PGresult *r = PQexec(lock, "ROLLBACK");
    PQclear(r);
    PQfinish(lock);
}

bool testdb_wait_alone(const char *target)
{
    for (int i = 0; i < 400; i++) {
        long long n = testdb_query_int(target, "SELECT count(*) FROM pg_stat_activity"
                                               " WHERE datname = current_database()"
                                               " AND pid <> pg_backend_pid()");
        if (n == 0)
            return true;
        usleep(50 * 1000);
    }
    return false;
}
