/* trajectory.c - the year-end forecast and the stretch check (see
 * trajectory.h for the methods). */
#include "trajectory.h"

#include <string.h>

#include "jv.h"
#include "num.h"
#include "status.h"

/* How many quarters back, the latest included, the forecast and the
 * stretch check look. */
#define RECENT_QUARTERS 4

/* The index of the first point within the last RECENT_QUARTERS up to latest. */
static size_t recent_start(const sc_trajectory_point *pts, size_t n, sc_period latest, size_t *end)
{
    size_t e = n;
    while (e > 0 && pts[e - 1].quarter > latest)
        e--;
    size_t b = e;
    while (b > 0 && pts[b - 1].quarter > latest - RECENT_QUARTERS)
        b--;
    *end = e;
    return b;
}

static double within_unit(const sc_indicator *ind, double v)
{
    if (ind->unit == SC_UNIT_PERCENT && v > 100)
        v = 100;
    if (ind->unit != SC_UNIT_GBP && v < 0)
        v = 0;
    return v;
}

/* True when v would be judged better than target (gap >= 0) at precision. */
static bool meets(const sc_indicator *ind, double v, double target)
{
    int64_t vs, ts;
    if (!sc_num_scale(v, ind->decimals, &vs) || !sc_num_scale(target, ind->decimals, &ts))
        return false;
    return sc_status_compare(ind->polarity, vs, ts, 0) == SC_STATUS_BETTER;
}

void sc_trajectory_forecast_of(const sc_indicator *ind, const sc_trajectory_point *pts, size_t n,
                               sc_period latest, bool has_target, double target,
                               sc_trajectory_forecast *out)
{
    memset(out, 0, sizeof *out);
    if (latest == SC_PERIOD_NONE)
        return;
    out->quarter = sc_period_make(sc_period_year(latest), 4);
    size_t end, b = recent_start(pts, n, latest, &end);
    if (end > b && pts[end - 1].quarter == out->quarter) {
        out->reported = true;
        out->points = 1;
        out->value = pts[end - 1].value;
    } else if (end - b >= 2) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0, m = (double)(end - b);
        for (size_t i = b; i < end; i++) {
            double x = (double)(pts[i].quarter - latest);
            sx += x;
            sy += pts[i].value;
            sxx += x * x;
            sxy += x * pts[i].value;
        }
        double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        double icept = (sy - slope * sx) / m;
        out->points = end - b;
        out->value = within_unit(ind, icept + slope * (double)(out->quarter - latest));
    } else {
        return;
    }
    out->has_forecast = true;
    out->value = sc_num_round(out->value, ind->decimals);
    out->has_target = has_target;
    out->target = target;
    out->meets_target = has_target && meets(ind, out->value, target);
}

void sc_trajectory_stretch_of(const sc_indicator *ind, const sc_trajectory_point *pts, size_t n,
                              sc_period latest, const sc_target *t, sc_trajectory_stretch *out)
{
    memset(out, 0, sizeof *out);
    size_t end, b = recent_start(pts, n, latest, &end);
    if (!t || end == b)
        return;
    size_t best = b;
    for (size_t i = b + 1; i < end; i++) {
        int64_t a, c;
        if (!sc_num_scale(pts[i].value, ind->decimals, &a) ||
            !sc_num_scale(pts[best].value, ind->decimals, &c))
            continue;
        /* a later equal value is the more recent evidence of the best */
        if (ind->polarity == SC_HIGHER_IS_BETTER ? a >= c : a <= c)
            best = i;
    }
    out->has_check = true;
    out->target = t->target;
    out->target_from = t->from_quarter;
    out->best_value = pts[best].value;
    out->best_quarter = pts[best].quarter;
    out->points = end - b;
    /* the best result beats the target outright: the target asks for less */
    int64_t bs, ts;
    out->below_best = sc_num_scale(out->best_value, ind->decimals, &bs) &&
                      sc_num_scale(t->target, ind->decimals, &ts) &&
                      (ind->polarity == SC_HIGHER_IS_BETTER ? ts < bs : ts > bs);
}

json_t *sc_trajectory_forecast_json(const sc_trajectory_forecast *f)
{
    if (!f->has_forecast)
        return json_null();
    json_t *o =
        json_pack("{s:o, s:o, s:s, s:i, s:o, s:o}", "quarter", sc_jv_new_period(f->quarter),
                  "value", sc_jv_new_number(f->value), "method",
                  f->reported ? "reported" : "linear_least_squares", "points", (int)f->points,
                  "target", f->has_target ? sc_jv_new_number(f->target) : json_null(),
                  "meets_target", f->has_target ? json_boolean(f->meets_target) : json_null());
    return o ? o : json_null();
}

json_t *sc_trajectory_stretch_json(const sc_trajectory_stretch *s)
{
    if (!s->has_check)
        return json_null();
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:i, s:b}", "target", sc_jv_new_number(s->target),
                          "target_from", sc_jv_new_period(s->target_from), "best_value",
                          sc_jv_new_number(s->best_value), "best_quarter",
                          sc_jv_new_period(s->best_quarter), "points", (int)s->points, "below_best",
                          s->below_best);
    return o ? o : json_null();
}
