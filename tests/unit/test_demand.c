/* test_demand.c - lib/demand (docs/API.md §15): % change against a base,
 * half away from zero at decimals and null when the base is missing or 0;
 * the per-quarter row as JSON; validation of demand values and measure
 * documents. The figures are the seed papers' (contacts 5349 in 2020/21
 * Q1, referrals restated 949 -> 946 for 2019/20 Q3). */
#include <check.h>
#include <string.h>

#include "demand.h"
#include "unit.h"

static double change(int64_t value, int64_t base, int decimals)
{
    double out = -12345;
    ck_assert_msg(sc_demand_change(true, value, true, base, decimals, &out),
                  "change(%lld, %lld) refused", (long long)value, (long long)base);
    return out;
}

START_TEST(change_rounding)
{
    ck_assert(change(110, 100, 1) == 10.0);
    ck_assert(change(90, 100, 1) == -10.0);
    ck_assert(change(100, 100, 1) == 0.0);
    ck_assert(change(1117, 946, 1) == 18.1); /* 18.076 */
    ck_assert(change(1117, 946, 0) == 18.0);
    ck_assert(change(1117, 946, 2) == 18.08);
    ck_assert(change(946, 949, 2) == -0.32); /* -0.3161 */
    ck_assert(change(946, 949, 1) == -0.3);
    /* exact halves away from zero: 1/8 = 12.5%, -12.5% */
    ck_assert(change(9, 8, 0) == 13.0);
    ck_assert(change(7, 8, 0) == -13.0);
    ck_assert(change(9, 8, 1) == 12.5);
    ck_assert(change(2001, 2000, 2) == 0.05);
    ck_assert(change(1999, 2000, 2) == -0.05);
    ck_assert(change(2001, 2000, 1) == 0.1); /* 0.05 -> 0.1 */
    ck_assert(change(1999, 2000, 1) == -0.1);
    ck_assert(change(0, 5, 1) == -100.0);
    ck_assert(change(5349, 1, 0) == 534800.0);
}
END_TEST

START_TEST(change_null_cases)
{
    double out = 7;
    ck_assert(!sc_demand_change(true, 10, true, 0, 1, &out)); /* base 0 */
    ck_assert(!sc_demand_change(true, 0, true, 0, 1, &out));
    ck_assert(!sc_demand_change(false, 10, true, 5, 1, &out)); /* no value */
    ck_assert(!sc_demand_change(true, 10, false, 5, 1, &out)); /* no base */
    ck_assert(out == 7);
}
END_TEST

START_TEST(row_json)
{
    sc_demand_measure m = {(char *)"referrals", (char *)"Referrals", 2, SC_DEMAND_FLOW};
    sc_demand_row row = {&m, {true, true, true}, {1117, 946, 1000}, false, 0, false, 0, NULL};
    json_t *j = sc_demand_row_to_json(&row, 1);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "code")), "referrals");
    ck_assert_str_eq(json_string_value(json_object_get(j, "name")), "Referrals");
    ck_assert_int_eq(json_integer_value(json_object_get(j, "value")), 1117);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "previous_quarter_value")), 946);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "same_quarter_last_year_value")), 1000);
    ck_assert(json_real_value(json_object_get(j, "change_vs_previous_quarter_pct")) == 18.1);
    ck_assert(json_real_value(json_object_get(j, "change_vs_same_quarter_last_year_pct")) == 11.7);
    ck_assert_uint_eq(json_object_size(j), 11);
    ck_assert(json_is_null(json_object_get(j, "rate_per_10k")));
    ck_assert(json_is_null(json_object_get(j, "benchmarks")));
    json_decref(j);

    /* decimals 0: whole numbers; a missing base gives nulls */
    row.has[2] = false;
    j = sc_demand_row_to_json(&row, 0);
    ck_assert(json_is_integer(json_object_get(j, "change_vs_previous_quarter_pct")));
    ck_assert_int_eq(json_integer_value(json_object_get(j, "change_vs_previous_quarter_pct")), 18);
    ck_assert(json_is_null(json_object_get(j, "same_quarter_last_year_value")));
    ck_assert(json_is_null(json_object_get(j, "change_vs_same_quarter_last_year_pct")));
    json_decref(j);

    /* no value this quarter: the bases are shown, the changes are null */
    row.has[0] = false;
    row.has[2] = true;
    row.value[2] = 0;
    j = sc_demand_row_to_json(&row, 1);
    ck_assert(json_is_null(json_object_get(j, "value")));
    ck_assert_int_eq(json_integer_value(json_object_get(j, "same_quarter_last_year_value")), 0);
    ck_assert(json_is_null(json_object_get(j, "change_vs_previous_quarter_pct")));
    ck_assert(json_is_null(json_object_get(j, "change_vs_same_quarter_last_year_pct")));
    json_decref(j);

    /* a base of 0 gives null even with a value */
    row.has[0] = true;
    j = sc_demand_row_to_json(&row, 1);
    ck_assert(json_is_null(json_object_get(j, "change_vs_same_quarter_last_year_pct")));
    ck_assert(json_is_number(json_object_get(j, "change_vs_previous_quarter_pct")));
    json_decref(j);
}
END_TEST

static sc_rc value_of(const char *text, const char *base, const char *extra, int64_t *v,
                      sc_errors *errs)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_demand_value_from_json(doc, base, extra, v, errs);
    json_decref(doc);
    return rc;
}

START_TEST(value_documents)
{
    sc_errors e = SC_ERRORS_INIT;
    int64_t v = -1;
    ck_assert_int_eq(value_of("{'value':5349}", "", NULL, &v, &e), SC_OK);
    ck_assert_int_eq(v, 5349);
    ck_assert_int_eq(value_of("{'value':0}", "", NULL, &v, &e), SC_OK);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(value_of("{'value':1000000000000}", "", NULL, &v, &e), SC_OK);
    ck_assert_int_eq(v, SC_DEMAND_MAX_VALUE);
    ck_assert_int_eq(value_of("{'code':'contacts','value':12.0}", "/demand/0", "code", &v, &e),
                     SC_OK);
    ck_assert_int_eq(v, 12);
    ck_assert_uint_eq(e.count, 0);

    const char *bad[] = {
        "{'value':-1}", "{'value':1.5}",          "{'value':'5349'}", "{'value':null}",
        "{}",           "{'value':1000000000001}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_int_eq(value_of(bad[i], "", NULL, &v, &e), SC_EINVALID);
        ck_assert_msg(e.count == 1 && unit_problems_at(&e, "/value") == 1, "%s: %s", bad[i],
                      unit_problems(&e));
        sc_errors_clear(&e);
    }
    ck_assert_int_eq(value_of("{'value':1,'code':'contacts'}", "/demand/3", NULL, &v, &e),
                     SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "/demand/3/code");
    sc_errors_clear(&e);
    ck_assert_int_eq(value_of("[5349]", "/demand/1", NULL, &v, &e), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "/demand/1");
    sc_errors_clear(&e);
}
END_TEST

START_TEST(measure_documents)
{
    sc_errors e = SC_ERRORS_INIT;
    const char *name = NULL;
    int pos = 0, kind = 0;
    json_t *doc = unit_json("{'code':'contacts','name':'Contacts to CSC','position':1}");
    ck_assert_int_eq(sc_demand_measure_from_json(doc, "contacts", &name, &pos, &kind, &e), SC_OK);
    ck_assert_str_eq(name, "Contacts to CSC");
    ck_assert_int_eq(pos, 1);
    ck_assert_int_eq(kind, -1);
    json_decref(doc);
    doc = unit_json("{'name':'Early help assessments','kind':'snapshot'}");
    ck_assert_int_eq(sc_demand_measure_from_json(doc, "eha", &name, &pos, &kind, &e), SC_OK);
    ck_assert_str_eq(name, "Early help assessments");
    ck_assert_int_eq(pos, -1);
    ck_assert_int_eq(kind, SC_DEMAND_SNAPSHOT);
    json_decref(doc);
    doc = unit_json("{'code':'x','name':'','position':'1','colour':1,'kind':'stock'}");
    ck_assert_int_eq(sc_demand_measure_from_json(doc, "eha", &name, &pos, &kind, &e), SC_EINVALID);
    ck_assert_msg(e.count == 5, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/kind");
    UNIT_ASSERT_ONE_AT(&e, "/code");
    UNIT_ASSERT_ONE_AT(&e, "/name");
    UNIT_ASSERT_ONE_AT(&e, "/position");
    UNIT_ASSERT_ONE_AT(&e, "/colour");
    sc_errors_clear(&e);
    json_decref(doc);

    sc_demand_measure m = {(char *)"children-in-need", (char *)"Children in Need", 3,
                           SC_DEMAND_FLOW};
    json_t *j = sc_demand_measure_to_json(&m);
    json_t *want = unit_json(
        "{'code':'children-in-need','name':'Children in Need','position':3,'kind':'flow'}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    sc_demand_measures_clear(NULL);
}
END_TEST

static Suite *demand_suite(void)
{
    Suite *s = suite_create("demand");
    TCase *tc = tcase_create("demand");
    tcase_add_test(tc, change_rounding);
    tcase_add_test(tc, change_null_cases);
    tcase_add_test(tc, row_json);
    tcase_add_test(tc, value_documents);
    tcase_add_test(tc, measure_documents);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(demand_suite());
}
