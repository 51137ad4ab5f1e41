/* test_explain.c - API: the reason for a status (GET /quarters/{q}/
 * indicators/{code}/explanation) and what changed between two packs
 * (GET /quarters/{q}/changes), issue 17 items 4 and 5: the demo's figures
 * and sentences, each rule of the status, revision links that lead to the
 * revision cited, the demo's referrals restatement with its cause, every
 * cause on figures written here, CSV and the validation of from/to. */
#include <check.h>
#include <string.h>
#include <unistd.h>

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

static const char *str(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

static json_int_t num(const json_t *o, const char *name)
{
    return json_integer_value(json_object_get(o, name));
}

static void put_ok(const char *path, const char *key, const char *body, char *at)
{
    th_resp r = th_put(path, key, body);
    ck_assert_msg(r.status == 200 || r.status == 201, "%s: %ld %s", path, r.status, r.body);
    th_free(&r);
    if (at) {
        /* the revision's time, which as_of reads (updated_at may be a
         * millisecond earlier) */
        r = th_get("/api/v1/quarters/2020-21-Q1/revisions?limit=1");
        snprintf(at, 32, "%s", str(json_array_get(json_object_get(r.json, "items"), 0), "at"));
        th_free(&r);
    }
}

/* A revision link leads to a page holding exactly that revision. */
static void assert_link_leads(const json_t *link)
{
    ck_assert_ptr_nonnull(link);
    th_resp r = th_get(str(link, "url"));
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 1);
    ck_assert_int_eq(num(json_array_get(items, 0), "id"), num(link, "id"));
    ck_assert_str_eq(str(json_array_get(items, 0), "at"), str(link, "at"));
    th_free(&r);
}

START_TEST(explanation_on_the_demo)
{
    th_load_demo();
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/indicators/CFA-CIN-2Y-PLUS/explanation");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str(r.json, "sentence"),
                     "31% against a target of 30% (lower is better) is outside the target range "
                     "of 30% (no tolerance), so the status is outside target range.");
    ck_assert_str_eq(str(r.json, "rule"), "outside_tolerance");
    ck_assert_str_eq(str(r.json, "status"), "outside_target_range");
    ck_assert_str_eq(str(r.json, "polarity"), "lower_is_better");
    ck_assert_int_eq(num(r.json, "gap"), -1);
    json_t *in = json_object_get(r.json, "inputs");
    ck_assert_int_eq(num(in, "value"), 31);
    ck_assert_int_eq(num(in, "numerator"), 726);
    ck_assert_int_eq(num(in, "denominator"), 2317);
    ck_assert_int_eq(num(in, "judged_value"), 31);
    ck_assert_int_eq(num(in, "decimals"), 0);
    ck_assert_str_eq(str(in, "judged_from"), "value");
    assert_link_leads(json_object_get(in, "revision"));
    json_t *t = json_object_get(r.json, "target");
    ck_assert_int_eq(num(t, "target"), 30);
    ck_assert_int_eq(num(t, "tolerance"), 0);
    ck_assert_str_eq(str(t, "from_quarter"), "2019-20-Q1");
    ck_assert_int_eq(num(json_object_get(t, "band"), "from"), 30);
    ck_assert_int_eq(num(json_object_get(t, "band"), "to"), 30);
    assert_link_leads(json_object_get(t, "revision"));
    th_free(&r);
    /* the count behind a percentage is among the inputs */
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/CFA-SA-TIMELY/explanation");
    ck_assert_int_eq(num(json_object_get(r.json, "inputs"), "count"), 891);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/NO-SUCH/explanation");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q5/indicators/CFA-SA-TIMELY/explanation");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

static const char *explain(const char *quarter, const char *code, th_resp *r)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/%s/explanation", quarter, code);
    *r = th_get(path);
    ck_assert_int_eq(r->status, 200);
    return str(r->json, "sentence");
}

START_TEST(explanation_of_each_rule)
{
    put_ok("/api/v1/indicators/SEEN", th_admin_key,
           "{\"name\": \"Seen\", \"category\": \"contractual\", \"service_area\": "
           "\"child-protection\", \"polarity\": \"higher_is_better\", \"unit\": \"percent\", "
           "\"decimals\": 1}",
           NULL);
    const char *p = "/api/v1/quarters/2020-21-Q1/indicators/SEEN";
    th_resp r;
    ck_assert_str_eq(explain("2020-21-Q1", "SEEN", &r),
                     "No result has been submitted for 2020-21-Q1, so the status is not "
                     "submitted.");
    ck_assert_str_eq(str(r.json, "rule"), "no_result");
    ck_assert(json_is_null(json_object_get(r.json, "target")));
    ck_assert(json_is_null(json_object_get(json_object_get(r.json, "inputs"), "revision")));
    th_free(&r);
    put_ok(p, th_writer_key,
           "{\"availability\": \"reported\", \"numerator\": 2, \"denominator\": 3}", NULL);
    ck_assert_str_eq(explain("2020-21-Q1", "SEEN", &r),
                     "66.7% is reported but no target is in force for 2020-21-Q1, so the status is "
                     "target figure to be confirmed.");
    ck_assert_str_eq(str(json_object_get(r.json, "inputs"), "judged_from"), "ratio");
    th_free(&r);
    put_ok("/api/v1/indicators/SEEN/targets/2020-21-Q1", th_admin_key,
           "{\"target\": 70, \"tolerance\": 5}", NULL);
    ck_assert_str_eq(explain("2020-21-Q1", "SEEN", &r),
                     "66.7% against a target of 70.0% (higher is better) is within the target "
                     "range of 65.0%\u201370.0%, so the status is within target range.");
    ck_assert_str_eq(str(r.json, "rule"), "within_tolerance");
    ck_assert_double_eq_tol(json_real_value(json_object_get(r.json, "gap")), -3.3, 1e-9);
    th_free(&r);
    put_ok(p, th_writer_key, "{\"availability\": \"reported\", \"value\": 70}", NULL);
    ck_assert_str_eq(explain("2020-21-Q1", "SEEN", &r),
                     "70.0% against a target of 70.0% (higher is better) meets or beats the "
                     "target, so the status is better than target.");
    ck_assert_str_eq(str(r.json, "rule"), "meets_target");
    th_free(&r);
    put_ok(p, th_writer_key, "{\"availability\": \"reported\", \"value\": 64.9}", NULL);
    ck_assert_str_eq(str(explain("2020-21-Q1", "SEEN", &r) ? r.json : NULL, "rule"),
                     "outside_tolerance");
    th_free(&r);
    put_ok(p, th_writer_key, "{\"availability\": \"suspended\", \"reason\": \"Covid-19\"}", NULL);
    ck_assert_str_eq(explain("2020-21-Q1", "SEEN", &r),
                     "The trust reports no figure for 2020-21-Q1 (suspended: Covid-19), so the "
                     "status is suspended.");
    ck_assert_str_eq(str(r.json, "rule"), "not_reported");
    th_free(&r);
}
END_TEST

/* The demo loads 2019/20 Q3 referrals as 949 (the Q3 paper) and then the
 * restatement 946 (the Q1 2020/21 paper). */
START_TEST(changes_on_the_demo)
{
    th_load_demo();
    char first[32], second[32], path[256];
    th_demo_restatement_instants(first, second);
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/changes?from=%s&to=%s", first, second);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(num(r.json, "count"), 1);
    ck_assert_str_eq(str(r.json, "from"), first);
    ck_assert_str_eq(str(r.json, "to"), second);
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(str(it, "kind"), "demand");
    ck_assert_str_eq(str(it, "code"), "referrals");
    ck_assert_int_eq(json_array_size(json_object_get(it, "causes")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(it, "causes"), 0)),
                     "revised");
    ck_assert_int_eq(num(json_object_get(it, "before"), "value"), 949);
    ck_assert_int_eq(num(json_object_get(it, "after"), "value"), 946);
    assert_link_leads(json_object_get(json_object_get(it, "before"), "revision"));
    assert_link_leads(json_object_get(json_object_get(it, "after"), "revision"));
    th_free(&r);
    /* to defaults to now; CSV has the same row */
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/changes?from=%s&format=csv", first);
    r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(strncmp(r.body, "kind,code,name,causes,before_value,", 35) == 0, "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\ndemand,referrals,Referrals,revised,949,"));
    th_free(&r);
    /* nothing changed after the restatement */
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/changes?from=%s", second);
    r = th_get(path);
    ck_assert_int_eq(num(r.json, "count"), 0);
    ck_assert(json_is_null(json_object_get(r.json, "to")));
    th_free(&r);
}
END_TEST

static json_t *find(const th_resp *r, const char *code)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r->json, "items"), i,
                       it) if (strcmp(str(it, "code"), code) == 0) return it;
    return NULL;
}

static void assert_causes(const json_t *it, const char *want)
{
    char got[160] = "";
    size_t i;
    json_t *c;
    ck_assert_ptr_nonnull(it);
    json_array_foreach(json_object_get(it, "causes"), i, c)
    {
        strcat(got, i ? "," : "");
        strcat(got, json_string_value(c));
    }
    ck_assert_str_eq(got, want);
}

START_TEST(changes_and_their_causes)
{
    static const char def[] = "{\"name\": \"%s\", \"category\": \"contractual\", \"service_area\": "
                              "\"child-protection\", \"polarity\": \"higher_is_better\", "
                              "\"unit\": \"percent\", \"decimals\": 0}";
    const char *codes[] = {"REV", "NEW", "GONE", "SAME"};
    char path[160], body[256], t1[32], t2[32];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "/api/v1/indicators/%s", codes[i]);
        snprintf(body, sizeof body, def, codes[i]);
        put_ok(path, th_admin_key, body, NULL);
        snprintf(path, sizeof path, "/api/v1/indicators/%s/targets/2020-21-Q1", codes[i]);
        put_ok(path, th_admin_key, "{\"target\": 90, \"tolerance\": 5}", NULL);
    }
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/REV", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 80}", NULL);
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/GONE", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 95}", NULL);
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/SAME", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 95, \"commentary\": \"a\"}", t1);
    usleep(5000);
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/REV", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 88}", NULL);
    put_ok("/api/v1/indicators/REV/targets/2020-21-Q1", th_admin_key,
           "{\"target\": 85, \"tolerance\": 5}", NULL);
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/NEW", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 91}", NULL);
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/GONE", th_writer_key,
           "{\"availability\": \"not_available\", \"reason\": \"Covid-19\"}", NULL);
    /* commentary alone is not a changed figure */
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/SAME", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 95, \"commentary\": \"b\"}", t2);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/changes?from=%s&to=%s", t1, t2);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(num(r.json, "count"), 3);
    json_t *rev = find(&r, "REV");
    assert_causes(rev, "revised,target_changed");
    json_t *before = json_object_get(rev, "before"), *after = json_object_get(rev, "after");
    ck_assert_int_eq(num(before, "value"), 80);
    ck_assert_str_eq(str(before, "status"), "outside_target_range");
    ck_assert_int_eq(num(before, "target"), 90);
    ck_assert_int_eq(num(after, "value"), 88);
    ck_assert_str_eq(str(after, "status"), "better_than_target");
    ck_assert_int_eq(num(after, "target"), 85);
    assert_link_leads(json_object_get(after, "target_revision"));
    assert_link_leads(json_object_get(after, "revision"));
    assert_causes(find(&r, "NEW"), "newly_reported");
    ck_assert(
        json_is_null(json_object_get(json_object_get(find(&r, "NEW"), "before"), "revision")));
    ck_assert_str_eq(str(json_object_get(find(&r, "NEW"), "before"), "status"), "not_submitted");
    assert_causes(find(&r, "GONE"), "withdrawn");
    ck_assert_str_eq(str(json_object_get(find(&r, "GONE"), "after"), "status"), "not_available");
    ck_assert_ptr_null(find(&r, "SAME"));
    th_free(&r);
    /* a definition written in between */
    usleep(5000);
    snprintf(body, sizeof body, def, "Same, renamed");
    put_ok("/api/v1/indicators/SAME", th_admin_key, body, NULL);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/changes?from=%s", t2);
    r = th_get(path);
    ck_assert_int_eq(num(r.json, "count"), 1);
    assert_causes(find(&r, "SAME"), "definition_changed");
    th_free(&r);
}
END_TEST

START_TEST(changes_validates_from_and_to)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/changes");
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/changes?from=2020-08-18&to=soon");
    ck_assert_int_eq(th_assert_problem(&r, 422), 2);
    th_free(&r);
    r = th_get(
        "/api/v1/quarters/2020-21-Q1/changes?from=2020-08-18T09:30:00Z&to=2020-08-18T09:30:00Z");
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    ck_assert_ptr_nonnull(strstr(r.body, "from must be before to"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/"
               "changes?from=2020-08-18T10:30:00%2B01:00&to=2020-08-18T09:30:00Z");
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/changes?from=2020-08-18T09:30:00Z&until=now");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/changes?from=2020-08-18T09:30:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(num(r.json, "count"), 0);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api explain");
    TCase *tc = tcase_create("explain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, explanation_on_the_demo);
    tcase_add_test(tc, explanation_of_each_rule);
    tcase_add_test(tc, changes_on_the_demo);
    tcase_add_test(tc, changes_and_their_causes);
    tcase_add_test(tc, changes_validates_from_and_to);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
