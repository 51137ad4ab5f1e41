/* test_keys.c - lib/keys on a real SQLite file in a fresh temporary
 * directory per test (store_fixture): API keys created (sk_ and base64url,
 * only a hash stored), authenticated, refused when wrong, cut short or
 * revoked; names unique (revoked ones included) and of the allowed
 * pattern; the list without hashes; a key surviving reopening; role names
 * both ways. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "store.h"
#include "store_fixture.h"
#include "unit.h"

START_TEST(keys_create_authenticate_revoke)
{
    static const sc_role roles[] = {SC_ROLE_READER, SC_ROLE_WRITER, SC_ROLE_ADMIN};
    static const char *const names[] = {"dashboard", "trust-etl", "perf.team_1"};
    char keys[3][SC_KEY_STRLEN];
    sc_errors errs = SC_ERRORS_INIT;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(sc_keys_create(db, names[i], roles[i], keys[i], &errs), SC_OK);
        ck_assert_uint_eq(strlen(keys[i]), 46);
        ck_assert_int_eq(strncmp(keys[i], "sk_", 3), 0);
        for (const char *c = keys[i] + 3; *c; c++)
            ck_assert_msg((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                              (*c >= '0' && *c <= '9') || *c == '-' || *c == '_',
                          "key %s is not base64url", keys[i]);
    }
    ck_assert_str_ne(keys[0], keys[1]);
    ck_assert_str_ne(keys[1], keys[2]);
    /* only a hash is stored */
    ck_assert_int_eq(query_int("SELECT count(*) FROM api_keys WHERE length(hash) = 32"), 3);

    for (int i = 0; i < 3; i++) {
        sc_role role = SC_ROLE_NONE;
        char *name = NULL;
        ck_assert_int_eq(sc_keys_authenticate(db, keys[i], &role, &name), SC_OK);
        ck_assert_int_eq(role, roles[i]);
        ck_assert_str_eq(name, names[i]);
        free(name);
    }

    /* wrong keys */
    sc_role role = SC_ROLE_NONE;
    char *name = NULL;
    char wrong[SC_KEY_STRLEN];
    strcpy(wrong, keys[0]);
    wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(sc_keys_authenticate(db, wrong, &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_authenticate(db, "", &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_authenticate(db, keys[0] + 3, &role, &name), SC_ENOTFOUND);
    strcpy(wrong, keys[0]);
    wrong[45] = '\0';
    ck_assert_int_eq(sc_keys_authenticate(db, wrong, &role, &name), SC_ENOTFOUND);
    ck_assert_ptr_null(name);
    ck_assert_int_eq(role, SC_ROLE_NONE);

    /* names are unique, revoked ones included */
    char dup[SC_KEY_STRLEN];
    ck_assert_int_eq(sc_keys_create(db, "trust-etl", SC_ROLE_READER, dup, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "bad name", SC_ROLE_READER, dup, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "", SC_ROLE_READER, dup, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "-starts-with-dash", SC_ROLE_READER, dup, &errs),
                     SC_EINVALID);
    sc_errors_clear(&errs);

    /* revoke */
    ck_assert_int_eq(sc_keys_revoke(db, "trust-etl"), SC_OK);
    ck_assert_int_eq(sc_keys_authenticate(db, keys[1], &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_revoke(db, "trust-etl"), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_revoke(db, "nobody"), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_create(db, "trust-etl", SC_ROLE_WRITER, dup, &errs), SC_ECONFLICT);
    sc_errors_clear(&errs);
    /* the others still work */
    ck_assert_int_eq(sc_keys_authenticate(db, keys[2], &role, &name), SC_OK);
    ck_assert_int_eq(role, SC_ROLE_ADMIN);
    free(name);

    json_t *list = NULL;
    ck_assert_int_eq(sc_keys_list(db, &list), SC_OK);
    ck_assert_uint_eq(json_array_size(list), 3);
    size_t idx;
    json_t *item;
    int revoked = 0;
    json_array_foreach(list, idx, item)
    {
        ck_assert_ptr_null(json_object_get(item, "hash"));
        ck_assert(json_is_string(json_object_get(item, "created_at")));
        const char *n = json_string_value(json_object_get(item, "name"));
        if (strcmp(n, "trust-etl") == 0) {
            ck_assert(json_is_string(json_object_get(item, "revoked_at")));
            ck_assert_str_eq(json_string_value(json_object_get(item, "role")), "writer");
            revoked++;
        } else {
            ck_assert(json_is_null(json_object_get(item, "revoked_at")));
        }
    }
    ck_assert_int_eq(revoked, 1);
    json_decref(list);

    /* the key survives reopening the database */
    close_store();
    open_store();
    ck_assert_int_eq(sc_keys_authenticate(db, keys[0], &role, &name), SC_OK);
    ck_assert_int_eq(role, SC_ROLE_READER);
    free(name);
}
END_TEST

START_TEST(role_names)
{
    static const char *const want[] = {"reader", "writer", "admin"};
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(sc_role_key((sc_role)i), want[i]);
        sc_role r = SC_ROLE_NONE;
        ck_assert(sc_role_from_key(want[i], &r));
        ck_assert_int_eq(r, i);
    }
    ck_assert_str_eq(sc_role_key(SC_ROLE_NONE), "none");
    sc_role r = SC_ROLE_READER;
    ck_assert(!sc_role_from_key("Admin", &r));
    ck_assert(!sc_role_from_key("none", &r));
    ck_assert(!sc_role_from_key("", &r));
    ck_assert(!sc_role_from_key(NULL, &r));
    ck_assert_int_eq(r, SC_ROLE_READER);
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("keys");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, keys_create_authenticate_revoke);
    tcase_add_test(tc, role_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(keys_suite());
}
