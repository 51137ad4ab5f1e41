/* result.h - an indicator's figure for one quarter (docs/API.md §6). */
#ifndef SC_RESULT_H
#define SC_RESULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "errors.h"
#include "indicator.h"
#include "status.h"

#define SC_COMMENTARY_MAX 20000
#define SC_REASON_MAX 500

/* Strings are owned; free with sc_result_clear(). */
typedef struct {
    sc_availability availability;
    bool has_value;   /* value holds the figure (given, or derived from the ratio) */
    bool value_given; /* the trust sent value itself */
    double value;
    bool has_ratio;
    int64_t numerator;
    int64_t denominator;
    bool has_count; /* the count behind a percentage whose denominator is not published */
    int64_t count;
    bool has_year_to_date; /* the year to date figure the papers quote beside it */
    double year_to_date;
    char *reason;     /* NULL when none */
    char *commentary; /* NULL when none */
} sc_result;

/* Validates a result document for indicator ind (whose unit and decimals
 * decide the rules) and fills *out. members lists extra member names the
 * caller allows (e.g. "code" inside a quarterly return), NULL for none.
 * Returns SC_OK, or SC_EINVALID with every problem in errs. */
sc_rc sc_result_from_json(const json_t *doc, const sc_indicator *ind, const char *base,
                          const char *extra_member, sc_result *out, sc_errors *errs);

/* The value at the indicator's precision: value * 10^decimals rounded half
 * away from zero; exact when the value comes from numerator/denominator.
 * Returns false when there is no value. */
bool sc_result_scaled(const sc_result *r, int decimals, int64_t *out);

/* Adds availability, value, numerator, denominator, count, reason,
 * commentary to obj (null where absent). Returns 0 or -1. */
int sc_result_add_json(json_t *obj, const sc_result *r);

/* Adds every member sc_result_add_json adds, each null: the result
 * members of a quarter with no result. Returns 0 or -1. */
int sc_result_add_null_json(json_t *obj);

/* True when a and b hold the same figures and text. */
bool sc_result_equal(const sc_result *a, const sc_result *b);

void sc_result_clear(sc_result *r);

#endif
