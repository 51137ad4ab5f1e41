/* test_packs.c - API: signed-off packs (docs/API.md §19, "Signed-off
 * packs"): the digests a lock records, the report reproduced byte for
 * byte as of the lock, citations, and verify's answers. */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pack.h"
#include "signoff.h"
#include "test_main.h"

static const char *const formats[] = {"text", "markdown", "csv", "xlsx", "json"};

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static th_resp post(const char *path, const char *body)
{
    return th_request("POST", path, th_admin_key, body, NULL, NULL);
}

static const char *field(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

static void sha256_hex(const char *bytes, size_t len, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)bytes, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* The SHA-256 of the report in format f (as_of NULL: now), fetched with
 * the reader key. */
static void report_sha(const char *f, const char *as_of, char out[65])
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/report?format=%s%s%s", f,
             as_of ? "&as_of=" : "", as_of ? as_of : "");
    th_resp r = th_request("GET", path, th_reader_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    sha256_hex(r.body, r.len, out);
    th_free(&r);
}

/* Locks 2020-21-Q1 and returns its pack (a new reference). */
static json_t *lock_q1(void)
{
    th_resp r = post("/api/v1/quarters/2020-21-Q1/lock", "{\"reason\": \"Signed off by OSMC\"}");
    ck_assert_int_eq(r.status, 200);
    json_t *pack = json_incref(json_object_get(r.json, "pack"));
    ck_assert_ptr_nonnull(pack);
    ck_assert_str_eq(field(pack, "as_of"), field(r.json, "locked_at"));
    th_free(&r);
    return pack;
}

START_TEST(lock_records_the_pack)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1");
    ck_assert(json_is_null(json_object_get(r.json, "pack")));
    th_free(&r);
    json_t *pack = lock_q1();
    r = th_get("/api/v1/quarters/2020-21-Q1");
    ck_assert(json_equal(json_object_get(r.json, "pack"), pack));
    th_free(&r);
    ck_assert(json_integer_value(json_object_get(pack, "data_version")) > 0);
    json_t *sha = json_object_get(pack, "sha256");
    ck_assert_int_eq(json_object_size(sha), 6);
    for (size_t i = 0; i < 5; i++) {
        char now[65], then[65];
        report_sha(formats[i], NULL, now);
        report_sha(formats[i], field(pack, "as_of"), then);
        ck_assert_str_eq(now, field(sha, formats[i]));
        ck_assert_str_eq(then, field(sha, formats[i]));
    }
    /* the figures' digest is over their canonical text (pack.h) */
    sc_db *db = sc_store_acquire(th_store());
    char *figures = NULL, hex[65];
    ck_assert_int_eq(sc_pack_figures(db, sc_period_make(2020, 1), field(pack, "as_of"), &figures),
                     SC_OK);
    sc_store_release(th_store(), db);
    ck_assert_ptr_nonnull(strstr(figures, "demand\tcontacts\t{\"value\":5349,"));
    ck_assert_ptr_nonnull(strstr(figures, "result\tCP-SEEN\t{\"availability\":\"reported\""));
    sha256_hex(figures, strlen(figures), hex);
    ck_assert_str_eq(hex, field(sha, "figures"));
    free(figures);
    /* unlocked, the quarter shows no pack; the revisions keep the lock */
    th_resp u = post("/api/v1/quarters/2020-21-Q1/unlock", "{\"reason\": \"restated\"}");
    ck_assert_int_eq(u.status, 200);
    ck_assert(json_is_null(json_object_get(u.json, "pack")));
    th_free(&u);
    json_decref(pack);
}
END_TEST

START_TEST(citations_resolve_to_the_locked_state)
{
    json_t *pack = lock_q1();
    const char *at = field(pack, "as_of");
    th_resp r = post("/api/v1/quarters/2020-21-Q1/unlock", "{\"reason\": \"late correction\"}");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, "{\"value\": 5400}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    char path[200], now[65], then[65];
    report_sha("csv", NULL, now);
    report_sha("csv", at, then);
    ck_assert_str_ne(now, field(json_object_get(pack, "sha256"), "csv"));
    ck_assert_str_eq(then, field(json_object_get(pack, "sha256"), "csv"));
    /* the paper's figures, as cited */
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/demand/contacts?as_of=%s", at);
    r = th_get(path);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 5349);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN?as_of=%s", at);
    r = th_get(path);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 95);
    th_free(&r);
    json_decref(pack);
}
END_TEST

/* What verify says of bytes, into out (caller frees); returns its status. */
static int verify(const char *bytes, size_t len, char **out)
{
    size_t n;
    FILE *f = open_memstream(out, &n);
    FILE *err = fopen("/dev/null", "w");
    sc_db *db = sc_store_acquire(th_store());
    int rc = sc_signoff_verify(db, sc_period_make(2020, 1), "pack", bytes, len, f, err);
    sc_store_release(th_store(), db);
    fclose(f);
    fclose(err);
    return rc;
}

START_TEST(verify_says_what_differs)
{
    char *out = NULL;
    ck_assert_int_eq(verify("x", 1, &out), SC_VERIFY_ERROR); /* never signed off */
    free(out);
    json_t *pack = lock_q1();
    for (size_t i = 0; i < 5; i++) {
        char path[120];
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/report?format=%s", formats[i]);
        th_resp r = th_request("GET", path, th_reader_key, NULL, NULL, NULL);
        ck_assert_int_eq(verify(r.body, r.len, &out), SC_VERIFY_SAME);
        char want[64];
        snprintf(want, sizeof want, "is the signed-off %s of 2020-21-Q1", formats[i]);
        ck_assert_msg(strstr(out, want), "%s", out);
        free(out);
        th_free(&r);
    }
    th_resp r = th_request("GET", "/api/v1/quarters/2020-21-Q1/report?format=csv", th_reader_key,
                           NULL, NULL, NULL);
    char *bad = strdup(r.body);
    char *cell = strstr(bad, "demand,Contacts to CSC,2020/21 Q1,5349");
    ck_assert_ptr_nonnull(cell);
    memcpy(cell + strlen("demand,Contacts to CSC,2020/21 Q1,"), "5400", 4);
    ck_assert_int_eq(verify(bad, strlen(bad), &out), SC_VERIFY_DIFFERS);
    ck_assert_msg(strstr(out, "nearest signed-off file: the report as csv; 1 line(s) differ"), "%s",
                  out);
    ck_assert_msg(strstr(out, "saved \"demand,Contacts to CSC,2020/21 Q1,5400\", signed off "
                              "\"demand,Contacts to CSC,2020/21 Q1,5349\""),
                  "%s", out);
    free(out);
    free(bad);
    th_free(&r);
    ck_assert_int_eq(verify("PK\003\004", 4, &out), SC_VERIFY_DIFFERS);
    ck_assert_ptr_nonnull(strstr(out, "XLSX"));
    free(out);
    json_decref(pack);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("api packs");
    TCase *tc = tcase_create("signed-off packs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, lock_records_the_pack);
    tcase_add_test(tc, citations_resolve_to_the_locked_state);
    tcase_add_test(tc, verify_says_what_differs);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(make_suite)
