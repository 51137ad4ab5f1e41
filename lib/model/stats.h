/* stats.h - the statistics behind the committee's judgements (docs/API.md
 * "Statistical methods"): 95% confidence intervals for proportions (Wilson
 * score) and for counts and rates (exact Poisson below 10 events, Byar's
 * approximation from 10), whether a figure differs significantly from its
 * target, and the trend tests over the most recent five points (chi-squared
 * test for linear trend in proportions; weighted least squares otherwise).
 *
 * Sources: Public Health England, "Technical Guide: Confidence Intervals"
 * (Public Health Data Science, 25 May 2018), appendices 1-3; APHO
 * "Technical Briefing 3: Commonly used public health statistics and their
 * confidence intervals" (2008); Fingertips "Recent trends" methodology;
 * Altman, "Practical Statistics for Medical Research" (1991) §10.7.4.
 *
 * Pure functions of their arguments: no allocation, no global state.
 */
#ifndef SC_STATS_H
#define SC_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* z for a two-sided 95% interval (the normal 97.5th percentile). */
#define SC_STATS_Z95 1.959963984540054
/* Fewer events than this and a Poisson interval is exact, not Byar's. */
#define SC_STATS_BYAR_MIN_EVENTS 10
/* The number of most recent points a trend is tested over. */
#define SC_STATS_TREND_POINTS 5

typedef enum {
    SC_STATS_WILSON = 0,
    SC_STATS_BYAR,
    SC_STATS_EXACT_POISSON,
    SC_STATS_METHOD_N
} sc_stats_method;
extern const char *const sc_stats_method_keys[SC_STATS_METHOD_N];

/* A two-sided interval at level percent (95). */
typedef struct {
    int level;
    double lower;
    double upper;
    sc_stats_method method;
} sc_stats_interval;

/* The Wilson score interval for k successes in n (0 <= k <= n, n > 0) as
 * proportions in [0, 1], at z. Returns false (out untouched) otherwise. */
bool sc_stats_wilson(int64_t k, int64_t n, double z, sc_stats_interval *out);

/* The 95% interval for a Poisson count of o >= 0 events: exact limits
 * (chi-squared quantiles) below SC_STATS_BYAR_MIN_EVENTS, Byar's
 * approximation from there. Returns false for o < 0. */
bool sc_stats_poisson95(int64_t o, sc_stats_interval *out);

/* P(a, x), the regularised lower incomplete gamma function, for a > 0,
 * x >= 0 (NaN otherwise). */
double sc_stats_gamma_p(double a, double x);

/* The p-quantile of the chi-squared distribution with df > 0 degrees of
 * freedom (0 < p < 1), by bisection on sc_stats_gamma_p; NaN otherwise. */
double sc_stats_chi2_quantile(double p, double df);

/* Whether a figure differs significantly from its target: "better",
 * "not_significant" or "worse" by polarity. */
typedef enum { SC_VS_BETTER = 0, SC_VS_NOT_SIGNIFICANT, SC_VS_WORSE, SC_VS_N } sc_stats_vs;
extern const char *const sc_stats_vs_keys[SC_VS_N];

/* The target is significantly different when it lies outside the interval
 * (the way Fingertips compares an area with a benchmark value): above the
 * upper limit the figure is significantly lower, below the lower limit
 * significantly higher, and polarity says which is better. ci and target
 * are in the same unit. */
sc_stats_vs sc_stats_vs_target(const sc_stats_interval *ci, double target, sc_polarity polarity);

typedef enum {
    SC_TREND_INCREASING_BETTER = 0,
    SC_TREND_INCREASING_WORSE,
    SC_TREND_DECREASING_BETTER,
    SC_TREND_DECREASING_WORSE,
    SC_TREND_NO_CHANGE,
    SC_TREND_CANNOT,
    SC_TREND_N
} sc_stats_trend_key;
extern const char *const sc_stats_trend_keys[SC_TREND_N];

typedef enum { SC_TREND_CHI2 = 0, SC_TREND_WLS, SC_TREND_METHOD_N } sc_stats_trend_method;
extern const char *const sc_stats_trend_method_keys[SC_TREND_METHOD_N];

typedef struct {
    sc_stats_trend_key trend;
    sc_stats_trend_method method;
    bool has_statistic; /* false when the test could not be made */
    double statistic;   /* chi-squared (1 df), or z of the slope */
    double p_value;     /* two-sided */
    double slope;       /* per point: change in proportion, or in the value */
} sc_stats_trend;

/* The chi-squared test for linear trend in proportions (Armitage; the
 * Fingertips "Recent trend" for proportions) over m points in time order,
 * k[i] of n[i], scored 1..m: chi2 = (sum k_i x_i - K xbar)^2 /
 * (pbar (1 - pbar) (sum n_i x_i^2 - N xbar^2)), xbar = sum n_i x_i / N,
 * significant at p < 0.05. CANNOT when m < SC_STATS_TREND_POINTS, any n[i]
 * <= 0 or k[i] outside [0, n[i]], or every point is 0% or every 100%. */
void sc_stats_trend_proportions(const int64_t *k, const int64_t *n, size_t m, sc_polarity polarity,
                                sc_stats_trend *out);

/* Weighted least squares regression of y on time (scores 1..m) with
 * weights 1/var[i] (the variances are known: the test statistic is
 * z = slope / sqrt(1 / sum w (x - xbar_w)^2), significant at |z| > 1.96).
 * CANNOT when m < SC_STATS_TREND_POINTS or any var[i] <= 0 or not finite. */
void sc_stats_trend_wls(const double *y, const double *var, size_t m, sc_polarity polarity,
                        sc_stats_trend *out);

#endif
