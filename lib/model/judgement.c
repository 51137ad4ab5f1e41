/* judgement.c - intervals, significance and trends for results, by unit
 * (see judgement.h). */
#include "judgement.h"

#include <math.h>

#include "jv.h"
#include "num.h"

/* How a significance answer was reached: the target against the interval. */
static const char significance_method[] = "target_outside_confidence_interval";

/* The events behind a Poisson figure and what one event is worth in the
 * indicator's unit; false when the figure has none. */
static bool poisson_events(const sc_indicator *ind, const sc_result *res, int64_t *events,
                           double *scale)
{
    if (ind->unit == SC_UNIT_RATE_PER_10000 && res->has_ratio && res->denominator > 0) {
        *events = res->numerator;
        *scale = 10000.0 / (double)res->denominator;
        return true;
    }
    if (ind->unit == SC_UNIT_COUNT && res->has_value && res->value >= 0 && res->value <= 1e12 &&
        res->value == floor(res->value)) {
        *events = (int64_t)res->value;
        *scale = 1;
        return true;
    }
    return false;
}

static bool reported(const sc_result *res)
{
    return res && res->availability == SC_AVAIL_REPORTED;
}

bool sc_judgement_interval(const sc_indicator *ind, const sc_result *res, sc_stats_interval *out)
{
    if (!reported(res))
        return false;
    if (ind->unit == SC_UNIT_PERCENT) {
        if (!res->has_ratio ||
            !sc_stats_wilson(res->numerator, res->denominator, SC_STATS_Z95, out))
            return false;
        out->lower *= 100;
        out->upper *= 100;
        return true;
    }
    int64_t events;
    double scale;
    if (!poisson_events(ind, res, &events, &scale) || !sc_stats_poisson95(events, out))
        return false;
    out->lower *= scale;
    out->upper *= scale;
    return true;
}

json_t *sc_judgement_interval_json(const sc_stats_interval *ci, int decimals)
{
    int d = decimals + 1;
    return json_pack("{s:i, s:o, s:o, s:s}", "level", ci->level, "lower",
                     sc_jv_new_number(sc_num_round(ci->lower, d)), "upper",
                     sc_jv_new_number(sc_num_round(ci->upper, d)), "method",
                     sc_stats_method_keys[ci->method]);
}

json_t *sc_judgement_significance_json(const sc_indicator *ind, const sc_result *res,
                                       bool has_target, double target)
{
    sc_stats_interval ci;
    if (!has_target || !sc_judgement_interval(ind, res, &ci))
        return json_null();
    sc_stats_vs vs = sc_stats_vs_target(&ci, target, ind->polarity);
    return json_pack("{s:s, s:s}", "vs_target", sc_stats_vs_keys[vs], "method",
                     significance_method);
}

bool sc_judgement_outside_not_significant(const sc_indicator *ind, const sc_result *res,
                                          sc_status status, double target)
{
    sc_stats_interval ci;
    return status == SC_STATUS_OUTSIDE && sc_judgement_interval(ind, res, &ci) &&
           sc_stats_vs_target(&ci, target, ind->polarity) == SC_VS_NOT_SIGNIFICANT;
}

void sc_judgement_trend_of(const sc_indicator *ind, const sc_result *const *recent,
                           const sc_period *quarters, size_t m, sc_judgement_trend *out)
{
    if (m > SC_STATS_TREND_POINTS)
        m = SC_STATS_TREND_POINTS;
    out->points = m;
    out->from = m ? quarters[0] : SC_PERIOD_NONE;
    out->to = m ? quarters[m - 1] : SC_PERIOD_NONE;
    int64_t k[SC_STATS_TREND_POINTS], n[SC_STATS_TREND_POINTS];
    double y[SC_STATS_TREND_POINTS], var[SC_STATS_TREND_POINTS];
    bool proportions = ind->unit == SC_UNIT_PERCENT;
    for (size_t i = 0; i < m; i++) {
        const sc_result *r = recent[i];
        int64_t events;
        double scale;
        if (proportions && r->has_ratio) {
            k[i] = r->numerator;
            n[i] = r->denominator;
        } else if (!proportions && poisson_events(ind, r, &events, &scale)) {
            /* a Poisson count's variance is the count itself */
            y[i] = (double)events * scale;
            var[i] = (double)events * scale * scale;
        } else {
            m = 0; /* a point without counts: no test (stats.h says CANNOT) */
            break;
        }
    }
    /* units without counts stopped the loop above at m = 0 */
    if (proportions)
        sc_stats_trend_proportions(k, n, m, ind->polarity, &out->test);
    else
        sc_stats_trend_wls(y, var, m, ind->polarity, &out->test);
}

int sc_judgement_trend_add_json(json_t *obj, const sc_judgement_trend *t)
{
    bool tested = t->points == SC_STATS_TREND_POINTS && t->test.has_statistic;
    const char *key = sc_stats_trend_keys[tested ? t->test.trend : SC_TREND_CANNOT];
    json_t *test = json_null();
    if (tested)
        test = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o}", "method",
                         sc_stats_trend_method_keys[t->test.method], "points", (int)t->points,
                         "from", sc_jv_new_period(t->from), "to", sc_jv_new_period(t->to),
                         "statistic", sc_jv_new_number(sc_num_round(t->test.statistic, 3)),
                         "p_value", sc_jv_new_number(sc_num_round(t->test.p_value, 4)));
    int rc = json_object_set_new(obj, "trend", json_string(key));
    rc |= json_object_set_new(obj, "trend_test", test ? test : json_null());
    return rc ? -1 : 0;
}
