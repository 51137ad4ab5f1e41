/* test_num.c - lib/num: rounding half away from zero as the papers do it.
 * sc_num_scale on doubles (exact halves such as 0.285 that binary cannot
 * hold, negatives, decimals 0-3, limits, NaN/inf), sc_num_div_scaled on
 * integer ratios (the published percentages), and the small helpers. */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "num.h"
#include "unit.h"

typedef struct {
    double x;
    int decimals;
    int64_t want;
} scale_case;

static void check_scale(const scale_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t got = -777;
        ck_assert_msg(sc_num_scale(c[i].x, c[i].decimals, &got), "scale(%.17g, %d) refused", c[i].x,
                      c[i].decimals);
        ck_assert_msg(got == c[i].want, "scale(%.17g, %d) = %lld, want %lld", c[i].x, c[i].decimals,
                      (long long)got, (long long)c[i].want);
    }
}

START_TEST(scale_exact_halves)
{
    static const scale_case cases[] = {
        {0.285, 2, 29}, {2.5, 0, 3},       {-2.5, 0, -3},       {-0.5, 0, -1},
        {0.5, 0, 1},    {1.5, 0, 2},       {1.005, 2, 101},     {-1.005, 2, -101},
        {0.0005, 3, 1}, {-0.0005, 3, -1},  {-1.0005, 3, -1001}, {1.0005, 3, 1001},
        {0.15, 1, 2},   {0.25, 1, 3},      {0.35, 1, 4},        {2.675, 2, 268},
        {1.45, 1, 15},  {8.345, 2, 835},   {94.95, 1, 950},     {94.96, 1, 950},
        {12.5, 0, 13},  {-12.5, 0, -13},   {9.995, 2, 1000},    {99.5, 0, 100},
        {0.0015, 3, 2}, {1.0125, 3, 1013},
    };
    check_scale(cases, sizeof cases / sizeof *cases);
}
END_TEST

START_TEST(scale_not_halves)
{
    static const scale_case cases[] = {
        {0.284, 2, 28},  {0.2849, 2, 28}, {2.49, 0, 2},      {-2.49, 0, -2},      {-0.49, 0, 0},
        {0.49, 0, 0},    {0.0004, 3, 0},  {0.0004999, 3, 0}, {-0.0004, 3, 0},     {1.0049, 2, 100},
        {2.51, 0, 3},    {-2.51, 0, -3},  {0.1 + 0.2, 1, 3}, {0.1 + 0.2, 3, 300}, {94.94, 1, 949},
        {0.00049, 0, 0}, {0.05, 0, 0},    {0.96, 0, 1},      {0.00096, 3, 1},
    };
    check_scale(cases, sizeof cases / sizeof *cases);
}
END_TEST

START_TEST(scale_each_precision)
{
    /* one value at decimals 0..3 */
    static const scale_case cases[] = {
        {12.3456, 0, 12},   {12.3456, 1, 123},   {12.3456, 2, 1235},   {12.3456, 3, 12346},
        {-12.3456, 0, -12}, {-12.3456, 1, -123}, {-12.3456, 2, -1235}, {-12.3456, 3, -12346},
        {95, 0, 95},        {95, 1, 950},        {95, 2, 9500},        {95, 3, 95000},
        {0, 0, 0},          {0, 3, 0},           {-0.0, 2, 0},         {5349, 0, 5349},
        {1e-9, 3, 0},       {-1e-9, 3, 0},       {5e-324, 3, 0},
    };
    check_scale(cases, sizeof cases / sizeof *cases);
}
END_TEST

START_TEST(scale_limits)
{
    int64_t out = -777;
    /* up to 18 digits after scaling: int64 holds every 18-digit number */
    ck_assert(sc_num_scale(1e16, 0, &out));
    ck_assert_int_eq(out, INT64_C(10000000000000000));
    ck_assert(sc_num_scale(-1e17, 0, &out));
    ck_assert_int_eq(out, -INT64_C(100000000000000000));
    ck_assert(sc_num_scale(1e14, 3, &out));
    ck_assert_int_eq(out, INT64_C(100000000000000000));
    ck_assert(sc_num_scale(123456789012.345, 3, &out));
    ck_assert_int_eq(out, INT64_C(123456789012345));
    /* the largest figure validation accepts (lib/jv.c) at the finest precision */
    ck_assert(sc_num_scale(1e12, SC_NUM_MAX_DECIMALS, &out));
    ck_assert_int_eq(out, INT64_C(1000000000000000));
    ck_assert(sc_num_scale(-999999999999.999, SC_NUM_MAX_DECIMALS, &out));
    ck_assert_int_eq(out, -INT64_C(999999999999999));

    out = -777;
    ck_assert(!sc_num_scale(1e18, 0, &out));
    ck_assert(!sc_num_scale(1e15, 3, &out));
    ck_assert(!sc_num_scale(1e300, 0, &out));
    ck_assert(!sc_num_scale(-1e300, 3, &out));
    ck_assert(!sc_num_scale(1.7976931348623157e308, 0, &out));
    ck_assert(!sc_num_scale(NAN, 0, &out));
    ck_assert(!sc_num_scale(-NAN, 2, &out));
    ck_assert(!sc_num_scale(INFINITY, 1, &out));
    ck_assert(!sc_num_scale(-INFINITY, 1, &out));
    ck_assert(!sc_num_scale(1.0, -1, &out));
    ck_assert(!sc_num_scale(1.0, 7, &out));
    ck_assert_int_eq(out, -777);
}
END_TEST

typedef struct {
    int64_t num;
    int64_t den;
    int decimals;
    int64_t want;
} div_case;

START_TEST(div_scaled_published_percentages)
{
    /* numerator is count x 100, so the result is a percentage */
    static const div_case cases[] = {
        /* 2020/21 Q1, 30 strategic indicators, 21 reported, decimals 0 */
        {13 * 100, 30, 0, 43},
        {4 * 100, 30, 0, 13},
        {2 * 100, 30, 0, 7},
        {5 * 100, 30, 0, 17},
        {4 * 100, 21, 0, 19},
        {13 * 100, 21, 0, 62},
        {17 * 100, 21, 0, 81},
        /* 2019/20 Q3, 28 strategic indicators, decimals 1 */
        {4 * 100, 28, 1, 143},
        {6 * 100, 28, 1, 214},
        {11 * 100, 28, 1, 393},
        {2 * 100, 28, 1, 71},
        {5 * 100, 28, 1, 179},
        /* result numerator/denominator */
        {276 * 100, 290, 0, 95},
        {276 * 100, 290, 1, 952},
        {276 * 100, 290, 3, 95172},
        /* exact halves away from zero */
        {100, 8, 0, 13},
        {100, 8, 1, 125},
        {-100, 8, 0, -13},
        {-100, 8, 1, -125},
        {100, -8, 0, -13},
        {-100, -8, 0, 13},
        {5, 2, 0, 3},
        {-5, 2, 0, -3},
        {1, 2, 0, 1},
        {-1, 2, 0, -1},
        {1, 3, 0, 0},
        {-1, 3, 0, 0},
        {2, 3, 0, 1},
        {-2, 3, 0, -1},
        {0, 7, 2, 0},
        {1, 2000, 3, 1},
        {-1, 2000, 3, -1},
        {1, 2001, 3, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t got = -777;
        ck_assert_msg(sc_num_div_scaled(cases[i].num, cases[i].den, cases[i].decimals, &got),
                      "div(%lld, %lld, %d) refused", (long long)cases[i].num,
                      (long long)cases[i].den, cases[i].decimals);
        ck_assert_msg(got == cases[i].want, "div(%lld, %lld, %d) = %lld, want %lld",
                      (long long)cases[i].num, (long long)cases[i].den, cases[i].decimals,
                      (long long)got, (long long)cases[i].want);
    }
}
END_TEST

START_TEST(div_scaled_rejects)
{
    int64_t out = -777;
    ck_assert(!sc_num_div_scaled(1, 0, 0, &out));
    ck_assert(!sc_num_div_scaled(0, 0, 2, &out));
    ck_assert(!sc_num_div_scaled(1, 1, -1, &out));
    ck_assert(!sc_num_div_scaled(1, 1, 7, &out));
    ck_assert(!sc_num_div_scaled(INT64_MAX, 1, 1, &out));
    ck_assert(!sc_num_div_scaled(INT64_MIN, 1, 1, &out));
    ck_assert_int_eq(out, -777);
    /* large but representable */
    ck_assert(sc_num_div_scaled(INT64_MAX, 1, 0, &out));
    ck_assert_int_eq(out, INT64_MAX);
    ck_assert(sc_num_div_scaled(INT64_MAX, 10, 1, &out));
    ck_assert_int_eq(out, INT64_MAX);
    ck_assert(sc_num_div_scaled(INT64_C(1000000000000) * 100, 3, 3, &out));
    ck_assert_int_eq(out, INT64_C(33333333333333333));
}
END_TEST

START_TEST(helpers)
{
    ck_assert_int_eq(sc_num_pow10(0), 1);
    ck_assert_int_eq(sc_num_pow10(1), 10);
    ck_assert_int_eq(sc_num_pow10(3), 1000);
    ck_assert_int_eq(sc_num_pow10(18), INT64_C(1000000000000000000));

    ck_assert(sc_num_unscale(143, 1) == 14.3);
    ck_assert(sc_num_unscale(-125, 1) == -12.5);
    ck_assert(sc_num_unscale(95, 0) == 95.0);
    ck_assert(sc_num_unscale(1905, 2) == 19.05);
    ck_assert(sc_num_unscale(1, 3) == 0.001);

    ck_assert(sc_num_round(0.285, 2) == 0.29);
    ck_assert(sc_num_round(-2.5, 0) == -3.0);
    ck_assert(sc_num_round(14.2857, 1) == 14.3);
    ck_assert(sc_num_round(1.005, 2) == 1.01);
    ck_assert(sc_num_round(95.0, 0) == 95.0);
    /* what cannot be rounded comes back as is */
    ck_assert(isnan(sc_num_round(NAN, 1)));
    ck_assert(sc_num_round(1e300, 1) == 1e300);
    ck_assert(isinf(sc_num_round(INFINITY, 1)));
}
END_TEST

static Suite *num_suite(void)
{
    Suite *s = suite_create("num");
    TCase *tc = tcase_create("scale");
    tcase_add_test(tc, scale_exact_halves);
    tcase_add_test(tc, scale_not_halves);
    tcase_add_test(tc, scale_each_precision);
    tcase_add_test(tc, scale_limits);
    suite_add_tcase(s, tc);

    tc = tcase_create("div_scaled");
    tcase_add_test(tc, div_scaled_published_percentages);
    tcase_add_test(tc, div_scaled_rejects);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, helpers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(num_suite());
}
