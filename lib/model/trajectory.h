/* trajectory.h - where an indicator is heading against its target: the
 * year-end forecast and the stretch check of an indicator's history
 * (docs/API.md "Statistical methods").
 *
 * Forecast: the financial year of the latest quarter shown. When its Q4
 * is reported, that figure is the forecast ("reported"). Otherwise the
 * ordinary least-squares line through the reported values of the last
 * four quarters up to the latest (at least two of them) is extended to
 * Q4 ("linear_least_squares"), kept within 0-100 for a percentage and at
 * or above 0 for any unit but money, and rounded to the indicator's
 * decimals. It meets the year's target (the target in force in Q4) when
 * it would be judged better than target (docs/API.md §6).
 *
 * Stretch check: the best reported value (by polarity, at the indicator's
 * precision) of the last four quarters up to the latest, against the
 * target in force in the latest quarter; below_best when the target is
 * already beaten by that best result (lower than it for higher_is_better,
 * higher for lower_is_better).
 */
#ifndef SC_TRAJECTORY_H
#define SC_TRAJECTORY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "indicator.h"
#include "period.h"

/* One reported value of the series. */
typedef struct {
    sc_period quarter;
    double value;
} sc_trajectory_point;

typedef struct {
    bool has_forecast;
    sc_period quarter; /* the year's Q4 */
    double value;
    size_t points; /* values the forecast rests on */
    bool reported; /* Q4 itself was reported */
    bool has_target;
    double target;
    bool meets_target;
} sc_trajectory_forecast;

typedef struct {
    bool has_check; /* a target and at least one recent value */
    double target;
    sc_period target_from;
    double best_value;
    sc_period best_quarter;
    size_t points;
    bool below_best;
} sc_trajectory_stretch;

/* The forecast for the year of latest from pts[0..n) (ascending quarters,
 * reported values only) and the year-end target (has_target, target). */
void sc_trajectory_forecast_of(const sc_indicator *ind, const sc_trajectory_point *pts, size_t n,
                               sc_period latest, bool has_target, double target,
                               sc_trajectory_forecast *out);

/* The stretch check at latest against the target t in force then (NULL
 * when none). */
void sc_trajectory_stretch_of(const sc_indicator *ind, const sc_trajectory_point *pts, size_t n,
                              sc_period latest, const sc_target *t, sc_trajectory_stretch *out);

/* { quarter, value, method, points, target, meets_target } or null; new
 * reference. */
json_t *sc_trajectory_forecast_json(const sc_trajectory_forecast *f);

/* { target, target_from, best_value, best_quarter, points, below_best } or
 * null; new reference. */
json_t *sc_trajectory_stretch_json(const sc_trajectory_stretch *s);

#endif
