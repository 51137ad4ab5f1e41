/* test_encoding.c - API: gzip content-coding of the data reads. A client
 * that offers gzip gets the same answer compressed (the harness decodes it,
 * as an HTTP client does), with its own strong ETag and Vary:
 * Accept-Encoding; a client that does not, or refuses it, gets identity;
 * small answers are never compressed; a write is never followed by a stale
 * compressed answer. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

#define INDICATORS "/api/v1/quarters/2020-21-Q1/indicators"

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static th_resp get_with(const char *path, const char *accept_encoding)
{
    char h[128];
    snprintf(h, sizeof h, "Accept-Encoding: %s", accept_encoding);
    return th_request("GET", path, NULL, NULL, NULL, accept_encoding ? h : NULL);
}

START_TEST(gzip_is_the_same_answer)
{
    th_resp plain = th_get(INDICATORS);
    ck_assert_int_eq(plain.status, 200);
    ck_assert_str_eq(plain.content_encoding, "");
    ck_assert_str_eq(plain.vary, "Accept-Encoding");
    th_resp gz = get_with(INDICATORS, "gzip, deflate, br");
    ck_assert_int_eq(gz.status, 200);
    ck_assert_str_eq(gz.content_encoding, "gzip");
    ck_assert_str_eq(gz.vary, "Accept-Encoding");
    ck_assert_str_eq(gz.content_type, "application/json");
    ck_assert_str_eq(gz.cache_control, "no-cache");
    /* decoded, byte for byte the identity answer; sent in far fewer bytes */
    ck_assert_uint_eq(gz.len, plain.len);
    ck_assert_mem_eq(gz.body, plain.body, plain.len);
    ck_assert_uint_lt(gz.wire_len * 4, plain.wire_len);
    /* a representation of its own: its own strong ETag */
    ck_assert_str_ne(gz.etag, plain.etag);
    ck_assert_int_eq(gz.etag[0], '"');
    /* and the same compressed bytes on the next request (kept, not remade) */
    th_resp again = get_with(INDICATORS, "gzip");
    ck_assert_str_eq(again.etag, gz.etag);
    ck_assert_uint_eq(again.wire_len, gz.wire_len);
    th_free(&again);
    th_free(&gz);
    th_free(&plain);
}
END_TEST

START_TEST(revalidation_per_representation)
{
    th_resp gz = get_with(INDICATORS, "gzip");
    th_resp plain = th_get(INDICATORS);
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", gz.etag);
    th_resp r =
        th_request_headers("GET", INDICATORS, NULL, NULL, NULL, "Accept-Encoding: gzip", inm);
    ck_assert_int_eq(r.status, 304);
    ck_assert_uint_eq(r.wire_len, 0);
    ck_assert_str_eq(r.etag, gz.etag);
    ck_assert_str_eq(r.vary, "Accept-Encoding");
    th_free(&r);
    /* the gzip tag does not validate the identity answer, nor the reverse */
    r = th_request("GET", INDICATORS, NULL, NULL, NULL, inm);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.etag, plain.etag);
    th_free(&r);
    snprintf(inm, sizeof inm, "If-None-Match: %s", plain.etag);
    r = th_request_headers("GET", INDICATORS, NULL, NULL, NULL, "Accept-Encoding: gzip", inm);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_encoding, "gzip");
    th_free(&r);
    th_free(&plain);
    th_free(&gz);
}
END_TEST

START_TEST(accept_encoding_negotiation)
{
    static const struct {
        const char *header;
        bool gzip;
    } cases[] = {
        {"gzip", true},
        {"GZIP", true},
        {"x-gzip", true},
        {"deflate, gzip;q=0.5", true},
        {"gzip; q=1.0", true},
        {"gzip;q=0.001", true},
        {"*", true},
        {"br, *;q=0.1", true},
        {"gzip;q=0", false},
        {"gzip;q=0.000, *", false},
        {"*;q=0", false},
        {"identity", false},
        {"deflate, br", false},
        {"gzipx", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        th_resp r = get_with(INDICATORS, cases[i].header);
        ck_assert_msg(r.status == 200, "Accept-Encoding: %s -> %ld", cases[i].header, r.status);
        ck_assert_msg(strcmp(r.content_encoding, cases[i].gzip ? "gzip" : "") == 0,
                      "Accept-Encoding: %s -> Content-Encoding \"%s\"", cases[i].header,
                      r.content_encoding);
        ck_assert_str_eq(r.vary, "Accept-Encoding");
        ck_assert_ptr_nonnull(r.json);
        th_free(&r);
    }
}
END_TEST

START_TEST(small_answers_and_other_routes_stay_identity)
{
    /* one demand figure: far below a kilobyte */
    th_resp r = get_with("/api/v1/quarters/2020-21-Q1/demand/contacts", "gzip");
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_lt(r.len, 1024);
    ck_assert_str_eq(r.content_encoding, "");
    ck_assert_str_eq(r.vary, "");
    th_free(&r);
    /* problems, health and writes are never compressed */
    r = get_with("/api/v1/quarters/2020-21-Q9/indicators", "gzip");
    th_assert_problem(&r, 400);
    ck_assert_str_eq(r.content_encoding, "");
    th_free(&r);
    r = get_with("/healthz", "gzip");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_encoding, "");
    th_free(&r);
    r = th_request("PUT", "/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key,
                   "{\"value\": 5}", NULL, "Accept-Encoding: gzip");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_encoding, "");
    th_free(&r);
}
END_TEST

START_TEST(csv_report_and_head)
{
    th_resp plain = th_get(INDICATORS "?format=csv");
    th_resp gz = get_with(INDICATORS "?format=csv", "gzip");
    ck_assert_int_eq(gz.status, 200);
    ck_assert_str_eq(gz.content_encoding, "gzip");
    ck_assert_str_eq(gz.content_type, plain.content_type);
    ck_assert_str_eq(gz.content_disposition, plain.content_disposition);
    ck_assert_uint_eq(gz.len, plain.len);
    ck_assert_mem_eq(gz.body, plain.body, plain.len);
    th_free(&plain);
    th_free(&gz);
    plain = th_get("/api/v1/quarters/2020-21-Q1/report");
    gz = get_with("/api/v1/quarters/2020-21-Q1/report", "gzip");
    ck_assert_str_eq(gz.content_encoding, "gzip");
    ck_assert_str_eq(gz.body, plain.body);
    th_free(&plain);
    /* HEAD: the headers of the gzip GET, no body */
    th_resp head = th_request("HEAD", "/api/v1/quarters/2020-21-Q1/report", NULL, NULL, NULL,
                              "Accept-Encoding: gzip");
    ck_assert_int_eq(head.status, 200);
    ck_assert_str_eq(head.content_encoding, "gzip");
    ck_assert_str_eq(head.etag, gz.etag);
    ck_assert_uint_eq(head.wire_len, 0);
    th_free(&head);
    th_free(&gz);
}
END_TEST

/* contacts in 2020/21 Q1 from the demand table (the last quarter of the
 * span), read gzip-compressed */
static long long contacts_gzip(void)
{
    th_resp r = get_with("/api/v1/demand?from=2019-20-Q1&to=2020-21-Q1", "gzip");
    ck_assert_str_eq(r.content_encoding, "gzip");
    long long v = -1;
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        json_t *values = json_object_get(it, "values");
        json_t *last = json_array_get(values, json_array_size(values) - 1);
        if (code && strcmp(code, "contacts") == 0)
            v = json_integer_value(json_object_get(last, "value"));
    }
    th_free(&r);
    return v;
}

START_TEST(no_stale_gzip_after_a_write)
{
    long long before = contacts_gzip();
    ck_assert_int_gt(before, 0);
    for (int v = 1; v <= 20; v++) {
        char body[64];
        snprintf(body, sizeof body, "{\"value\": %d}", v);
        th_resp w = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, body);
        ck_assert_int_eq(w.status, 200);
        th_free(&w);
        ck_assert_int_eq(contacts_gzip(), v);
    }
}
END_TEST

START_TEST(built_in_documents)
{
    static const char *const paths[] = {"/api/v1/openapi.json", "/docs/swagger-ui-bundle.js",
                                        "/docs/swagger-ui.css"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        th_resp plain = th_get(paths[i]);
        th_resp gz = get_with(paths[i], "gzip");
        th_resp again = get_with(paths[i], "gzip");
        ck_assert_int_eq(plain.status, 200);
        ck_assert_str_eq(gz.content_encoding, "gzip");
        ck_assert_str_eq(gz.content_type, plain.content_type);
        ck_assert_str_eq(gz.vary, "Accept-Encoding");
        ck_assert_uint_eq(gz.len, plain.len);
        ck_assert_mem_eq(gz.body, plain.body, plain.len);
        ck_assert_uint_lt(gz.wire_len, plain.wire_len);
        ck_assert_str_ne(gz.etag, plain.etag);
        ck_assert_str_eq(again.etag, gz.etag);
        th_resp plain2 = th_get(paths[i]);
        ck_assert_str_eq(plain2.etag, plain.etag);
        th_free(&plain2);
        th_free(&again);
        th_free(&gz);
        th_free(&plain);
    }
    /* the docs page itself is under a kilobyte */
    th_resp page = get_with("/docs", "gzip");
    ck_assert_int_eq(page.status, 200);
    ck_assert_str_eq(page.content_encoding, "");
    th_free(&page);
}
END_TEST

static const char *const origins[] = {"https://dash.example.gov.uk"};

static void setup_cors(void)
{
    th_options o = {.cors_origins = origins, .cors_count = 1};
    th_start(&o);
    th_load_demo();
}

START_TEST(vary_with_cors)
{
    th_resp r = th_request_headers("GET", INDICATORS, NULL, NULL, NULL, "Accept-Encoding: gzip",
                                   "Origin: https://dash.example.gov.uk");
    ck_assert_str_eq(r.content_encoding, "gzip");
    ck_assert_str_eq(r.vary, "Accept-Encoding, Origin");
    ck_assert_str_eq(r.acao, "https://dash.example.gov.uk");
    th_free(&r);
    r = get_with("/api/v1/quarters/2020-21-Q1/demand/contacts", "gzip");
    ck_assert_str_eq(r.vary, "Origin");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api encoding");
    TCase *tc = tcase_create("gzip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, gzip_is_the_same_answer);
    tcase_add_test(tc, revalidation_per_representation);
    tcase_add_test(tc, accept_encoding_negotiation);
    tcase_add_test(tc, small_answers_and_other_routes_stay_identity);
    tcase_add_test(tc, csv_report_and_head);
    tcase_add_test(tc, no_stale_gzip_after_a_write);
    tcase_add_test(tc, built_in_documents);
    suite_add_tcase(s, tc);
    TCase *cors = tcase_create("gzip with cors");
    tcase_add_checked_fixture(cors, setup_cors, teardown);
    tcase_add_test(cors, vary_with_cors);
    suite_add_tcase(s, cors);
    return s;
}

TH_MAIN(suite)
