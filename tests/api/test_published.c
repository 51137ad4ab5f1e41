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

static Suite *suite(void)
{
    Suite *s = suite_create("api published");
    TCase *tc = tcase_create("published");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, referrals_as_first_published_and_restated);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
