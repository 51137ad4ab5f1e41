/* population.h - the child population of a financial year and the rate
 * per 10,000 children it gives a snapshot demand count (docs/API.md §15):
 * "539 children were looked after (82.3 per 10,000 children)".
 *
 * A financial year is written YYYY-YY (2017-18) and held as the sc_period
 * of its first quarter, so that it orders and is locked like the quarters
 * it covers.
 */
#ifndef SC_POPULATION_H
#define SC_POPULATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "errors.h"
#include "period.h"

#define SC_POPULATION_MAX INT64_C(100000000)
#define SC_POPULATION_YEAR_LEN 8 /* "2017-18" plus NUL */
#define SC_POPULATION_RATE_DECIMALS 1

/* Parses a financial year "YYYY-YY" into the period of its Q1; false with
 * a sentence in hint (when not NULL) otherwise. */
bool sc_population_year_parse(const char *s, sc_period *first, char *hint, size_t hint_n);

/* Writes "YYYY-YY" for the year of q into buf (SC_POPULATION_YEAR_LEN). */
char *sc_population_year_format(sc_period q, char *buf);

/* Validates { children, year? } for PUT /populations/{year} (base "") or
 * a return's "population" (base "/population"): year, when given, must be
 * year_id (the path's, or the return quarter's year). SC_EINVALID with
 * every problem. */
sc_rc sc_population_from_json(const json_t *doc, const char *base, const char *year_id,
                              int64_t *children, sc_errors *errs);

/* { year, children }; new reference. */
json_t *sc_population_to_json(sc_period first, int64_t children);

/* value per 10,000 of children, half away from zero at one decimal. */
bool sc_population_rate(int64_t value, int64_t children, double *out);

#endif
