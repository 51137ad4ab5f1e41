/* test_money.c - acceptance: the demand and finance tables of two Doncaster
 * Council papers (docs/SOURCES.md), pushed as quarterly returns and read
 * back computed.
 *   The 2020/21 Q1 paper: report to the Overview and Scrutiny Management
 *   Committee, "Performance Challenge of Doncaster Children's Services
 *   Trust: Quarter 1, 2020/21" (implications signed off August 2020):
 *   demand ¶19, finance ¶33, key variances ¶42-65.
 *   The 2019/20 Q3 paper: report to Cabinet, "Performance Challenge of
 *   Doncaster Children's Services Trust: Quarter 3, 2019/20" (implications
 *   signed off 27 January 2020): demand ¶17, finance ¶33. */
#include <check.h>
#include <string.h>

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

static void push_demand(const char *quarter, int contacts, int referrals, int cin, int lac)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/return", quarter);
    snprintf(body, sizeof body,
             "{\"demand\": [{\"code\": \"contacts\", \"value\": %d}, {\"code\": \"referrals\", "
             "\"value\": %d}, {\"code\": \"children-in-need\", \"value\": %d}, {\"code\": "
             "\"looked-after-children\", \"value\": %d}]}",
             contacts, referrals, cin, lac);
    th_resp r = th_put(path, th_writer_key, body);
    ck_assert_msg(r.status == 200, "%s: %s", path, r.body);
    th_free(&r);
}

/* Pushes a return file of the demo data for quarter q. */
static void push_file(const char *file, const char *quarter)
{
    json_t *doc = th_load_source_json(file);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/return", quarter);
    json_object_del(doc, "indicators");
    json_object_del(doc, "outturns"); /* KPI figures too: no indicators are defined here */
    th_resp r = th_put_json(path, th_writer_key, doc);
    ck_assert_msg(r.status == 200, "%s: %s", path, r.body);
    th_free(&r);
    json_decref(doc);
}

static void assert_change(const json_t *items, size_t i, const char *code, int vs_prev,
                          int vs_last_year)
{
    const json_t *it = json_array_get(items, i);
    ck_assert_str_eq(json_string_value(json_object_get(it, "code")), code);
    ck_assert_msg(json_integer_value(json_object_get(it, "change_vs_previous_quarter_pct")) ==
                      vs_prev,
                  "%s vs previous quarter: %s", code, json_dumps(it, 0));
    ck_assert_msg(json_integer_value(json_object_get(it, "change_vs_same_quarter_last_year_pct")) ==
                      vs_last_year,
                  "%s vs same quarter last year", code);
}

/* ¶19 of the 2020/21 Q1 paper: -13/-6, 6/-7, 2/-8, 1/-2. */
START_TEST(demand_2020_21_q1)
{
    push_demand("2019-20-Q1", 5687, 1200, 2519, 523);
    push_demand("2019-20-Q2", 5590, 924, 2289, 537);
    push_demand("2019-20-Q3", 5262, 946, 2221, 519);
    push_demand("2019-20-Q4", 6150, 1052, 2264, 509);
    push_demand("2020-21-Q1", 5349, 1117, 2317, 513);
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/demand?decimals=0");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    ck_assert_int_eq(json_array_size(items), 4);
    assert_change(items, 0, "contacts", -13, -6);
    assert_change(items, 1, "referrals", 6, -7);
    assert_change(items, 2, "children-in-need", 2, -8);
    assert_change(items, 3, "looked-after-children", 1, -2);
    json_t *c = json_array_get(items, 0);
    ck_assert_str_eq(json_string_value(json_object_get(c, "name")), "Contacts to CSC");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "value")), 5349);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "previous_quarter_value")), 6150);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "same_quarter_last_year_value")), 5687);
    th_free(&r);
    /* one decimal by default: -13.0 and -5.9 */
    r = th_get("/api/v1/quarters/2020-21-Q1/demand");
    c = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_double_eq_tol(json_number_value(json_object_get(c, "change_vs_previous_quarter_pct")),
                            -13.0, 1e-9);
    ck_assert_double_eq_tol(
        json_number_value(json_object_get(c, "change_vs_same_quarter_last_year_pct")), -5.9, 1e-9);
    th_free(&r);

    /* the demand table as the paper lays it out */
    r = th_get("/api/v1/demand?from=2019-20-Q1&to=2020-21-Q1");
    ck_assert_int_eq(r.status, 200);
    json_t *expect = json_loads(
        "[\"2019-20-Q1\",\"2019-20-Q2\",\"2019-20-Q3\",\"2019-20-Q4\",\"2020-21-Q1\"]", 0, NULL);
    ck_assert(json_equal(expect, json_object_get(r.json, "quarters")));
    json_decref(expect);
    static const int table[4][5] = {{5687, 5590, 5262, 6150, 5349},
                                    {1200, 924, 946, 1052, 1117},
                                    {2519, 2289, 2221, 2264, 2317},
                                    {523, 537, 519, 509, 513}};
    items = json_object_get(r.json, "items");
    for (size_t m = 0; m < 4; m++) {
        json_t *values = json_object_get(json_array_get(items, m), "values");
        for (size_t q = 0; q < 5; q++)
            ck_assert_int_eq(
                json_integer_value(json_object_get(json_array_get(values, q), "value")),
                table[m][q]);
    }
    th_free(&r);
}
END_TEST

/* ¶17 of the 2019/20 Q3 paper: -6/-14 (see below), 3/-20, -3/-18, -3/-7.
 * The paper prints -14% for contacts against the same quarter last year,
 * but its own figures give (5262 - 6075) / 6075 = -13.38%, which rounds to
 * -13: the service computes -13 and this test asserts the computed value. */
START_TEST(demand_2019_20_q3)
{
    push_demand("2018-19-Q1", 5611, 1307, 2827, 582);
    push_demand("2018-19-Q2", 5694, 991, 2549, 593);
    push_demand("2018-19-Q3", 6075, 1181, 2694, 560);
    push_demand("2018-19-Q4", 5750, 1239, 2638, 534);
    push_demand("2019-20-Q1", 5687, 1200, 2519, 523);
    push_demand("2019-20-Q2", 5590, 924, 2289, 537);
    push_demand("2019-20-Q3", 5262, 949, 2221, 519);
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/demand?decimals=0");
    json_t *items = json_object_get(r.json, "items");
    assert_change(items, 0, "contacts", -6, -13);
    assert_change(items, 1, "referrals", 3, -20);
    assert_change(items, 2, "children-in-need", -3, -18);
    assert_change(items, 3, "looked-after-children", -3, -7);
    th_free(&r);
    /* the table defaults to the five quarters up to the latest */
    r = th_get("/api/v1/demand");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "from")), "2018-19-Q3");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "to")), "2019-20-Q3");
    th_free(&r);
}
END_TEST

START_TEST(demand_missing_base_is_null)
{
    push_demand("2020-21-Q1", 5349, 0, 2317, 513);
    push_demand("2020-21-Q2", 5000, 10, 2300, 500);
    th_resp r = th_get("/api/v1/quarters/2020-21-Q2/demand");
    json_t *items = json_object_get(r.json, "items");
    ck_assert(json_is_null(
        json_object_get(json_array_get(items, 0), "change_vs_same_quarter_last_year_pct")));
    ck_assert(
        json_is_null(json_object_get(json_array_get(items, 0), "same_quarter_last_year_value")));
    /* referrals: base 0 gives null, not infinity */
    ck_assert(
        json_is_null(json_object_get(json_array_get(items, 1), "change_vs_previous_quarter_pct")));
    th_free(&r);
    r = th_get("/api/v1/demand?from=2020-21-Q1&to=2020-21-Q3");
    json_t *values = json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "values");
    ck_assert(json_is_null(json_object_get(json_array_get(values, 2), "value")));
    th_free(&r);
}
END_TEST

/* ¶33 and ¶42-65 of the 2020/21 Q1 paper, pushed with published variances. */
START_TEST(finance_2020_21_q1)
{
    push_file("data/demo/return-2020-21-Q1.json", "2020-21-Q1");
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/finance");
    ck_assert_int_eq(r.status, 200);
    json_t *pos = json_object_get(r.json, "position");
    ck_assert_str_eq(json_string_value(json_object_get(pos, "total")), "overspend");
    ck_assert_int_eq(json_integer_value(json_object_get(pos, "total_variance_net")), -2910);
    ck_assert_int_eq(json_integer_value(json_object_get(pos, "operating_variance_net")), -1749);
    ck_assert_str_eq(json_string_value(json_object_get(pos, "operating")), "overspend");
    json_t *totals = json_object_get(r.json, "totals");
    ck_assert_int_eq(json_integer_value(json_object_get(totals, "covid_variance_net")), -1161);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(totals, "budget"), "gross")), 57045);
    /* the Grand Total as printed, not the lines' sum 57,046 */
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "totals_source")), "published");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "threshold")), 100);
    json_t *keys = json_object_get(r.json, "key_variances");
    static const char *const expect[] = {"children-looked-after", "support-services-management",
                                         "safeguarding", "family-support-services"};
    static const int nets[] = {-2262, -473, -312, 105};
    ck_assert_int_eq(json_array_size(keys), 4);
    for (size_t i = 0; i < 4; i++) {
        json_t *k = json_array_get(keys, i);
        ck_assert_str_eq(json_string_value(json_object_get(k, "code")), expect[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(k, "variance_net")), nets[i]);
    }
    json_t *cla = json_array_get(keys, 0);
    ck_assert_str_eq(json_string_value(json_object_get(cla, "name")), "Children Looked After");
    ck_assert_str_eq(json_string_value(json_object_get(cla, "direction")), "overspend");
    /* ¶44: £1.3m operating overspend (-2,262 less -974 of Covid) */
    ck_assert_int_eq(json_integer_value(json_object_get(cla, "operating_variance_net")), -1288);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(keys, 3), "direction")),
                     "underspend");
    /* published variances are kept: the rounded nets alone would give -2,908 */
    json_t *line = json_array_get(json_object_get(r.json, "lines"), 4);
    ck_assert_str_eq(json_string_value(json_object_get(line, "variance_source")), "published");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(line, "variance"), "net")),
                     -312);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?threshold=300");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "key_variances")), 3);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?threshold=-1");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

/* ¶30-33 of the 2019/20 Q3 paper: a forecast underspend of 1,025. */
START_TEST(finance_2019_20_q3)
{
    push_file("data/demo/return-2019-20-Q3.json", "2019-20-Q3");
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/finance");
    json_t *pos = json_object_get(r.json, "position");
    ck_assert_str_eq(json_string_value(json_object_get(pos, "total")), "underspend");
    ck_assert_int_eq(json_integer_value(json_object_get(pos, "total_variance_net")), 1025);
    ck_assert(
        json_is_null(json_object_get(json_object_get(r.json, "totals"), "covid_variance_net")));
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "as_at")), "2019-12");
    th_free(&r);
}
END_TEST

static const char finance_small[] =
    "{\"units\": \"gbp\", \"lines\": ["
    "{\"code\": \"cla\", \"name\": \"Children Looked After\","
    " \"budget\": {\"gross\": 1000000, \"income\": -200000, \"net\": 800000},"
    " \"outturn\": {\"gross\": 1150000, \"income\": -200000, \"net\": 950000}},"
    "{\"code\": \"ooa\", \"name\": \"Out of Area Placements\", \"parent\": \"cla\","
    " \"budget\": {\"gross\": 500000, \"income\": 0, \"net\": 500000},"
    " \"outturn\": {\"gross\": 600000, \"income\": 0, \"net\": 600000}},"
    "{\"code\": \"yj\", \"name\": \"Youth Justice\","
    " \"budget\": {\"gross\": 90000, \"income\": 0, \"net\": 90000},"
    " \"outturn\": {\"gross\": 80000, \"income\": 0, \"net\": 80000}}]}";

START_TEST(finance_put_get_in_pounds)
{
    th_resp r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_writer_key, finance_small);
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/quarters/2021-22-Q1/finance");
    /* breakdowns are not summed; threshold defaults to 100000 in gbp */
    json_t *pos = json_object_get(r.json, "position");
    ck_assert_int_eq(json_integer_value(json_object_get(pos, "total_variance_net")), -140000);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "threshold")), 100000);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "key_variances")), 1);
    json_t *ooa = json_array_get(json_object_get(r.json, "lines"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(ooa, "parent")), "cla");
    ck_assert_str_eq(json_string_value(json_object_get(ooa, "variance_source")), "computed");
    th_free(&r);
    r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_writer_key, finance_small);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    /* replacing a statement replaces all its lines */
    r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_writer_key,
               "{\"units\":\"gbp\",\"lines\":[{\"code\":\"yj\",\"name\":\"Youth Justice\","
               "\"budget\":{\"gross\":10,\"income\":0,\"net\":10},"
               "\"outturn\":{\"gross\":10,\"income\":0,\"net\":10}}]}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "lines")), 1);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r.json, "position"), "total")),
        "balanced");
    th_free(&r);
    r = th_get("/api/v1/quarters/2022-23-Q1/finance");
    th_assert_problem(&r, 404);
    th_free(&r);
}
END_TEST

START_TEST(finance_validation_lists_every_problem)
{
    const char *bad =
        "{\"units\": \"euros\", \"as_at\": \"2020-13\", \"lines\": ["
        "{\"code\": \"a\", \"name\": \"A\", \"budget\": {\"gross\": -5, \"income\": 3,"
        " \"net\": 10}, \"outturn\": {\"gross\": 1, \"income\": 0, \"net\": 1},"
        " \"variance\": {\"gross\": 50, \"income\": 0, \"net\": 0}},"
        "{\"code\": \"a\", \"name\": \"A again\", \"parent\": \"zzz\","
        " \"budget\": {\"gross\": 1, \"income\": 0, \"net\": 1}}]}";
    th_resp r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_writer_key, bad);
    size_t n = th_assert_problem(&r, 422);
    static const char *const pointers[] = {"/units",
                                           "/as_at",
                                           "/lines/0/budget/gross",
                                           "/lines/0/budget/income",
                                           "/lines/0/budget/net",
                                           "/lines/0/variance/gross",
                                           "/lines/1/outturn",
                                           "/lines/1/code",
                                           "/lines/1/parent"};
    for (size_t i = 0; i < sizeof pointers / sizeof *pointers; i++)
        ck_assert_msg(th_has_error_pointer(&r, pointers[i]), "no problem at %s: %s", pointers[i],
                      r.body);
    ck_assert_int_ge(n, 9);
    th_free(&r);
    r = th_get("/api/v1/quarters/2021-22-Q1/finance");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_writer_key,
               "{\"units\": \"gbp\", \"lines\": []}");
    th_assert_problem(&r, 422);
    th_free(&r);
    r = th_put("/api/v1/quarters/2021-22-Q1/finance", th_reader_key, finance_small);
    th_assert_problem(&r, 403);
    th_free(&r);
}
END_TEST

/* 500 headings of budget 10 and outturn 11, each published as balanced:
 * within a unit per line, 500 units (£500k) overspent in total. */
static json_t *hidden_overspend(void)
{
    json_t *lines = json_array();
    for (int i = 0; i < 500; i++) {
        char code[16];
        snprintf(code, sizeof code, "h%d", i);
        json_array_append_new(lines,
                              json_pack("{s:s, s:s, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, "
                                        "s:{s:i, s:i, s:i}}",
                                        "code", code, "name", code, "budget", "gross", 10, "income",
                                        0, "net", 10, "outturn", "gross", 11, "income", 0, "net",
                                        11, "variance", "gross", 0, "income", 0, "net", 0));
    }
    return json_pack("{s:s, s:o}", "units", "gbp_thousands", "lines", lines);
}

START_TEST(finance_rounding_cannot_hide_an_overspend)
{
    char *before = th_db_dump();
    json_t *statement = hidden_overspend();
    th_resp r = th_put_json("/api/v1/quarters/2021-22-Q1/finance", th_writer_key, statement);
    ck_assert_uint_eq(th_assert_problem(&r, 422), 2);
    ck_assert(th_has_error_pointer(&r, "/lines"));
    ck_assert_ptr_nonnull(strstr(r.body, "net variances add to 0 but total budget - total "
                                         "outturn is -500"));
    th_free(&r);
    /* the same inside a quarterly return */
    json_t *ret = json_pack("{s:O}", "finance", statement);
    r = th_put_json("/api/v1/quarters/2021-22-Q1/return", th_writer_key, ret);
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/finance/lines"));
    th_free(&r);
    json_decref(ret);
    json_decref(statement);
    char *after = th_db_dump();
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
    r = th_get("/api/v1/quarters/2021-22-Q1/finance");
    th_assert_problem(&r, 404);
    th_free(&r);
}
END_TEST

START_TEST(demand_endpoints)
{
    th_resp r = th_get("/api/v1/demand-measures");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 4);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(r.json, "items"), 0), "name")),
                     "Contacts to CSC");
    th_free(&r);
    r = th_put("/api/v1/demand-measures/ehcp", th_writer_key, "{\"name\": \"EHC plans\"}");
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/demand-measures/ehcp", th_admin_key, "{\"name\": \"EHC plans\"}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "position")), 5);
    th_free(&r);
    r = th_get("/api/v1/demand-measures/ehcp");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/demand/ehcp", th_writer_key, "{\"value\": 12}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 12);
    ck_assert_str_eq(r.location, "/api/v1/quarters/2020-21-Q1/demand/ehcp");
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/demand/ehcp", th_writer_key, "{\"value\": 12}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/ehcp");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 12);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/demand/nope", th_writer_key, "{\"value\": 1}");
    th_assert_problem(&r, 404);
    th_free(&r);
    static const char *const bad[] = {"{\"value\": -1}", "{\"value\": 1.5}", "{\"value\": \"3\"}",
                                      "{}", "{\"value\": 1, \"note\": 2}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = th_put("/api/v1/quarters/2020-21-Q1/demand/contacts", th_writer_key, bad[i]);
        th_assert_problem(&r, 422);
        th_free(&r);
    }
    r = th_get("/api/v1/demand?from=2020-21-Q2&to=2020-21-Q1");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/demand?from=2020-21");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/demand?from=1990-91-Q1&to=2099-00-Q4");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand?decimals=5");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api demand and finance");
    TCase *tc = tcase_create("demand and finance");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, demand_2020_21_q1);
    tcase_add_test(tc, demand_2019_20_q3);
    tcase_add_test(tc, demand_missing_base_is_null);
    tcase_add_test(tc, finance_2020_21_q1);
    tcase_add_test(tc, finance_2019_20_q3);
    tcase_add_test(tc, finance_put_get_in_pounds);
    tcase_add_test(tc, finance_validation_lists_every_problem);
    tcase_add_test(tc, finance_rounding_cannot_hide_an_overspend);
    tcase_add_test(tc, demand_endpoints);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
