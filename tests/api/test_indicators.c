/* test_indicators.c - API: indicator definitions (create, replace, get,
 * list with filters, delete) and targets by effective quarter. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static const char cp_seen[] =
    "{\"code\": \"CP-SEEN\", \"name\": \"Percentage of children subject to a child "
    "protection plan seen within expected timescales\", \"category\": \"contractual\", "
    "\"service_area\": \"child-protection\", \"polarity\": \"higher_is_better\", "
    "\"unit\": \"percent\", \"decimals\": 0, \"frequency\": \"quarterly\", "
    "\"benchmarked\": true, \"active_from\": \"2019-20-Q1\", \"active_to\": null}";

static const char reviews[] =
    "{\"name\": \"Re-referrals in the last 12 months\", \"category\": "
    "\"strategic_partnership\", \"service_area\": \"child-family-assessment\", "
    "\"polarity\": \"lower_is_better\", \"unit\": \"percent\"}";

static void setup(void)
{
    th_start(NULL);
}

static void teardown(void)
{
    th_stop();
}

START_TEST(create_get_replace)
{
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/indicators/CP-SEEN");
    th_free(&r);
    r = th_get("/api/v1/indicators/CP-SEEN");
    ck_assert_int_eq(r.status, 200);
    json_t *expect = json_loads(cp_seen, 0, NULL);
    json_object_set_new(expect, "description", json_null());
    ck_assert_msg(json_equal(expect, r.json), "got %s", r.body);
    json_decref(expect);
    th_free(&r);
    /* the same document again is a 200 replace; defaults fill in */
    r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_put("/api/v1/indicators/RE-REF", th_admin_key, reviews);
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "decimals")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "frequency")), "quarterly");
    ck_assert(json_is_false(json_object_get(r.json, "benchmarked")));
    ck_assert(json_is_null(json_object_get(r.json, "active_from")));
    th_free(&r);
}
END_TEST

START_TEST(list_with_filters)
{
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    th_free(&r);
    r = th_put("/api/v1/indicators/RE-REF", th_admin_key, reviews);
    th_free(&r);
    r = th_get("/api/v1/indicators");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    /* contractual first, as the papers list them */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "code")),
                     "CP-SEEN");
    th_free(&r);
    r = th_get("/api/v1/indicators?category=strategic_partnership");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
    r = th_get("/api/v1/indicators?service_area=child-protection&category=contractual");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
    r = th_get("/api/v1/indicators?service_area=workforce");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 0);
    th_free(&r);
    r = th_get("/api/v1/indicators?category=statutory");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/indicators?service_area=nowhere");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

START_TEST(validation_lists_every_problem)
{
    const char *bad = "{\"code\": \"OTHER\", \"name\": \"\", \"category\": \"statutory\", "
                      "\"polarity\": 1, \"unit\": \"percent\", \"decimals\": 4, "
                      "\"active_from\": \"2020/21 Q1\", \"colour\": \"red\"}";
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, bad);
    /* a misspelt quarter makes it a 400 (docs/API.md §1), with every problem listed */
    size_t n = th_assert_problem(&r, 400);
    static const char *const pointers[] = {"/code",     "/name",        "/category",
                                           "/polarity", "/decimals",    "/active_from",
                                           "/colour",   "/service_area"};
    ck_assert_int_eq(n, 8);
    for (size_t i = 0; i < 8; i++)
        ck_assert_msg(th_has_error_pointer(&r, pointers[i]), "no problem at %s: %s", pointers[i],
                      r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "did you mean 2020-21-Q1?"));
    th_free(&r);
    r = th_get("/api/v1/indicators/CP-SEEN");
    th_assert_problem(&r, 404);
    th_free(&r);
    /* unknown service area is caught against the store */
    r = th_put("/api/v1/indicators/X1", th_admin_key,
               "{\"name\":\"x\",\"category\":\"contractual\",\"service_area\":\"nowhere\","
               "\"polarity\":\"higher_is_better\",\"unit\":\"count\"}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/service_area"));
    th_free(&r);
    r = th_put("/api/v1/indicators/bad%20code", th_admin_key, cp_seen);
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/indicators/X1", th_admin_key,
               "{\"name\":\"x\",\"category\":\"contractual\",\"service_area\":\"nowhere\","
               "\"polarity\":\"up\",\"unit\":\"count\"}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 2);
    ck_assert(th_has_error_pointer(&r, "/service_area"));
    th_free(&r);
    r = th_put("/api/v1/indicators/X1", th_admin_key, "{\"name\": [1], \"decimals\": \"1\"}");
    ck_assert_int_ge(th_assert_problem(&r, 422), 6);
    th_free(&r);
}
END_TEST

START_TEST(roles)
{
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", NULL, cp_seen);
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN", th_writer_key, cp_seen);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN", th_writer_key, NULL, NULL, NULL);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_writer_key, "{\"target\": 90}");
    th_assert_problem(&r, 403);
    th_free(&r);
}
END_TEST

START_TEST(delete)
{
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2019-20-Q1", th_admin_key, "{\"target\":90}");
    th_free(&r);
    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN", th_admin_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 204);
    th_free(&r);
    r = th_get("/api/v1/indicators/CP-SEEN");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN", th_admin_key, NULL, NULL, NULL);
    th_assert_problem(&r, 404);
    th_free(&r);
    /* with a stored result it is refused: history must not vanish */
    r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\":\"reported\",\"value\":95}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN", th_admin_key, NULL, NULL, NULL);
    th_assert_problem(&r, 409);
    ck_assert_ptr_nonnull(strstr(r.body, "active_to"));
    th_free(&r);
}
END_TEST

START_TEST(targets_by_effective_quarter)
{
    th_resp r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2019-20-Q1", th_admin_key,
               "{\"target\": 90, \"tolerance\": 5}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/indicators/CP-SEEN/targets/2019-20-Q1");
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_admin_key, "{\"target\": 95}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "tolerance")), 0);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_admin_key,
               "{\"target\": 95, \"tolerance\": 2.5}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/indicators/CP-SEEN/targets");
    ck_assert_int_eq(r.status, 200);
    json_t *expect = json_loads(
        "{\"indicator\":\"CP-SEEN\",\"items\":[{\"from_quarter\":\"2019-20-Q1\",\"target\":90,"
        "\"tolerance\":5,\"source\":null,\"rationale\":null,\"approved_by\":null,"
        "\"review_by\":null},{\"from_quarter\":\"2020-21-Q1\",\"target\":95,\"tolerance\":2.5,"
        "\"source\":null,\"rationale\":null,\"approved_by\":null,\"review_by\":null}]}",
        0, NULL);
    ck_assert_msg(json_equal(expect, r.json), "got %s", r.body);
    json_decref(expect);
    th_free(&r);

    /* a result in 2019-20-Q4 is judged against 90 +- 5; 2020-21-Q2 against
     * 95 +- 2.5, which at decimals 0 is a tolerance of 3 (half away from 0) */
    r = th_put("/api/v1/quarters/2019-20-Q4/indicators/CP-SEEN", th_writer_key,
               "{\"availability\":\"reported\",\"value\":86}");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "within_target_range");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "target")), 90);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "target_from")), "2019-20-Q1");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q2/indicators/CP-SEEN", th_writer_key,
               "{\"availability\":\"reported\",\"value\":92}");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "within_target_range");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q2/indicators/CP-SEEN", th_writer_key,
               "{\"availability\":\"reported\",\"value\":91}");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "outside_target_range");
    th_free(&r);
    /* a target set later does not rewrite an earlier quarter's judgement */
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2021-22-Q1", th_admin_key, "{\"target\":99}");
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q4/indicators/CP-SEEN");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "within_target_range");
    th_free(&r);

    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN/targets/2021-22-Q1", th_admin_key, NULL,
                   NULL, NULL);
    ck_assert_int_eq(r.status, 204);
    th_free(&r);
    r = th_request("DELETE", "/api/v1/indicators/CP-SEEN/targets/2021-22-Q1", th_admin_key, NULL,
                   NULL, NULL);
    th_assert_problem(&r, 404);
    th_free(&r);
}
END_TEST

START_TEST(target_failures)
{
    th_resp r =
        th_put("/api/v1/indicators/NOPE/targets/2020-21-Q1", th_admin_key, "{\"target\": 90}");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/indicators/NOPE/targets");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN", th_admin_key, cp_seen);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21", th_admin_key, "{\"target\": 90}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-22-Q1", th_admin_key, "{\"target\": 90}");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "2020-21-Q1"));
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_admin_key,
               "{\"tolerance\": -1, \"from_quarter\": \"2019-20-Q1\"}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 3);
    ck_assert(th_has_error_pointer(&r, "/target"));
    ck_assert(th_has_error_pointer(&r, "/tolerance"));
    ck_assert(th_has_error_pointer(&r, "/from_quarter"));
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_admin_key,
               "{\"target\": \"ninety\"}");
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_put("/api/v1/indicators/CP-SEEN/targets/2020-21-Q1", th_admin_key,
               "{\"target\": 1e400}");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api indicators");
    TCase *tc = tcase_create("indicators and targets");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, create_get_replace);
    tcase_add_test(tc, list_with_filters);
    tcase_add_test(tc, validation_lists_every_problem);
    tcase_add_test(tc, roles);
    tcase_add_test(tc, delete);
    tcase_add_test(tc, targets_by_effective_quarter);
    tcase_add_test(tc, target_failures);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
