/* store_fixture.c - the store unit tests' shared fixture (see
 * store_fixture.h). */
#include "store_fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indicator.h"
#include "result.h"
#include "sqlite.h"
#include "testdb.h"
#include "unit.h"

/* One temporary directory per run, made and removed by store_fixture_run()
 * in the parent process, so it is cleaned up even when a forked test fails
 * before its teardown; each test gets a fresh database file inside it. */
char dir[64];
char db_path[256];
sc_store *store;
sc_db *db;

static void remove_db_files(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", db_path, suffixes[i]);
        unlink(p);
    }
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

void open_store(void)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_rc rc = sc_store_open(db_path, 2, &store, &errs);
    ck_assert_msg(rc == SC_OK, "open %s: %s", db_path, errs.message ? errs.message : "?");
    sc_errors_clear(&errs);
    db = sc_store_acquire(store);
    ck_assert_ptr_nonnull(db);
}

void close_store(void)
{
    if (db)
        sc_store_release(store, db);
    db = NULL;
    sc_store_close(store);
    store = NULL;
}

void store_setup(void)
{
    if (testdb_pg()) {
        /* a fresh PostgreSQL database per test (testdb.h) */
        ck_assert(testdb_create(NULL, db_path, sizeof db_path));
    } else {
        snprintf(db_path, sizeof db_path, "%s/test-XXXXXX", dir);
        int fd = mkstemp(db_path); /* an empty file is an empty database */
        ck_assert_int_ge(fd, 0);
        close(fd);
    }
    open_store();
}

void store_teardown(void)
{
    close_store();
    if (testdb_pg())
        testdb_drop(db_path);
    else
        remove_db_files();
}

int store_fixture_run(Suite *s)
{
    strcpy(dir, "/tmp/scrutiny-unit-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    int rc = unit_run(s);
    remove_dir();
    return rc;
}

/* ---- helpers ---- */

sc_period Q(const char *id)
{
    sc_period p;
    ck_assert_msg(sc_period_parse(id, &p, NULL, 0), "bad quarter %s", id);
    return p;
}

int64_t query_int(const char *sql)
{
    if (testdb_pg()) {
        /* PostgreSQL keeps the schema version in a table */
        if (strcmp(sql, "PRAGMA user_version") == 0)
            sql = "SELECT max(version) FROM schema_version";
        /* foreign keys are always enforced there */
        if (strcmp(sql, "PRAGMA foreign_keys") == 0)
            return 1;
        /* on its own connection: sees what the test's connection committed */
        long long v = testdb_query_int(db_path, sql);
        ck_assert_msg(v != -1 || strstr(sql, "-1"), "query failed: %s", sql);
        return v;
    }
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(sc_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Validates and stores an indicator document for code; returns what happened. */
sc_write put_indicator(const char *code, const char *text)
{
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    ck_assert_msg(sc_indicator_from_json(doc, code, "", &ind, &errs) == SC_OK, "%s",
                  unit_problems(&errs));
    json_decref(doc);
    sc_write what = (sc_write)-1;
    sc_rc rc = sc_store_indicator_put(db, &ind, &what, &errs);
    ck_assert_msg(rc == SC_OK, "put %s: %s %s", code, sc_rc_name(rc), unit_problems(&errs));
    sc_indicator_clear(&ind);
    sc_errors_clear(&errs);
    return what;
}

/* A percent indicator, higher is better, in child-protection. */
sc_write put_simple(const char *code, int decimals, const char *extra)
{
    char text[512];
    snprintf(text, sizeof text,
             "{'name':'Indicator %s','category':'strategic_partnership',"
             "'service_area':'child-protection','polarity':'higher_is_better',"
             "'unit':'percent','decimals':%d%s}",
             code, decimals, extra ? extra : "");
    return put_indicator(code, text);
}

sc_write put_target(const char *code, const char *from, double target, double tol)
{
    sc_target t = {.from_quarter = Q(from), .target = target, .tolerance = tol};
    sc_write what = (sc_write)-1;
    ck_assert_int_eq(sc_store_target_put(db, code, &t, "admin-key", &what), SC_OK);
    return what;
}

/* The row of code in quarter (the caller frees q); fails if absent. */
const sc_quarter_row *row_of(sc_quarter *q, const char *quarter, const char *code)
{
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.code = code;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), &f, q), SC_OK);
    ck_assert_msg(q->count == 1, "%s has %zu rows in %s", code, q->count, quarter);
    return &q->rows[0];
}

sc_status status_of(const char *quarter, const char *code)
{
    sc_quarter q;
    sc_status s = row_of(&q, quarter, code)->status;
    sc_quarter_clear(&q);
    return s;
}

void log_value(void *cls, const char *code, sc_period q, int64_t value)
{
    value_log *log = cls;
    char buf[SC_PERIOD_ID_LEN];
    size_t off = strlen(log->seen);
    snprintf(log->seen + off, sizeof log->seen - off, "%s%s@%s=%lld", off ? "," : "", code,
             sc_period_format(q, buf), (long long)value);
}
