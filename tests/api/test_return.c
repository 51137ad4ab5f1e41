/* test_return.c - API: the quarterly return. Validated whole (every
 * problem back, nothing stored), applied atomically, idempotent, with a
 * dry run that answers exactly as a push would, and consistent under
 * concurrent pushes for the same quarter. */
#include <check.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void put_indicator(const char *code, const char *area)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"name\": \"Indicator %s\", \"category\": \"strategic_partnership\", "
             "\"service_area\": \"%s\", \"polarity\": \"higher_is_better\", "
             "\"unit\": \"percent\", \"decimals\": 0}",
             code, area);
    th_resp r = th_put(path, th_admin_key, body);
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/indicators/%s/targets/2020-21-Q1", code);
    r = th_put(path, th_admin_key, "{\"target\": 80, \"tolerance\": 5}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
}

static void setup(void)
{
    th_start(NULL);
    put_indicator("A1", "workforce");
    put_indicator("A2", "workforce");
}

static void teardown(void)
{
    th_stop();
}

static const char good[] =
    "{\"indicators\": [{\"code\": \"A1\", \"availability\": \"reported\", \"value\": 90},"
    " {\"code\": \"A2\", \"availability\": \"reported\", \"numerator\": 3, \"denominator\": 4}],"
    " \"demand\": [{\"code\": \"contacts\", \"value\": 5349}, {\"code\": \"referrals\","
    " \"value\": 1117}],"
    " \"finance\": {\"units\": \"gbp_thousands\", \"lines\": [{\"code\": \"yj\", \"name\":"
    " \"Youth Justice\", \"budget\": {\"gross\": 1846, \"income\": 0, \"net\": 1846},"
    " \"outturn\": {\"gross\": 1808, \"income\": 0, \"net\": 1808}}]}}";

static int counts(const th_resp *r, const char *part, const char *what)
{
    return (int)json_integer_value(
        json_object_get(json_object_get(json_object_get(r->json, "counts"), part), what));
}

static void assert_nothing_stored(void)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/indicators/A1");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "not_submitted");
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand");
    ck_assert(json_is_null(
        json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "value")));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance");
    th_assert_problem(&r, 404);
    th_free(&r);
}

START_TEST(push_counts_and_summary)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key, good);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert(json_is_false(json_object_get(r.json, "dry_run")));
    ck_assert_int_eq(counts(&r, "indicators", "created"), 2);
    ck_assert_int_eq(counts(&r, "demand", "created"), 2);
    ck_assert_int_eq(counts(&r, "finance", "created"), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "created")), 5);
    json_t *sp = json_object_get(json_object_get(json_object_get(r.json, "summary"), "categories"),
                                 "strategic_partnership");
    /* A1 90 vs 80: better; A2 75 vs 80 +- 5: within */
    json_t *tc = json_object_get(json_object_get(sp, "totals"), "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(tc, "better_than_target")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(tc, "within_target_range")), 1);
    th_free(&r);

    /* the same return again changes nothing */
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key, good);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "created")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "updated")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "unchanged")), 5);
    th_free(&r);

    /* a partial return touches only what it names */
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key,
               "{\"demand\": [{\"code\": \"contacts\", \"value\": 5350}]}");
    ck_assert_int_eq(counts(&r, "demand", "updated"), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "unchanged")), 0);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/A2");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 75);
    th_free(&r);
}
END_TEST

/* Five different problems come back together and nothing is stored. */
START_TEST(five_problems_nothing_stored)
{
    const char *bad =
        "{\"indicators\": [{\"code\": \"A1\", \"availability\": \"reported\", \"value\": 90},"
        " {\"code\": \"NOPE\", \"availability\": \"reported\", \"value\": 1},"
        " {\"code\": \"A2\", \"availability\": \"reported\"}],"
        " \"demand\": [{\"code\": \"contacts\", \"value\": -4},"
        " {\"code\": \"unknown-measure\", \"value\": 3}],"
        " \"finance\": {\"units\": \"gbp_thousands\", \"lines\": [{\"code\": \"yj\", \"name\":"
        " \"Youth Justice\", \"budget\": {\"gross\": 1846, \"income\": 5, \"net\": 1851},"
        " \"outturn\": {\"gross\": 1808, \"income\": 0, \"net\": 1808}}]}}";
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key, bad);
    ck_assert_int_eq(th_assert_problem(&r, 422), 5);
    static const char *const pointers[] = {"/indicators/1/code", "/indicators/2/value",
                                           "/demand/0/value", "/demand/1/code",
                                           "/finance/lines/0/budget/income"};
    for (size_t i = 0; i < 5; i++)
        ck_assert_msg(th_has_error_pointer(&r, pointers[i]), "no problem at %s: %s", pointers[i],
                      r.body);
    th_free(&r);
    assert_nothing_stored();
}
END_TEST

START_TEST(document_level_failures)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key,
                       "{\"indicators\": {}, \"demand\": 3, \"finance\": [], \"extra\": 1}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 4);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key,
               "{\"indicators\": [{\"code\": \"A1\", \"availability\": \"suspended\"},"
               " {\"code\": \"A1\", \"availability\": \"suspended\"}],"
               " \"demand\": [{\"code\": \"contacts\", \"value\": 1},"
               " {\"code\": \"contacts\", \"value\": 2}], \"quarter\": \"2020-21-Q2\"}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 3);
    ck_assert(th_has_error_pointer(&r, "/quarter"));
    ck_assert(th_has_error_pointer(&r, "/indicators/1/code"));
    ck_assert(th_has_error_pointer(&r, "/demand/1/code"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_reader_key, good);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/return", NULL, good);
    th_assert_problem(&r, 401);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-QQ/return", th_writer_key, good);
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/return?dry_run=maybe", th_writer_key, good);
    th_assert_problem(&r, 400);
    th_free(&r);
    assert_nothing_stored();
}
END_TEST

START_TEST(dry_run_answers_as_a_push_would)
{
    th_resp dry = th_put("/api/v1/quarters/2020-21-Q1/return?dry_run=true", th_writer_key, good);
    ck_assert_int_eq(dry.status, 200);
    ck_assert(json_is_true(json_object_get(dry.json, "dry_run")));
    ck_assert(json_is_false(json_object_get(dry.json, "stored")));
    assert_nothing_stored();
    th_resp real = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key, good);
    ck_assert_int_eq(real.status, 200);
    /* identical but for the two flags */
    ck_assert(
        json_equal(json_object_get(dry.json, "counts"), json_object_get(real.json, "counts")));
    ck_assert(
        json_equal(json_object_get(dry.json, "summary"), json_object_get(real.json, "summary")));
    th_free(&dry);
    th_free(&real);
    /* a bad dry run gets the same 422 */
    dry = th_put("/api/v1/quarters/2020-21-Q1/return?dry_run=true", th_writer_key,
                 "{\"demand\": [{\"code\": \"contacts\", \"value\": -1}]}");
    th_assert_problem(&dry, 422);
    th_free(&dry);
}
END_TEST

typedef struct {
    int value;
    long status;
} pusher;

static void *push_one(void *cls)
{
    pusher *p = cls;
    char body[1024];
    snprintf(body, sizeof body,
             "{\"indicators\": [{\"code\": \"A1\", \"availability\": \"reported\", \"value\": %d},"
             " {\"code\": \"A2\", \"availability\": \"reported\", \"value\": %d}],"
             " \"demand\": [{\"code\": \"contacts\", \"value\": %d},"
             " {\"code\": \"referrals\", \"value\": %d}]}",
             p->value, p->value, p->value, p->value);
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key, body);
    p->status = r.status;
    th_free(&r);
    return NULL;
}

/* Concurrent returns for one quarter: every push succeeds and the stored
 * figures all come from one of them, never a mixture. */
START_TEST(concurrent_returns_leave_one_state)
{
    enum { N = 8 };
    pthread_t t[N];
    pusher p[N];
    for (int i = 0; i < N; i++) {
        p[i].value = 10 + i;
        pthread_create(&t[i], NULL, push_one, &p[i]);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        ck_assert_int_eq(p[i].status, 200);
    }
    th_resp a1 = th_get("/api/v1/quarters/2020-21-Q1/indicators/A1");
    th_resp a2 = th_get("/api/v1/quarters/2020-21-Q1/indicators/A2");
    th_resp d = th_get("/api/v1/quarters/2020-21-Q1/demand");
    json_int_t v = json_integer_value(json_object_get(a1.json, "value"));
    ck_assert_int_ge(v, 10);
    ck_assert_int_lt(v, 10 + N);
    ck_assert_int_eq(json_integer_value(json_object_get(a2.json, "value")), v);
    json_t *items = json_object_get(d.json, "items");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "value")), v);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 1), "value")), v);
    th_free(&a1);
    th_free(&a2);
    th_free(&d);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api return");
    TCase *tc = tcase_create("quarterly return");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, push_counts_and_summary);
    tcase_add_test(tc, five_problems_nothing_stored);
    tcase_add_test(tc, document_level_failures);
    tcase_add_test(tc, dry_run_answers_as_a_push_would);
    tcase_add_test(tc, concurrent_returns_leave_one_state);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
