/* test_status.c - lib/status: the status rules of docs/API.md §6.
 * sc_status_compare at every boundary for both polarities, the precedence
 * in sc_status_judge, the key/label tables, and (through sc_quarter_judge
 * on hand-built rows) the comparison at the indicator's precision:
 * value, target and tolerance rounded half away from zero at `decimals`,
 * a value from numerator/denominator used exactly. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "quarter.h"
#include "status.h"
#include "unit.h"

/* ---- sc_status_compare ---- */

START_TEST(compare_higher_is_better)
{
    const sc_polarity hib = SC_HIGHER_IS_BETTER;
    /* target 950, tolerance 50 (95.0 +- 5.0 at decimals 1) */
    ck_assert_int_eq(sc_status_compare(hib, 950, 950, 50), SC_STATUS_BETTER); /* gap 0 */
    ck_assert_int_eq(sc_status_compare(hib, 951, 950, 50), SC_STATUS_BETTER); /* gap +1 */
    ck_assert_int_eq(sc_status_compare(hib, 1000, 950, 50), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(hib, 949, 950, 50), SC_STATUS_WITHIN);  /* gap -1 */
    ck_assert_int_eq(sc_status_compare(hib, 900, 950, 50), SC_STATUS_WITHIN);  /* gap -tol */
    ck_assert_int_eq(sc_status_compare(hib, 899, 950, 50), SC_STATUS_OUTSIDE); /* -tol-1 */
    ck_assert_int_eq(sc_status_compare(hib, 0, 950, 50), SC_STATUS_OUTSIDE);
    /* negative figures */
    ck_assert_int_eq(sc_status_compare(hib, -10, -10, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(hib, -12, -10, 2), SC_STATUS_WITHIN);
    ck_assert_int_eq(sc_status_compare(hib, -13, -10, 2), SC_STATUS_OUTSIDE);
}
END_TEST

START_TEST(compare_lower_is_better)
{
    const sc_polarity lib = SC_LOWER_IS_BETTER;
    /* target 100, tolerance 20 */
    ck_assert_int_eq(sc_status_compare(lib, 100, 100, 20), SC_STATUS_BETTER); /* gap 0 */
    ck_assert_int_eq(sc_status_compare(lib, 99, 100, 20), SC_STATUS_BETTER);  /* gap +1 */
    ck_assert_int_eq(sc_status_compare(lib, 0, 100, 20), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(lib, 101, 100, 20), SC_STATUS_WITHIN);  /* gap -1 */
    ck_assert_int_eq(sc_status_compare(lib, 120, 100, 20), SC_STATUS_WITHIN);  /* gap -tol */
    ck_assert_int_eq(sc_status_compare(lib, 121, 100, 20), SC_STATUS_OUTSIDE); /* -tol-1 */
    ck_assert_int_eq(sc_status_compare(lib, 1000, 100, 20), SC_STATUS_OUTSIDE);
}
END_TEST

START_TEST(compare_tolerance_zero)
{
    /* no tolerance: anything short of the target is outside */
    ck_assert_int_eq(sc_status_compare(SC_HIGHER_IS_BETTER, 95, 95, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(SC_HIGHER_IS_BETTER, 96, 95, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(SC_HIGHER_IS_BETTER, 94, 95, 0), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(sc_status_compare(SC_LOWER_IS_BETTER, 95, 95, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(SC_LOWER_IS_BETTER, 94, 95, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(sc_status_compare(SC_LOWER_IS_BETTER, 96, 95, 0), SC_STATUS_OUTSIDE);
}
END_TEST

/* ---- sc_status_judge ---- */

static sc_status judge(bool has_result, sc_availability a, bool has_target, int64_t value,
                       int64_t target, int64_t tol)
{
    sc_status_input in = {.has_result = has_result,
                          .availability = a,
                          .has_target = has_target,
                          .polarity = SC_HIGHER_IS_BETTER,
                          .value_scaled = value,
                          .target_scaled = target,
                          .tolerance_scaled = tol};
    return sc_status_judge(&in);
}

START_TEST(judge_precedence)
{
    /* 1. no result beats everything, whatever the other fields say */
    for (int a = 0; a < SC_AVAIL_COUNT; a++) {
        ck_assert_int_eq(judge(false, (sc_availability)a, true, 100, 50, 0),
                         SC_STATUS_NOT_SUBMITTED);
        ck_assert_int_eq(judge(false, (sc_availability)a, false, 0, 50, 0),
                         SC_STATUS_NOT_SUBMITTED);
    }
    /* 2. unavailable states beat a missing target and the comparison */
    const struct {
        sc_availability a;
        sc_status want;
    } unavailable[] = {{SC_AVAIL_NOT_AVAILABLE, SC_STATUS_NOT_AVAILABLE},
                       {SC_AVAIL_ANNUAL_NOT_DUE, SC_STATUS_ANNUAL_NOT_DUE},
                       {SC_AVAIL_SUSPENDED, SC_STATUS_SUSPENDED}};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(judge(true, unavailable[i].a, false, 0, 0, 0), unavailable[i].want);
        ck_assert_int_eq(judge(true, unavailable[i].a, true, 0, 950, 0), unavailable[i].want);
        ck_assert_int_eq(judge(true, unavailable[i].a, true, 990, 950, 0), unavailable[i].want);
    }
    /* 3. reported with no target */
    ck_assert_int_eq(judge(true, SC_AVAIL_REPORTED, false, 0, 950, 0), SC_STATUS_TARGET_TBC);
    ck_assert_int_eq(judge(true, SC_AVAIL_REPORTED, false, 990, 950, 0), SC_STATUS_TARGET_TBC);
    /* 4. the comparison */
    ck_assert_int_eq(judge(true, SC_AVAIL_REPORTED, true, 950, 950, 0), SC_STATUS_BETTER);
    ck_assert_int_eq(judge(true, SC_AVAIL_REPORTED, true, 949, 950, 1), SC_STATUS_WITHIN);
    ck_assert_int_eq(judge(true, SC_AVAIL_REPORTED, true, 948, 950, 1), SC_STATUS_OUTSIDE);

    sc_status_input lower = {.has_result = true,
                             .availability = SC_AVAIL_REPORTED,
                             .has_target = true,
                             .polarity = SC_LOWER_IS_BETTER,
                             .value_scaled = 951,
                             .target_scaled = 950,
                             .tolerance_scaled = 1};
    ck_assert_int_eq(sc_status_judge(&lower), SC_STATUS_WITHIN);
    lower.value_scaled = 952;
    ck_assert_int_eq(sc_status_judge(&lower), SC_STATUS_OUTSIDE);
    lower.value_scaled = 900;
    ck_assert_int_eq(sc_status_judge(&lower), SC_STATUS_BETTER);
}
END_TEST

/* ---- names ---- */

/* sc_status_decide names the step that decided and the gap it measured;
 * sc_status_judge is its status. */
START_TEST(decide_names_the_rule)
{
    sc_status_input in = {.has_result = false};
    sc_status_verdict v = sc_status_decide(&in);
    ck_assert_int_eq(v.status, SC_STATUS_NOT_SUBMITTED);
    ck_assert_int_eq(v.rule, SC_RULE_NO_RESULT);
    ck_assert(!v.has_gap);
    in.has_result = true;
    in.availability = SC_AVAIL_SUSPENDED;
    v = sc_status_decide(&in);
    ck_assert_int_eq(v.status, SC_STATUS_SUSPENDED);
    ck_assert_int_eq(v.rule, SC_RULE_NOT_REPORTED);
    in.availability = SC_AVAIL_REPORTED;
    v = sc_status_decide(&in);
    ck_assert_int_eq(v.rule, SC_RULE_NO_TARGET);
    ck_assert_int_eq(v.status, SC_STATUS_TARGET_TBC);
    in.has_target = true;
    in.polarity = SC_LOWER_IS_BETTER;
    in.value_scaled = 31, in.target_scaled = 30, in.tolerance_scaled = 0;
    v = sc_status_decide(&in);
    ck_assert_int_eq(v.status, SC_STATUS_OUTSIDE);
    ck_assert_int_eq(v.rule, SC_RULE_OUTSIDE_TOLERANCE);
    ck_assert(v.has_gap);
    ck_assert_int_eq(v.gap_scaled, -1);
    in.tolerance_scaled = 1;
    v = sc_status_decide(&in);
    ck_assert_int_eq(v.rule, SC_RULE_WITHIN_TOLERANCE);
    ck_assert_int_eq(sc_status_judge(&in), SC_STATUS_WITHIN);
    in.value_scaled = 30;
    v = sc_status_decide(&in);
    ck_assert_int_eq(v.rule, SC_RULE_MEETS_TARGET);
    ck_assert_int_eq(v.gap_scaled, 0);
    ck_assert_str_eq(sc_status_rule_key(SC_RULE_MEETS_TARGET), "meets_target");
    ck_assert_ptr_null(sc_status_rule_key(SC_RULE_COUNT));
    ck_assert_ptr_nonnull(sc_status_rule_text(SC_RULE_OUTSIDE_TOLERANCE));
    ck_assert_str_eq(sc_polarity_words(SC_LOWER_IS_BETTER), "lower is better");
}
END_TEST

START_TEST(status_keys_and_labels)
{
    static const struct {
        sc_status s;
        const char *key;
        const char *label;
    } want[SC_STATUS_COUNT] = {
        {SC_STATUS_OUTSIDE, "outside_target_range", "Outside target range"},
        {SC_STATUS_WITHIN, "within_target_range", "Within target range"},
        {SC_STATUS_BETTER, "better_than_target", "Better than target"},
        {SC_STATUS_NOT_AVAILABLE, "not_available", "Not available"},
        {SC_STATUS_ANNUAL_NOT_DUE, "annual_not_due", "Annual KPI not yet due"},
        {SC_STATUS_TARGET_TBC, "target_tbc", "Target figure to be confirmed"},
        {SC_STATUS_SUSPENDED, "suspended", "Suspended"},
        {SC_STATUS_NOT_SUBMITTED, "not_submitted", "Not submitted"},
    };
    ck_assert_int_eq(SC_STATUS_COUNT, 8);
    for (int i = 0; i < SC_STATUS_COUNT; i++) {
        /* the enum order is the order of the published columns */
        ck_assert_int_eq(want[i].s, i);
        ck_assert_str_eq(sc_status_key(want[i].s), want[i].key);
        ck_assert_str_eq(sc_status_label(want[i].s), want[i].label);
        sc_status back = SC_STATUS_COUNT;
        ck_assert(sc_status_from_key(want[i].key, &back));
        ck_assert_int_eq(back, want[i].s);
    }
    ck_assert_ptr_null(sc_status_key(SC_STATUS_COUNT));
    ck_assert_ptr_null(sc_status_key((sc_status)-1));
    ck_assert_ptr_null(sc_status_label(SC_STATUS_COUNT));
    ck_assert_ptr_null(sc_status_label((sc_status)-1));

    sc_status s = SC_STATUS_BETTER;
    ck_assert(!sc_status_from_key(NULL, &s));
    ck_assert(!sc_status_from_key("", &s));
    ck_assert(!sc_status_from_key("Better than target", &s));
    ck_assert(!sc_status_from_key("BETTER_THAN_TARGET", &s));
    ck_assert(!sc_status_from_key("better_than_target ", &s));
    ck_assert(!sc_status_from_key("reported", &s));
    ck_assert_int_eq(s, SC_STATUS_BETTER);
}
END_TEST

START_TEST(availability_and_polarity_keys)
{
    const char *avail[] = {"reported", "not_available", "annual_not_due", "suspended"};
    for (int i = 0; i < SC_AVAIL_COUNT; i++) {
        ck_assert_str_eq(sc_availability_key((sc_availability)i), avail[i]);
        sc_availability a = SC_AVAIL_COUNT;
        ck_assert(sc_availability_from_key(avail[i], &a));
        ck_assert_int_eq(a, i);
    }
    ck_assert_ptr_null(sc_availability_key(SC_AVAIL_COUNT));
    sc_availability a = SC_AVAIL_REPORTED;
    ck_assert(!sc_availability_from_key("Reported", &a));
    ck_assert(!sc_availability_from_key("target_tbc", &a));
    ck_assert(!sc_availability_from_key(NULL, &a));

    ck_assert_str_eq(sc_polarity_key(SC_HIGHER_IS_BETTER), "higher_is_better");
    ck_assert_str_eq(sc_polarity_key(SC_LOWER_IS_BETTER), "lower_is_better");
    ck_assert_ptr_null(sc_polarity_key((sc_polarity)2));
    sc_polarity p = SC_HIGHER_IS_BETTER;
    ck_assert(sc_polarity_from_key("lower_is_better", &p));
    ck_assert_int_eq(p, SC_LOWER_IS_BETTER);
    ck_assert(sc_polarity_from_key("higher_is_better", &p));
    ck_assert_int_eq(p, SC_HIGHER_IS_BETTER);
    ck_assert(!sc_polarity_from_key("higher", &p));
    ck_assert(!sc_polarity_from_key(NULL, &p));
}
END_TEST

/* ---- sc_quarter_judge: the comparison at the indicator's precision ---- */

/* A row with a reported value and a target; nothing is heap-allocated. */
static sc_quarter_row value_row(double value, int decimals, sc_polarity pol, double target,
                                double tol)
{
    sc_quarter_row row;
    memset(&row, 0, sizeof row);
    row.ind.decimals = decimals;
    row.ind.polarity = pol;
    row.ind.unit = SC_UNIT_PERCENT;
    row.has_result = true;
    row.res.availability = SC_AVAIL_REPORTED;
    row.res.has_value = true;
    row.res.value_given = true;
    row.res.value = value;
    row.has_target = true;
    row.target.target = target;
    row.target.tolerance = tol;
    row.status = SC_STATUS_COUNT;
    return row;
}

/* A row whose value comes from numerator/denominator (value_given false). */
static sc_quarter_row ratio_row(int64_t num, int64_t den, double shown, int decimals, double target,
                                double tol)
{
    sc_quarter_row row = value_row(shown, decimals, SC_HIGHER_IS_BETTER, target, tol);
    row.res.value_given = false;
    row.res.has_ratio = true;
    row.res.numerator = num;
    row.res.denominator = den;
    return row;
}

static sc_status judged(sc_quarter_row row)
{
    sc_quarter_judge(&row);
    return row.status;
}

#define HIB SC_HIGHER_IS_BETTER
#define LIB SC_LOWER_IS_BETTER

START_TEST(precision_value_rounds_to_target)
{
    /* 94.96 shown at 1 decimal is 95.0: meets a target of 95 */
    ck_assert_int_eq(judged(value_row(94.96, 1, HIB, 95.0, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.95, 1, HIB, 95.0, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.94, 1, HIB, 95.0, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(94.94, 1, HIB, 95.0, 0.1)), SC_STATUS_WITHIN);
    /* at 2 decimals: gap -6 hundredths */
    ck_assert_int_eq(judged(value_row(94.94, 2, HIB, 95.0, 0.06)), SC_STATUS_WITHIN);
    ck_assert_int_eq(judged(value_row(94.94, 2, HIB, 95.0, 0.05)), SC_STATUS_OUTSIDE);
}
END_TEST

START_TEST(precision_each_decimals)
{
    /* decimals 0 */
    ck_assert_int_eq(judged(value_row(94.5, 0, HIB, 95, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.49, 0, HIB, 95, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(94.49, 0, HIB, 95, 1)), SC_STATUS_WITHIN);
    ck_assert_int_eq(judged(value_row(93.5, 0, HIB, 95, 1)), SC_STATUS_WITHIN);
    ck_assert_int_eq(judged(value_row(93.49, 0, HIB, 95, 1)), SC_STATUS_OUTSIDE);
    /* decimals 1 */
    ck_assert_int_eq(judged(value_row(89.95, 1, HIB, 90, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(89.94, 1, HIB, 90, 0)), SC_STATUS_OUTSIDE);
    /* decimals 2: exact halves that binary doubles cannot hold */
    ck_assert_int_eq(judged(value_row(0.285, 2, HIB, 0.29, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(1.005, 2, HIB, 1.01, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.995, 2, HIB, 95, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.994, 2, HIB, 95, 0)), SC_STATUS_OUTSIDE);
    /* decimals 3 */
    ck_assert_int_eq(judged(value_row(94.9995, 3, HIB, 95, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(94.9994, 3, HIB, 95, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(0.0005, 3, HIB, 0.001, 0)), SC_STATUS_BETTER);
}
END_TEST

START_TEST(precision_target_and_tolerance_rounded)
{
    /* the target and tolerance are rounded at the indicator's precision too */
    ck_assert_int_eq(judged(value_row(95, 0, HIB, 95.4, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(95, 0, HIB, 95.5, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(92, 0, HIB, 95, 2.5)), SC_STATUS_WITHIN);   /* tol 3 */
    ck_assert_int_eq(judged(value_row(91.5, 0, HIB, 95, 2.5)), SC_STATUS_WITHIN); /* 92 */
    ck_assert_int_eq(judged(value_row(91.49, 0, HIB, 95, 2.5)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(92, 0, HIB, 95, 2.4)), SC_STATUS_OUTSIDE); /* tol 2 */
}
END_TEST

START_TEST(precision_lower_is_better)
{
    ck_assert_int_eq(judged(value_row(10.04, 1, LIB, 10, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(10.05, 1, LIB, 10, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(10.05, 1, LIB, 10, 0.1)), SC_STATUS_WITHIN);
    ck_assert_int_eq(judged(value_row(10.15, 1, LIB, 10, 0.1)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(8.5, 0, LIB, 9, 0)), SC_STATUS_BETTER);  /* 9 vs 9 */
    ck_assert_int_eq(judged(value_row(9.5, 0, LIB, 9, 0)), SC_STATUS_OUTSIDE); /* 10 vs 9 */
}
END_TEST

START_TEST(precision_from_ratio)
{
    /* 276/290 = 95.17%: 95 at decimals 0, 95.2 at decimals 1 */
    ck_assert_int_eq(judged(ratio_row(276, 290, 95, 0, 95, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(ratio_row(276, 290, 95, 0, 96, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(ratio_row(276, 290, 95.2, 1, 95.2, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(ratio_row(276, 290, 95.2, 1, 95.3, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(ratio_row(276, 290, 95.17, 2, 95.17, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(ratio_row(276, 290, 95.17, 2, 95.18, 0)), SC_STATUS_OUTSIDE);
    /* 1/8 = 12.5%, an exact half: 13 at decimals 0 */
    ck_assert_int_eq(judged(ratio_row(1, 8, 13, 0, 13, 0)), SC_STATUS_BETTER);
    /* the status uses the exact ratio, not the value shown */
    ck_assert_int_eq(judged(ratio_row(1, 8, 0, 0, 13, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(ratio_row(1, 8, 99, 0, 14, 0)), SC_STATUS_OUTSIDE);
    /* a value sent with the ratio is the one compared */
    sc_quarter_row row = ratio_row(276, 290, 96, 0, 96, 0);
    row.res.value_given = true;
    ck_assert_int_eq(judged(row), SC_STATUS_BETTER);
}
END_TEST

START_TEST(quarter_judge_precedence)
{
    sc_quarter_row row = value_row(99, 0, HIB, 95, 0);
    row.has_result = false;
    ck_assert_int_eq(judged(row), SC_STATUS_NOT_SUBMITTED);

    row = value_row(99, 0, HIB, 95, 0);
    row.res.availability = SC_AVAIL_NOT_AVAILABLE;
    ck_assert_int_eq(judged(row), SC_STATUS_NOT_AVAILABLE);
    row.res.availability = SC_AVAIL_ANNUAL_NOT_DUE;
    ck_assert_int_eq(judged(row), SC_STATUS_ANNUAL_NOT_DUE);
    row.res.availability = SC_AVAIL_SUSPENDED;
    row.has_target = false;
    ck_assert_int_eq(judged(row), SC_STATUS_SUSPENDED);

    row = value_row(99, 0, HIB, 95, 0);
    row.has_target = false;
    ck_assert_int_eq(judged(row), SC_STATUS_TARGET_TBC);
}
END_TEST

/* Every figure validation accepts (|x| <= 1e12, lib/jv.c) must be compared
 * at up to 3 decimals, never silently judged target_tbc because it cannot
 * be scaled (lib/num.c once refused results of more than 17 digits). */
START_TEST(large_figures_compared)
{
    ck_assert_int_eq(judged(value_row(1e12, 3, HIB, 999999999999.999, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(-1e12, 3, HIB, 1e12, 0)), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(judged(value_row(-1e12, 3, LIB, 1e12, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(1e12, 3, HIB, 1e12, 0)), SC_STATUS_BETTER);
    ck_assert_int_eq(judged(value_row(999999999999.998, 3, HIB, 999999999999.999, 0.001)),
                     SC_STATUS_WITHIN);
    ck_assert_int_eq(judged(value_row(2e14, 3, HIB, 1e14, 0)), SC_STATUS_BETTER);
    /* a ratio at the validation bound (1e12/1e12 = 100%) */
    ck_assert_int_eq(
        judged(ratio_row(INT64_C(1000000000000), INT64_C(1000000000000), 100, 3, 100, 0)),
        SC_STATUS_BETTER);
}
END_TEST

static Suite *status_suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("compare");
    tcase_add_test(tc, compare_higher_is_better);
    tcase_add_test(tc, compare_lower_is_better);
    tcase_add_test(tc, compare_tolerance_zero);
    suite_add_tcase(s, tc);

    tc = tcase_create("judge");
    tcase_add_test(tc, judge_precedence);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, decide_names_the_rule);
    tcase_add_test(tc, status_keys_and_labels);
    tcase_add_test(tc, availability_and_polarity_keys);
    suite_add_tcase(s, tc);

    tc = tcase_create("precision");
    tcase_add_test(tc, precision_value_rounds_to_target);
    tcase_add_test(tc, precision_each_decimals);
    tcase_add_test(tc, precision_target_and_tolerance_rounded);
    tcase_add_test(tc, precision_lower_is_better);
    tcase_add_test(tc, precision_from_ratio);
    tcase_add_test(tc, quarter_judge_precedence);
    tcase_add_test(tc, large_figures_compared);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(status_suite());
}
