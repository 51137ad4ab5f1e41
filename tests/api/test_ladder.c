/* test_ladder.c - the care ladder and rates per 10,000 children (issue 14
 * items 6 and 7; docs/API.md §15a) over HTTP: the figures of the three
 * finance papers as the demo loads them, the volume and price arithmetic,
 * validation (every problem with its pointer, nothing stored), the return,
 * CSV, revisions, as_of and locks.
 *   001: scrutiny panel summary, Quarter 2 2017/18 (539 looked after, 82.3
 *        per 10,000; national 60, statistical neighbours 76; 31 Out of Area
 *        placements against 21 in the contract).
 *   002: report to Cabinet, Quarter 3 2019/20 (38 OOA, up 6 since
 *        September; 16 in-house residential beds).
 *   000: report to the OSMC, Quarter 1 2020/21 (44 OOA against a target of
 *        32; fostering 42/58 against 40/60, 48/52 a year before; SGO/CAO
 *        549 against a budgeted 555). */
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

static json_t *get_json(const char *path)
{
    th_resp r = th_get(path);
    ck_assert_msg(r.status == 200, "%s: %ld %s", path, r.status, r.body);
    json_t *j = json_incref(r.json);
    th_free(&r);
    return j;
}

static void put_ok(const char *path, const char *key, const char *body)
{
    th_resp r = th_put(path, key, body);
    ck_assert_msg(r.status == 200 || r.status == 201, "%s: %ld %s", path, r.status, r.body);
    th_free(&r);
}

static const json_t *item(const json_t *doc, const char *code)
{
    size_t i;
    const json_t *it;
    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "code")), code) == 0)
            return it;
    }
    ck_abort_msg("no item %s", code);
    return NULL;
}

static json_int_t num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

static double real(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    ck_assert_msg(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

static bool is_null(const json_t *o, const char *key)
{
    return json_is_null(json_object_get(o, key));
}

/* The papers' printed figures, as the demo loads them: 23 cells. */
START_TEST(papers_figures)
{
    th_load_demo();
    json_t *q = get_json("/api/v1/quarters/2020-21-Q1/placements?decimals=0");
    const json_t *ooa = item(q, "out-of-area");
    ck_assert_int_eq(num(ooa, "count"), 44);          /* 000 ¶37, ¶49 */
    ck_assert_int_eq(num(ooa, "budgeted_count"), 32); /* 000 ¶49 */
    ck_assert_int_eq(num(ooa, "contract_count"), 21); /* 001 */
    ck_assert_int_eq(num(ooa, "count_vs_budget"), 12);
    ck_assert_int_eq(num(ooa, "count_vs_contract"), 23);
    const json_t *sgo = item(q, "sgo-cao");
    ck_assert_int_eq(num(sgo, "count"), 549);          /* 000 ¶57 */
    ck_assert_int_eq(num(sgo, "budgeted_count"), 555); /* 000 ¶57: 525 + 30 */
    ck_assert_int_eq(num(sgo, "count_vs_budget"), -6);
    const json_t *f = json_object_get(q, "fostering");
    ck_assert_int_eq(num(f, "agency_share_pct"), 42);                          /* 000 ¶38 */
    ck_assert_int_eq(num(f, "in_house_share_pct"), 58);                        /* 000 ¶38 */
    ck_assert_int_eq(num(f, "budgeted_agency_share_pct"), 40);                 /* 000 ¶53 */
    ck_assert_int_eq(num(f, "budgeted_in_house_share_pct"), 60);               /* 000 ¶53 */
    ck_assert_int_eq(num(f, "same_quarter_last_year_in_house_share_pct"), 52); /* 000 ¶38 */
    ck_assert(is_null(f, "previous_quarter_in_house_share_pct"));
    /* no costs in the papers: no effects */
    ck_assert(is_null(ooa, "volume_effect_weekly"));
    ck_assert(is_null(ooa, "price_effect_quarter"));
    json_decref(q);

    q = get_json("/api/v1/quarters/2019-20-Q3/placements");
    ooa = item(q, "out-of-area");
    ck_assert_int_eq(num(ooa, "count"), 38);                  /* 002 ¶35 */
    ck_assert_int_eq(num(ooa, "previous_quarter_count"), 32); /* 002 ¶35 */
    ck_assert_int_eq(num(ooa, "change_vs_previous_quarter"), 6);
    ck_assert(real(ooa, "change_vs_previous_quarter_pct") == 18.8);
    ck_assert_int_eq(num(item(q, "in-house-residential"), "count"), 16); /* 002 ¶35 */
    json_decref(q);

    q = get_json("/api/v1/quarters/2017-18-Q2/placements");
    ooa = item(q, "out-of-area");
    ck_assert_int_eq(num(ooa, "count"), 31);          /* 001 */
    ck_assert_int_eq(num(ooa, "contract_count"), 21); /* 001 */
    json_decref(q);

    q = get_json("/api/v1/quarters/2017-18-Q2/demand");
    const json_t *lac = item(q, "looked-after-children");
    ck_assert_int_eq(num(lac, "value"), 539);     /* 001 */
    ck_assert(real(lac, "rate_per_10k") == 82.3); /* 001 */
    const json_t *b = json_object_get(lac, "benchmarks");
    ck_assert(real(json_object_get(b, "national"), "value") == 60);               /* 001 */
    ck_assert(real(json_object_get(b, "statistical_neighbours"), "value") == 76); /* 001 */
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(b, "national"), "comparison")), "above");
    ck_assert(json_is_null(json_object_get(b, "regional")));
    json_decref(q);

    q = get_json("/api/v1/quarters/2016-17-Q4/demand");
    lac = item(q, "looked-after-children");
    ck_assert_int_eq(num(lac, "value"), 512);     /* 001 */
    ck_assert(real(lac, "rate_per_10k") == 78.6); /* 001 */
    ck_assert(is_null(lac, "benchmarks"));
    json_decref(q);

    /* flow measures never have a rate; a year with no population neither */
    q = get_json("/api/v1/quarters/2020-21-Q1/demand");
    ck_assert(is_null(item(q, "contacts"), "rate_per_10k"));
    ck_assert_int_eq(num(item(q, "looked-after-children"), "value"), 513);
    ck_assert(is_null(item(q, "looked-after-children"), "rate_per_10k"));
    json_decref(q);
    q = get_json("/api/v1/demand-measures");
    ck_assert_str_eq(json_string_value(json_object_get(item(q, "contacts"), "kind")), "flow");
    ck_assert_str_eq(json_string_value(json_object_get(item(q, "looked-after-children"), "kind")),
                     "snapshot");
    json_decref(q);
}
END_TEST

/* The report has them where the papers do: the rate and comparators
 * beside the demand table, the ladder and the split after the finance. */
START_TEST(in_the_report)
{
    th_load_demo();
    th_resp r = th_get("/api/v1/quarters/2017-18-Q2/report?format=markdown");
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(strstr(r.body, "Looked After Children: 539 (82.3 per 10,000 children); "
                                 "national 60, statistical neighbours 76 per 10,000.") != NULL,
                  "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "| Out of Area placements | 31 |  | 21 |"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=markdown&decimals=0");
    ck_assert_ptr_nonnull(strstr(r.body, "## Placements"));
    ck_assert_ptr_nonnull(strstr(r.body, "| Out of Area placements | 44 | 32 | 21 | 12 |"));
    ck_assert_ptr_nonnull(strstr(
        r.body, "| Special Guardianship and Child Arrangement Order allowances | 549 | 555 |"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "The fostering placement split is 42% agency and 58% in-house (52% "
                       "in-house in the same quarter last year), against a budgeted 40% / 60%."));
    ck_assert_ptr_null(strstr(r.body, "per 10,000")); /* no population for 2020-21 */
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=csv&decimals=0");
    ck_assert_ptr_nonnull(
        strstr(r.body, "\r\nplacements,Out of Area placements,Placements,44\r\n"));
    th_free(&r);
    /* a quarter without placements has no such section */
    r = th_get("/api/v1/quarters/2018-19-Q1/report");
    ck_assert_ptr_null(strstr(r.body, "Placements\n"));
    th_free(&r);
}
END_TEST

static void define_ladder(void)
{
    put_ok("/api/v1/placement-types/ooa", th_admin_key,
           "{\"name\": \"Out of Area\", \"position\": 3}");
    put_ok("/api/v1/placement-types/ihf", th_admin_key,
           "{\"name\": \"In-house fostering\", \"position\": 1, \"group\": "
           "\"fostering_in_house\"}");
    put_ok("/api/v1/placement-types/ifa", th_admin_key,
           "{\"name\": \"IFA\", \"position\": 2, \"group\": \"fostering_agency\"}");
}

/* volume = (count - budgeted) x budgeted cost; price = (cost - budgeted
 * cost) x count; a quarter is 13 weeks; exact to the penny. */
START_TEST(volume_and_price)
{
    define_ladder();
    th_resp r = th_get("/api/v1/placement-types");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "code")), "ihf");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 2), "group")),
                     "other");
    th_free(&r);

    put_ok("/api/v1/quarters/2020-21-Q4/placements/ooa", th_writer_key, "{\"count\": 40}");
    r = th_put("/api/v1/quarters/2021-22-Q1/placements/ooa", th_writer_key,
               "{\"count\": 44, \"budgeted_count\": 32, \"average_weekly_cost\": 4000.5, "
               "\"budgeted_weekly_cost\": 3800}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/quarters/2021-22-Q1/placements/ooa");
    ck_assert_int_eq(num(r.json, "volume_effect_weekly"), 45600);   /* 12 x 3800 */
    ck_assert_int_eq(num(r.json, "volume_effect_quarter"), 592800); /* x 13 */
    ck_assert_int_eq(num(r.json, "price_effect_weekly"), 8822);     /* 200.50 x 44 */
    ck_assert_int_eq(num(r.json, "price_effect_quarter"), 114686);
    ck_assert_int_eq(num(r.json, "cost_effect_weekly"), 54422);
    ck_assert_int_eq(num(r.json, "cost_effect_quarter"), 707486);
    ck_assert(real(r.json, "average_weekly_cost") == 4000.5);
    ck_assert_int_eq(num(r.json, "change_vs_previous_quarter"), 4);
    ck_assert(real(r.json, "change_vs_previous_quarter_pct") == 10.0);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "quarter")), "2021-22-Q1");
    th_free(&r);
    /* pence: (10.01 - 10.00) x 3 = 0.03 a week, 0.39 a quarter */
    put_ok("/api/v1/quarters/2021-22-Q1/placements/ifa", th_writer_key,
           "{\"count\": 3, \"budgeted_count\": 3, \"average_weekly_cost\": 10.01, "
           "\"budgeted_weekly_cost\": 10}");
    put_ok("/api/v1/quarters/2021-22-Q1/placements/ihf", th_writer_key, "{\"count\": 5}");
    json_t *q = get_json("/api/v1/quarters/2021-22-Q1/placements");
    const json_t *ifa = item(q, "ifa");
    ck_assert(real(ifa, "price_effect_weekly") == 0.03);
    ck_assert(real(ifa, "price_effect_quarter") == 0.39);
    ck_assert_int_eq(num(ifa, "volume_effect_weekly"), 0);
    ck_assert(is_null(item(q, "ihf"), "volume_effect_weekly"));
    const json_t *t = json_object_get(q, "totals");
    ck_assert_int_eq(num(t, "count"), 52);
    ck_assert_int_eq(num(t, "budgeted_count"), 35);
    ck_assert_int_eq(num(t, "previous_quarter_count"), 40);
    ck_assert_int_eq(num(t, "volume_effect_weekly"), 45600);
    ck_assert(real(t, "price_effect_weekly") == 8822.03);
    const json_t *f = json_object_get(q, "fostering");
    ck_assert(real(f, "in_house_share_pct") == 62.5); /* 5 of 8 */
    ck_assert(real(f, "agency_share_pct") == 37.5);
    ck_assert(is_null(f, "budgeted_in_house_share_pct")); /* in-house has no budget */
    json_decref(q);

    /* the same figures again: 200 and no new revision */
    r = th_put("/api/v1/quarters/2021-22-Q1/placements/ooa", th_writer_key,
               "{\"count\": 44, \"budgeted_count\": 32, \"average_weekly_cost\": 4000.50, "
               "\"budgeted_weekly_cost\": 3800.00, \"code\": \"ooa\"}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    q = get_json("/api/v1/quarters/2021-22-Q1/revisions?kind=placement&code=ooa");
    ck_assert_int_eq(json_array_size(json_object_get(q, "items")), 1);
    json_decref(q);
}
END_TEST

static void assert_pointers(const char *method, const char *path, const char *key, const char *body,
                            long status, const char *const *ptrs)
{
    th_resp r = th_request(method, path, key, body, NULL, NULL);
    size_t n = th_assert_problem(&r, status);
    size_t want = 0;
    for (; ptrs[want]; want++)
        ck_assert_msg(th_has_error_pointer(&r, ptrs[want]), "%s: no %s in %s", path, ptrs[want],
                      r.body);
    ck_assert_msg(n == want, "%s: %zu problems, want %zu: %s", path, n, want, r.body);
    th_free(&r);
}

/* Every problem with its pointer, and nothing stored. */
START_TEST(validation)
{
    define_ladder();
    char *before = th_db_dump();
    static const char *const fig[] = {"/count",
                                      "/budgeted_count",
                                      "/average_weekly_cost",
                                      "/budgeted_weekly_cost",
                                      "/colour",
                                      "/code",
                                      NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key,
                    "{\"count\": -1, \"budgeted_count\": \"32\", \"average_weekly_cost\": "
                    "10.005, \"budgeted_weekly_cost\": -5, \"colour\": 1, \"code\": \"ifa\"}",
                    422, fig);
    static const char *const missing[] = {"/count", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key,
                    "{\"contract_count\": 21}", 422, missing);
    static const char *const not_obj[] = {"", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key, "[44]", 422,
                    not_obj);
    static const char *const type[] = {"/name", "/group", "/position", NULL};
    assert_pointers("PUT", "/api/v1/placement-types/ooa", th_admin_key,
                    "{\"name\": \"\", \"group\": \"kinship\", \"position\": -2}", 422, type);
    static const char *const pop[] = {"/children", "/year", NULL};
    assert_pointers("PUT", "/api/v1/populations/2017-18", th_writer_key,
                    "{\"children\": 0, \"year\": \"2018-19\"}", 422, pop);
    static const char *const kind[] = {"/kind", NULL};
    assert_pointers("PUT", "/api/v1/demand-measures/contacts", th_admin_key,
                    "{\"name\": \"Contacts\", \"kind\": \"stock\"}", 422, kind);
    static const char *const bench[] = {"/national", "/regional_rank", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/demand/looked-after-children/benchmarks",
                    th_writer_key, "{\"national\": \"60\", \"regional_rank\": 0}", 422, bench);
    static const char *const ret[] = {"/placements/0/count", "/placements/1/code",
                                      "/placements/2/code", "/demand/0/value", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/return", th_writer_key,
                    "{\"placements\": [{\"code\": \"ooa\", \"count\": 1.5}, {\"code\": "
                    "\"nope\", \"count\": 1}, {\"code\": \"ooa\", \"count\": 2}], \"demand\": "
                    "[{\"code\": \"contacts\", \"value\": -1}]}",
                    422, ret);
    static const char *const ret_shape[] = {"/placements", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2020-21-Q1/return", th_writer_key,
                    "{\"placements\": {\"ooa\": 1}}", 422, ret_shape);
    char *after = th_db_dump();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);

    th_resp r =
        th_put("/api/v1/quarters/2020-21-Q1/placements/nope", th_writer_key, "{\"count\": 1}");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/placements/nope");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/demand/nope/benchmarks", th_writer_key,
               "{\"national\": 60}");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/contacts/benchmarks");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/populations/2017", th_writer_key, "{\"children\": 1}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/populations/2017-18-Q1", th_writer_key, "{\"children\": 1}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/populations/2017-18");
    th_assert_problem(&r, 404);
    th_free(&r);
    /* roles: figures need a writer, types an admin */
    r = th_put("/api/v1/placement-types/x", th_writer_key, "{\"name\": \"X\"}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/placements/ooa", th_reader_key, "{\"count\": 1}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
}
END_TEST

/* A rate needs a snapshot measure and the population of the quarter's
 * financial year; comparators are rates; all of it pushable in the return
 * and one by one. */
START_TEST(rates_per_10k)
{
    put_ok("/api/v1/quarters/2017-18-Q2/demand/looked-after-children", th_writer_key,
           "{\"value\": 539}");
    put_ok("/api/v1/quarters/2017-18-Q2/demand/contacts", th_writer_key, "{\"value\": 5000}");
    json_t *q = get_json("/api/v1/quarters/2017-18-Q2/demand");
    ck_assert(is_null(item(q, "looked-after-children"), "rate_per_10k")); /* a flow, by default */
    json_decref(q);
    th_resp r = th_put("/api/v1/demand-measures/looked-after-children", th_admin_key,
                       "{\"name\": \"Looked After Children\", \"kind\": \"snapshot\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "kind")), "snapshot");
    th_free(&r);
    q = get_json("/api/v1/quarters/2017-18-Q2/demand");
    ck_assert(is_null(item(q, "looked-after-children"), "rate_per_10k")); /* no population */
    json_decref(q);
    r = th_put("/api/v1/populations/2017-18", th_writer_key, "{\"children\": 65500}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/populations/2017-18");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "year")), "2017-18");
    ck_assert_int_eq(num(r.json, "children"), 65500);
    th_free(&r);
    r = th_put("/api/v1/quarters/2017-18-Q2/demand/looked-after-children/benchmarks", th_writer_key,
               "{\"national\": 60, \"statistical_neighbours\": 76}");
    ck_assert_int_eq(r.status, 201);
    ck_assert(real(json_object_get(r.json, "national"), "value") == 60);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "measure")),
                     "looked-after-children");
    th_free(&r);
    r = th_get("/api/v1/quarters/2017-18-Q2/demand/looked-after-children");
    ck_assert(real(r.json, "rate_per_10k") == 82.3);
    const json_t *b = json_object_get(r.json, "benchmarks");
    ck_assert(real(json_object_get(b, "statistical_neighbours"), "value") == 76);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b, "statistical_neighbours"),
                                                       "comparison")),
                     "above");
    th_free(&r);
    r = th_get("/api/v1/quarters/2017-18-Q2/demand/contacts");
    ck_assert(is_null(r.json, "rate_per_10k"));
    th_free(&r);
    /* the same population covers every quarter of its year, not the next */
    put_ok("/api/v1/quarters/2017-18-Q4/demand/looked-after-children", th_writer_key,
           "{\"value\": 500}");
    put_ok("/api/v1/quarters/2018-19-Q1/demand/looked-after-children", th_writer_key,
           "{\"value\": 500}");
    r = th_get("/api/v1/quarters/2017-18-Q4/demand/looked-after-children");
    ck_assert(real(r.json, "rate_per_10k") == 76.3); /* 500 / 65,500 */
    th_free(&r);
    r = th_get("/api/v1/quarters/2018-19-Q1/demand/looked-after-children");
    ck_assert(is_null(r.json, "rate_per_10k"));
    th_free(&r);
    q = get_json("/api/v1/populations");
    ck_assert_int_eq(json_array_size(json_object_get(q, "items")), 1);
    json_decref(q);

    /* placements in the return, with its counts */
    put_ok("/api/v1/placement-types/ooa", th_admin_key, "{\"name\": \"Out of Area\"}");
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key,
               "{\"placements\": [{\"code\": \"ooa\", \"count\": 44, \"budgeted_count\": 32}]}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(
        num(json_object_get(json_object_get(r.json, "counts"), "placements"), "created"), 1);
    ck_assert_int_eq(num(r.json, "created"), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/placements/ooa");
    ck_assert_int_eq(num(r.json, "count"), 44);
    th_free(&r);
}
END_TEST

static char *newest_at(const char *quarter, const char *kind)
{
    char path[200];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/revisions?kind=%s", quarter, kind);
    json_t *j = get_json(path);
    const json_t *first = json_array_get(json_object_get(j, "items"), 0);
    ck_assert_ptr_nonnull(first);
    char *at = strdup(json_string_value(json_object_get(first, "at")));
    json_decref(j);
    return at;
}

/* Revisions, as_of and sign-off locks, as for every figure. */
START_TEST(as_of_and_locks)
{
    define_ladder();
    put_ok("/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key, "{\"count\": 45}");
    put_ok("/api/v1/populations/2020-21", th_writer_key, "{\"children\": 60000}");
    put_ok("/api/v1/quarters/2020-21-Q1/demand/looked-after-children/benchmarks", th_writer_key,
           "{\"national\": 60}");
    usleep(5000);
    char *p_at = newest_at("2020-21-Q1", "placement");
    char *pop_at = newest_at("2020-21-Q1", "population");
    char *b_at = newest_at("2020-21-Q1", "demand_benchmark");
    usleep(5000);
    put_ok("/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key, "{\"count\": 44}");
    put_ok("/api/v1/populations/2020-21", th_writer_key, "{\"children\": 61000}");
    put_ok("/api/v1/quarters/2020-21-Q1/demand/looked-after-children/benchmarks", th_writer_key,
           "{\"national\": 61}");
    char path[256];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/placements/ooa?as_of=%s", p_at);
    json_t *j = get_json(path);
    ck_assert_int_eq(num(j, "count"), 45);
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/placements?as_of=%s", p_at);
    j = get_json(path);
    ck_assert_int_eq(num(item(j, "ooa"), "count"), 45);
    json_decref(j);
    j = get_json("/api/v1/quarters/2020-21-Q1/placements/ooa");
    ck_assert_int_eq(num(j, "count"), 44);
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/populations/2020-21?as_of=%s", pop_at);
    j = get_json(path);
    ck_assert_int_eq(num(j, "children"), 60000);
    json_decref(j);
    snprintf(path, sizeof path,
             "/api/v1/quarters/2020-21-Q1/demand/looked-after-children/benchmarks?as_of=%s", b_at);
    j = get_json(path);
    ck_assert(real(json_object_get(j, "national"), "value") == 60);
    json_decref(j);
    free(p_at);
    free(pop_at);
    free(b_at);
    j = get_json("/api/v1/quarters/2020-21-Q1/revisions?kind=placement");
    ck_assert_int_eq(json_array_size(json_object_get(j, "items")), 2);
    json_decref(j);

    /* a locked quarter: no placement, population of its year or comparator
     * changes, one by one or in the return */
    th_resp r = th_request("POST", "/api/v1/quarters/2020-21-Q3/lock", th_admin_key,
                           "{\"reason\": \"Signed off\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    char *before = th_db_dump();
    static const char *const writes[][2] = {
        {"/api/v1/quarters/2020-21-Q3/placements/ooa", "{\"count\": 1}"},
        {"/api/v1/quarters/2020-21-Q3/return",
         "{\"placements\": [{\"code\":\"ooa\",\"count\":1}]}"},
        {"/api/v1/populations/2020-21", "{\"children\": 1}"},
        {"/api/v1/quarters/2020-21-Q3/demand/looked-after-children/benchmarks",
         "{\"national\": 1}"},
    };
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
        r = th_put(writes[i][0], th_admin_key, writes[i][1]);
        ck_assert_msg(r.status == 409, "%s: %ld", writes[i][0], r.status);
        th_free(&r);
    }
    char *after = th_db_dump();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    /* another year's population is open */
    put_ok("/api/v1/populations/2021-22", th_writer_key, "{\"children\": 1}");
}
END_TEST

START_TEST(csv_forms)
{
    define_ladder();
    put_ok("/api/v1/quarters/2020-21-Q1/placements/ooa", th_writer_key,
           "{\"count\": 44, \"budgeted_count\": 32, \"contract_count\": 21}");
    put_ok("/api/v1/populations/2020-21", th_writer_key, "{\"children\": 60000}");
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/placements?format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
    static const char head[] = "code,name,position,group,count,budgeted_count,contract_count,"
                               "average_weekly_cost,budgeted_weekly_cost,count_vs_budget,"
                               "count_vs_contract,volume_effect_weekly,";
    ck_assert_msg(strncmp(r.body, head, sizeof head - 1) == 0, "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nooa,Out of Area,3,other,44,32,21,,,12,23,"));
    th_free(&r);
    r = th_get("/api/v1/populations?format=csv");
    ck_assert_str_eq(r.body, "year,children\r\n2020-21,60000\r\n");
    th_free(&r);
    r = th_get("/api/v1/placement-types?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "code,name,position,group\r\nihf,"));
    th_free(&r);
}
END_TEST

/* The return as CSV takes placement rows, and its template asks for them
 * with last quarter's figures beside them. */
START_TEST(csv_return_and_template)
{
    define_ladder();
    th_resp r = th_request("PUT", "/api/v1/quarters/2020-21-Q4/return", th_writer_key,
                           "section,code,field,value\r\nplacement,ooa,count,40\r\n"
                           "placement,ooa,budgeted_weekly_cost,3800.50\r\n",
                           "text/csv", NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q4/placements/ooa");
    ck_assert_int_eq(num(r.json, "count"), 40);
    ck_assert(real(r.json, "budgeted_weekly_cost") == 3800.5);
    th_free(&r);
    char *before = th_db_dump();
    r = th_request("PUT", "/api/v1/quarters/2021-22-Q1/return", th_writer_key,
                   "section,code,field,value\r\nplacement,ooa,count,41\r\n"
                   "placement,ooa,average_weekly_cost,1.234\r\n",
                   "text/csv", NULL);
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/placements/0/average_weekly_cost"));
    th_free(&r);
    char *after = th_db_dump();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);

    json_t *t = get_json("/api/v1/quarters/2021-22-Q1/return/template");
    size_t i, rows = 0;
    const json_t *it;
    json_array_foreach(json_object_get(t, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "section")), "placement") != 0)
            continue;
        rows++;
        const char *field = json_string_value(json_object_get(it, "field"));
        const char *code = json_string_value(json_object_get(it, "code"));
        if (strcmp(code, "ooa") == 0 && strcmp(field, "count") == 0)
            ck_assert_int_eq(num(it, "previous_value"), 40);
        if (strcmp(code, "ooa") == 0 && strcmp(field, "budgeted_weekly_cost") == 0)
            ck_assert(real(it, "previous_value") == 3800.5);
        if (strcmp(code, "ifa") == 0)
            ck_assert(is_null(it, "previous_value"));
    }
    ck_assert_uint_eq(rows, 15); /* three rungs, five fields each */
    json_decref(t);
}
END_TEST

/* Populations and comparator rates are in the return too, as JSON and as
 * CSV, validated with the rest of it. */
START_TEST(rates_in_the_return)
{
    put_ok("/api/v1/demand-measures/looked-after-children", th_admin_key,
           "{\"name\": \"Looked After Children\", \"kind\": \"snapshot\"}");
    char *before = th_db_dump();
    static const char *const bad[] = {"/population/children",      "/population/year",
                                      "/demand_benchmarks/0/code", "/demand_benchmarks/1/national",
                                      "/demand_benchmarks/2/code", NULL};
    assert_pointers("PUT", "/api/v1/quarters/2017-18-Q2/return", th_writer_key,
                    "{\"population\": {\"children\": -5, \"year\": \"2018-19\"}, "
                    "\"demand_benchmarks\": [{\"code\": \"nope\", \"national\": 1}, "
                    "{\"code\": \"contacts\", \"national\": \"60\"}, "
                    "{\"code\": \"contacts\", \"national\": 61}], "
                    "\"demand\": [{\"code\": \"looked-after-children\", \"value\": 539}]}",
                    422, bad);
    char *after = th_db_dump();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    th_resp r = th_put("/api/v1/quarters/2017-18-Q2/return", th_writer_key,
                       "{\"population\": {\"children\": 65500}, \"demand_benchmarks\": "
                       "[{\"code\": \"looked-after-children\", \"national\": 60, "
                       "\"statistical_neighbours\": 76}], \"demand\": [{\"code\": "
                       "\"looked-after-children\", \"value\": 539}]}");
    ck_assert_msg(r.status == 200, "%s", r.body);
    const json_t *counts = json_object_get(r.json, "counts");
    ck_assert_int_eq(num(json_object_get(counts, "population"), "created"), 1);
    ck_assert_int_eq(num(json_object_get(counts, "demand_benchmarks"), "created"), 1);
    ck_assert_int_eq(num(r.json, "created"), 3);
    th_free(&r);
    r = th_get("/api/v1/quarters/2017-18-Q2/demand/looked-after-children");
    ck_assert(real(r.json, "rate_per_10k") == 82.3);
    ck_assert(real(json_object_get(json_object_get(r.json, "benchmarks"), "statistical_neighbours"),
                   "value") == 76);
    th_free(&r);
    /* the same as CSV, for the next year; a bad cell points at its row */
    r = th_request("PUT", "/api/v1/quarters/2018-19-Q1/return", th_writer_key,
                   "section,code,field,value\r\npopulation,,children,65000\r\n"
                   "demand_benchmark,looked-after-children,national,64\r\n"
                   "demand,looked-after-children,value,520\r\n",
                   "text/csv", NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    th_free(&r);
    r = th_get("/api/v1/quarters/2018-19-Q1/demand/looked-after-children");
    ck_assert(real(r.json, "rate_per_10k") == 80.0); /* 520 / 65,000 */
    ck_assert(real(json_object_get(json_object_get(r.json, "benchmarks"), "national"), "value") ==
              64);
    th_free(&r);
    r = th_get("/api/v1/populations/2018-19");
    ck_assert_int_eq(num(r.json, "children"), 65000);
    th_free(&r);
    r = th_request("PUT", "/api/v1/quarters/2018-19-Q2/return", th_writer_key,
                   "section,code,field,value\r\npopulation,,children,many\r\n", "text/csv", NULL);
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/population/children"));
    ck_assert_ptr_nonnull(strstr(r.body, "\"row\":2"));
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ladder");
    TCase *tc = tcase_create("ladder");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, papers_figures);
    tcase_add_test(tc, in_the_report);
    tcase_add_test(tc, volume_and_price);
    tcase_add_test(tc, validation);
    tcase_add_test(tc, rates_per_10k);
    tcase_add_test(tc, rates_in_the_return);
    tcase_add_test(tc, as_of_and_locks);
    tcase_add_test(tc, csv_forms);
    tcase_add_test(tc, csv_return_and_template);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
