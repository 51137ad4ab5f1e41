/* num.c - rounding half away from zero, exactly (see num.h). */
#include "num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_SCALED_DIGITS 18 /* int64 holds every 18-digit number */

int64_t sc_num_pow10(int decimals)
{
    int64_t p = 1;
    for (int i = 0; i < decimals; i++)
        p *= 10;
    return p;
}

bool sc_num_scale(double x, int decimals, int64_t *out)
{
    if (!isfinite(x) || decimals < 0 || decimals > 6)
        return false;
    char buf[40];
    /* 15 significant digits: every decimal a person typed with <= 15 digits
     * comes back exactly, without the binary representation error. */
    snprintf(buf, sizeof buf, "%.14e", fabs(x));
    /* buf = "d.dddddddddddddde[+-]XX" */
    char digits[15];
    digits[0] = buf[0];
    for (int i = 0; i < 14; i++)
        digits[i + 1] = buf[2 + i];
    int exp10 = atoi(buf + 17);
    /* number of digits before the decimal point after scaling */
    int k = exp10 + 1 + decimals;
    if (k > MAX_SCALED_DIGITS)
        return false;
    int64_t v = 0;
    for (int i = 0; i < k; i++)
        v = v * 10 + (i < 15 ? digits[i] - '0' : 0);
    if (k >= 0 && k < 15 && digits[k] >= '5')
        v += 1;
    *out = x < 0 ? -v : v;
    return true;
}

bool sc_num_div_scaled(int64_t num, int64_t den, int decimals, int64_t *out)
{
    if (den == 0 || decimals < 0 || decimals > 6)
        return false;
    __int128 n = (__int128)num * sc_num_pow10(decimals);
    __int128 d = den;
    bool neg = (n < 0) != (d < 0);
    if (n < 0)
        n = -n;
    if (d < 0)
        d = -d;
    __int128 q = (2 * n + d) / (2 * d);
    if (q > INT64_MAX)
        return false;
    *out = neg ? -(int64_t)q : (int64_t)q;
    return true;
}

double sc_num_unscale(int64_t scaled, int decimals)
{
    return (double)scaled / (double)sc_num_pow10(decimals);
}

double sc_num_round(double x, int decimals)
{
    int64_t s;
    if (!sc_num_scale(x, decimals, &s))
        return x;
    return sc_num_unscale(s, decimals);
}
