/* test_robust.c - lib/robust: the modified z-score the push warnings use,
 * on hand-computed histories, with its refusals (too short, no spread). */
#include <check.h>
#include <math.h>

#include "robust.h"
#include "unit.h"

START_TEST(scores_against_median_and_mad)
{
    static const double h[] = {88, 89, 90, 91, 92, 93};
    sc_robust r;
    ck_assert(sc_robust_score(h, 6, 40, &r));
    ck_assert_double_eq_tol(r.median, 90.5, 1e-9);
    /* deviations from 90.5: 2.5 1.5 0.5 0.5 1.5 2.5 -> MAD 1.5 */
    ck_assert_double_eq_tol(r.mad, 1.5, 1e-9);
    ck_assert_double_eq_tol(r.score, 0.6745 * (40 - 90.5) / 1.5, 1e-9);
    ck_assert(fabs(r.score) > SC_ROBUST_THRESHOLD);
    ck_assert(sc_robust_score(h, 6, 91, &r));
    ck_assert(fabs(r.score) < SC_ROBUST_THRESHOLD);
}
END_TEST

START_TEST(one_earlier_outlier_does_not_hide_the_next)
{
    static const double h[] = {50, 51, 49, 50, 5, 50, 52, 48};
    sc_robust r;
    ck_assert(sc_robust_score(h, 8, 10, &r));
    ck_assert_double_eq_tol(r.median, 50, 1e-9);
    ck_assert(r.score < -SC_ROBUST_THRESHOLD);
}
END_TEST

START_TEST(refusals)
{
    static const double flat[] = {7, 7, 7, 7, 8};
    static const double h[] = {1, 2, 3};
    sc_robust r = {1, 2, 3};
    ck_assert(!sc_robust_score(h, 3, 100, &r));    /* fewer than SC_ROBUST_MIN_POINTS */
    ck_assert(!sc_robust_score(flat, 5, 100, &r)); /* MAD 0 */
    ck_assert_double_eq(r.median, 1);              /* untouched */
    ck_assert(!sc_robust_score(NULL, 0, 1, &r));
}
END_TEST

static Suite *robust_suite(void)
{
    Suite *s = suite_create("robust");
    TCase *tc = tcase_create("robust");
    tcase_add_test(tc, scores_against_median_and_mad);
    tcase_add_test(tc, one_earlier_outlier_does_not_hide_the_next);
    tcase_add_test(tc, refusals);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(robust_suite());
}
