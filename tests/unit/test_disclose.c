/* test_disclose.c - lib/model/disclose and lib/views/public_view: the
 * disclosure rules (counts, ratios and their complements, counts behind a
 * percentage) and their application to answers that carry no results, so
 * need no database: a quarter's placements (primary and secondary
 * suppression against the total, the fostering split), a quarter's demand
 * (the changes from a suppressed count), the demand table, and the sheet
 * form's [c]. */
#include <check.h>

#include "disclose.h"
#include "public_view.h"
#include "unit.h"

START_TEST(rules)
{
    ck_assert(!sc_disclose_count(3, 0)); /* off */
    ck_assert(sc_disclose_count(4, 5));
    ck_assert(sc_disclose_count(0, 5));
    ck_assert(!sc_disclose_count(5, 5));
    ck_assert(sc_disclose_ratio(3, 25, 5));    /* 3 of 25 adopted */
    ck_assert(sc_disclose_ratio(111, 111, 5)); /* all of them: none is not */
    ck_assert(sc_disclose_ratio(8, 10, 5));    /* 2 are not */
    ck_assert(!sc_disclose_ratio(276, 290, 5));
    sc_indicator ind = {.unit = SC_UNIT_PERCENT};
    sc_result r = {.availability = SC_AVAIL_REPORTED, .has_value = true, .value = 95};
    ck_assert(!sc_disclose_result(&ind, &r, 5));
    r.has_count = true;
    r.count = 4;
    ck_assert(sc_disclose_result(&ind, &r, 5));
    ind.unit = SC_UNIT_COUNT;
    r.has_count = false;
    r.value = 3;
    ck_assert(sc_disclose_result(&ind, &r, 5));
    r.availability = SC_AVAIL_SUSPENDED;
    ck_assert(!sc_disclose_result(&ind, &r, 5));
}
END_TEST

static bool hidden(const json_t *o, const char *m)
{
    return json_is_null(json_object_get(o, m));
}

START_TEST(placements_primary_and_secondary)
{
    json_t *a =
        unit_json("{'quarter':'2020-21-Q1','items':["
                  "{'code':'sgo-cao','count':549,'count_vs_budget':-6},"
                  "{'code':'in-house-residential','count':3,'count_vs_budget':1},"
                  "{'code':'out-of-area','count':44,'count_vs_budget':12},"
                  "{'code':'ifa','count':126,'count_vs_budget':6}],"
                  "'totals':{'count':722},"
                  "'fostering':{'in_house_count':174,'agency_count':126,'in_house_share_pct':58,"
                  "'agency_share_pct':42,'budgeted_in_house_share_pct':60}}");
    ck_assert_int_eq(sc_public_suppress(NULL, a, 5), SC_OK);
    json_t *items = json_object_get(a, "items");
    /* 3 is confidential; 44, the smallest other, goes too: 722 less the
     * others would give 3 back */
    ck_assert(hidden(json_array_get(items, 1), "count"));
    ck_assert(hidden(json_array_get(items, 1), "count_vs_budget"));
    ck_assert(hidden(json_array_get(items, 2), "count"));
    ck_assert(hidden(json_array_get(items, 2), "count_vs_budget"));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "count")), 549);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 3), "count")), 126);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(a, "totals"), "count")),
                     722);
    ck_assert(!json_object_get(json_object_get(a, "fostering"), "suppressed"));
    json_decref(a);
    a = unit_json("{'items':[{'code':'a','count':10},{'code':'b','count':20}],"
                  "'fostering':{'in_house_count':2,'agency_count':126,'in_house_share_pct':2,"
                  "'agency_share_pct':98,'budgeted_in_house_share_pct':60}}");
    ck_assert_int_eq(sc_public_suppress(NULL, a, 5), SC_OK);
    json_t *f = json_object_get(a, "fostering");
    ck_assert(hidden(f, "in_house_count") && hidden(f, "agency_count") &&
              hidden(f, "in_house_share_pct") && hidden(f, "agency_share_pct"));
    ck_assert_int_eq(json_integer_value(json_object_get(f, "budgeted_in_house_share_pct")), 60);
    ck_assert_int_eq(json_array_size(json_object_get(f, "suppressed")), 4);
    json_decref(a);
}
END_TEST

START_TEST(demand_and_sheets)
{
    json_t *a = unit_json("{'items':[{'code':'care-leavers','value':3,'previous_quarter_value':7,"
                          "'same_quarter_last_year_value':2,'change_vs_previous_quarter_pct':-57.1,"
                          "'change_vs_same_quarter_last_year_pct':50.0}],"
                          "'table':[{'quarter':'2020-21-Q1','value':4},"
                          "{'quarter':'2019-20-Q4','value':40}]}");
    ck_assert_int_eq(sc_public_suppress(NULL, a, 5), SC_OK);
    json_t *it = json_array_get(json_object_get(a, "items"), 0);
    ck_assert(hidden(it, "value") && hidden(it, "same_quarter_last_year_value"));
    ck_assert(hidden(it, "change_vs_previous_quarter_pct"));
    ck_assert(hidden(it, "change_vs_same_quarter_last_year_pct"));
    ck_assert_int_eq(json_integer_value(json_object_get(it, "previous_quarter_value")), 7);
    json_t *t = json_object_get(a, "table");
    ck_assert(hidden(json_array_get(t, 0), "value"));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(t, 1), "value")), 40);
    sc_public_mark(a);
    ck_assert_str_eq(json_string_value(json_object_get(it, "value")), "[c]");
    ck_assert_ptr_null(json_object_get(it, "suppressed"));
    json_decref(a);
    a = unit_json("{'items':[{'code':'x','value':3}]}");
    ck_assert_int_eq(sc_public_suppress(NULL, a, 0), SC_OK); /* off */
    ck_assert_int_eq(json_integer_value(
                         json_object_get(json_array_get(json_object_get(a, "items"), 0), "value")),
                     3);
    json_decref(a);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("disclose");
    TCase *tc = tcase_create("rules and answers");
    tcase_add_test(tc, rules);
    tcase_add_test(tc, placements_primary_and_secondary);
    tcase_add_test(tc, demand_and_sheets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(make_suite());
}
