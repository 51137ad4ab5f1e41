/* disclose.h - disclosure control: when a figure about a small group of
 * children must not be shown to the public (docs/API.md, "Disclosure
 * control"). The rules follow the Government Statistical Service guidance
 * on statistical disclosure control: a count below the threshold is
 * confidential (primary suppression), and so is a ratio whose numerator,
 * denominator or complement (denominator - numerator) is, since "3 of 25"
 * or "all 111 but none" identify children as surely as the count. What is
 * derived from a suppressed figure (a change, an interval, a restated
 * first value) goes with it. The threshold is the server's
 * --suppress-below; 0 turns the rules off. */
#ifndef SC_DISCLOSE_H
#define SC_DISCLOSE_H

#include <stdbool.h>
#include <stdint.h>

#include "indicator.h"
#include "result.h"

/* The GSS symbol for a confidential cell, written where CSV, XLSX and the
 * report would show the figure. */
#define SC_DISCLOSE_SYMBOL "[c]"

/* True when count is below threshold (never when threshold is 0). */
bool sc_disclose_count(double count, int threshold);

/* True when the ratio numerator / denominator is confidential: either
 * count, or their difference, below threshold. */
bool sc_disclose_ratio(int64_t numerator, int64_t denominator, int threshold);

/* True when the reported figure r of indicator ind is confidential: its
 * ratio (sc_disclose_ratio), its count, or its value for a count
 * indicator. */
bool sc_disclose_result(const sc_indicator *ind, const sc_result *r, int threshold);

#endif
