/* test_org.c - lib/store/org.c on a real SQLite file (store_fixture):
 * the default organisation made by migration 15, codes and names by their
 * rules, a taken code refused, the data version raised by a creation, the
 * list in code order, an organisation's own database beside the root
 * (0700 directory, migrated), and keys of an organisation or of the
 * deployment as authentication reports them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keys.h"
#include "org.h"
#include "store.h"
#include "store_fixture.h"
#include "testdb.h"
#include "unit.h"

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

START_TEST(an_organisation_has_its_own_database)
{
    if (testdb_pg()) {
        /* a database file per organisation is SQLite's layout; on
         * PostgreSQL an organisation is to be a schema (not built yet) */
        printf("an_organisation_has_its_own_database: skipped on PostgreSQL (SQLite files)\n");
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

static Suite *org_suite(void)
{
    Suite *s = suite_create("org");
    TCase *tc = tcase_create("org");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, codes_names_and_the_list);
    tcase_add_test(tc, an_organisation_has_its_own_database);
    tcase_add_test(tc, keys_of_an_organisation_and_of_the_deployment);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(org_suite());
}
