/* num.h - decimal rounding as the papers do it: half away from zero.
 *
 * Figures are compared and shown "at a precision": a value v at decimals d
 * becomes the integer round(v * 10^d). Doing that on binary doubles goes
 * wrong at exact halves (0.285 is stored as 0.28499999...), so doubles are
 * rounded through their 15-significant-digit decimal form, and ratios of
 * integers (percentages, % changes, numerator/denominator) are rounded with
 * exact integer arithmetic.
 */
#ifndef SC_NUM_H
#define SC_NUM_H

#include <stdbool.h>
#include <stdint.h>

#define SC_NUM_MAX_DECIMALS 3

/* Sets *out = round_half_away(x * 10^decimals). Returns false when x is not
 * finite or the result does not fit in +-10^17. */
bool sc_num_scale(double x, int decimals, int64_t *out);

/* Sets *out = round_half_away(num * 10^decimals / den). den must not be 0.
 * Returns false on overflow of the int64 result. */
bool sc_num_div_scaled(int64_t num, int64_t den, int decimals, int64_t *out);

/* The value of a scaled integer: scaled / 10^decimals. */
double sc_num_unscale(int64_t scaled, int decimals);

/* 10^decimals for 0 <= decimals <= 18. */
int64_t sc_num_pow10(int decimals);

/* x rounded half away from zero to decimals, as a double (for output). */
double sc_num_round(double x, int decimals);

#endif
