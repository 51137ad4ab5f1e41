/* test_webhooks.c - API: webhook subscriptions (docs/API.md §19c, issue
 * 18 item 2): validation with every problem, the secret never shown,
 * admin only; deliveries to a receiver on loopback, signed with
 * HMAC-SHA256 over "<timestamp>.<body>" (checked here with libsodium),
 * logged with the receiver's answer; a failing receiver retried with
 * backoff under the same delivery id; the events return_received,
 * status_outside_target, figure_restated and question_answered. */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../stress/receiver.h"
#include "harness.h"
#include "test_main.h"

#define SECRET "0123456789abcdef-test-secret"

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static th_resp call(const char *method, const char *path, const char *key, const char *body)
{
    return th_request(method, path, key, body, NULL, NULL);
}

/* Subscribes the receiver to events (a JSON array text); the id. */
static long subscribe(const rc_receiver *rc, const char *events)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"url\": \"http://127.0.0.1:%d/hooks/scrutiny\", \"secret\": \"" SECRET
             "\", \"events\": %s}",
             rc_port(rc), events);
    th_resp r = call("POST", "/api/v1/webhooks", th_admin_key, body);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_ptr_null(json_object_get(r.json, "secret"));
    long id = (long)json_integer_value(json_object_get(r.json, "id"));
    th_free(&r);
    return id;
}

static bool signature_ok(const rc_post *p)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)SECRET, strlen(SECRET));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)p->timestamp, strlen(p->timestamp));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)p->body, strlen(p->body));
    crypto_auth_hmacsha256_final(&st, mac);
    char want[96] = "sha256=";
    sodium_bin2hex(want + 7, sizeof want - 7, mac, sizeof mac);
    return strcmp(want, p->signature) == 0;
}

static json_t *deliveries(long id)
{
    char path[80];
    snprintf(path, sizeof path, "/api/v1/webhooks/%ld/deliveries", id);
    th_resp r = call("GET", path, th_admin_key, NULL);
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_incref(json_object_get(r.json, "items"));
    th_free(&r);
    return items;
}

START_TEST(subscriptions)
{
    th_resp r = call("POST", "/api/v1/webhooks", th_admin_key,
                     "{\"url\": \"https://example.org/h\", \"secret\": \"short\","
                     " \"events\": [\"return_received\", \"lunch\", \"return_received\"],"
                     " \"extra\": 1}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 5);
    ck_assert(th_has_error_pointer(&r, "/url"));
    ck_assert(th_has_error_pointer(&r, "/secret"));
    ck_assert(th_has_error_pointer(&r, "/events/1"));
    ck_assert(th_has_error_pointer(&r, "/events/2"));
    ck_assert(th_has_error_pointer(&r, "/extra"));
    th_free(&r);
    static const char *const bad_urls[] = {"http://",       "http://host:0/",  "http://host:65536/",
                                           "http://ho st/", "http://host/a b", "ftp://host/",
                                           "http://.host/", "http://host:80x/"};
    for (size_t i = 0; i < sizeof bad_urls / sizeof *bad_urls; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"url\": \"%s\", \"secret\": \"" SECRET "\", \"events\": [\"figure_restated\"]}",
                 bad_urls[i]);
        r = call("POST", "/api/v1/webhooks", th_admin_key, body);
        ck_assert_msg(r.status == 422, "%s: %ld", bad_urls[i], r.status);
        th_free(&r);
    }
    r = call("POST", "/api/v1/webhooks", th_writer_key,
             "{\"url\": \"http://127.0.0.1:9/\", \"secret\": \"" SECRET
             "\", \"events\": [\"figure_restated\"]}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = call("GET", "/api/v1/webhooks", th_reader_key, NULL);
    ck_assert_int_eq(r.status, 403);
    th_free(&r);

    rc_receiver *rc = rc_start(204, 0);
    long id = subscribe(rc, "[\"figure_restated\", \"return_received\"]");
    r = call("GET", "/api/v1/webhooks", th_admin_key, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 1);
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_ptr_null(json_object_get(it, "secret"));
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(it, "events"), 0)),
                     "return_received");
    ck_assert_str_eq(json_string_value(json_object_get(it, "created_by")), "test-admin");
    th_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/webhooks/%ld", id);
    r = call("DELETE", path, th_admin_key, NULL);
    ck_assert_int_eq(r.status, 204);
    th_free(&r);
    r = call("DELETE", path, th_admin_key, NULL);
    th_assert_problem(&r, 404);
    th_free(&r);
    r = call("GET", "/api/v1/webhooks/x/deliveries", th_admin_key, NULL);
    th_assert_problem(&r, 404);
    th_free(&r);
    rc_stop(rc);
}
END_TEST

START_TEST(delivered_and_signed)
{
    rc_receiver *rc = rc_start(204, 0);
    long id = subscribe(rc, "[\"status_outside_target\", \"figure_restated\","
                            " \"return_received\"]");
    /* CP-SEEN at 50% is outside its target range in 2020-21-Q1 */
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
                       "{\"availability\": \"reported\", \"value\": 50}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    ck_assert(rc_wait(rc, 1, 5000));
    rc_post p;
    ck_assert(rc_get(rc, 0, &p));
    ck_assert_str_eq(p.event, "status_outside_target");
    ck_assert(signature_ok(&p));
    json_t *body = json_loads(p.body, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(body, "quarter")), "2020-21-Q1");
    ck_assert_str_eq(json_string_value(json_object_get(body, "code")), "CP-SEEN");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(body, "data"), "value")),
                     50);
    json_decref(body);

    /* a restatement after sign-off */
    r = call("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key, "{\"reason\": \"OSMC\"}");
    th_free(&r);
    r = call("POST", "/api/v1/quarters/2020-21-Q1/unlock", th_admin_key,
             "{\"reason\": \"restating CP-SEEN\"}");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 40}");
    th_free(&r);
    ck_assert(rc_wait(rc, 3, 5000));
    ck_assert(rc_get(rc, 2, &p));
    ck_assert_str_eq(p.event, "figure_restated");
    ck_assert(signature_ok(&p));

    /* a return: received, whatever it changed */
    json_t *ret = th_load_source_json("data/demo/return-2020-21-Q1.json");
    r = th_put_json("/api/v1/quarters/2020-21-Q1/return", th_writer_key, ret);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    json_decref(ret);
    ck_assert(rc_wait(rc, 4, 5000));
    bool seen = false;
    for (int i = 3; i < rc_count(rc); i++)
        if (rc_get(rc, i, &p) && strcmp(p.event, "return_received") == 0)
            seen = true;
    ck_assert(seen);

    json_t *log = deliveries(id);
    json_t *first = json_array_get(log, json_array_size(log) - 1);
    ck_assert_str_eq(json_string_value(json_object_get(first, "state")), "delivered");
    ck_assert_int_eq(json_integer_value(json_object_get(first, "status_code")), 204);
    ck_assert_int_eq(json_integer_value(json_object_get(first, "attempts")), 1);
    ck_assert(strncmp(json_string_value(json_object_get(first, "response")), "HTTP/1.1 204", 12) ==
              0);
    json_decref(log);
    rc_stop(rc);
}
END_TEST

START_TEST(failing_receiver_retried)
{
    rc_receiver *rc = rc_start(500, 0);
    long id = subscribe(rc, "[\"question_answered\"]");
    th_resp r =
        call("POST", "/api/v1/quarters/2020-21-Q1/questions", th_admin_key,
             "{\"text\": \"Why?\", \"asked_by\": \"Cllr Smith\", \"due_by\": \"2020-11-05\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = call("PUT", "/api/v1/quarters/2020-21-Q1/questions/1/answer", th_writer_key,
             "{\"text\": \"Because.\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    /* the first attempt at once, the second about a second later */
    ck_assert(rc_wait(rc, 2, 6000));
    rc_post a, b;
    ck_assert(rc_get(rc, 0, &a) && rc_get(rc, 1, &b));
    ck_assert_str_eq(a.event, "question_answered");
    ck_assert_str_eq(a.delivery, b.delivery);
    ck_assert_str_eq(a.body, b.body);
    /* the second attempt is recorded just after the receiver answered it */
    json_t *log = NULL, *d = NULL;
    for (int waited = 0; waited < 3000; waited += 50) {
        json_decref(log);
        log = deliveries(id);
        d = json_array_get(log, 0);
        if (json_integer_value(json_object_get(d, "attempts")) >= 2)
            break;
        usleep(50 * 1000);
    }
    ck_assert_uint_eq(json_array_size(log), 1);
    ck_assert_str_eq(json_string_value(json_object_get(d, "state")), "pending");
    ck_assert_int_ge(json_integer_value(json_object_get(d, "attempts")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "status_code")), 500);
    ck_assert(json_is_string(json_object_get(d, "next_attempt_at")));
    json_decref(log);
    rc_stop(rc);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("webhooks");
    TCase *tc = tcase_create("webhooks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, subscriptions);
    tcase_add_test(tc, delivered_and_signed);
    tcase_add_test(tc, failing_receiver_retried);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
