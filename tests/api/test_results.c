/* test_results.c - API: results per quarter, the quarter's indicator list
 * with statuses and filters, and the summary's parameters. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void put_indicator(const char *code, const char *category, const char *area,
                          const char *polarity, const char *extra)
{
    char path[128], body[1024];
    snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"name\": \"Indicator %s\", \"category\": \"%s\", \"service_area\": \"%s\", "
             "\"polarity\": \"%s\", \"unit\": \"percent\", \"decimals\": 0%s}",
             code, category, area, polarity, extra);
    th_resp r = th_put(path, th_admin_key, body);
    ck_assert_msg(r.status == 201, "%s", r.body);
    th_free(&r);
}

static void put_target(const char *code, const char *from, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/indicators/%s/targets/%s", code, from);
    th_resp r = th_put(path, th_admin_key, body);
    ck_assert_msg(r.status == 201, "%s", r.body);
    th_free(&r);
}

static void setup(void)
{
    th_start(NULL);
    put_indicator("CP-SEEN", "contractual", "child-protection", "higher_is_better",
                  ", \"active_from\": \"2019-20-Q1\"");
    put_target("CP-SEEN", "2019-20-Q1", "{\"target\": 90, \"tolerance\": 5}");
    put_indicator("CIN-2Y", "strategic_partnership", "child-family-assessment", "lower_is_better",
                  "");
    put_target("CIN-2Y", "2019-20-Q1", "{\"target\": 30}");
    put_indicator("OLD", "strategic_partnership", "governance", "higher_is_better",
                  ", \"active_to\": \"2019-20-Q4\"");
}

static void teardown(void)
{
    th_stop();
}

static const char *status_of(const th_resp *r)
{
    return json_string_value(json_object_get(r->json, "status"));
}

START_TEST(put_and_get_one)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
                       "{\"availability\": \"reported\", \"numerator\": 276, "
                       "\"denominator\": 290, \"commentary\": \"95% (276) seen\"}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 95);
    ck_assert_str_eq(status_of(&r), "better_than_target");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "quarter")), "2020-21-Q1");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "category")), "contractual");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "target")), 90);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "tolerance")), 5);
    ck_assert_ptr_nonnull(json_string_value(json_object_get(r.json, "updated_at")));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "numerator")), 276);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "denominator")), 290);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "commentary")), "95% (276) seen");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "availability")), "reported");
    th_free(&r);
    /* identical again: 200, unchanged */
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"numerator\": 276, "
               "\"denominator\": 290, \"commentary\": \"95% (276) seen\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    /* replaced by a lower figure: within, then outside */
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_admin_key,
               "{\"availability\": \"reported\", \"value\": 85}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(status_of(&r), "within_target_range");
    ck_assert(json_is_null(json_object_get(r.json, "numerator")));
    ck_assert(json_is_null(json_object_get(r.json, "commentary")));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 84.4}");
    ck_assert_str_eq(status_of(&r), "outside_target_range");
    th_free(&r);
}
END_TEST

/* count: the number behind a published percentage without its
 * denominator; shown in JSON, CSV and as it stood (as_of). */
START_TEST(count_behind_a_percentage)
{
    const char *path = "/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN";
    th_resp r = th_put(path, th_writer_key,
                       "{\"availability\": \"reported\", \"value\": 95, \"count\": 891}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 891);
    th_free(&r);
    /* the revision's time, which as_of reads */
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?limit=1");
    char at[64];
    snprintf(at, sizeof at, "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "at")));
    th_free(&r);
    r = th_put(path, th_writer_key,
               "{\"availability\": \"reported\", \"numerator\": 276, \"denominator\": 290, "
               "\"count\": 276}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/count"));
    th_free(&r);
    r = th_put(path, th_writer_key,
               "{\"availability\": \"reported\", \"value\": 95, \"count\": -1}");
    ck_assert(th_has_error_pointer(&r, "/count"));
    th_free(&r);
    r = th_put(path, th_writer_key, "{\"availability\": \"reported\", \"value\": 96}");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_null(json_object_get(r.json, "count")));
    th_free(&r);
    char past[128];
    snprintf(past, sizeof past, "%s?as_of=%s", path, at);
    r = th_get(past);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 891);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, ",numerator,denominator,count,year_to_date,reason,"));
    th_free(&r);
}
END_TEST

START_TEST(unavailable_states)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CIN-2Y", th_writer_key,
                       "{\"availability\": \"not_available\", \"reason\": \"Covid-19\"}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(status_of(&r), "not_available");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "reason")), "Covid-19");
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CIN-2Y", th_writer_key,
               "{\"availability\": \"suspended\"}");
    ck_assert_str_eq(status_of(&r), "suspended");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CIN-2Y", th_writer_key,
               "{\"availability\": \"annual_not_due\"}");
    ck_assert_str_eq(status_of(&r), "annual_not_due");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status_label")),
                     "Annual KPI not yet due");
    th_free(&r);
    /* no target in force yet in 2018-19: target to be confirmed */
    r = th_put("/api/v1/quarters/2018-19-Q4/indicators/CIN-2Y", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 31}");
    ck_assert_str_eq(status_of(&r), "target_tbc");
    ck_assert(json_is_null(json_object_get(r.json, "target")));
    th_free(&r);
    /* lower is better: 31 against 30 with no tolerance is outside */
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CIN-2Y", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 31}");
    ck_assert_str_eq(status_of(&r), "outside_target_range");
    th_free(&r);
}
END_TEST

START_TEST(quarter_list_filters_and_not_submitted)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
                       "{\"availability\": \"reported\", \"value\": 95}");
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    /* OLD retired after 2019-20-Q4, so two active indicators */
    ck_assert_int_eq(json_array_size(items), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "code")),
                     "CP-SEEN");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 1), "status")),
                     "not_submitted");
    ck_assert(json_is_null(json_object_get(json_array_get(items, 1), "availability")));
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q4/indicators");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 3);
    th_free(&r);
    r = th_get("/api/v1/quarters/2018-19-Q4/indicators");
    /* CP-SEEN starts in 2019-20-Q1 */
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?status=not_submitted");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?category=contractual"
               "&service_area=child-protection&status=better_than_target");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?service_area=workforce");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?status=green");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/OLD");
    th_assert_problem(&r, 404);
    ck_assert_ptr_nonnull(strstr(r.body, "2019-20-Q4"));
    th_free(&r);
}
END_TEST

START_TEST(bad_quarter_ids)
{
    static const char *const bad[] = {"2020-21",  "2020-22-Q1", "2020-21-Q5",   "2020-21-q1",
                                      "20-21-Q1", "Q1-2020-21", "2020-21-Q1%20"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators", bad[i]);
        th_resp r = th_get(path);
        th_assert_problem(&r, 400);
        th_free(&r);
    }
    /* an encoded slash stays inside its segment: a misspelt quarter (§1) */
    th_resp r = th_get("/api/v1/quarters/2020%2F21-Q1/indicators");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "did you mean 2020-21-Q1?"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-q1/summary");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "did you mean 2020-21-Q1?"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-2021-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 95}");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

START_TEST(result_failures)
{
    const char *ok = "{\"availability\": \"reported\", \"value\": 95}";
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/NOPE", th_writer_key, ok);
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/NOPE");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/OLD", th_writer_key, ok);
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_reader_key, ok);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", NULL, ok);
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\"");
    th_assert_problem(&r, 400);
    th_free(&r);
    /* several problems at once, each with its pointer */
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 80, \"numerator\": 276, "
               "\"denominator\": 290, \"reason\": \"x\", \"commentary\": 7, \"rag\": \"red\"}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 4);
    ck_assert(th_has_error_pointer(&r, "/value"));
    ck_assert(th_has_error_pointer(&r, "/reason"));
    ck_assert(th_has_error_pointer(&r, "/commentary"));
    ck_assert(th_has_error_pointer(&r, "/rag"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"numerator\": 3, \"denominator\": 0}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/denominator"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"suspended\", \"value\": 3}");
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"late\"}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/availability"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key, "{}");
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 95, \"code\": \"OTHER\"}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/code"));
    th_free(&r);
    /* nothing was stored by any of the failures */
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN");
    ck_assert_str_eq(status_of(&r), "not_submitted");
    th_free(&r);
}
END_TEST

START_TEST(summary_parameters)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=3");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=one");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/summary?decimals=2");
    ck_assert_int_eq(r.status, 200);
    json_t *c = json_object_get(json_object_get(r.json, "categories"), "contractual");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "reported")), 0);
    ck_assert(
        json_is_null(json_object_get(json_object_get(c, "pct_of_reported"), "better_than_target")));
    ck_assert_double_eq(
        json_number_value(json_object_get(json_object_get(c, "pct_overall"), "not_submitted")),
        100.0);
    th_free(&r);
    /* a quarter with no indicators at all still answers, with empty tables */
    r = th_get("/api/v1/quarters/1999-00-Q1/summary");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "quarter")), "1999-00-Q1");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api results");
    TCase *tc = tcase_create("results and statuses");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, put_and_get_one);
    tcase_add_test(tc, count_behind_a_percentage);
    tcase_add_test(tc, unavailable_states);
    tcase_add_test(tc, quarter_list_filters_and_not_submitted);
    tcase_add_test(tc, bad_quarter_ids);
    tcase_add_test(tc, result_failures);
    tcase_add_test(tc, summary_parameters);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
