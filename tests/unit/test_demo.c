/* test_demo.c - lib/demo: the demonstration dataset (data/demo) loaded
 * end to end into a real SQLite file in a fresh temporary directory
 * (store_fixture), giving the published 2020/21 Q1 summary (at decimals 0
 * and 1), the restated 2019/20 Q3 referrals and the finance statement;
 * loading it again is harmless, a database holding anything else is
 * refused, and so is a folder that does not exist; recorded_at dates a
 * return's revisions at a paper's instant. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "area.h"
#include "db.h"
#include "demo.h"
#include "finance.h"
#include "quarter.h"
#include "revision.h"
#include "store.h"
#include "store_demand.h"
#include "store_finance.h"
#include "store_fixture.h"
#include "store_kpi.h"
#include "unit.h"

static json_t *summary_json(const char *quarter, int decimals)
{
    sc_quarter q;
    sc_area_list areas;
    sc_summary sum;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), NULL, &q), SC_OK);
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, decimals);
    sc_summary_clear(&sum);
    sc_area_list_clear(&areas);
    sc_quarter_clear(&q);
    ck_assert_ptr_nonnull(j);
    return j;
}

static double pct(const json_t *j, const char *cat, const char *which, const char *key)
{
    const json_t *v = json_object_get(
        json_object_get(json_object_get(json_object_get(j, "categories"), cat), which), key);
    ck_assert_msg(json_is_number(v), "%s/%s/%s is not a number", cat, which, key);
    return json_number_value(v);
}

START_TEST(demo_dataset)
{
    sc_errors errs = SC_ERRORS_INIT;
    bool already = true;
    sc_rc rc = sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs);
    ck_assert(!already);
    ck_assert_msg(rc == SC_OK, "demo: %s %s %s", sc_rc_name(rc), errs.message ? errs.message : "",
                  unit_problems(&errs));

    /* 2020/21 Q1, strategic partnership, decimals 0 */
    json_t *j = summary_json("2020-21-Q1", 0);
    const char *sp = "strategic_partnership";
    const json_t *t = json_object_get(json_object_get(j, "categories"), sp);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "totals"), "total")),
                     30);
    ck_assert_int_eq(json_integer_value(json_object_get(t, "reported")), 21);
    ck_assert(pct(j, sp, "pct_of_reported", "outside_target_range") == 19);
    ck_assert(pct(j, sp, "pct_of_reported", "within_target_range") == 19);
    ck_assert(pct(j, sp, "pct_of_reported", "better_than_target") == 62);
    ck_assert(pct(j, sp, "pct_overall", "outside_target_range") == 13);
    ck_assert(pct(j, sp, "pct_overall", "within_target_range") == 13);
    ck_assert(pct(j, sp, "pct_overall", "better_than_target") == 43);
    ck_assert(pct(j, sp, "pct_overall", "not_available") == 7);
    ck_assert(pct(j, sp, "pct_overall", "annual_not_due") == 7);
    ck_assert(pct(j, sp, "pct_overall", "target_tbc") == 17);
    ck_assert_uint_eq(json_array_size(json_object_get(t, "rows")), 9);

    /* contractual: 7 better than target, 3 within range, 2 suspended */
    const json_t *ct = json_object_get(json_object_get(j, "categories"), "contractual");
    const json_t *counts = json_object_get(json_object_get(ct, "totals"), "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ct, "totals"), "total")),
                     12);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "better_than_target")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "within_target_range")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "suspended")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "outside_target_range")), 0);
    json_decref(j);

    /* the same quarter at decimals 1 */
    j = summary_json("2020-21-Q1", 1);
    ck_assert(pct(j, sp, "pct_of_reported", "better_than_target") == 61.9);
    ck_assert(pct(j, sp, "pct_overall", "target_tbc") == 16.7);
    json_decref(j);

    /* the restated referrals figure, and the finance statement */
    value_log log = {{0}};
    ck_assert_int_eq(sc_store_demand_values(db, Q("2019-20-Q3"), Q("2019-20-Q3"), log_value, &log),
                     SC_OK);
    ck_assert_msg(strstr(log.seen, "referrals@2019-20-Q3=946") != NULL, "%s", log.seen);
    sc_finance f;
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &f), SC_OK);
    sc_finance_totals tot;
    sc_finance_totals_compute(&f, &tot);
    ck_assert(tot.variance.net == -2910);
    ck_assert(tot.budget.net - tot.outturn.net == -2908);
    sc_finance_clear(&f);

    /* loading it again is harmless: nothing changes */
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_OK);
    ck_assert(already);
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &f), SC_OK);
    sc_finance_clear(&f);
    /* but a database holding anything else is refused */
    ck_assert_int_eq(sc_db_exec(db, "DELETE FROM settings"), SC_OK);
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such-demo", dir);
    ck_assert_int_eq(sc_demo_load(db, missing, &already, &errs), SC_EINVALID);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* recorded_at dates a return's revisions at the paper's instant, and a
 * value that is no instant is refused with nothing stored. */
START_TEST(demo_recorded_at)
{
    char sub[160], path[200];
    snprintf(sub, sizeof sub, "%s/recorded", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/one.json", sub);
    write_file(path, "{\"demand\": [{\"code\": \"contacts\", \"value\": 5262}]}");
    snprintf(path, sizeof path, "%s/manifest.json", sub);
    write_file(path, "{\"definitions\": [], \"returns\": [{\"quarter\": \"2019-20-Q3\", \"file\": "
                     "\"one.json\", \"recorded_at\": \"yesterday\"}]}");
    sc_errors errs = SC_ERRORS_INIT;
    bool already;
    ck_assert_int_eq(sc_demo_load(db, sub, &already, &errs), SC_EINVALID);
    ck_assert_ptr_nonnull(strstr(errs.message, "returns[0].recorded_at"));
    sc_errors_clear(&errs);
    write_file(path, "{\"definitions\": [], \"returns\": [{\"quarter\": \"2019-20-Q3\", \"file\": "
                     "\"one.json\", \"recorded_at\": \"2020-01-27T09:00:00Z\"}]}");
    ck_assert_int_eq(sc_demo_load(db, sub, &already, &errs), SC_OK);
    value_log log = {{0}};
    ck_assert_int_eq(sc_store_demand_values(db, Q("2019-20-Q3"), Q("2019-20-Q3"), log_value, &log),
                     SC_OK);
    ck_assert_msg(strstr(log.seen, "contacts@2019-20-Q3=5262") != NULL, "%s", log.seen);
    /* read as of the day before: not there yet */
    ck_assert_int_eq(sc_db_begin_read(db), SC_OK);
    ck_assert_int_eq(sc_revision_as_of(db, "2020-01-26T00:00:00.000Z", SC_AS_OF_DEMAND), SC_OK);
    value_log before = {{0}};
    ck_assert_int_eq(
        sc_store_demand_values(db, Q("2019-20-Q3"), Q("2019-20-Q3"), log_value, &before), SC_OK);
    ck_assert_str_eq(before.seen, "");
    sc_db_rollback(db);
    ck_assert_ptr_null(sc_db_clock(db)); /* the connection dates writes now again */
}
END_TEST

static Suite *demo_suite(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("demo");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, demo_dataset);
    tcase_add_test(tc, demo_recorded_at);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(demo_suite());
}
