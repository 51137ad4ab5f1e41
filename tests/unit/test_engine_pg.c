/* test_engine_pg.c - the PostgreSQL engine's rewrite of the store's SQL
 * (engine_pg.c, sc_pg_translate): every rule in its header comment, and
 * that quoted text is never rewritten. Needs no server. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "unit.h"

static void expect(const char *sql, const char *want, int want_params)
{
    int n = -1;
    char *got = sc_pg_translate(sql, "public", &n);
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(strcmp(got, want) == 0, "%s\n  gave %s\n  want %s", sql, got, want);
    ck_assert_int_eq(n, want_params);
    free(got);
}

START_TEST(parameters)
{
    expect("SELECT a FROM t WHERE b = ?1 AND c = ?12", "SELECT a FROM t WHERE b = $1 AND c = $12",
           12);
    expect("SELECT 1", "SELECT 1", 0);
    /* not inside literals */
    expect("SELECT '?1', \"?2\" FROM t WHERE x = ?3", "SELECT '?1', \"?2\" FROM t WHERE x = $3", 3);
}
END_TEST

START_TEST(is_operands)
{
    expect("WHERE code IS ?3", "WHERE code IS NOT DISTINCT FROM $3", 3);
    expect("WHERE code IS NOT ?3", "WHERE code IS DISTINCT FROM $3", 3);
    expect("WHERE a IS NULL AND b IS NOT NULL", "WHERE a IS NULL AND b IS NOT NULL", 0);
    expect("WHERE a is true", "WHERE a is true", 0);
    expect("WHERE json_extract(o, '$.v') IS NOT json_extract(n, '$.v')",
           "WHERE json_extract(o, '$.v') IS DISTINCT FROM json_extract(n, '$.v')", 0);
    expect("WHERE a IS DISTINCT FROM b", "WHERE a IS DISTINCT FROM b", 0);
    /* a word containing IS is not IS */
    expect("SELECT this, isx FROM t", "SELECT this, isx FROM t", 0);
}
END_TEST

START_TEST(functions_and_schemas)
{
    expect("SELECT json_object('a', 1), json_group_array(x), json_array()",
           "SELECT json_build_object('a', 1), json_agg(x), json_build_array()", 0);
    expect("SELECT * FROM main.results_history WHERE t <= (SELECT t FROM temp.as_of_at)",
           "SELECT * FROM \"public\".results_history WHERE t <= (SELECT t FROM pg_temp.as_of_at)",
           0);
    /* a column named main or temp, or a qualified json_object, stays */
    expect("SELECT x.main, temp FROM x", "SELECT x.main, temp FROM x", 0);
    expect("SELECT 'json_object(' FROM t", "SELECT 'json_object(' FROM t", 0);
    expect("SELECT 'it''s main.x'", "SELECT 'it''s main.x'", 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine_pg");
    TCase *tc = tcase_create("translate");
    tcase_add_test(tc, parameters);
    tcase_add_test(tc, is_operands);
    tcase_add_test(tc, functions_and_schemas);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
