/* test_acceptance.c - the published status table of the 2020/21 Q1 paper
 * (Doncaster Council, Overview and Scrutiny Management Committee,
 * "Performance Challenge of Doncaster Children's Services Trust: Quarter 1,
 * 2020/21", ¶12-13; see docs/SOURCES.md), reproduced by pushing its
 * 42 indicators and their results over HTTP and reading the summary. */
#include <check.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
    th_push_2020_21_q1();
}

static void teardown(void)
{
    th_stop();
}

static json_t *summary_table(th_resp *r, const char *category)
{
    ck_assert_int_eq(r->status, 200);
    return json_object_get(json_object_get(r->json, "categories"), category);
}

static void assert_counts(const json_t *counts, const int expect[8])
{
    static const char *const keys[] = {
        "outside_target_range", "within_target_range", "better_than_target", "not_available",
        "annual_not_due",       "target_tbc",          "suspended",          "not_submitted"};
    ck_assert_int_eq(json_object_size(counts), 8);
    for (int i = 0; i < 8; i++)
        ck_assert_msg(json_integer_value(json_object_get(counts, keys[i])) == expect[i],
                      "%s: expected %d, got %lld", keys[i], expect[i],
                      (long long)json_integer_value(json_object_get(counts, keys[i])));
}

/* ¶13: rows in published order with their counts. */
START_TEST(strategic_table_rows)
{
    static const struct {
        const char *area;
        const char *name;
        int counts[8];
        int total;
    } rows[] = {
        {"parent-family-support", "Parent & Family Support", {0, 1, 1, 0, 0, 1, 0, 0}, 3},
        {"child-family-assessment", "Child & Family Assessment", {1, 1, 3, 0, 0, 0, 0, 0}, 5},
        {"child-protection", "Child Protection", {0, 1, 2, 0, 0, 2, 0, 0}, 5},
        {"looked-after-children", "Looked After Children", {2, 1, 0, 0, 1, 0, 0, 0}, 4},
        {"placements", "Placements (Adoption, Fostering and SGO)", {1, 0, 3, 0, 0, 1, 0, 0}, 5},
        {"care-leavers", "Care Leavers", {0, 0, 2, 0, 0, 1, 0, 0}, 3},
        {"youth-offending", "Youth Offending", {0, 0, 0, 2, 0, 0, 0, 0}, 2},
        {"workforce", "Workforce", {0, 0, 2, 0, 0, 0, 0, 0}, 2},
        {"governance", "Governance", {0, 0, 0, 0, 1, 0, 0, 0}, 1},
    };
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=0");
    json_t *t = summary_table(&r, "strategic_partnership");
    json_t *got = json_object_get(t, "rows");
    ck_assert_int_eq(json_array_size(got), 9);
    for (size_t i = 0; i < 9; i++) {
        json_t *row = json_array_get(got, i);
        ck_assert_str_eq(json_string_value(json_object_get(row, "service_area")), rows[i].area);
        ck_assert_str_eq(json_string_value(json_object_get(row, "name")), rows[i].name);
        assert_counts(json_object_get(row, "counts"), rows[i].counts);
        ck_assert_int_eq(json_integer_value(json_object_get(row, "total")), rows[i].total);
    }
    th_free(&r);
}
END_TEST

/* ¶13-14: totals 4/4/13/2/2/5 of 30, 21 reported, 19/19/62 and
 * 13/13/43/7/7/17 at decimals=0. */
START_TEST(strategic_table_totals_and_percentages)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=0");
    json_t *t = summary_table(&r, "strategic_partnership");
    static const int totals[8] = {4, 4, 13, 2, 2, 5, 0, 0};
    assert_counts(json_object_get(json_object_get(t, "totals"), "counts"), totals);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "totals"), "total")),
                     30);
    ck_assert_int_eq(json_integer_value(json_object_get(t, "reported")), 21);
    json_t *of = json_object_get(t, "pct_of_reported");
    ck_assert_int_eq(json_object_size(of), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(of, "outside_target_range")), 19);
    ck_assert_int_eq(json_integer_value(json_object_get(of, "within_target_range")), 19);
    ck_assert_int_eq(json_integer_value(json_object_get(of, "better_than_target")), 62);
    static const int overall[8] = {13, 13, 43, 7, 7, 17, 0, 0};
    assert_counts(json_object_get(t, "pct_overall"), overall);
    th_free(&r);
}
END_TEST

/* ¶12: of the 12 contractual indicators 7 better, 3 within, 2 suspended. */
START_TEST(contractual_counts)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=0");
    json_t *t = summary_table(&r, "contractual");
    static const int totals[8] = {0, 3, 7, 0, 0, 0, 2, 0};
    assert_counts(json_object_get(json_object_get(t, "totals"), "counts"), totals);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "totals"), "total")),
                     12);
    ck_assert_int_eq(json_integer_value(json_object_get(t, "reported")), 10);
    th_free(&r);
}
END_TEST

/* ¶26: the four strategic measures outside target range, by name. */
START_TEST(outside_target_range_measures)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/indicators?category=strategic_partnership"
                       "&status=outside_target_range");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 4);
    static const char *const needles[] = {"two or more years", "26 weeks", "stability", "adopted"};
    for (size_t n = 0; n < 4; n++) {
        bool found = false;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            if (strstr(json_string_value(json_object_get(it, "name")), needles[n]))
                found = true;
            ck_assert_str_eq(json_string_value(json_object_get(it, "status")),
                             "outside_target_range");
            ck_assert_str_eq(json_string_value(json_object_get(it, "status_label")),
                             "Outside target range");
        }
        ck_assert_msg(found, "no outside-target measure mentions \"%s\"", needles[n]);
    }
    th_free(&r);
}
END_TEST

/* At decimals=1 the same table gives 19.0 / 19.0 / 61.9 of reported. */
START_TEST(one_decimal_percentages)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary");
    json_t *t = summary_table(&r, "strategic_partnership");
    json_t *of = json_object_get(t, "pct_of_reported");
    ck_assert_double_eq_tol(json_number_value(json_object_get(of, "better_than_target")), 61.9,
                            1e-9);
    json_t *overall = json_object_get(t, "pct_overall");
    ck_assert_double_eq_tol(json_number_value(json_object_get(overall, "target_tbc")), 16.7, 1e-9);
    ck_assert_double_eq_tol(json_number_value(json_object_get(overall, "not_available")), 6.7,
                            1e-9);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "decimals")), 1);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("acceptance 2020-21-Q1");
    TCase *tc = tcase_create("published status table");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, strategic_table_rows);
    tcase_add_test(tc, strategic_table_totals_and_percentages);
    tcase_add_test(tc, contractual_counts);
    tcase_add_test(tc, outside_target_range_measures);
    tcase_add_test(tc, one_decimal_percentages);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
