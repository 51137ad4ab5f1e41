/* outturn.h - a KPI's outturn for a financial year: the figure a paper
 * quotes once the year is over ("finalised outturn for 2019/20 is 8.5%,
 * better than target"). It is a reported result of the year, with its
 * numerator and denominator when it has them, judged against the target
 * in force in the year's Q4; its year is kept as that Q4 quarter, whose
 * sign-off lock also guards it.
 */
#ifndef SC_OUTTURN_H
#define SC_OUTTURN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "indicator.h"
#include "period.h"
#include "result.h"

/* "2019-20" -> the quarter 2019-20-Q4. false, with the reason in hint (as
 * sc_period_parse gives it), when s is not a financial year id. */
bool sc_outturn_year_parse(const char *s, sc_period *q4, char *hint, size_t hint_n);

/* The year id of the year ending with quarter q4 ("2019-20") into buf (at
 * least 8 bytes); returns buf. */
char *sc_outturn_year_format(sc_period q4, char *buf);

/* Validates an outturn body { value?, numerator?, denominator?,
 * commentary? } (and the members in extra, NULL-terminated or NULL: "code"
 * and "year" in a return) for
 * indicator ind with the rules of a reported result (result.h: value, or
 * numerator and denominator for a percentage, agreeing when both are
 * given) into *out, a reported sc_result (clear with sc_result_clear).
 * SC_OK, SC_EINVALID with every problem in errs, or SC_ENOMEM. */
sc_rc sc_outturn_from_json(const json_t *doc, const sc_indicator *ind, const char *base,
                           const char *const *extra, sc_result *out, sc_errors *errs);

/* Adds value, numerator, denominator, commentary of an outturn to o. 0, or
 * -1 on out of memory. */
int sc_outturn_add_json(json_t *o, const sc_result *r);

#endif
