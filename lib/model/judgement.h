/* judgement.h - what the statistics say about an indicator's results: the
 * 95% confidence interval a result's unit allows, whether the result is
 * significantly different from its target, and the trend over its most
 * recent five points (docs/API.md "Statistical methods"). The arithmetic
 * is stats.h's; this module decides which method a unit takes and how the
 * answers look in the API.
 *
 * Which results have an interval:
 * - unit percent with numerator and denominator: Wilson score on
 *   numerator/denominator, shown as percentages;
 * - unit rate_per_10000 with numerator (events) and denominator
 *   (population): exact Poisson / Byar on the numerator, times
 *   10000 / denominator;
 * - unit count with a whole, non-negative value: exact Poisson / Byar on
 *   the value;
 * - anything else (days, weeks, ratios, money, or no counts): none.
 */
#ifndef SC_JUDGEMENT_H
#define SC_JUDGEMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "indicator.h"
#include "period.h"
#include "result.h"
#include "stats.h"

/* The trend of a series at one quarter: the test and the points it used. */
typedef struct {
    sc_stats_trend test;
    size_t points;      /* points tested (SC_STATS_TREND_POINTS or fewer) */
    sc_period from, to; /* the first and last of them; SC_PERIOD_NONE when none */
} sc_judgement_trend;

/* Sets *out to the 95% interval of res in the indicator's unit; false when
 * the unit or the figures allow none (see above). */
bool sc_judgement_interval(const sc_indicator *ind, const sc_result *res, sc_stats_interval *out);

/* { level, lower, upper, method }, limits rounded half away from zero to
 * decimals + 1 (one place finer than the figure they bracket). New
 * reference, NULL on out of memory. */
json_t *sc_judgement_interval_json(const sc_stats_interval *ci, int decimals);

/* { vs_target, method } for a result with an interval and a target, or a
 * JSON null when either is missing. New reference. */
json_t *sc_judgement_significance_json(const sc_indicator *ind, const sc_result *res,
                                       bool has_target, double target);

/* True when the result is outside target range yet not significantly
 * different from its target (an interval that reaches the target). */
bool sc_judgement_outside_not_significant(const sc_indicator *ind, const sc_result *res,
                                          sc_status status, double target);

/* The trend of recent[0..m) (ascending quarters quarters[0..m), at most
 * SC_STATS_TREND_POINTS, the most recent reported results): the
 * chi-squared test for trend for a percent indicator, weighted least
 * squares for a rate or count, cannot_be_calculated otherwise or when any
 * point lacks its counts. */
void sc_judgement_trend_of(const sc_indicator *ind, const sc_result *const *recent,
                           const sc_period *quarters, size_t m, sc_judgement_trend *out);

/* Adds "trend" (a key of sc_stats_trend_keys) and "trend_test" ({ method,
 * points, from, to, statistic, p_value }, or null when no test could be
 * made) to obj. Returns 0 or -1. */
int sc_judgement_trend_add_json(json_t *obj, const sc_judgement_trend *t);

#endif
