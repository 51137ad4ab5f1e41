/* test_cache.c - API: the render cache never serves a stale answer. Reads
 * are kept per data version; every write (through the API, or by another
 * writer on the same database, as `scrutiny import` would be) moves the
 * version on, so the next read is fresh. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "store_demand.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
}

static void teardown(void)
{
    th_stop();
}

static unsigned long long metric(const char *name)
{
    th_resp r = th_get("/metrics");
    char line[128];
    snprintf(line, sizeof line, "\n%s ", name);
    const char *p = strstr(r.body, line);
    ck_assert_ptr_nonnull(p);
    unsigned long long v = strtoull(p + strlen(line), NULL, 10);
    th_free(&r);
    return v;
}

static long long contacts(void)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/demand");
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    long long v = json_integer_value(json_object_get(first, "value"));
    th_free(&r);
    return v;
}

START_TEST(hits_and_fresh_after_api_write)
{
    th_resp a = th_get("/api/v1/quarters/2020-21-Q1/summary");
    unsigned long long hits = metric("scrutiny_cache_hits_total");
    th_resp b = th_get("/api/v1/quarters/2020-21-Q1/summary");
    ck_assert_uint_eq(metric("scrutiny_cache_hits_total"), hits + 1);
    ck_assert_str_eq(a.etag, b.etag);
    ck_assert_str_eq(a.body, b.body);
    th_free(&b);
    th_resp w =
        th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, "{\"value\": 10}");
    ck_assert_int_eq(w.status, 201);
    th_free(&w);
    ck_assert_int_eq(contacts(), 10);
    for (int v = 11; v < 40; v++) {
        char body[64];
        snprintf(body, sizeof body, "{\"value\": %d}", v);
        w = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, body);
        th_free(&w);
        /* read straight after every write: never the previous value */
        ck_assert_int_eq(contacts(), v);
    }
    /* the old tag no longer matches */
    char inm[128];
    snprintf(inm, sizeof inm, "If-None-Match: %s", a.etag);
    th_resp c = th_request("GET", "/api/v1/quarters/2020-21-Q1/summary", NULL, NULL, NULL, inm);
    ck_assert_int_eq(c.status, 304); /* demand does not change the summary's bytes */
    th_free(&c);
    w = th_put("/api/v1/service-areas/early-help", th_admin_key, "{\"name\": \"Early Help\"}");
    th_free(&w);
    th_resp areas = th_get("/api/v1/service-areas");
    ck_assert_int_eq(json_array_size(json_object_get(areas.json, "items")), 10);
    th_free(&areas);
    th_free(&a);
}
END_TEST

/* Another writer on the same file: a second store, as a CLI import would. */
START_TEST(fresh_after_another_writer)
{
    ck_assert_int_eq(contacts(), 0);
    ck_assert_int_eq(contacts(), 0); /* now cached */
    sc_db *db = sc_store_acquire(th_store());
    sc_write w;
    ck_assert_int_eq(sc_db_begin_write(db), SC_OK);
    ck_assert_int_eq(
        sc_store_demand_put(db, sc_period_make(2020, 1), "contacts", 5349, "import", &w), SC_OK);
    ck_assert_int_eq(sc_db_commit(db), SC_OK);
    sc_store_release(th_store(), db);
    ck_assert_int_eq(contacts(), 5349);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api cache");
    TCase *tc = tcase_create("no stale reads");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hits_and_fresh_after_api_write);
    tcase_add_test(tc, fresh_after_another_writer);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
