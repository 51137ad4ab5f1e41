/* test_org.c - lib/store/org.c on a real database (store_fixture: a SQLite
 * file, or PostgreSQL with SCRUTINY_TEST_PG): the default organisation made by migration 15, codes
 * and names by their rules, a taken code refused, the data version raised by a creation, the list
 * in code order, an organisation's own database beside the root (0700 directory, migrated; on
 * PostgreSQL a schema of the root's database), two organisations' figures apart and read as_of in
 * each, one organisation's writer lock not another's, the schema names of codes, and keys of an
 * organisation or of the deployment as authentication reports them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "keys.h"
#include "org.h"
#include "revision.h"
#include "store.h"
#include "store_demand.h"
#include "store_fixture.h"
#include "testdb.h"
#include "unit.h"
#include "utc.h"

static sc_rc create(const char *code, const char *name)
{
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_db_begin_write(db), SC_OK);
    sc_rc rc = sc_org_create(db, code, name, &errs);
    if (rc == SC_OK)
        ck_assert_int_eq(sc_db_commit(db), SC_OK);
    else
        sc_db_rollback(db);
    sc_errors_clear(&errs);
    return rc;
}

START_TEST(codes_names_and_the_list)
{
    bool known = false;
    ck_assert_int_eq(sc_org_exists(db, SC_ORG_DEFAULT, &known), SC_OK);
    ck_assert(known);
    int64_t v0, v1;
    ck_assert_int_eq(sc_db_data_version(db, &v0), SC_OK);
    ck_assert_int_eq(create("zeta.trust_2", "Zeta Trust"), SC_OK);
    ck_assert_int_eq(sc_db_data_version(db, &v1), SC_OK);
    ck_assert_int_gt(v1, v0);
    ck_assert_int_eq(create("alpha", "Alpha"), SC_OK);
    ck_assert_int_eq(create("alpha", "Alpha again"), SC_ECONFLICT);
    /* the code rule of every other code, in one place (sc_jv_code_valid) */
    ck_assert_int_eq(create("-alpha", "A"), SC_EINVALID);
    ck_assert_int_eq(create("a/b", "A"), SC_EINVALID);
    ck_assert_int_eq(create("", "A"), SC_EINVALID);
    ck_assert_int_eq(create("beta", ""), SC_EINVALID);
    ck_assert_int_eq(create("beta", "   "), SC_EINVALID);
    ck_assert_int_eq(create("beta", "tab\there"), SC_EINVALID);
    ck_assert_int_eq(sc_org_exists(db, "beta", &known), SC_OK);
    ck_assert(!known);

    json_t *items = NULL;
    ck_assert_int_eq(sc_org_list(db, NULL, &items), SC_OK);
    ck_assert_uint_eq(json_array_size(items), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "code")), "alpha");
    json_t *d = json_array_get(items, 1);
    ck_assert_str_eq(json_string_value(json_object_get(d, "code")), "default");
    ck_assert(json_is_true(json_object_get(d, "default")));
    ck_assert(json_is_null(json_object_get(d, "created_at")));
    json_decref(items);
    ck_assert_int_eq(sc_org_list(db, "zeta.trust_2", &items), SC_OK);
    ck_assert_uint_eq(json_array_size(items), 1);
    json_decref(items);
}
END_TEST

/* On PostgreSQL: acme's schema made beside public and migrated, and
 * separate from the root's (the per-test database goes with its schemas,
 * tests/testdb.c). */
static void pg_own_schema(void)
{
    ck_assert_int_eq(create("acme", "Acme"), SC_OK);
    sc_store *acme = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_org_open(store, SC_ORG_DEFAULT, 1, &acme, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    char *path = NULL;
    ck_assert_int_eq(sc_org_root_path(store, &path, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_org_open(store, "acme", 1, &acme, &errs), SC_OK);
    ck_assert_str_eq(sc_store_schema(acme), "org_acme");
    ck_assert_str_eq(sc_store_target(acme), sc_store_target(store));
    ck_assert_int_eq(query_int("SELECT count(*) FROM information_schema.schemata"
                               " WHERE schema_name = 'org_acme'"),
                     1);
    ck_assert_int_eq(query_int("SELECT max(version) FROM org_acme.schema_version"),
                     sc_store_schema_version());
    sc_db *a = sc_store_acquire(acme);
    ck_assert_int_eq(sc_db_exec(a, "INSERT INTO service_areas (code, name, position)"
                                   " VALUES ('acme-only', 'Acme only', 99)"),
                     SC_OK);
    sc_store_release(acme, a);
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas WHERE code = 'acme-only'"), 0);
    sc_store_close(acme);
    /* opened again: already migrated, the row still there */
    ck_assert_int_eq(sc_org_open(store, "acme", 1, &acme, &errs), SC_OK);
    a = sc_store_acquire(acme);
    sc_stmt *st = sc_db_stmt(a, "SELECT count(*) FROM service_areas WHERE code = 'acme-only'");
    ck_assert_int_eq(sc_stmt_step(st), SC_STEP_ROW);
    ck_assert_int_eq(sc_stmt_int(st, 0), 1);
    sc_stmt_reset(st);
    sc_store_release(acme, a);
    sc_store_close(acme);
}

START_TEST(an_organisation_has_its_own_database)
{
    if (testdb_pg()) {
        pg_own_schema();
        return;
    }
    char *p = sc_org_path("/srv/scrutiny.db", "acme");
    ck_assert_str_eq(p, "/srv/scrutiny.db.orgs/acme.db");
    free(p);
    ck_assert_int_eq(create("acme", "Acme"), SC_OK);
    sc_store *acme = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    /* the default organisation is the root itself */
    ck_assert_int_eq(sc_org_open(store, SC_ORG_DEFAULT, 1, &acme, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_org_open(store, "acme", 1, &acme, &errs), SC_OK);
    char dirp[300], file[340];
    snprintf(dirp, sizeof dirp, "%s.orgs", db_path);
    snprintf(file, sizeof file, "%s/acme.db", dirp);
    struct stat st;
    ck_assert_int_eq(stat(dirp, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    ck_assert_int_eq(stat(file, &st), 0);
    /* migrated like any store, and separate: a row there is not here */
    sc_db *a = sc_store_acquire(acme);
    ck_assert_int_eq(sc_db_exec(a, "INSERT INTO service_areas (code, name, position)"
                                   " VALUES ('acme-only', 'Acme only', 99)"),
                     SC_OK);
    sc_store_release(acme, a);
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas WHERE code = 'acme-only'"), 0);
    sc_store_close(acme);
    static const char *const tails[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char f[360];
        snprintf(f, sizeof f, "%s%s", file, tails[i]);
        unlink(f);
    }
    rmdir(dirp);
}
END_TEST

START_TEST(keys_of_an_organisation_and_of_the_deployment)
{
    ck_assert_int_eq(create("acme", "Acme"), SC_OK);
    char plain[SC_KEY_STRLEN], mine[SC_KEY_STRLEN], dep[SC_KEY_STRLEN], none[SC_KEY_STRLEN];
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_keys_create(db, "plain", SC_ROLE_READER, plain, &errs), SC_OK);
    ck_assert_int_eq(sc_keys_create_in(db, "mine", SC_ROLE_WRITER, "acme", false, mine, &errs),
                     SC_OK);
    ck_assert_int_eq(sc_keys_create_in(db, "dep", SC_ROLE_ADMIN, NULL, true, dep, &errs), SC_OK);
    ck_assert_int_eq(sc_keys_create_in(db, "x1", SC_ROLE_ADMIN, "nowhere", false, none, &errs),
                     SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_create_in(db, "x2", SC_ROLE_WRITER, NULL, true, none, &errs),
                     SC_EINVALID);
    ck_assert_int_eq(sc_keys_create_in(db, "x3", SC_ROLE_ADMIN, "acme", true, none, &errs),
                     SC_EINVALID);
    sc_errors_clear(&errs);
    /* today's keys keep their meaning: NULL is the default organisation */
    ck_assert_int_eq(query_int("SELECT count(*) FROM api_keys WHERE org IS NULL"), 2);

    sc_key_info info = {0};
    ck_assert_int_eq(sc_keys_authenticate_info(db, plain, &info), SC_OK);
    ck_assert_str_eq(info.org, SC_ORG_DEFAULT);
    ck_assert(!info.deployment);
    sc_key_info_clear(&info);
    ck_assert_int_eq(sc_keys_authenticate_info(db, mine, &info), SC_OK);
    ck_assert_str_eq(info.org, "acme");
    ck_assert_str_eq(info.name, "mine");
    ck_assert_int_eq(info.role, SC_ROLE_WRITER);
    sc_key_info_clear(&info);
    ck_assert_int_eq(sc_keys_authenticate_info(db, dep, &info), SC_OK);
    ck_assert(info.deployment);
    sc_key_info_clear(&info);

    json_t *list = NULL;
    ck_assert_int_eq(sc_keys_list(db, &list), SC_OK);
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
    {
        const char *name = json_string_value(json_object_get(k, "name"));
        json_t *org = json_object_get(k, "org");
        if (strcmp(name, "dep") == 0)
            ck_assert(json_is_null(org) && json_is_true(json_object_get(k, "deployment")));
        else
            ck_assert_str_eq(json_string_value(org),
                             strcmp(name, "mine") == 0 ? "acme" : "default");
    }
    json_decref(list);
}
END_TEST

/* A moment between two writes, as sc_utc_parse writes it. */
static void instant_now(char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char raw[40];
    size_t n = strftime(raw, sizeof raw, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(raw + n, sizeof raw - n, ".%03ldZ", ts.tv_nsec / 1000000);
    ck_assert(sc_utc_parse(raw, out));
}

static void put_demand(sc_store *st, int64_t value)
{
    sc_db *d = sc_store_acquire(st);
    sc_write w;
    ck_assert_int_eq(sc_db_begin_write(d), SC_OK);
    ck_assert_int_eq(sc_store_demand_measure_put(d, "eha", "Early Help Assessments", -1, -1, &w),
                     SC_OK);
    ck_assert_int_eq(sc_store_demand_put(d, Q("2024-25-Q1"), "eha", value, "test", &w), SC_OK);
    ck_assert_int_eq(sc_db_commit(d), SC_OK);
    sc_store_release(st, d);
}

/* The demand values of st, as of utc when not NULL. */
static void read_demand(sc_store *st, const char *utc, value_log *log)
{
    memset(log, 0, sizeof *log);
    sc_db *d = sc_store_acquire(st);
    ck_assert_int_eq(sc_db_begin_read(d), SC_OK);
    if (utc)
        ck_assert_int_eq(sc_revision_as_of(d, utc, SC_AS_OF_DEMAND), SC_OK);
    ck_assert_int_eq(sc_store_demand_values(d, Q("2024-25-Q1"), Q("2024-25-Q4"), log_value, log),
                     SC_OK);
    sc_db_rollback(d);
    sc_store_release(st, d);
}

/* Two organisations of one root (on PostgreSQL two schemas of one
 * database): one's figures are not the other's nor the root's, an as_of
 * read in an organisation sees its own past (on PostgreSQL the shadowing
 * views resolve against pg_temp, "org_<code>"), and one organisation's
 * open write does not hold up another's. */
START_TEST(organisations_do_not_see_each_other)
{
    ck_assert_int_eq(create("north", "North"), SC_OK);
    ck_assert_int_eq(create("south", "South"), SC_OK);
    sc_store *north = NULL, *south = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_org_open(store, "north", 2, &north, &errs), SC_OK);
    ck_assert_int_eq(sc_org_open(store, "south", 2, &south, &errs), SC_OK);
    put_demand(north, 120);
    usleep(20 * 1000);
    char between[32];
    instant_now(between);
    usleep(20 * 1000);
    put_demand(north, 150);
    put_demand(south, 7);

    value_log log;
    read_demand(north, NULL, &log);
    ck_assert_str_eq(log.seen, "eha@2024-25-Q1=150");
    read_demand(south, NULL, &log);
    ck_assert_str_eq(log.seen, "eha@2024-25-Q1=7");
    read_demand(north, between, &log);
    ck_assert_str_eq(log.seen, "eha@2024-25-Q1=120");
    /* south had nothing then */
    read_demand(south, between, &log);
    ck_assert_str_eq(log.seen, "");
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values"), 0);

    /* north's writer lock is north's alone: south writes (without
     * waiting) while north's write transaction is open */
    sc_db *n = sc_store_acquire(north);
    ck_assert_int_eq(sc_db_begin_write(n), SC_OK);
    sc_db *s = sc_store_acquire(south);
    sc_db_set_nowait(s, true);
    ck_assert_int_eq(sc_db_begin_write(s), SC_OK);
    sc_db_rollback(s);
    sc_db_set_nowait(s, false);
    /* ... while a second writer of north is refused */
    sc_db *n2 = sc_store_acquire(north);
    sc_db_set_nowait(n2, true);
    ck_assert_int_ne(sc_db_begin_write(n2), SC_OK);
    ck_assert(sc_db_nowait_refused(n2));
    sc_db_set_nowait(n2, false);
    sc_store_release(north, n2);
    sc_store_release(south, s);
    sc_db_rollback(n);
    sc_store_release(north, n);
    sc_store_close(north);
    sc_store_close(south);
    sc_errors_clear(&errs);
    if (!testdb_pg()) {
        static const char *const files[] = {"north", "south"};
        static const char *const tails[] = {"", "-wal", "-shm"};
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++) {
                char f[400];
                snprintf(f, sizeof f, "%s.orgs/%s.db%s", db_path, files[i], tails[k]);
                unlink(f);
            }
        char dirp[300];
        snprintf(dirp, sizeof dirp, "%s.orgs", db_path);
        rmdir(dirp);
    }
}
END_TEST

/* Codes are up to 64 bytes, PostgreSQL identifiers up to 63: org_<code>
 * while it fits, a shortened form with a hash beyond. */
START_TEST(schema_names_of_codes)
{
    char s[SC_PG_SCHEMA_MAX], t[SC_PG_SCHEMA_MAX];
    ck_assert(sc_pg_org_schema("acme-trust.2", s));
    ck_assert_str_eq(s, "org_acme-trust.2");
    char code[65];
    memset(code, 'a', 59);
    code[59] = '\0';
    ck_assert(sc_pg_org_schema(code, s));
    ck_assert_uint_eq(strlen(s), 63);
    ck_assert_str_eq(s + 4, code);
    memset(code, 'a', 64);
    code[64] = '\0';
    ck_assert(sc_pg_org_schema(code, s));
    ck_assert_uint_eq(strlen(s), 63);
    ck_assert_ptr_nonnull(strchr(s, '~'));
    code[63] = 'b';
    ck_assert(sc_pg_org_schema(code, t));
    ck_assert_str_ne(s, t);
    ck_assert(!sc_pg_org_schema("", s));
}
END_TEST

static Suite *org_suite(void)
{
    Suite *s = suite_create("org");
    TCase *tc = tcase_create("org");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, codes_names_and_the_list);
    tcase_add_test(tc, an_organisation_has_its_own_database);
    tcase_add_test(tc, keys_of_an_organisation_and_of_the_deployment);
    tcase_add_test(tc, organisations_do_not_see_each_other);
    tcase_add_test(tc, schema_names_of_codes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(org_suite());
}
