/* test_published.c - API: the papers as first published. The demo records
 * each return at its paper's date (data/demo/manifest.json recorded_at),
 * so as_of on a paper's day reproduces that paper's figures and a later
 * instant the restated ones; the list of quarters (GET /quarters). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

/* The 2019/20 Q3 paper (para 17) prints referrals 949, +3% against the
 * previous quarter; the 2020/21 Q1 paper (para 19) restates it as 946. */
START_TEST(referrals_as_first_published_and_restated)
{
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-27T17:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 949);
    ck_assert(json_equal(json_object_get(r.json, "restated"), json_false()));
    th_free(&r);
    r = th_get(
        "/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-27T17:00:00Z&decimals=0");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_number_value(json_object_get(r.json, "change_vs_previous_quarter_pct")) == 3);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-09-01T00:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 946);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "first_reported_value")), 949);
    th_free(&r);
    /* before the paper: nothing had been published */
    r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-26T00:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
    /* the 2020/21 Q1 figures were not published on the Q3 paper's day */
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/referrals?as_of=2020-01-27T17:00:00Z");
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
}
END_TEST

/* GET /quarters: every quarter holding a figure, what it holds, and as
 * first published (the 2019/20 Q3 paper knew 2018/19 Q1 to 2019/20 Q3). */
START_TEST(quarters_list)
{
    th_resp r = th_get("/api/v1/quarters");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 9);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 9);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "quarter")),
                     "2018-19-Q1");
    json_t *q3 = json_array_get(items, 6);
    ck_assert_str_eq(json_string_value(json_object_get(q3, "quarter")), "2019-20-Q3");
    ck_assert_str_eq(json_string_value(json_object_get(q3, "label")), "Quarter 3 2019/20");
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "indicators_active")), 40);
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "indicators_reported")), 38);
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "demand_measures")), 4);
    ck_assert(json_is_true(json_object_get(q3, "finance")));
    ck_assert(json_is_false(json_object_get(q3, "locked")));
    th_free(&r);

    r = th_get("/api/v1/quarters?as_of=2020-01-27T17:00:00Z&format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.content_type, "text/csv"));
    ck_assert_ptr_nonnull(strstr(r.body, "\r\n2019-20-Q3,Quarter 3 2019/20,2019-10-01,2019-12-31,"
                                         "false,,,,40,38,4,true\r\n"));
    ck_assert_ptr_null(strstr(r.body, "2019-20-Q4"));
    th_free(&r);

    /* a lock shows in the list; the index links to it */
    r = th_request("POST", "/api/v1/quarters/2019-20-Q3/lock", th_admin_key,
                   "{\"reason\":\"Signed off 27 January 2020\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/quarters");
    q3 = json_array_get(json_object_get(r.json, "items"), 6);
    ck_assert(json_is_true(json_object_get(q3, "locked")));
    ck_assert_str_eq(json_string_value(json_object_get(q3, "lock_reason")),
                     "Signed off 27 January 2020");
    th_free(&r);
    r = th_get("/api/v1");
    json_t *links = json_object_get(r.json, "links");
    ck_assert_str_eq(json_string_value(json_object_get(links, "quarters")), "/api/v1/quarters");
    ck_assert_str_eq(json_string_value(json_object_get(links, "history")),
                     "/api/v1/indicators/{code}/history");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api published");
    TCase *tc = tcase_create("published");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, referrals_as_first_published_and_restated);
    tcase_add_test(tc, quarters_list);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
