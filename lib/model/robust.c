/* robust.c - the modified z-score (see robust.h). */
#include "robust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROBUST_MAX 64 /* longer histories are scored on their last 64 points */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n), n >= 1, sorting v. */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool sc_robust_score(const double *history, size_t n, double x, sc_robust *out)
{
    double v[ROBUST_MAX];
    if (n > ROBUST_MAX) {
        history += n - ROBUST_MAX;
        n = ROBUST_MAX;
    }
    if (n < SC_ROBUST_MIN_POINTS)
        return false;
    memcpy(v, history, n * sizeof *v);
    double med = median(v, n);
    for (size_t i = 0; i < n; i++)
        v[i] = fabs(history[i] - med);
    double mad = median(v, n);
    if (!(mad > 0))
        return false;
    out->median = med;
    out->mad = mad;
    out->score = 0.6745 * (x - med) / mad;
    return true;
}
