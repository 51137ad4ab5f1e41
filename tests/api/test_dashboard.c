/* test_dashboard.c - API: the committee dashboard page (GET /dashboard) and
 * its script and style sheet: built in, served with a strict Content-
 * Security-Policy and ETags, public even with --private-read (while the
 * figures it reads still need a key). The page itself is tested in a real
 * browser by tests/browser. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "test_main.h"

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void setup(void)
{
    th_start(NULL);
}

static void setup_private(void)
{
    th_options o = {.private_read = true};
    th_start(&o);
}

static void teardown(void)
{
    th_stop();
}

struct headers {
    char csp[400];
    char nosniff[64];
};

static size_t on_header(char *buf, size_t size, size_t n, void *cls)
{
    struct headers *h = cls;
    size_t len = size * n;
    const char *names[] = {"Content-Security-Policy:", "X-Content-Type-Options:"};
    char *dest[] = {h->csp, h->nosniff};
    size_t cap[] = {sizeof h->csp, sizeof h->nosniff};
    for (int i = 0; i < 2; i++) {
        size_t nl = strlen(names[i]);
        if (len > nl && strncasecmp(buf, names[i], nl) == 0) {
            const char *v = buf + nl;
            size_t vl = len - nl;
            while (vl && (*v == ' ')) {
                v++;
                vl--;
            }
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
                vl--;
            snprintf(dest[i], cap[i], "%.*s", (int)vl, v);
        }
    }
    return len;
}

static size_t discard(char *buf, size_t size, size_t n, void *cls)
{
    (void)buf;
    (void)cls;
    return size * n;
}

/* The security headers of GET path (the harness's client does not keep them). */
static struct headers security_headers(const char *path)
{
    struct headers h = {{0}, {0}};
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", th_port(), path);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_cleanup(c);
    return h;
}

START_TEST(page_with_csp)
{
    th_resp r = th_get("/dashboard");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/html; charset=utf-8");
    ck_assert_int_eq(strlen(r.etag), 34);
    ck_assert_ptr_nonnull(
        strstr(r.body, "<script type=\"module\" src=\"/dashboard/dashboard.js\">"));
    ck_assert_ptr_nonnull(strstr(r.body, "href=\"/dashboard/dashboard.css\""));
    /* nothing from elsewhere, nothing inline */
    ck_assert_ptr_null(strstr(r.body, "https://"));
    ck_assert_ptr_null(strstr(r.body, "http://"));
    ck_assert_ptr_null(strstr(r.body, "<style"));
    ck_assert_ptr_null(strstr(r.body, "style=\""));
    th_free(&r);
    struct headers h = security_headers("/dashboard");
    ck_assert_str_eq(h.csp, csp);
    ck_assert_str_eq(h.nosniff, "nosniff");
}
END_TEST

START_TEST(assets)
{
    th_resp r = th_get("/dashboard/dashboard.js");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/javascript; charset=utf-8");
    ck_assert_int_gt(r.len, 10000);
    char etag[80];
    snprintf(etag, sizeof etag, "%s", r.etag);
    th_free(&r);
    char inm[120];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    r = th_request("GET", "/dashboard/dashboard.js", NULL, NULL, NULL, inm);
    ck_assert_int_eq(r.status, 304);
    th_free(&r);
    r = th_get("/dashboard/dashboard.css");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/css; charset=utf-8");
    ck_assert_ptr_nonnull(strstr(r.body, "@media print"));
    th_free(&r);
    ck_assert_str_eq(security_headers("/dashboard/dashboard.js").csp, csp);
    ck_assert_str_eq(security_headers("/dashboard/dashboard.css").csp, csp);
}
END_TEST

START_TEST(bookmarkable_queries)
{
    static const char *const ok[] = {
        "/dashboard?quarter=2020-21-Q1",
        "/dashboard?indicator=CP-SEEN&quarter=2019-20-Q3",
        "/dashboard?view=indicators&quarter=2020-21-Q1&category=strategic_partnership"
        "&service_area=child-protection&status=better_than_target",
        "/dashboard?view=revisions&quarter=2019-20-Q3&as_of=2026-11-25T09%3A00%3A00Z",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        th_resp r = th_get(ok[i]);
        ck_assert_msg(r.status == 200, "%s: %ld", ok[i], r.status);
        th_free(&r);
    }
    th_resp r = th_get("/dashboard?page=1");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

START_TEST(public_under_private_read)
{
    static const char *const pub[] = {"/dashboard", "/dashboard/dashboard.js",
                                      "/dashboard/dashboard.css"};
    for (size_t i = 0; i < 3; i++) {
        th_resp r = th_get(pub[i]);
        ck_assert_msg(r.status == 200, "%s: %ld", pub[i], r.status);
        th_free(&r);
    }
    /* its figures are not */
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary");
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_request("GET", "/api/v1/quarters/2020-21-Q1/summary", th_reader_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
}
END_TEST

static Suite *dashboard_suite(void)
{
    Suite *s = suite_create("api dashboard");
    TCase *tc = tcase_create("page");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, page_with_csp);
    tcase_add_test(tc, assets);
    tcase_add_test(tc, bookmarkable_queries);
    suite_add_tcase(s, tc);
    TCase *priv = tcase_create("private read");
    tcase_add_checked_fixture(priv, setup_private, teardown);
    tcase_add_test(priv, public_under_private_read);
    suite_add_tcase(s, priv);
    return s;
}

TH_MAIN(dashboard_suite)
