/* test_placement.c - the care ladder's rules (placement.h) and rates per
 * 10,000 children (population.h): validation with every pointer, the
 * volume and price arithmetic to the penny, the fostering split, rounding
 * of rates, financial years. */
#include <check.h>

#include "placement.h"
#include "population.h"
#include "unit.h"

static sc_rc parse(const char *text, sc_placement *p, sc_errors *e)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_placement_from_json(doc, "/placements/0", "code", p, e);
    json_decref(doc);
    return rc;
}

START_TEST(figures_documents)
{
    sc_errors e = SC_ERRORS_INIT;
    sc_placement p;
    ck_assert_int_eq(parse("{'count':44,'budgeted_count':32,'contract_count':21,"
                           "'average_weekly_cost':4000.5,'budgeted_weekly_cost':3800,'code':'x'}",
                           &p, &e),
                     SC_OK);
    ck_assert_int_eq(p.count, 44);
    ck_assert(p.has_budgeted_count && p.budgeted_count == 32);
    ck_assert(p.has_contract_count && p.contract_count == 21);
    ck_assert(p.has_cost && p.cost == 400050);
    ck_assert(p.has_budgeted_cost && p.budgeted_cost == 380000);
    ck_assert_int_eq(parse("{'count':0,'budgeted_count':null}", &p, &e), SC_OK);
    ck_assert(!p.has_budgeted_count && !p.has_cost);
    /* every problem, each at its pointer */
    ck_assert_int_eq(parse("{'count':-1,'budgeted_count':1.5,'contract_count':'21',"
                           "'average_weekly_cost':10.005,'budgeted_weekly_cost':-0.01,'colour':1}",
                           &p, &e),
                     SC_EINVALID);
    ck_assert_msg(e.count == 6, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/count");
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/budgeted_count");
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/contract_count");
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/average_weekly_cost");
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/budgeted_weekly_cost");
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/colour");
    sc_errors_clear(&e);
    ck_assert_int_eq(parse("{'budgeted_count':1}", &p, &e), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/count");
    sc_errors_clear(&e);
    ck_assert_int_eq(parse("{'count':1,'average_weekly_cost':1000000.01}", &p, &e), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "/placements/0/average_weekly_cost");
    sc_errors_clear(&e);
}
END_TEST

START_TEST(volume_and_price)
{
    sc_placement p = {.count = 44,
                      .has_budgeted_count = true,
                      .budgeted_count = 32,
                      .has_cost = true,
                      .cost = 400050,
                      .has_budgeted_cost = true,
                      .budgeted_cost = 380000};
    sc_placement_effects e;
    sc_placement_effects_of(&p, &e);
    ck_assert(e.has_volume && e.volume == 4560000); /* 12 x £3,800 */
    ck_assert(e.has_price && e.price == 882200);    /* £200.50 x 44 */
    /* under budget in volume, over in price */
    p.count = 30;
    sc_placement_effects_of(&p, &e);
    ck_assert_int_eq(e.volume, -760000);
    ck_assert_int_eq(e.price, 601500);
    /* no budgeted cost: neither effect */
    p.has_budgeted_cost = false;
    sc_placement_effects_of(&p, &e);
    ck_assert(!e.has_volume && !e.has_price);
    json_t *m = sc_placement_money_json(3);
    ck_assert(json_real_value(m) == 0.03);
    json_decref(m);
    m = sc_placement_money_json(4560000 * SC_PLACEMENT_WEEKS_PER_QUARTER);
    ck_assert_int_eq(json_integer_value(m), 592800);
    json_decref(m);
}
END_TEST

START_TEST(fostering_split)
{
    sc_placement_type in = {(char *)"ihf", (char *)"In-house", 1, SC_PLACEMENT_FOSTERING_IN_HOUSE};
    sc_placement_type ifa = {(char *)"ifa", (char *)"IFA", 2, SC_PLACEMENT_FOSTERING_AGENCY};
    sc_placement_type ooa = {(char *)"ooa", (char *)"OOA", 3, SC_PLACEMENT_OTHER};
    sc_placement a = {.count = 174, .has_budgeted_count = true, .budgeted_count = 180};
    sc_placement b = {.count = 126};
    sc_placement c = {.count = 44};
    sc_placement_split now = {0}, bud = {0};
    sc_placement_split_add(&now, &in, &a, false);
    sc_placement_split_add(&now, &ifa, &b, false);
    sc_placement_split_add(&now, &ooa, &c, false);
    double pct;
    ck_assert(sc_placement_split_share(&now, 0, &pct) && pct == 58);
    ck_assert(sc_placement_split_share(&now, 1, &pct) && pct == 58.0);
    /* 174 / 301 = 57.807...: 57.8 at one decimal */
    now.agency++;
    ck_assert(sc_placement_split_share(&now, 1, &pct) && pct == 57.8);
    /* a budgeted split needs every fostering rung's budget */
    sc_placement_split_add(&bud, &in, &a, true);
    sc_placement_split_add(&bud, &ifa, &b, true);
    ck_assert(!sc_placement_split_share(&bud, 0, &pct));
    sc_placement_split none = {0};
    ck_assert(!sc_placement_split_share(&none, 0, &pct));
}
END_TEST

START_TEST(type_documents)
{
    sc_errors e = SC_ERRORS_INIT;
    const char *name;
    int pos, group;
    json_t *doc = unit_json("{'name':'IFA','group':'fostering_agency','code':'ifa'}");
    ck_assert_int_eq(sc_placement_type_from_json(doc, "ifa", &name, &pos, &group, &e), SC_OK);
    ck_assert_str_eq(name, "IFA");
    ck_assert_int_eq(group, SC_PLACEMENT_FOSTERING_AGENCY);
    ck_assert_int_eq(pos, -1);
    json_decref(doc);
    doc = unit_json("{'name':'X'}");
    ck_assert_int_eq(sc_placement_type_from_json(doc, "x", &name, &pos, &group, &e), SC_OK);
    ck_assert_int_eq(group, -1);
    json_decref(doc);
    doc = unit_json("{'name':'','group':'kin','code':'y','extra':1}");
    ck_assert_int_eq(sc_placement_type_from_json(doc, "x", &name, &pos, &group, &e), SC_EINVALID);
    ck_assert_msg(e.count == 4, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/group");
    UNIT_ASSERT_ONE_AT(&e, "/name");
    UNIT_ASSERT_ONE_AT(&e, "/code");
    UNIT_ASSERT_ONE_AT(&e, "/extra");
    sc_errors_clear(&e);
    json_decref(doc);
    doc = unit_json("[1]");
    ck_assert_int_eq(sc_placement_type_from_json(doc, "x", &name, &pos, &group, &e), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "");
    sc_errors_clear(&e);
    json_decref(doc);
}
END_TEST

START_TEST(rates_and_years)
{
    double r;
    ck_assert(sc_population_rate(539, 65500, &r) && r == 82.3);
    ck_assert(sc_population_rate(512, 65140, &r) && r == 78.6);
    /* half away from zero: 1 per 20,000 is 0.5 per 10,000 */
    ck_assert(sc_population_rate(1, 20000, &r) && r == 0.5);
    ck_assert(sc_population_rate(1, 200000, &r) && r == 0.1); /* 0.05 -> 0.1 */
    ck_assert(!sc_population_rate(1, 0, &r));
    sc_period first;
    char hint[160], y[SC_POPULATION_YEAR_LEN];
    ck_assert(sc_population_year_parse("2017-18", &first, hint, sizeof hint));
    ck_assert_int_eq(first, sc_period_make(2017, 1));
    ck_assert_str_eq(sc_population_year_format(sc_period_make(2017, 3), y), "2017-18");
    ck_assert(!sc_population_year_parse("2017-19", &first, hint, sizeof hint));
    ck_assert(!sc_population_year_parse("2017", &first, hint, sizeof hint));
    ck_assert(!sc_population_year_parse("2017-18-Q1", &first, hint, sizeof hint));
    ck_assert(!sc_population_year_parse("2017/18", &first, hint, sizeof hint));
    ck_assert_ptr_nonnull(strstr(hint, "YYYY-YY"));
    sc_errors e = SC_ERRORS_INIT;
    int64_t children;
    json_t *doc = unit_json("{'children':65500,'year':'2017-18'}");
    ck_assert_int_eq(sc_population_from_json(doc, "", "2017-18", &children, &e), SC_OK);
    ck_assert_int_eq(children, 65500);
    json_decref(doc);
    doc = unit_json("{'children':0,'year':'2016-17','x':1}");
    ck_assert_int_eq(sc_population_from_json(doc, "", "2017-18", &children, &e), SC_EINVALID);
    ck_assert_msg(e.count == 3, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/children");
    UNIT_ASSERT_ONE_AT(&e, "/year");
    UNIT_ASSERT_ONE_AT(&e, "/x");
    sc_errors_clear(&e);
    json_decref(doc);
}
END_TEST

static Suite *placement_suite(void)
{
    Suite *s = suite_create("placement");
    TCase *tc = tcase_create("placement");
    tcase_add_test(tc, figures_documents);
    tcase_add_test(tc, volume_and_price);
    tcase_add_test(tc, fostering_split);
    tcase_add_test(tc, type_documents);
    tcase_add_test(tc, rates_and_years);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(placement_suite());
}
