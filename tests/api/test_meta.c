/* test_meta.c - API: health, metrics, service areas, routing (404, 405,
 * OPTIONS, HEAD), ETag/304, keys and roles, body limits and media types. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
}

static void teardown(void)
{
    th_stop();
}

START_TEST(healthz)
{
    th_resp r = th_get("/healthz");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "application/json");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "ok");
    th_free(&r);
}
END_TEST

START_TEST(metrics_prometheus_text)
{
    th_resp r = th_get("/healthz");
    th_free(&r);
    r = th_get("/metrics");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.content_type, "text/plain"));
    ck_assert_ptr_nonnull(strstr(r.body, "# TYPE scrutiny_requests_total counter"));
    ck_assert_ptr_nonnull(strstr(r.body, "scrutiny_requests_total{code=\"2xx\"} 1\n"));
    th_free(&r);
}
END_TEST

START_TEST(service_areas_in_published_order)
{
    static const char *const codes[] = {"parent-family-support",
                                        "child-family-assessment",
                                        "child-protection",
                                        "looked-after-children",
                                        "placements",
                                        "care-leavers",
                                        "youth-offending",
                                        "workforce",
                                        "governance"};
    th_resp r = th_get("/api/v1/service-areas");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 9);
    for (size_t i = 0; i < 9; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, i), "code")),
                         codes[i]);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 4), "name")),
                     "Placements (Adoption, Fostering and SGO)");
    th_free(&r);
}
END_TEST

START_TEST(service_area_put_roles_and_order)
{
    const char *body = "{\"name\": \"Early Help\"}";
    th_resp r = th_put("/api/v1/service-areas/early-help", NULL, body);
    th_assert_problem(&r, 401);
    ck_assert_str_eq(r.www_authenticate, "Bearer realm=\"scrutiny\"");
    th_free(&r);
    r = th_put("/api/v1/service-areas/early-help", th_writer_key, body);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/service-areas/early-help", th_admin_key, body);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/service-areas/early-help");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "position")), 10);
    th_free(&r);
    r = th_put("/api/v1/service-areas/early-help", th_admin_key, body);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/service-areas");
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 10);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 9), "name")),
                     "Early Help");
    th_free(&r);
    r = th_put("/api/v1/service-areas/early-help", th_admin_key, "{\"name\": 5, \"x\": 1}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 2);
    ck_assert(th_has_error_pointer(&r, "/name"));
    ck_assert(th_has_error_pointer(&r, "/x"));
    th_free(&r);
}
END_TEST

START_TEST(unknown_path_is_404)
{
    static const char *const paths[] = {"/",
                                        "/api",
                                        "/api/v2/indicators",
                                        "/api/v1/indicators/",
                                        "/api/v1//indicators",
                                        "/api/v1/quarters/2020-21-Q1/nothing"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        th_resp r = th_get(paths[i]);
        th_assert_problem(&r, 404);
        th_free(&r);
    }
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    th_resp r = th_request("POST", "/api/v1/indicators/X", th_admin_key, "{}", NULL, NULL);
    th_assert_problem(&r, 405);
    ck_assert_str_eq(r.allow, "GET, HEAD, PUT, DELETE, OPTIONS");
    th_free(&r);
    r = th_request("DELETE", "/api/v1/service-areas", th_admin_key, NULL, NULL, NULL);
    th_assert_problem(&r, 405);
    ck_assert_str_eq(r.allow, "GET, HEAD, OPTIONS");
    th_free(&r);
    r = th_request("OPTIONS", "/api/v1/quarters/2020-21-Q1/indicators/X", NULL, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(r.allow, "GET, HEAD, PUT, OPTIONS");
    th_free(&r);
}
END_TEST

START_TEST(etag_and_304)
{
    th_resp r = th_get("/api/v1/service-areas");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(strlen(r.etag), 34);
    ck_assert_str_eq(r.cache_control, "no-cache");
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    th_resp again = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL, inm);
    ck_assert_int_eq(again.status, 304);
    ck_assert_int_eq(again.len, 0);
    ck_assert_str_eq(again.etag, r.etag);
    th_free(&again);
    snprintf(inm, sizeof inm, "If-None-Match: \"other\", W/%s", r.etag);
    again = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL, inm);
    ck_assert_int_eq(again.status, 304);
    th_free(&again);
    again =
        th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL, "If-None-Match: \"stale\"");
    ck_assert_int_eq(again.status, 200);
    th_free(&again);
    /* a write changes the representation and so the tag */
    th_resp w = th_put("/api/v1/service-areas/early-help", th_admin_key, "{\"name\":\"EH\"}");
    th_free(&w);
    snprintf(inm, sizeof inm, "If-None-Match: %s", r.etag);
    again = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL, inm);
    ck_assert_int_eq(again.status, 200);
    ck_assert_str_ne(again.etag, r.etag);
    th_free(&again);
    th_free(&r);
}
END_TEST

START_TEST(head_has_headers_and_no_body)
{
    th_resp r = th_request("HEAD", "/api/v1/service-areas", NULL, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.len, 0);
    ck_assert_int_eq(strlen(r.etag), 34);
    th_free(&r);
}
END_TEST

START_TEST(bad_keys)
{
    const char *body = "{\"name\": \"Early Help\"}";
    th_resp r = th_put("/api/v1/service-areas/eh", "sk_not-a-real-key", body);
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_request("PUT", "/api/v1/service-areas/eh", NULL, body, NULL,
                   "Authorization: Basic dXNlcjpwYXNz");
    th_assert_problem(&r, 401);
    th_free(&r);
    /* a bad key is refused even on a public read: the client should know */
    r = th_request("GET", "/api/v1/service-areas", "wrong", NULL, NULL, NULL);
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_request("GET", "/api/v1/service-areas", th_reader_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_put("/api/v1/service-areas/eh", th_reader_key, body);
    th_assert_problem(&r, 403);
    th_free(&r);
}
END_TEST

START_TEST(body_limits_and_media_types)
{
    size_t n = (1u << 20) + 10;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    big[n] = '\0';
    th_resp r = th_put("/api/v1/service-areas/eh", th_admin_key, big);
    th_assert_problem(&r, 413);
    th_free(&r);
    free(big);
    r = th_request("PUT", "/api/v1/service-areas/eh", th_admin_key, "{\"name\":\"x\"}",
                   "text/plain", NULL);
    th_assert_problem(&r, 415);
    th_free(&r);
    r = th_request("PUT", "/api/v1/service-areas/eh", th_admin_key, "{\"name\":\"x\"}",
                   "application/json; charset=utf-8", NULL);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_put("/api/v1/service-areas/eh", th_admin_key, "{\"name\": \"x\",");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(r.json, "detail")), "not valid JSON"));
    th_free(&r);
    r = th_put("/api/v1/service-areas/eh", th_admin_key, "{\"name\":\"a\",\"name\":\"b\"}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/service-areas/eh", th_admin_key, "");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/service-areas/eh", th_admin_key, "[1,2]");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, ""));
    th_free(&r);
}
END_TEST

START_TEST(unknown_query_parameter_is_400)
{
    th_resp r = th_get("/api/v1/indicators?categroy=contractual");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(r.json, "detail")), "categroy"));
    th_free(&r);
}
END_TEST

static void setup_private(void)
{
    th_options o = {.private_read = true};
    th_start(&o);
}

START_TEST(private_read_needs_a_key)
{
    th_resp r = th_get("/api/v1/service-areas");
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_request("GET", "/api/v1/service-areas", th_reader_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api meta");
    TCase *tc = tcase_create("meta");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, healthz);
    tcase_add_test(tc, metrics_prometheus_text);
    tcase_add_test(tc, service_areas_in_published_order);
    tcase_add_test(tc, service_area_put_roles_and_order);
    tcase_add_test(tc, unknown_path_is_404);
    tcase_add_test(tc, wrong_method_is_405_with_allow);
    tcase_add_test(tc, etag_and_304);
    tcase_add_test(tc, head_has_headers_and_no_body);
    tcase_add_test(tc, bad_keys);
    tcase_add_test(tc, body_limits_and_media_types);
    tcase_add_test(tc, unknown_query_parameter_is_400);
    suite_add_tcase(s, tc);
    TCase *priv = tcase_create("private read");
    tcase_add_checked_fixture(priv, setup_private, teardown);
    tcase_add_test(priv, private_read_needs_a_key);
    suite_add_tcase(s, priv);
    return s;
}

TH_MAIN(suite)
