/* test_store.c - lib/store on a real SQLite file in a fresh temporary
 * directory per test (store_fixture): opening migrates an empty file to
 * the current schema (with the built-in service areas) and reopening an
 * up-to-date file changes nothing; every pooled connection works on the
 * same file with foreign keys on; a file of a newer schema and a path that
 * cannot be opened are refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "store.h"
#include "store_fixture.h"
#include "testdb.h"
#include "unit.h"

START_TEST(open_migrates_and_reopens)
{
    ck_assert_int_ge(sc_store_schema_version(), 1);
    ck_assert_int_eq(query_int("PRAGMA user_version"), sc_store_schema_version());
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    put_simple("CP-SEEN", 0, NULL);

    /* reopening an up-to-date file changes nothing */
    close_store();
    open_store();
    ck_assert_int_eq(query_int("PRAGMA user_version"), sc_store_schema_version());
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 1);
    close_store();
    open_store();
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    ck_assert_int_eq(query_int("PRAGMA foreign_keys"), 1);
    /* every pooled connection works on the same file */
    sc_db *other = sc_store_acquire(store);
    ck_assert_ptr_nonnull(other);
    ck_assert_ptr_ne(other, db);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(other, "CP-SEEN", &ind), SC_OK);
    sc_indicator_clear(&ind);
    sc_store_release(store, other);
}
END_TEST

/* PostgreSQL: a connection the server dropped is re-made by itself; while
 * the database is gone statements fail (what /healthz reports as 503), and
 * once it is back the same store answers again, without being reopened. */
START_TEST(pg_connection_recovers)
{
    if (!testdb_pg()) {
        printf("pg_connection_recovers: PostgreSQL only (SCRUTINY_TEST_PG)\n");
        return;
    }
    char name[64], sql[192];
    testdb_name(db_path, name, sizeof name);
    ck_assert_int_eq(sc_db_exec(db, "SELECT 1"), SC_OK);
    snprintf(sql, sizeof sql,
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'", name);
    ck_assert(testdb_query_int(getenv("SCRUTINY_TEST_PG"), sql) >= 0);
    ck_assert_int_eq(sc_db_exec(db, "SELECT 1"), SC_OK); /* re-made at once */

    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
    ck_assert(testdb_admin(sql));
    ck_assert_int_ne(sc_db_exec(db, "SELECT 1"), SC_OK);
    sc_store_release(store, db);
    db = sc_store_acquire(store);
    ck_assert_int_ne(sc_db_exec(db, "SELECT 1"), SC_OK);

    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    ck_assert(testdb_admin(sql));
    sc_store_release(store, db);
    db = sc_store_acquire(store); /* the pool re-makes a broken connection */
    ck_assert_int_eq(sc_db_exec(db, "SELECT 1"), SC_OK);
}
END_TEST

START_TEST(newer_schema_refused)
{
    char sql[96];
    if (testdb_pg())
        snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d",
                 sc_store_schema_version() + 1);
    else
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", sc_store_schema_version() + 1);
    ck_assert_int_eq(sc_db_exec(db, sql), SC_OK);
    close_store();
    sc_errors errs = SC_ERRORS_INIT;
    sc_store *st = NULL;
    ck_assert_int_eq(sc_store_open(db_path, 1, &st, &errs), SC_EDB);
    ck_assert_ptr_null(st);
    ck_assert_ptr_nonnull(errs.message);
    ck_assert_msg(strstr(errs.message, "newer") != NULL, "%s", errs.message);
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(unopenable_path)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_store *st = NULL;
    char p[160];
    snprintf(p, sizeof p, "%s/no/such/dir/x.db", dir);
    ck_assert_int_eq(sc_store_open(p, 1, &st, &errs), SC_EDB);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
}
END_TEST

static void redacts(const char *target, const char *shown)
{
    char *r = sc_store_target_redacted(target);
    ck_assert_str_eq(r, shown);
    free(r);
}

/* what scrutiny serve prints of its --db target: never a password */
START_TEST(target_redacted)
{
    redacts("/srv/scrutiny.db", "/srv/scrutiny.db");
    redacts("user:secret@host.db", "user:secret@host.db"); /* a file name */
    redacts("postgresql://app:s3cr%40t@db.example:5432/scrutiny?sslmode=require",
            "postgresql://app:***@db.example:5432/scrutiny?sslmode=require");
    redacts("postgres://app@db/scrutiny", "postgres://app@db/scrutiny");
    redacts("postgresql://db.example", "postgresql://db.example");
    redacts("postgresql://:pw@/scrutiny", "postgresql://:***@/scrutiny");
    redacts("postgresql://app@db/x?password=hunter2&sslmode=require",
            "postgresql://app@db/x?password=***&sslmode=require");
    redacts("postgresql://a:b@db?application_name=x&password=",
            "postgresql://a:***@db?application_name=x&password=***");
    /* an @ in the path or parameters is not user information */
    redacts("postgresql://db/x?options=a:b@c", "postgresql://db/x?options=a:b@c");
    ck_assert_ptr_null(sc_store_target_redacted(NULL));
}
END_TEST

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("schema");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, open_migrates_and_reopens);
    tcase_add_test(tc, newer_schema_refused);
    tcase_add_test(tc, pg_connection_recovers);
    tcase_add_test(tc, unopenable_path);
    tcase_add_test(tc, target_redacted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(store_suite());
}
