/* test_webhook.c - lib/model webhook: the strict http:// URL rule (host,
 * port, path), the subscription body with every problem at its pointer,
 * the events as a bit set and back, and the retry backoff (doubling from
 * the base, capped). */
#include <check.h>
#include <string.h>

#include "unit.h"
#include "webhook.h"

START_TEST(urls)
{
    sc_webhook_url u;
    ck_assert(sc_webhook_url_parse("http://127.0.0.1:9000/hooks/scrutiny?x=1", &u));
    ck_assert_str_eq(u.host, "127.0.0.1");
    ck_assert_int_eq(u.port, 9000);
    ck_assert_str_eq(u.path, "/hooks/scrutiny?x=1");
    ck_assert(sc_webhook_url_parse("http://council.example.gov.uk", &u));
    ck_assert_int_eq(u.port, 80);
    ck_assert_str_eq(u.path, "/");
    ck_assert(sc_webhook_url_parse("http://h:65535/", NULL));
    static const char *const bad[] = {
        "https://h/", "http://",       "http://h:0/",    "http://h:65536/",
        "http://h:/", "http://h x/",   "http://h/a b",   "http://.h/",
        "http://h./", "http://-h/",    "http://h:80x",   "ftp://h/",
        "HTTP://h/",  "http://[::1]/", "http://user@h/", NULL};
    for (int i = 0; bad[i]; i++)
        ck_assert_msg(!sc_webhook_url_parse(bad[i], NULL), "%s accepted", bad[i]);
    char longurl[SC_WEBHOOK_URL_MAX + 16] = "http://h/";
    memset(longurl + 9, 'a', SC_WEBHOOK_URL_MAX);
    longurl[SC_WEBHOOK_URL_MAX + 9] = '\0';
    ck_assert(!sc_webhook_url_parse(longurl, NULL));
}
END_TEST

START_TEST(subscription_body)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_webhook_input in;
    json_t *doc = unit_json("{'url': 'http://127.0.0.1:9/h', 'secret': '0123456789abcdef',"
                            " 'events': ['question_answered', 'return_received']}");
    ck_assert_int_eq(sc_webhook_from_json(doc, &in, &errs), SC_OK);
    ck_assert_uint_eq(in.events,
                      (1u << SC_EVENT_QUESTION_ANSWERED) | (1u << SC_EVENT_RETURN_RECEIVED));
    json_t *keys = sc_webhook_events_json(in.events);
    ck_assert_str_eq(json_string_value(json_array_get(keys, 0)), "return_received");
    ck_assert_str_eq(json_string_value(json_array_get(keys, 1)), "question_answered");
    json_decref(keys);
    json_decref(doc);

    doc = unit_json("{'url': 'http://h/', 'secret': '0123456789abcde', 'events': [], 'x': 1}");
    ck_assert_int_eq(sc_webhook_from_json(doc, &in, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/secret");
    UNIT_ASSERT_ONE_AT(&errs, "/events");
    UNIT_ASSERT_ONE_AT(&errs, "/x");
    ck_assert_uint_eq(errs.count, 3);
    sc_errors_clear(&errs);
    json_decref(doc);
}
END_TEST

START_TEST(backoff)
{
    ck_assert_int_eq(sc_webhook_backoff_ms(1, 1000, 3600000), 1000);
    ck_assert_int_eq(sc_webhook_backoff_ms(2, 1000, 3600000), 2000);
    ck_assert_int_eq(sc_webhook_backoff_ms(4, 1000, 3600000), 8000);
    ck_assert_int_eq(sc_webhook_backoff_ms(13, 1000, 3600000), 3600000);
    ck_assert_int_eq(sc_webhook_backoff_ms(60, 1000, 3600000), 3600000);
}
END_TEST

static Suite *webhook_suite(void)
{
    Suite *s = suite_create("webhook");
    TCase *tc = tcase_create("webhook");
    tcase_add_test(tc, urls);
    tcase_add_test(tc, subscription_body);
    tcase_add_test(tc, backoff);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(webhook_suite());
}
