/* test_history.c - API: figures in time (docs/API.md §19, issue 6): history
 * with direction and streak, revisions and as_of, restatements,
 * benchmarks and sign-off locks. */
#include <check.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_main.h"

static void put_ok(const char *path, const char *key, const char *body)
{
    th_resp r = th_put(path, key, body);
    ck_assert_msg(r.status == 200 || r.status == 201, "%s: %ld %s", path, r.status, r.body);
    th_free(&r);
}

static void define(const char *code, const char *polarity)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"name\": \"%s\", \"category\": \"strategic_partnership\", \"service_area\": "
             "\"child-protection\", \"polarity\": \"%s\", \"unit\": \"percent\", "
             "\"decimals\": 0, \"active_from\": \"2018-19-Q1\"}",
             code, polarity);
    put_ok(path, th_admin_key, body);
}

static void result(const char *quarter, const char *code, int value)
{
    char path[160], body[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/%s", quarter, code);
    snprintf(body, sizeof body, "{\"availability\": \"reported\", \"value\": %d}", value);
    put_ok(path, th_writer_key, body);
}

static void setup(void)
{
    th_start(NULL);
}

static void teardown(void)
{
    th_stop();
}

static const char *quarters[] = {"2018-19-Q1", "2018-19-Q2", "2018-19-Q3",
                                 "2018-19-Q4", "2019-20-Q1", "2019-20-Q2",
                                 "2019-20-Q3", "2019-20-Q4", "2020-21-Q1"};

static const char *field(const json_t *item, const char *name)
{
    return json_string_value(json_object_get(item, name));
}

/* Nine quarters; the target rises from 80 to 90 in 2019-20-Q1 (midway).
 * higher is better: 70 75 85 85 | 85 86 92 95 95 */
START_TEST(history_higher_is_better)
{
    define("UP", "higher_is_better");
    put_ok("/api/v1/indicators/UP/targets/2018-19-Q1", th_admin_key,
           "{\"target\": 80, \"tolerance\": 5}");
    put_ok("/api/v1/indicators/UP/targets/2019-20-Q1", th_admin_key,
           "{\"target\": 90, \"tolerance\": 5}");
    static const int values[] = {70, 75, 85, 85, 85, 86, 92, 95, 95};
    for (int i = 0; i < 9; i++)
        result(quarters[i], "UP", values[i]);
    th_resp r = th_get("/api/v1/indicators/UP/history");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 9);
    static const char *const status[] = {
        "outside_target_range", "within_target_range", "better_than_target",
        "better_than_target",   "within_target_range", "within_target_range",
        "better_than_target",   "better_than_target",  "better_than_target"};
    static const int streak[] = {1, 1, 1, 2, 1, 2, 1, 2, 3};
    static const char *const direction[] = {NULL,        "improving", "improving",
                                            "unchanged", "unchanged", "improving",
                                            "improving", "improving", "unchanged"};
    static const int target[] = {80, 80, 80, 80, 90, 90, 90, 90, 90};
    for (size_t i = 0; i < 9; i++) {
        json_t *it = json_array_get(items, i);
        ck_assert_str_eq(field(it, "quarter"), quarters[i]);
        ck_assert_str_eq(field(it, "status"), status[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(it, "streak")), streak[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(it, "target")), target[i]);
        if (direction[i])
            ck_assert_str_eq(field(it, "direction"), direction[i]);
        else
            ck_assert(json_is_null(json_object_get(it, "direction")));
    }
    json_t *last = json_array_get(items, 8);
    ck_assert_int_eq(json_integer_value(json_object_get(last, "previous_value")), 95);
    ck_assert_int_eq(json_integer_value(json_object_get(last, "change")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 6), "change")), 6);
    th_free(&r);
    /* the same context on the quarter GETs */
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "streak")), 3);
    ck_assert_str_eq(field(r.json, "direction"), "unchanged");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "previous_value")), 95);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/indicators");
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(field(it, "direction"), "improving");
    ck_assert_int_eq(json_integer_value(json_object_get(it, "change")), 6);
    ck_assert_int_eq(json_integer_value(json_object_get(it, "streak")), 1);
    th_free(&r);
    /* a window, and CSV */
    r = th_get("/api/v1/indicators/UP/history?from=2019-20-Q3&to=2020-21-Q1");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_array_get(json_object_get(r.json, "items"), 2), "streak")),
                     3);
    th_free(&r);
    r = th_get("/api/v1/indicators/UP/history?format=csv");
    ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
    th_free(&r);
}
END_TEST

/* lower is better: 40 35 35 30 | 31 33 33 27 40; target 30 then 32 from
 * 2019-20-Q1, tolerance 2; a quarter with nothing submitted breaks runs */
START_TEST(history_lower_is_better)
{
    define("DOWN", "lower_is_better");
    put_ok("/api/v1/indicators/DOWN/targets/2018-19-Q1", th_admin_key,
           "{\"target\": 30, \"tolerance\": 2}");
    put_ok("/api/v1/indicators/DOWN/targets/2019-20-Q1", th_admin_key,
           "{\"target\": 32, \"tolerance\": 2}");
    static const int values[] = {40, 35, 35, 30, 31, 33, 33, 27, 40};
    for (int i = 0; i < 9; i++)
        if (i != 7)
            result(quarters[i], "DOWN", values[i]);
    th_resp r = th_get("/api/v1/indicators/DOWN/history");
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 9);
    static const char *const status[] = {
        "outside_target_range", "outside_target_range", "outside_target_range",
        "better_than_target",   "better_than_target",   "within_target_range",
        "within_target_range",  "not_submitted",        "outside_target_range"};
    static const int streak[] = {1, 2, 3, 1, 2, 1, 2, 1, 1};
    static const char *const direction[] = {NULL,        "improving", "unchanged",
                                            "improving", "declining", "declining",
                                            "unchanged", NULL,        NULL};
    for (size_t i = 0; i < 9; i++) {
        json_t *it = json_array_get(items, i);
        ck_assert_str_eq(field(it, "status"), status[i]);
        ck_assert_msg(json_integer_value(json_object_get(it, "streak")) == streak[i],
                      "%s streak %lld", quarters[i],
                      (long long)json_integer_value(json_object_get(it, "streak")));
        if (direction[i])
            ck_assert_str_eq(field(it, "direction"), direction[i]);
        else
            ck_assert(json_is_null(json_object_get(it, "direction")));
    }
    /* the unsubmitted quarter still shows the target in force */
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 7), "target")), 32);
    th_free(&r);
    r = th_get("/api/v1/indicators/NOPE/history");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/indicators/DOWN/history?from=2020-21-Q1&to=2019-20-Q1");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/indicators/DOWN/history?from=2020/21");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

static char *revision_at(const char *quarter, const char *code, size_t index_from_newest)
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/revisions?kind=result&code=%s", quarter, code);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    char *at =
        strdup(field(json_array_get(json_object_get(r.json, "items"), index_from_newest), "at"));
    th_free(&r);
    return at;
}

/* The moment of the newest revision of a kind in a quarter. */
static char *newest_at(const char *quarter, const char *kind)
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/revisions?kind=%s", quarter, kind);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    char *at = strdup(field(json_array_get(json_object_get(r.json, "items"), 0), "at"));
    th_free(&r);
    return at;
}

static const char finance_body[] =
    "{\"units\":\"gbp\",\"lines\":[{\"code\":\"a\",\"name\":\"A\",\"budget\":{\"gross\":"
    "100,\"income\":0,\"net\":100},\"outturn\":{\"gross\":%d,\"income\":0,\"net\":%d}}]}";

/* Demand, finance and the report read as they stood, each shadowing only
 * what it reads, and the results beside them unaffected. */
START_TEST(as_of_demand_finance_report)
{
    define("UP", "higher_is_better");
    result("2020-21-Q1", "UP", 70);
    put_ok("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, "{\"value\": 100}");
    char body[512];
    snprintf(body, sizeof body, finance_body, 110, 110);
    put_ok("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, body);
    usleep(5000);
    char *demand_at = newest_at("2020-21-Q1", "demand");
    char *finance_at = newest_at("2020-21-Q1", "finance");
    const char *then = strcmp(demand_at, finance_at) > 0 ? demand_at : finance_at;
    put_ok("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, "{\"value\": 200}");
    snprintf(body, sizeof body, finance_body, 90, 90);
    put_ok("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, body);
    result("2020-21-Q1", "UP", 75);
    char path[256];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/demand/contacts?as_of=%s", then);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 100);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/demand?from=2020-21-Q1&to=2020-21-Q1&as_of=%s", then);
    r = th_get(path);
    json_t *values = json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "values");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(values, 0), "value")), 100);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/finance?as_of=%s", then);
    r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    json_t *line = json_array_get(json_object_get(r.json, "lines"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(line, "outturn"), "net")),
                     110);
    th_free(&r);
    /* the report as it stood: the earlier result, demand and overspend */
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/report?format=csv&as_of=%s", then);
    r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\ndemand,Contacts to CSC,2020/21 Q1,100\r\n"));
    th_free(&r);
    /* now: the later figures */
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/contacts");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 200);
    th_free(&r);
    /* an as_of after the last write reads the present */
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?as_of=2999-01-01T00:00:00Z");
    line = json_array_get(json_object_get(r.json, "lines"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(line, "outturn"), "net")),
                     90);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP?as_of=2999-01-01T00:00:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 75);
    ck_assert(json_is_true(json_object_get(r.json, "restated")));
    th_free(&r);
    free(demand_at);
    free(finance_at);
}
END_TEST

/* A figure changed three times: three revisions, each readable as_of. */
START_TEST(revisions_and_as_of)
{
    define("UP", "higher_is_better");
    put_ok("/api/v1/indicators/UP/targets/2018-19-Q1", th_admin_key,
           "{\"target\": 80, \"tolerance\": 5}");
    result("2020-21-Q1", "UP", 70);
    usleep(5000);
    result("2020-21-Q1", "UP", 78);
    usleep(5000);
    result("2020-21-Q1", "UP", 90);
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=result&code=UP");
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 3);
    /* newest first, with who, old and new */
    json_t *newest = json_array_get(items, 0);
    ck_assert_str_eq(field(newest, "by"), "test-writer");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(newest, "new"), "value")),
                     90);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(newest, "old"), "value")),
                     78);
    ck_assert(json_is_null(json_object_get(json_array_get(items, 2), "old")));
    th_free(&r);

    static const int expect[] = {90, 78, 70};
    static const char *const status[] = {"better_than_target", "within_target_range",
                                         "outside_target_range"};
    for (size_t i = 0; i < 3; i++) {
        char *at = revision_at("2020-21-Q1", "UP", i);
        char path[200];
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/indicators/UP?as_of=%s", at);
        r = th_get(path);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), expect[i]);
        ck_assert_str_eq(field(r.json, "status"), status[i]);
        th_free(&r);
        /* the summary as it stood then */
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/summary?as_of=%s", at);
        r = th_get(path);
        json_t *counts =
            json_object_get(json_object_get(json_object_get(json_object_get(r.json, "categories"),
                                                            "strategic_partnership"),
                                            "totals"),
                            "counts");
        ck_assert_int_eq(json_integer_value(json_object_get(counts, status[i])), 1);
        th_free(&r);
        free(at);
    }
    /* before anything was reported: not submitted */
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP?as_of=2000-01-01T00:00:00Z");
    ck_assert_str_eq(field(r.json, "status"), "not_submitted");
    th_free(&r);
    /* the value changed after it was first reported: a restatement */
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP");
    ck_assert(json_is_true(json_object_get(r.json, "restated")));
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "first_reported_value")), 70);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP?as_of=yesterday");
    th_assert_problem(&r, 400);
    th_free(&r);
    /* paging */
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?limit=2");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
    const char *next = field(r.json, "next_url");
    ck_assert_ptr_nonnull(next);
    th_resp p2 = th_get(next);
    ck_assert_int_eq(json_array_size(json_object_get(p2.json, "items")), 1);
    ck_assert(json_is_null(json_object_get(p2.json, "next")));
    th_free(&p2);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=gossip");
    th_assert_problem(&r, 400);
    th_free(&r);
    /* commentary is versioned with the figure */
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/UP", th_writer_key,
           "{\"availability\": \"reported\", \"value\": 90, \"commentary\": \"checked\"}");
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=result&code=UP&limit=1");
    json_t *rev = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rev, "new"), "commentary")),
                     "checked");
    ck_assert(json_is_null(json_object_get(json_object_get(rev, "old"), "commentary")));
    th_free(&r);
}
END_TEST

START_TEST(demo_referrals_restated)
{
    th_load_demo();
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 946);
    ck_assert(json_is_true(json_object_get(r.json, "restated")));
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "first_reported_value")), 949);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/revisions?kind=demand&code=referrals");
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_object_get(json_array_get(items, 0), "old"), "value")),
                     949);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/demand/contacts");
    ck_assert(json_is_false(json_object_get(r.json, "restated")));
    ck_assert(json_is_null(json_object_get(r.json, "first_reported_value")));
    th_free(&r);
}
END_TEST

START_TEST(benchmarks)
{
    define("UP", "higher_is_better");
    result("2020-21-Q1", "UP", 95);
    th_resp r = th_put("/api/v1/quarters/2020-21-Q1/indicators/UP/benchmarks", th_writer_key,
                       "{\"national\": 81, \"regional\": 95, \"statistical_neighbours\": 97,"
                       " \"regional_rank\": 6, \"regional_count\": 15, \"source\": \"DfE\","
                       " \"period\": \"2019-20-Q4\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP");
    json_t *b = json_object_get(r.json, "benchmarks");
    ck_assert_str_eq(field(json_object_get(b, "national"), "comparison"), "better");
    ck_assert_str_eq(field(json_object_get(b, "regional"), "comparison"), "similar");
    ck_assert_str_eq(field(json_object_get(b, "statistical_neighbours"), "comparison"), "worse");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(b, "regional"), "rank")),
                     6);
    ck_assert_str_eq(field(b, "period"), "2019-20-Q4");
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP/benchmarks");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/UP/benchmarks", th_writer_key,
               "{\"regional_rank\": 16, \"regional_count\": 15, \"national\": \"high\"}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 2);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/NOPE/benchmarks", th_writer_key, "{}");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/UP/benchmarks", th_reader_key, "{}");
    th_assert_problem(&r, 403);
    th_free(&r);
}
END_TEST

START_TEST(sign_off_locks)
{
    define("UP", "higher_is_better");
    result("2020-21-Q1", "UP", 95);
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1");
    ck_assert(json_is_false(json_object_get(r.json, "locked")));
    ck_assert_str_eq(field(r.json, "label"), "Quarter 1 2020/21");
    ck_assert_str_eq(field(r.json, "starts"), "2020-04-01");
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_writer_key,
                   "{\"reason\": \"OSMC met\"}", NULL, NULL);
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key, "{}", NULL, NULL);
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                   "{\"reason\": \"Signed off by OSMC on 18 August 2020\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_true(json_object_get(r.json, "locked")));
    ck_assert_str_eq(field(r.json, "locked_by"), "test-admin");
    ck_assert_ptr_nonnull(field(r.json, "locked_at"));
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                   "{\"reason\": \"again\"}", NULL, NULL);
    th_assert_problem(&r, 409);
    th_free(&r);
    /* every kind of write to the locked quarter is refused, nothing changes */
    static const struct {
        const char *path;
        const char *body;
    } writes[] = {
        {"/api/v1/quarters/2020-21-Q1/indicators/UP", "{\"availability\":\"suspended\"}"},
        {"/api/v1/quarters/2020-21-Q1/demand/contacts", "{\"value\": 3}"},
        {"/api/v1/quarters/2020-21-Q1/return",
         "{\"demand\": [{\"code\":\"contacts\",\"value\":3}]}"},
        {"/api/v1/quarters/2020-21-Q1/indicators/UP/benchmarks", "{\"national\": 3}"},
        {"/api/v1/quarters/2020-21-Q1/finance",
         "{\"units\":\"gbp\",\"lines\":[{\"code\":\"a\",\"name\":\"A\",\"budget\":{\"gross\":1,"
         "\"income\":0,\"net\":1},\"outturn\":{\"gross\":1,\"income\":0,\"net\":1}}]}"},
        {"/api/v1/indicators/UP/targets/2020-21-Q1", "{\"target\": 1}"},
    };
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
        r = th_put(writes[i].path, th_admin_key, writes[i].body);
        th_assert_problem(&r, 409);
        th_free(&r);
    }
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/UP");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 95);
    th_free(&r);
    /* other quarters are open */
    result("2020-21-Q2", "UP", 90);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/unlock", th_admin_key,
                   "{\"reason\": \"Correction agreed with the trust\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_false(json_object_get(r.json, "locked")));
    th_free(&r);
    result("2020-21-Q1", "UP", 96);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/unlock", th_admin_key,
                   "{\"reason\": \"twice\"}", NULL, NULL);
    th_assert_problem(&r, 409);
    th_free(&r);
    /* lock and unlock are revisions */
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=lock");
    json_t *lock = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(field(json_object_get(lock, "new"), "reason"),
                     "Signed off by OSMC on 18 August 2020");
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=unlock");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
}
END_TEST

static const char *status_of(const char *quarter, const char *code)
{
    static char out[64];
    char path[160];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/%s", quarter, code);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    snprintf(out, sizeof out, "%s", field(r.json, "status"));
    th_free(&r);
    return out;
}

START_TEST(targets_cannot_rejudge_a_locked_quarter)
{
    define("UP", "higher_is_better");
    put_ok("/api/v1/indicators/UP/targets/2019-20-Q1", th_admin_key,
           "{\"target\": 90, \"tolerance\": 5}");
    result("2020-21-Q1", "UP", 92);
    ck_assert_str_eq(status_of("2020-21-Q1", "UP"), "better_than_target");
    th_resp r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                           "{\"reason\": \"OSMC met\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    char *before = th_db_dump();
    /* a target in force for the locked quarter: changing, adding one that
     * would take over before it, or deleting it would re-judge 2020-21-Q1 */
    static const char *const refused[] = {"/api/v1/indicators/UP/targets/2019-20-Q1",
                                          "/api/v1/indicators/UP/targets/2019-20-Q3",
                                          "/api/v1/indicators/UP/targets/2020-21-Q1"};
    for (size_t i = 0; i < 3; i++) {
        r = th_put(refused[i], th_admin_key, "{\"target\": 95}");
        th_assert_problem(&r, 409);
        ck_assert_ptr_nonnull(strstr(field(r.json, "detail"), "2020-21-Q1"));
        th_free(&r);
    }
    r = th_request("DELETE", "/api/v1/indicators/UP/targets/2019-20-Q1", th_admin_key, NULL, NULL,
                   NULL);
    th_assert_problem(&r, 409);
    th_free(&r);
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
    ck_assert_str_eq(status_of("2020-21-Q1", "UP"), "better_than_target");
    /* a target starting after the locked quarter is fine, and then one
     * before it still is not: the locked quarter stays in its span */
    put_ok("/api/v1/indicators/UP/targets/2020-21-Q2", th_admin_key, "{\"target\": 95}");
    r = th_put("/api/v1/indicators/UP/targets/2019-20-Q4", th_admin_key, "{\"target\": 95}");
    th_assert_problem(&r, 409);
    th_free(&r);
    /* after the unlock the change goes through and re-judges the quarter */
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/unlock", th_admin_key,
                   "{\"reason\": \"target corrected\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    put_ok("/api/v1/indicators/UP/targets/2019-20-Q1", th_admin_key,
           "{\"target\": 95, \"tolerance\": 5}");
    ck_assert_str_eq(status_of("2020-21-Q1", "UP"), "within_target_range");
}
END_TEST

static th_resp put_indicator(const char *code, const char *name, const char *polarity,
                             const char *active_from)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"name\": \"%s\", \"category\": \"strategic_partnership\", \"service_area\": "
             "\"child-protection\", \"polarity\": \"%s\", \"unit\": \"percent\", "
             "\"decimals\": 0, \"active_from\": \"%s\"}",
             name, polarity, active_from);
    return th_put(path, th_admin_key, body);
}

START_TEST(definitions_cannot_change_a_locked_quarter)
{
    define("UP", "higher_is_better");
    result("2020-21-Q1", "UP", 92);
    th_resp r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                           "{\"reason\": \"OSMC met\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    /* words may change */
    r = put_indicator("UP", "Visits on time", "higher_is_better", "2018-19-Q1");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    char *before = th_db_dump();
    /* how it is judged, or whether it is in the quarter at all, may not */
    r = put_indicator("UP", "Visits on time", "lower_is_better", "2018-19-Q1");
    th_assert_problem(&r, 409);
    ck_assert_ptr_nonnull(strstr(field(r.json, "detail"), "2020-21-Q1"));
    th_free(&r);
    r = put_indicator("UP", "Visits on time", "higher_is_better", "2020-21-Q2");
    th_assert_problem(&r, 409);
    th_free(&r);
    /* nor may a new indicator join the signed-off quarter's table */
    r = put_indicator("NEW", "New", "higher_is_better", "2019-20-Q1");
    th_assert_problem(&r, 409);
    th_free(&r);
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
    /* one that starts after it may */
    r = put_indicator("NEW", "New", "higher_is_better", "2020-21-Q2");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
}
END_TEST

/* Revisions of kind target and code at quarter q. */
static size_t target_revisions(const char *q, const char *code)
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/revisions?kind=target&code=%s", q, code);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    size_t n = json_array_size(json_object_get(r.json, "items"));
    th_free(&r);
    return n;
}

START_TEST(deleting_an_indicator_keeps_locked_quarters_and_trace)
{
    /* UP has no results but is active in the locked 2020-21-Q1: deleting it
     * would drop it (and its target) from the signed-off quarter */
    define("UP", "higher_is_better");
    define("OTHER", "higher_is_better");
    put_ok("/api/v1/indicators/UP/targets/2019-20-Q1", th_admin_key, "{\"target\": 90}");
    result("2020-21-Q1", "OTHER", 50);
    th_resp r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                           "{\"reason\": \"OSMC met\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    char *before = th_db_dump();
    r = th_request("DELETE", "/api/v1/indicators/UP", th_admin_key, NULL, NULL, NULL);
    th_assert_problem(&r, 409);
    ck_assert_str_eq(field(r.json, "type"), "/problems/quarter-locked");
    ck_assert_ptr_nonnull(strstr(field(r.json, "detail"), "2020-21-Q1"));
    th_free(&r);
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
    /* one that starts after the locked quarter may go, and each target it
     * takes with it leaves a revision, as a target DELETE does */
    r = put_indicator("NEW", "New", "higher_is_better", "2020-21-Q2");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    put_ok("/api/v1/indicators/NEW/targets/2020-21-Q2", th_admin_key, "{\"target\": 80}");
    put_ok("/api/v1/indicators/NEW/targets/2021-22-Q1", th_admin_key, "{\"target\": 85}");
    ck_assert_uint_eq(target_revisions("2020-21-Q2", "NEW"), 1);
    r = th_request("DELETE", "/api/v1/indicators/NEW", th_admin_key, NULL, NULL, NULL);
    ck_assert_int_eq(r.status, 204);
    th_free(&r);
    ck_assert_uint_eq(target_revisions("2020-21-Q2", "NEW"), 2);
    ck_assert_uint_eq(target_revisions("2021-22-Q1", "NEW"), 2);
    r = th_get("/api/v1/quarters/2021-22-Q1/revisions?kind=target&code=NEW");
    json_t *latest = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert(json_is_null(json_object_get(latest, "new")));
    ck_assert_ptr_nonnull(json_object_get(json_object_get(latest, "old"), "target"));
    ck_assert_str_eq(field(latest, "by"), "test-admin");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api history");
    TCase *tc = tcase_create("history and revisions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, history_higher_is_better);
    tcase_add_test(tc, history_lower_is_better);
    tcase_add_test(tc, revisions_and_as_of);
    tcase_add_test(tc, as_of_demand_finance_report);
    tcase_add_test(tc, demo_referrals_restated);
    tcase_add_test(tc, benchmarks);
    tcase_add_test(tc, sign_off_locks);
    tcase_add_test(tc, targets_cannot_rejudge_a_locked_quarter);
    tcase_add_test(tc, definitions_cannot_change_a_locked_quarter);
    tcase_add_test(tc, deleting_an_indicator_keeps_locked_quarters_and_trace);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
