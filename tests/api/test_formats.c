/* test_formats.c - API: CSV variants of the list endpoints (RFC 4180
 * quoting of commas, quotes and newlines), CORS for browser dashboards
 * (preflight allowed and refused, never credentials), the OpenAPI document
 * and the offline documentation page. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
}

static void setup_demo(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

START_TEST(csv_quoting)
{
    /* a name with a comma and quotes, commentary with a newline */
    th_resp r = th_put("/api/v1/indicators/Q1", th_admin_key,
                       "{\"name\": \"Visits, \\\"statutory\\\" ones\", \"category\": "
                       "\"contractual\", \"service_area\": \"child-protection\", \"polarity\": "
                       "\"higher_is_better\", \"unit\": \"percent\", \"decimals\": 0}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/Q1", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 95, \"commentary\": "
               "\"line one,\\nline \\\"two\\\"\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
    ck_assert_str_eq(r.content_disposition,
                     "attachment; filename=\"scrutiny-quarters-2020-21-Q1-indicators.csv\"");
    ck_assert_msg(
        strncmp(r.body,
                "code,name,description,category,service_area,polarity,unit,"
                "decimals,frequency,benchmarked,active_from,active_to,quarter,"
                "availability,value,numerator,denominator,count,year_to_date,reason,commentary,"
                "target,tolerance,target_from,status,status_label,updated_at\r\n",
                strlen("code,name,")) == 0,
        "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nQ1,\"Visits, \"\"statutory\"\" ones\",,contractual,"
                                         "child-protection,higher_is_better,percent,0,quarterly,"
                                         "false,,,2020-21-Q1,reported,95,,,,,,\"line one,\nline "
                                         "\"\"two\"\"\",,,,target_tbc,Target figure to be "
                                         "confirmed,"));
    ck_assert_int_eq(strlen(r.etag), 34);
    th_free(&r);
    /* Accept works too, and JSON stays the default */
    r = th_request("GET", "/api/v1/indicators", NULL, NULL, NULL, "Accept: text/csv");
    ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
    th_free(&r);
    r = th_get("/api/v1/indicators?format=json");
    ck_assert_str_eq(r.content_type, "application/json");
    th_free(&r);
    r = th_get("/api/v1/indicators?format=xml");
    th_assert_problem(&r, 400);
    th_free(&r);
    /* errors stay problem+json even when CSV was asked for */
    r = th_get("/api/v1/quarters/2020-21-QX/indicators?format=csv");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

START_TEST(csv_every_list)
{
    static const struct {
        const char *path;
        const char *header;
    } lists[] = {
        {"/api/v1/service-areas?format=csv", "code,name,position\r\n"},
        {"/api/v1/indicators?format=csv", "code,name,description,category,"},
        {"/api/v1/indicators/CP-SEEN/targets?format=csv",
         "from_quarter,target,tolerance,source,rationale,approved_by,review_by\r\n"},
        {"/api/v1/quarters/2020-21-Q1/indicators?format=csv", "code,name,"},
        {"/api/v1/quarters/2020-21-Q1/summary?format=csv&decimals=0",
         "category,service_area,name,outside_target_range,within_target_range,"
         "better_than_target,not_available,annual_not_due,target_tbc,suspended,not_submitted,"
         "total\r\n"},
        {"/api/v1/demand-measures?format=csv", "code,name,position,kind\r\n"},
        {"/api/v1/quarters/2020-21-Q1/demand?format=csv&decimals=0",
         "code,name,value,previous_quarter_value,same_quarter_last_year_value,"
         "change_vs_previous_quarter_pct,change_vs_same_quarter_last_year_pct,restated,"
         "first_reported_value,rate_per_10k,benchmark_national,benchmark_national_comparison,"
         "benchmark_regional,benchmark_regional_comparison,benchmark_statistical_neighbours,"
         "benchmark_statistical_neighbours_comparison,benchmark_regional_rank,"
         "benchmark_regional_count,benchmark_source,benchmark_period\r\n"},
        {"/api/v1/quarters/2020-21-Q1/placements?format=csv",
         "code,name,position,group,count,budgeted_count,contract_count,"},
        {"/api/v1/placement-types?format=csv", "code,name,position,group\r\n"},
        {"/api/v1/populations?format=csv", "year,children\r\n"},
        {"/api/v1/demand?from=2019-20-Q1&to=2020-21-Q1&format=csv",
         "code,name,2019-20-Q1,2019-20-Q2,2019-20-Q3,2019-20-Q4,2020-21-Q1\r\n"},
        {"/api/v1/quarters/2020-21-Q1/finance?format=csv",
         "code,name,parent,budget_gross,budget_income,budget_net,outturn_gross,"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        th_resp r = th_get(lists[i].path);
        ck_assert_msg(r.status == 200, "%s: %ld", lists[i].path, r.status);
        ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
        ck_assert_msg(strncmp(r.body, lists[i].header, strlen(lists[i].header)) == 0,
                      "%s starts:\n%.300s", lists[i].path, r.body);
        th_free(&r);
    }
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary?format=csv&decimals=0");
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nstrategic_partnership,total,Total,4,4,13,2,2,5,0,0,"
                                         "30\r\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nstrategic_partnership,placements,\"Placements "
                                         "(Adoption, Fostering and SGO)\",1,0,3,0,0,1,0,0,5\r\n"));
    th_free(&r);
    r = th_get("/api/v1/demand?from=2019-20-Q1&to=2020-21-Q1&format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nreferrals,Referrals,1200,924,946,1052,1117\r\n"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nchildren-looked-after,Children Looked After,,32411,"
                                         "-3948,28463,34657,-3932,30725,-2246,-15,-2262,"
                                         "published,-974,-1288,\r\n"));
    /* a breakdown line that carries only a variance: its other cells empty */
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nlac-out-of-area,Out of Area Placements,"
                                         "children-looked-after,,,,,,,,,-1320,published,-740,"
                                         "-580,\r\n"));
    th_free(&r);
}
END_TEST

START_TEST(openapi_and_docs)
{
    th_resp r = th_get("/api/v1/openapi.json");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "application/json");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "openapi")), "3.1.0");
    ck_assert_ptr_nonnull(
        json_object_get(json_object_get(r.json, "paths"), "/api/v1/quarters/{quarter}/summary"));
    ck_assert_int_eq(strlen(r.etag), 34);
    th_free(&r);
    r = th_get("/docs");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/html; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r.body, "/api/v1/openapi.json"));
    /* nothing is fetched from elsewhere: every script and sheet is ours */
    ck_assert_ptr_null(strstr(r.body, "https://"));
    ck_assert_ptr_null(strstr(r.body, "http://"));
    th_free(&r);
    r = th_get("/docs/swagger-ui-bundle.js");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_gt(r.len, 100000);
    ck_assert_str_eq(r.content_type, "text/javascript; charset=utf-8");
    th_free(&r);
    r = th_get("/docs/swagger-ui.css");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/css; charset=utf-8");
    th_free(&r);
}
END_TEST

static const char *const origins[] = {"https://dash.example.gov.uk", "*"};

static void setup_cors(void)
{
    th_options o = {.cors_origins = origins, .cors_count = 2};
    th_start(&o);
}

static void setup_cors_strict(void)
{
    th_options o = {.cors_origins = origins, .cors_count = 1};
    th_start(&o);
}

static th_resp preflight(const char *path, const char *origin, const char *method)
{
    char hdr[256];
    snprintf(hdr, sizeof hdr, "Origin: %s", origin);
    char acrm[128];
    snprintf(acrm, sizeof acrm, "Access-Control-Request-Method: %s", method);
    return th_request_headers("OPTIONS", path, NULL, NULL, NULL, hdr, acrm);
}

START_TEST(cors_preflight_allowed_and_refused)
{
    th_resp r =
        preflight("/api/v1/quarters/2020-21-Q1/return", "https://dash.example.gov.uk", "PUT");
    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(r.acao, "https://dash.example.gov.uk");
    ck_assert_str_eq(r.acam, "PUT, OPTIONS");
    ck_assert_ptr_nonnull(strstr(r.acah, "Authorization"));
    ck_assert_str_eq(r.vary, "Origin");
    th_free(&r);
    /* "*" opens public reads to any origin, but not writes */
    r = preflight("/api/v1/quarters/2020-21-Q1/summary", "https://elsewhere.example", "GET");
    ck_assert_int_eq(r.status, 204);
    ck_assert_str_eq(r.acao, "*");
    th_free(&r);
    r = preflight("/api/v1/quarters/2020-21-Q1/return", "https://elsewhere.example", "PUT");
    th_assert_problem(&r, 403);
    ck_assert_str_eq(r.acao, "");
    th_free(&r);
    /* a method the path does not answer */
    r = preflight("/api/v1/quarters/2020-21-Q1/summary", "https://dash.example.gov.uk", "DELETE");
    th_assert_problem(&r, 403);
    th_free(&r);
    /* actual requests: the listed origin gets itself back, never credentials */
    r = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL,
                   "Origin: https://dash.example.gov.uk");
    ck_assert_str_eq(r.acao, "https://dash.example.gov.uk");
    th_free(&r);
    r = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL,
                   "Origin: https://elsewhere.example");
    ck_assert_str_eq(r.acao, "*");
    th_free(&r);
    r = th_request("PUT", "/api/v1/service-areas/x", th_admin_key, "{\"name\":\"X\"}", NULL,
                   "Origin: https://elsewhere.example");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.acao, "");
    th_free(&r);
}
END_TEST

START_TEST(cors_strict_origin_only)
{
    th_resp r =
        preflight("/api/v1/quarters/2020-21-Q1/summary", "https://elsewhere.example", "GET");
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_request("GET", "/api/v1/service-areas", NULL, NULL, NULL,
                   "Origin: https://elsewhere.example");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.acao, "");
    ck_assert_str_eq(r.vary, "Origin");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api formats");
    TCase *tc = tcase_create("csv");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, csv_quoting);
    tcase_add_test(tc, openapi_and_docs);
    suite_add_tcase(s, tc);
    TCase *demo = tcase_create("csv of every list");
    tcase_add_checked_fixture(demo, setup_demo, teardown);
    tcase_set_timeout(demo, 60);
    tcase_add_test(demo, csv_every_list);
    suite_add_tcase(s, demo);
    TCase *cors = tcase_create("cors");
    tcase_add_checked_fixture(cors, setup_cors, teardown);
    tcase_add_test(cors, cors_preflight_allowed_and_refused);
    suite_add_tcase(s, cors);
    TCase *strict = tcase_create("cors, one origin");
    tcase_add_checked_fixture(strict, setup_cors_strict, teardown);
    tcase_add_test(strict, cors_strict_origin_only);
    suite_add_tcase(s, strict);
    return s;
}

TH_MAIN(suite)
