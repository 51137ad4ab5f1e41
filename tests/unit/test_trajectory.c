/* test_trajectory.c - lib/model/trajectory: the year-end forecast (a
 * reported Q4 as it is; otherwise the least-squares line through the last
 * four quarters, kept within the unit) and the stretch check (a target
 * that the best of the last four quarters already beats). */
#include <check.h>

#include "trajectory.h"
#include "unit.h"

#define Q(y, n) ((y)*4 + (n)-1)

static sc_indicator ind_of(sc_unit unit, sc_polarity pol, int decimals)
{
    sc_indicator ind = {0};
    ind.code = "X";
    ind.unit = unit;
    ind.polarity = pol;
    ind.decimals = decimals;
    return ind;
}

START_TEST(forecast_linear)
{
    sc_indicator ind = ind_of(SC_UNIT_PERCENT, SC_HIGHER_IS_BETTER, 0);
    /* 80, 82, 84 in 2019-20 Q3, Q4 and 2020-21 Q1: 2 a quarter, so 90 in
     * 2020-21 Q4 */
    sc_trajectory_point pts[] = {
        {Q(2018, 1), 10}, {Q(2019, 3), 80}, {Q(2019, 4), 82}, {Q(2020, 1), 84}};
    sc_trajectory_forecast f;
    sc_trajectory_forecast_of(&ind, pts, 4, Q(2020, 1), true, 90, &f);
    ck_assert(f.has_forecast && !f.reported);
    ck_assert_int_eq(f.quarter, Q(2020, 4));
    ck_assert_int_eq((int)f.points, 3); /* 2018-19 Q1 is too old */
    ck_assert(f.value == 90);
    ck_assert(f.meets_target);
    sc_trajectory_forecast_of(&ind, pts, 4, Q(2020, 1), true, 91, &f);
    ck_assert(!f.meets_target);
    json_t *j = sc_trajectory_forecast_json(&f);
    json_t *want =
        unit_json("{'quarter': '2020-21-Q4', 'value': 90, 'method': 'linear_least_squares',"
                  " 'points': 3, 'target': 91, 'meets_target': false}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    /* a steep rise stays within 100% */
    sc_trajectory_point steep[] = {{Q(2019, 4), 80}, {Q(2020, 1), 95}};
    sc_trajectory_forecast_of(&ind, steep, 2, Q(2020, 1), false, 0, &f);
    ck_assert(f.value == 100);
    ck_assert(!f.has_target);
    /* one point: no forecast */
    sc_trajectory_forecast_of(&ind, steep + 1, 1, Q(2020, 1), true, 90, &f);
    ck_assert(!f.has_forecast);
    j = sc_trajectory_forecast_json(&f);
    ck_assert(json_is_null(j));
    json_decref(j);
}
END_TEST

START_TEST(forecast_reported_q4)
{
    sc_indicator ind = ind_of(SC_UNIT_DAYS, SC_LOWER_IS_BETTER, 0);
    sc_trajectory_point pts[] = {{Q(2019, 3), 30}, {Q(2019, 4), 25}};
    sc_trajectory_forecast f;
    sc_trajectory_forecast_of(&ind, pts, 2, Q(2019, 4), true, 25, &f);
    ck_assert(f.has_forecast && f.reported);
    ck_assert(f.value == 25 && f.meets_target);
}
END_TEST

START_TEST(stretch_by_polarity)
{
    sc_indicator hi = ind_of(SC_UNIT_PERCENT, SC_HIGHER_IS_BETTER, 0);
    sc_trajectory_point pts[] = {
        {Q(2019, 1), 99}, {Q(2019, 3), 93}, {Q(2019, 4), 91}, {Q(2020, 1), 95}};
    sc_target t = {.from_quarter = Q(2019, 1), .target = 90, .tolerance = 5};
    sc_trajectory_stretch s;
    sc_trajectory_stretch_of(&hi, pts, 4, Q(2020, 1), &t, &s);
    ck_assert(s.has_check && s.below_best);
    ck_assert(s.best_value == 95 && s.best_quarter == Q(2020, 1)); /* 2019-20 Q1 is four back */
    ck_assert_int_eq((int)s.points, 3);
    t.target = 95;
    sc_trajectory_stretch_of(&hi, pts, 4, Q(2020, 1), &t, &s);
    ck_assert(!s.below_best); /* equal to the best is not below it */
    sc_indicator lo = ind_of(SC_UNIT_PERCENT, SC_LOWER_IS_BETTER, 0);
    t.target = 92;
    sc_trajectory_stretch_of(&lo, pts, 4, Q(2020, 1), &t, &s);
    ck_assert(s.best_value == 91 && s.below_best);
    json_t *j = sc_trajectory_stretch_json(&s);
    json_t *want = unit_json("{'target': 92, 'target_from': '2019-20-Q1', 'best_value': 91,"
                             " 'best_quarter': '2019-20-Q4', 'points': 3, 'below_best': true}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    sc_trajectory_stretch_of(&lo, pts, 4, Q(2020, 1), NULL, &s);
    ck_assert(!s.has_check);
}
END_TEST

static Suite *trajectory_suite(void)
{
    Suite *s = suite_create("trajectory");
    TCase *tc = tcase_create("trajectory");
    tcase_add_test(tc, forecast_linear);
    tcase_add_test(tc, forecast_reported_q4);
    tcase_add_test(tc, stretch_by_polarity);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(trajectory_suite());
}
