/* risk_share.h - how the contract shares an over- or underspend between
 * the council and the trust in a financial year (docs/API.md §16): 70/30
 * in 2017/18 (a £1.63m projected overspend of which £1.1m falls to the
 * council), 75/25 in later years.
 *
 * A year is held as the sc_period of its first quarter and written
 * YYYY-YY (sc_population_year_parse and _format). The percentages add to 100; each party's amount
 * of a variance is rounded to two decimals (the council's), the trust's being the rest, so the two
 * always add to the variance exactly.
 */
#ifndef SC_RISK_SHARE_H
#define SC_RISK_SHARE_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "period.h"

typedef struct {
    sc_period year; /* the year's first quarter */
    double council_pct;
    double trust_pct;
} sc_risk_share;

/* Validates a PUT body { council_pct, trust_pct } under base: each a
 * number from 0 to 100, adding to 100. Every problem goes to errs; returns
 * SC_OK with *out filled (out->year is left as it was) or SC_EINVALID. */
sc_rc sc_risk_share_from_json(const json_t *doc, const char *base, sc_risk_share *out,
                              sc_errors *errs);

/* { year, council_pct, trust_pct } (new reference, NULL on no memory). */
json_t *sc_risk_share_to_json(const sc_risk_share *rs);

/* Each party's part of variance: *council rounded to two decimals, *trust
 * the rest. */
void sc_risk_share_split(const sc_risk_share *rs, double variance, double *council, double *trust);

/* A finance position's risk_share: the share with each party's amount of
 * variance, { year, council_pct, trust_pct, council, trust } (new
 * reference, NULL on no memory). */
json_t *sc_risk_share_position_json(const sc_risk_share *rs, double variance);

bool sc_risk_share_equal(const sc_risk_share *a, const sc_risk_share *b);

#endif
