/* stats.c - confidence intervals, significance against a target and trend
 * tests (see stats.h for the methods and their sources). */
#include "stats.h"

#include <math.h>

const char *const sc_stats_method_keys[SC_STATS_METHOD_N] = {"wilson_score", "byar",
                                                             "exact_poisson"};
const char *const sc_stats_vs_keys[SC_VS_N] = {"better", "not_significant", "worse"};
const char *const sc_stats_trend_keys[SC_TREND_N] = {
    "increasing_and_getting_better", "increasing_and_getting_worse",
    "decreasing_and_getting_better", "decreasing_and_getting_worse",
    "no_significant_change",         "cannot_be_calculated"};
const char *const sc_stats_trend_method_keys[SC_TREND_METHOD_N] = {"chi_squared_trend",
                                                                   "weighted_least_squares"};

/* The chi-squared 95th percentile with 1 df: 1.959964^2. */
#define CHI2_1DF_95 (SC_STATS_Z95 * SC_STATS_Z95)

bool sc_stats_wilson(int64_t k, int64_t n, double z, sc_stats_interval *out)
{
    if (n <= 0 || k < 0 || k > n)
        return false;
    double dk = (double)k, dn = (double)n, z2 = z * z;
    double centre = 2 * dk + z2;
    double spread = z * sqrt(z2 + 4 * dk * (1 - dk / dn));
    double denom = 2 * (dn + z2);
    out->level = 95;
    out->method = SC_STATS_WILSON;
    out->lower = (centre - spread) / denom;
    out->upper = (centre + spread) / denom;
    /* k = 0 and k = n give exactly 0 and 1; keep rounding noise out */
    if (k == 0)
        out->lower = 0;
    if (k == n)
        out->upper = 1;
    return true;
}

/* Series for P(a, x), good for x < a + 1 (Numerical Recipes §6.2). */
static double gamma_p_series(double a, double x)
{
    double term = 1 / a, sum = term;
    for (int i = 1; i < 1000; i++) {
        term *= x / (a + i);
        sum += term;
        if (fabs(term) < fabs(sum) * 1e-16)
            break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Continued fraction for Q(a, x) = 1 - P(a, x), good for x >= a + 1
 * (modified Lentz). */
static double gamma_q_fraction(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 1000; i++) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1) < 1e-16)
            break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double sc_stats_gamma_p(double a, double x)
{
    if (!(a > 0) || !(x >= 0) || !isfinite(a))
        return NAN;
    if (x == 0)
        return 0;
    if (isinf(x))
        return 1;
    return x < a + 1 ? gamma_p_series(a, x) : 1 - gamma_q_fraction(a, x);
}

double sc_stats_chi2_quantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0) || !isfinite(df))
        return NAN;
    /* P is increasing in x: bracket the root, then halve the bracket until
     * it is as narrow as a double can tell */
    double lo = 0, hi = df + 10;
    while (sc_stats_gamma_p(df / 2, hi / 2) < p && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (sc_stats_gamma_p(df / 2, mid / 2) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

bool sc_stats_poisson95(int64_t o, sc_stats_interval *out)
{
    if (o < 0)
        return false;
    double d = (double)o, z = SC_STATS_Z95;
    out->level = 95;
    if (o < SC_STATS_BYAR_MIN_EVENTS) {
        /* exact limits (technical guide, appendix 2): half the chi-squared
         * quantiles at 2O and 2(O + 1) degrees of freedom */
        out->method = SC_STATS_EXACT_POISSON;
        out->lower = o == 0 ? 0 : sc_stats_chi2_quantile(0.025, 2 * d) / 2;
        out->upper = sc_stats_chi2_quantile(0.975, 2 * (d + 1)) / 2;
        return true;
    }
    out->method = SC_STATS_BYAR;
    double l = 1 - 1 / (9 * d) - z / (3 * sqrt(d));
    double u = 1 - 1 / (9 * (d + 1)) + z / (3 * sqrt(d + 1));
    out->lower = d * l * l * l;
    out->upper = (d + 1) * u * u * u;
    return true;
}

sc_stats_vs sc_stats_vs_target(const sc_stats_interval *ci, double target, sc_polarity polarity)
{
    bool higher = polarity == SC_HIGHER_IS_BETTER;
    if (ci->lower > target)
        return higher ? SC_VS_BETTER : SC_VS_WORSE;
    if (ci->upper < target)
        return higher ? SC_VS_WORSE : SC_VS_BETTER;
    return SC_VS_NOT_SIGNIFICANT;
}

/* The key for a significant (or not) change whose sign is rising. */
static sc_stats_trend_key judge(bool significant, bool rising, sc_polarity polarity)
{
    if (!significant)
        return SC_TREND_NO_CHANGE;
    bool better = rising == (polarity == SC_HIGHER_IS_BETTER);
    if (rising)
        return better ? SC_TREND_INCREASING_BETTER : SC_TREND_INCREASING_WORSE;
    return better ? SC_TREND_DECREASING_BETTER : SC_TREND_DECREASING_WORSE;
}

static void cannot(sc_stats_trend_method method, sc_stats_trend *out)
{
    *out = (sc_stats_trend){.trend = SC_TREND_CANNOT, .method = method};
}

void sc_stats_trend_proportions(const int64_t *k, const int64_t *n, size_t m, sc_polarity polarity,
                                sc_stats_trend *out)
{
    cannot(SC_TREND_CHI2, out);
    if (m < SC_STATS_TREND_POINTS)
        return;
    double big_n = 0, big_k = 0, snx = 0, snx2 = 0, skx = 0;
    for (size_t i = 0; i < m; i++) {
        if (n[i] <= 0 || k[i] < 0 || k[i] > n[i])
            return;
        double x = (double)(i + 1);
        big_n += (double)n[i];
        big_k += (double)k[i];
        snx += (double)n[i] * x;
        snx2 += (double)n[i] * x * x;
        skx += (double)k[i] * x;
    }
    double pbar = big_k / big_n, xbar = snx / big_n;
    double sxx = snx2 - big_n * xbar * xbar;
    double var = pbar * (1 - pbar) * sxx;
    if (!(var > 0))
        return;
    double t = skx - big_k * xbar;
    out->has_statistic = true;
    out->statistic = t * t / var;
    out->p_value = 1 - sc_stats_gamma_p(0.5, out->statistic / 2);
    out->slope = t / sxx;
    out->trend = judge(out->statistic > CHI2_1DF_95, t > 0, polarity);
}

void sc_stats_trend_wls(const double *y, const double *var, size_t m, sc_polarity polarity,
                        sc_stats_trend *out)
{
    cannot(SC_TREND_WLS, out);
    if (m < SC_STATS_TREND_POINTS)
        return;
    double sw = 0, swx = 0, swy = 0;
    for (size_t i = 0; i < m; i++) {
        if (!(var[i] > 0) || !isfinite(var[i]) || !isfinite(y[i]))
            return;
        double w = 1 / var[i];
        sw += w;
        swx += w * (double)(i + 1);
        swy += w * y[i];
    }
    double xbar = swx / sw, ybar = swy / sw, sxx = 0, sxy = 0;
    for (size_t i = 0; i < m; i++) {
        double w = 1 / var[i], dx = (double)(i + 1) - xbar;
        sxx += w * dx * dx;
        sxy += w * dx * (y[i] - ybar);
    }
    double slope = sxy / sxx, se = sqrt(1 / sxx);
    out->has_statistic = true;
    out->slope = slope;
    out->statistic = slope / se;
    out->p_value = erfc(fabs(out->statistic) / sqrt(2.0));
    out->trend = judge(fabs(out->statistic) > SC_STATS_Z95, slope > 0, polarity);
}
