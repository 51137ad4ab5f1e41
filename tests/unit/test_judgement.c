/* test_judgement.c - lib/model/judgement: which unit takes which interval
 * (Wilson for percentages from numerator/denominator, exact Poisson or
 * Byar for counts and rates), the JSON at decimals + 1, significance
 * against the target by polarity, and the trend of the last five points.
 * Figures from the demo's 2020/21 Q1 paper where they exist
 * (CFA-CIN-2Y-PLUS: 726 of 2,317 open over two years, target 30%). */
#include <check.h>
#include <math.h>

#include "judgement.h"
#include "unit.h"

static sc_indicator ind_of(sc_unit unit, sc_polarity pol, int decimals)
{
    sc_indicator ind = {0};
    ind.code = "X";
    ind.unit = unit;
    ind.polarity = pol;
    ind.decimals = decimals;
    return ind;
}

static sc_result ratio(int64_t k, int64_t n)
{
    sc_result r = {.availability = SC_AVAIL_REPORTED, .has_value = true, .has_ratio = true};
    r.numerator = k;
    r.denominator = n;
    r.value = 100.0 * (double)k / (double)n;
    return r;
}

static sc_result value(double v)
{
    sc_result r = {.availability = SC_AVAIL_REPORTED, .has_value = true, .value_given = true};
    r.value = v;
    return r;
}

START_TEST(percent_wilson_at_decimals_plus_one)
{
    sc_indicator ind = ind_of(SC_UNIT_PERCENT, SC_LOWER_IS_BETTER, 0);
    sc_result r = ratio(726, 2317);
    sc_stats_interval ci;
    ck_assert(sc_judgement_interval(&ind, &r, &ci));
    json_t *j = sc_judgement_interval_json(&ci, ind.decimals);
    json_t *want =
        unit_json("{'level': 95, 'lower': 29.5, 'upper': 33.3, 'method': 'wilson_score'}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    json_t *s = sc_judgement_significance_json(&ind, &r, true, 30);
    ck_assert_str_eq(json_string_value(json_object_get(s, "vs_target")), "not_significant");
    ck_assert_str_eq(json_string_value(json_object_get(s, "method")),
                     "target_outside_confidence_interval");
    json_decref(s);
    /* outside target range (31 > 30 + 0) yet not significantly so */
    ck_assert(sc_judgement_outside_not_significant(&ind, &r, SC_STATUS_OUTSIDE, 30));
    ck_assert(!sc_judgement_outside_not_significant(&ind, &r, SC_STATUS_WITHIN, 30));
    ck_assert(!sc_judgement_outside_not_significant(&ind, &r, SC_STATUS_OUTSIDE, 25));
}
END_TEST

START_TEST(which_units_have_intervals)
{
    sc_stats_interval ci;
    sc_indicator pct = ind_of(SC_UNIT_PERCENT, SC_HIGHER_IS_BETTER, 1);
    sc_result v = value(95);
    ck_assert(!sc_judgement_interval(&pct, &v, &ci)); /* a percentage without counts */
    sc_indicator count = ind_of(SC_UNIT_COUNT, SC_HIGHER_IS_BETTER, 0);
    sc_result six = value(6);
    ck_assert(sc_judgement_interval(&count, &six, &ci));
    ck_assert_int_eq(ci.method, SC_STATS_EXACT_POISSON);
    ck_assert(fabs(ci.lower - 2.2019) < 1e-4 && fabs(ci.upper - 13.0594) < 1e-4);
    sc_result half = value(6.5);
    ck_assert(!sc_judgement_interval(&count, &half, &ci));
    sc_indicator rate = ind_of(SC_UNIT_RATE_PER_10000, SC_LOWER_IS_BETTER, 1);
    sc_result r = ratio(50, 20000); /* 50 events in 20,000: 25 per 10,000 */
    ck_assert(sc_judgement_interval(&rate, &r, &ci));
    ck_assert_int_eq(ci.method, SC_STATS_BYAR);
    ck_assert(fabs(ci.lower - 18.554) < 1e-3 && fabs(ci.upper - 32.960) < 1e-3);
    sc_indicator days = ind_of(SC_UNIT_DAYS, SC_LOWER_IS_BETTER, 0);
    ck_assert(!sc_judgement_interval(&days, &six, &ci));
    sc_result na = {.availability = SC_AVAIL_NOT_AVAILABLE};
    ck_assert(!sc_judgement_interval(&count, &na, &ci));
    ck_assert(!sc_judgement_interval(&count, NULL, &ci));
    json_t *none = sc_judgement_significance_json(&count, &six, false, 0);
    ck_assert(json_is_null(none));
    json_decref(none);
}
END_TEST

START_TEST(trend_of_five_points)
{
    sc_indicator ind = ind_of(SC_UNIT_PERCENT, SC_HIGHER_IS_BETTER, 0);
    sc_result rs[5];
    const sc_result *ptr[5];
    sc_period qs[5];
    for (int i = 0; i < 5; i++) {
        rs[i] = ratio(40 + 5 * i, 100);
        ptr[i] = &rs[i];
        qs[i] = 8080 + i;
    }
    sc_judgement_trend t;
    sc_judgement_trend_of(&ind, ptr, qs, 5, &t);
    json_t *o = json_object();
    ck_assert_int_eq(sc_judgement_trend_add_json(o, &t), 0);
    json_t *want = unit_json("{'trend': 'increasing_and_getting_better', 'trend_test': {"
                             "'method': 'chi_squared_trend', 'points': 5, 'from': '2020-21-Q1',"
                             " 'to': '2021-22-Q1', 'statistic': 10, 'p_value': 0.0016}}");
    ck_assert_msg(json_equal(o, want), "%s", json_dumps(o, JSON_SORT_KEYS));
    json_decref(want);
    json_decref(o);
    /* four points, or a point without counts: cannot be calculated */
    sc_judgement_trend_of(&ind, ptr, qs, 4, &t);
    o = json_object();
    sc_judgement_trend_add_json(o, &t);
    ck_assert_str_eq(json_string_value(json_object_get(o, "trend")), "cannot_be_calculated");
    ck_assert(json_is_null(json_object_get(o, "trend_test")));
    json_decref(o);
    rs[2] = value(50);
    sc_judgement_trend_of(&ind, ptr, qs, 5, &t);
    ck_assert_int_eq(t.test.trend, SC_TREND_CANNOT);
    /* counts use the weighted regression */
    sc_indicator count = ind_of(SC_UNIT_COUNT, SC_LOWER_IS_BETTER, 0);
    double ys[] = {10, 12, 15, 18, 22};
    for (int i = 0; i < 5; i++)
        rs[i] = value(ys[i]);
    sc_judgement_trend_of(&count, ptr, qs, 5, &t);
    ck_assert_int_eq(t.test.method, SC_TREND_WLS);
    ck_assert_int_eq(t.test.trend, SC_TREND_INCREASING_WORSE);
    sc_indicator days = ind_of(SC_UNIT_DAYS, SC_LOWER_IS_BETTER, 0);
    sc_judgement_trend_of(&days, ptr, qs, 5, &t);
    ck_assert_int_eq(t.test.trend, SC_TREND_CANNOT);
}
END_TEST

static Suite *judgement_suite(void)
{
    Suite *s = suite_create("judgement");
    TCase *tc = tcase_create("judgement");
    tcase_add_test(tc, percent_wilson_at_decimals_plus_one);
    tcase_add_test(tc, which_units_have_intervals);
    tcase_add_test(tc, trend_of_five_points);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(judgement_suite());
}
