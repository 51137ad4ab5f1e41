/* test_stats.c - lib/model/stats: the methods against published worked
 * examples, each cited, at the precision they were printed.
 *
 * - Wilson score: Newcombe RG, "Two-sided confidence intervals for the
 *   single proportion: comparison of seven methods", Statistics in
 *   Medicine 17 (1998) 857-872, Table II (81/263, 15/148, 0/20, 1/29); the
 *   same method as PHE "Technical Guide: Confidence Intervals" (2018),
 *   appendix 3, and Newcombe & Altman in "Statistics with Confidence"
 *   (2nd edn, 2000) pp. 46-48.
 * - Exact Poisson limits: PHE technical guide appendix 2 (chi-squared
 *   quantiles); the limits printed in the usual tables of exact Poisson
 *   95% limits (0: 0 to 3.689; 1: 0.0253 to 5.572; 5: 1.623 to 11.668;
 *   9: 4.115 to 17.085).
 * - Byar's method: PHE technical guide appendix 1 (Breslow & Day 1987);
 *   50 events give 37.11 to 65.92.
 * - The chi-squared test for trend (Altman, "Practical Statistics for
 *   Medical Research", 1991, §10.7.4) and the weighted regression: small
 *   series whose statistics were worked by hand (below).
 */
#include <check.h>
#include <math.h>

#include "stats.h"
#include "unit.h"

/* |got - want| within half a unit of the printed precision. */
#define ck_printed(got, want, places)                                                              \
    ck_assert_msg(fabs((got) - (want)) <= 0.5 * pow(10, -(places)) + 1e-12,                        \
                  "%s = %.8f, printed %.*f", #got, (got), (places), (want))

START_TEST(wilson_newcombe_table)
{
    static const struct {
        int64_t k, n;
        double lo, hi;
        int places;
    } cases[] = {
        {81, 263, 0.2553, 0.3662, 4}, {15, 148, 0.0624, 0.1605, 4}, {0, 20, 0.0000, 0.1611, 4},
        {1, 29, 0.0061, 0.1718, 4},   {81, 100, 0.722, 0.875, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sc_stats_interval ci;
        ck_assert(sc_stats_wilson(cases[i].k, cases[i].n, SC_STATS_Z95, &ci));
        ck_assert_int_eq(ci.level, 95);
        ck_assert_int_eq(ci.method, SC_STATS_WILSON);
        ck_printed(ci.lower, cases[i].lo, cases[i].places);
        ck_printed(ci.upper, cases[i].hi, cases[i].places);
    }
}
END_TEST

START_TEST(wilson_edges)
{
    sc_stats_interval ci;
    ck_assert(sc_stats_wilson(20, 20, SC_STATS_Z95, &ci));
    ck_assert(ci.upper == 1.0);
    ck_printed(ci.lower, 0.8389, 4); /* the mirror of 0/20 */
    ck_assert(!sc_stats_wilson(1, 0, SC_STATS_Z95, &ci));
    ck_assert(!sc_stats_wilson(-1, 10, SC_STATS_Z95, &ci));
    ck_assert(!sc_stats_wilson(11, 10, SC_STATS_Z95, &ci));
}
END_TEST

START_TEST(poisson_exact_below_ten)
{
    static const struct {
        int64_t o;
        double lo, hi;
        int places;
    } cases[] = {
        {0, 0, 3.689, 3}, {1, 0.0253, 5.572, 3}, {5, 1.623, 11.668, 3}, {9, 4.115, 17.085, 3}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sc_stats_interval ci;
        ck_assert(sc_stats_poisson95(cases[i].o, &ci));
        ck_assert_int_eq(ci.method, SC_STATS_EXACT_POISSON);
        ck_printed(ci.lower, cases[i].lo, cases[i].places);
        ck_printed(ci.upper, cases[i].hi, cases[i].places);
    }
}
END_TEST

START_TEST(poisson_byar_from_ten)
{
    sc_stats_interval ci;
    ck_assert(sc_stats_poisson95(50, &ci));
    ck_assert_int_eq(ci.method, SC_STATS_BYAR);
    ck_printed(ci.lower, 37.11, 2);
    ck_printed(ci.upper, 65.92, 2);
    /* at 10 the guide switches to Byar, within 0.2% of the exact 4.795 to 18.390 */
    ck_assert(sc_stats_poisson95(10, &ci));
    ck_assert_int_eq(ci.method, SC_STATS_BYAR);
    ck_assert(fabs(ci.lower - 4.795) / 4.795 < 0.002);
    ck_assert(fabs(ci.upper - 18.390) / 18.390 < 0.002);
    ck_assert(!sc_stats_poisson95(-1, &ci));
}
END_TEST

START_TEST(gamma_and_chi2)
{
    ck_printed(sc_stats_gamma_p(1, 1), 1 - exp(-1), 12);
    ck_printed(sc_stats_gamma_p(3, 20), 1 - 221 * exp(-20), 12); /* 1 - e^-x (1 + x + x^2/2) */
    ck_printed(sc_stats_chi2_quantile(0.95, 1), 3.841, 3);
    ck_printed(sc_stats_chi2_quantile(0.975, 12), 23.337, 3);
    ck_printed(sc_stats_chi2_quantile(0.025, 10), 3.247, 3);
    ck_assert(isnan(sc_stats_gamma_p(0, 1)));
    ck_assert(isnan(sc_stats_chi2_quantile(1, 2)));
    ck_assert(isnan(sc_stats_chi2_quantile(0.5, 0)));
}
END_TEST

START_TEST(vs_target_by_polarity)
{
    sc_stats_interval ci = {95, 29.5, 33.3, SC_STATS_WILSON};
    ck_assert_int_eq(sc_stats_vs_target(&ci, 30, SC_LOWER_IS_BETTER), SC_VS_NOT_SIGNIFICANT);
    ck_assert_int_eq(sc_stats_vs_target(&ci, 33.3, SC_LOWER_IS_BETTER), SC_VS_NOT_SIGNIFICANT);
    ck_assert_int_eq(sc_stats_vs_target(&ci, 28, SC_LOWER_IS_BETTER), SC_VS_WORSE);
    ck_assert_int_eq(sc_stats_vs_target(&ci, 28, SC_HIGHER_IS_BETTER), SC_VS_BETTER);
    ck_assert_int_eq(sc_stats_vs_target(&ci, 40, SC_HIGHER_IS_BETTER), SC_VS_WORSE);
    ck_assert_int_eq(sc_stats_vs_target(&ci, 40, SC_LOWER_IS_BETTER), SC_VS_BETTER);
    ck_assert_str_eq(sc_stats_vs_keys[SC_VS_NOT_SIGNIFICANT], "not_significant");
}
END_TEST

/* 40, 45, 50, 55, 60 of 100 at scores 1..5: N = 500, K = 250, pbar = 0.5,
 * xbar = 3, sum n x^2 - N xbar^2 = 5500 - 4500 = 1000, sum k x - K xbar =
 * 800 - 750 = 50, so chi2 = 50^2 / (0.25 * 1000) = 10, p = 0.0016. */
START_TEST(trend_chi2_hand_worked)
{
    int64_t k[] = {40, 45, 50, 55, 60}, n[] = {100, 100, 100, 100, 100};
    sc_stats_trend t;
    sc_stats_trend_proportions(k, n, 5, SC_HIGHER_IS_BETTER, &t);
    ck_assert(t.has_statistic);
    ck_assert_int_eq(t.method, SC_TREND_CHI2);
    ck_printed(t.statistic, 10.0, 9);
    ck_printed(t.p_value, 0.0016, 4);
    ck_printed(t.slope, 0.05, 9);
    ck_assert_int_eq(t.trend, SC_TREND_INCREASING_BETTER);
    sc_stats_trend_proportions(k, n, 5, SC_LOWER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_INCREASING_WORSE);
    int64_t down[] = {60, 55, 50, 45, 40};
    sc_stats_trend_proportions(down, n, 5, SC_LOWER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_DECREASING_BETTER);
    sc_stats_trend_proportions(down, n, 5, SC_HIGHER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_DECREASING_WORSE);
    /* 40, 42, 41, 43, 42: sum k x - K xbar = 629 - 624 = 5, pbar = 0.416,
     * chi2 = 25 / (0.416 * 0.584 * 1000) = 0.1029: no significant change */
    int64_t flat[] = {40, 42, 41, 43, 42};
    sc_stats_trend_proportions(flat, n, 5, SC_HIGHER_IS_BETTER, &t);
    ck_printed(t.statistic, 0.1029, 4);
    ck_assert_int_eq(t.trend, SC_TREND_NO_CHANGE);
}
END_TEST

START_TEST(trend_chi2_cannot)
{
    int64_t k[] = {40, 45, 50, 55, 60}, n[] = {100, 100, 100, 100, 100};
    sc_stats_trend t;
    sc_stats_trend_proportions(k, n, 4, SC_HIGHER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_CANNOT);
    ck_assert(!t.has_statistic);
    int64_t zero[] = {0, 0, 0, 0, 0};
    sc_stats_trend_proportions(zero, n, 5, SC_HIGHER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_CANNOT);
    int64_t bad_n[] = {100, 100, 0, 100, 100};
    sc_stats_trend_proportions(k, bad_n, 5, SC_HIGHER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_CANNOT);
}
END_TEST

/* Counts 10, 12, 15, 18, 22 with Poisson variances (the counts): weights
 * 1/y, weighted slope 2.9215 per point, z = 2.3866, p = 0.0170. */
START_TEST(trend_wls_hand_worked)
{
    double y[] = {10, 12, 15, 18, 22};
    sc_stats_trend t;
    sc_stats_trend_wls(y, y, 5, SC_LOWER_IS_BETTER, &t);
    ck_assert(t.has_statistic);
    ck_assert_int_eq(t.method, SC_TREND_WLS);
    ck_printed(t.slope, 2.9215, 4);
    ck_printed(t.statistic, 2.3866, 4);
    ck_printed(t.p_value, 0.0170, 4);
    ck_assert_int_eq(t.trend, SC_TREND_INCREASING_WORSE);
    double var0[] = {10, 12, 0, 18, 22};
    sc_stats_trend_wls(y, var0, 5, SC_LOWER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_CANNOT);
    sc_stats_trend_wls(y, y, 3, SC_LOWER_IS_BETTER, &t);
    ck_assert_int_eq(t.trend, SC_TREND_CANNOT);
    ck_assert_str_eq(sc_stats_trend_keys[SC_TREND_CANNOT], "cannot_be_calculated");
}
END_TEST

static Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("intervals");
    tcase_add_test(tc, wilson_newcombe_table);
    tcase_add_test(tc, wilson_edges);
    tcase_add_test(tc, poisson_exact_below_ten);
    tcase_add_test(tc, poisson_byar_from_ten);
    tcase_add_test(tc, gamma_and_chi2);
    suite_add_tcase(s, tc);
    tc = tcase_create("significance");
    tcase_add_test(tc, vs_target_by_polarity);
    suite_add_tcase(s, tc);
    tc = tcase_create("trend");
    tcase_add_test(tc, trend_chi2_hand_worked);
    tcase_add_test(tc, trend_chi2_cannot);
    tcase_add_test(tc, trend_wls_hand_worked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(stats_suite());
}
