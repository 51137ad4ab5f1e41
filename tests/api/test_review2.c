/* test_review2.c - findings of the second outside review (issue 13) that
 * have no better home: dates and instants stay within what RFC 3339 can
 * write (years 0001..9999, real calendar dates), and contract details
 * third-party clients found. Every refused request changes nothing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
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

static const char *field(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

/* GET path answers a 400 problem whose detail contains want. */
static void assert_400(const char *path, const char *want)
{
    th_resp r = th_get(path);
    th_assert_problem(&r, 400);
    ck_assert_msg(strstr(field(r.json, "detail"), want) != NULL, "%s: %s", path, r.body);
    th_free(&r);
}

START_TEST(quarters_end_where_dates_do)
{
    th_resp r = th_get("/api/v1/quarters/9998-99-Q4");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(field(r.json, "starts"), "9999-01-01");
    ck_assert_str_eq(field(r.json, "ends"), "9999-03-31");
    th_free(&r);
    static const char range[] = "financial years run from 1000-01 to 9998-99";
    assert_400("/api/v1/quarters/9999-00-Q4", range);
    assert_400("/api/v1/quarters/9999-00-Q1/summary", range);
    assert_400("/api/v1/demand?from=9999-00-Q1", range);
    assert_400("/api/v1/demand?to=9999-00-Q1", range);
    /* the default five-quarter span stops at the ends of the range */
    r = th_get("/api/v1/demand?from=9998-99-Q2");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(field(r.json, "to"), "9998-99-Q4");
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "quarters")), 3);
    th_free(&r);
    r = th_get("/api/v1/demand?to=1000-01-Q2");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(field(r.json, "from"), "1000-01-Q1");
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "quarters")), 2);
    th_free(&r);
    /* nor can a write name such a quarter */
    char *before = th_db_dump();
    r = th_put("/api/v1/quarters/9999-00-Q1/demand/contacts", th_writer_key, "{\"value\": 1}");
    th_assert_problem(&r, 400);
    th_free(&r);
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
}
END_TEST

START_TEST(as_of_is_a_real_instant)
{
    static const char *const bad[] = {"2026-02-31T00:00:00Z",        /* no 31 February */
                                      "2023-02-29T00:00:00Z",        /* not a leap year */
                                      "2026-00-10T00:00:00Z",        /* no month 0 */
                                      "9999-12-31T23:59:59-01:00",   /* the year 10000 in UTC */
                                      "0001-01-01T00:00:00%2B01:00", /* the year 0 in UTC */
                                      "2020-08-18T09:30:00%2B24:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char path[200];
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/indicators?as_of=%s", bad[i]);
        assert_400(path, "as_of must be an RFC 3339 date-time");
    }
    /* the last instant is fine, and everything stood as it does now */
    th_resp now = th_get("/api/v1/quarters/2020-21-Q1/summary");
    th_resp then = th_get("/api/v1/quarters/2020-21-Q1/summary?as_of=9999-12-31T22:59:59-01:00");
    ck_assert_int_eq(then.status, 200);
    ck_assert_str_eq(then.body, now.body);
    th_free(&now);
    th_free(&then);
}
END_TEST

START_TEST(demand_value_code_null_is_422)
{
    char *before = th_db_dump();
    static const char *const bodies[] = {"{\"value\": 5, \"code\": null}",
                                         "{\"value\": 5, \"code\": \"referrals\"}",
                                         "{\"value\": 5, \"code\": 7}"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        th_resp r = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, bodies[i]);
        ck_assert_uint_eq(th_assert_problem(&r, 422), 1);
        ck_assert_msg(th_has_error_pointer(&r, "/code"), "%s: %s", bodies[i], r.body);
        th_free(&r);
    }
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key,
                       "{\"value\": 5, \"code\": \"contacts\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

START_TEST(spec_declares_head_and_a_relative_server)
{
    th_resp r = th_get("/api/v1/openapi.json");
    ck_assert_int_eq(r.status, 200);
    /* "Try it out" on /docs calls the server the page came from */
    json_t *server = json_array_get(json_object_get(r.json, "servers"), 0);
    ck_assert_str_eq(field(server, "url"), "/");
    /* HEAD works wherever GET does, so a validating proxy must see it */
    const char *path;
    json_t *item;
    size_t gets = 0;
    json_object_foreach(json_object_get(r.json, "paths"), path, item)
    {
        if (!json_object_get(item, "get"))
            continue;
        gets++;
        ck_assert_msg(json_object_get(item, "head") != NULL, "%s declares no HEAD", path);
    }
    ck_assert_uint_gt(gets, 20);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api review 2");
    TCase *tc = tcase_create("review 2");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, quarters_end_where_dates_do);
    tcase_add_test(tc, as_of_is_a_real_instant);
    tcase_add_test(tc, demand_value_code_null_is_422);
    tcase_add_test(tc, spec_declares_head_and_a_relative_server);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
