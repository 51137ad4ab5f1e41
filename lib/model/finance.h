/* finance.h - a quarter's finance statement: budget and forecast outturn by
 * heading, variances, totals, the over/underspend position and the key
 * variances (docs/API.md §16).
 *
 * Money is in the statement's units (gbp or gbp_thousands). A variance is
 * budget - outturn, so a negative variance is an overspend. A variance the
 * trust publishes is kept as sent (within 1 unit of budget - outturn),
 * because published figures are rounded from unrounded ones: the 2020/21
 * Q1 paper's line variances add to -2,910 while its rounded nets give -2,908.
 * The slack must not accumulate: over the top-level lines the published
 * variances add to within ceil(sqrt(n)) units of total budget - total
 * outturn (see totals_bound in finance.c for why).
 */
#ifndef SC_FINANCE_H
#define SC_FINANCE_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "period.h"

#define SC_FINANCE_MAX_LINES 500

typedef enum { SC_UNITS_GBP = 0, SC_UNITS_GBP_THOUSANDS, SC_UNITS_N } sc_units;

typedef struct {
    double gross;
    double income;
    double net;
} sc_money3;

/* Strings owned by the line. */
typedef struct {
    char *code;
    char *name;
    char *parent; /* NULL for a top-level heading */
    sc_money3 budget;
    sc_money3 outturn;
    bool has_variance; /* published variance sent */
    sc_money3 variance;
    bool has_covid;
    double covid_variance_net;
} sc_finance_line;

typedef struct {
    sc_units units;
    char *as_at; /* "YYYY-MM" or NULL */
    sc_finance_line *lines;
    size_t count;
} sc_finance;

extern const char *const sc_units_keys[SC_UNITS_N];

/* Validates a whole statement; pointers under base ("" for a body,
 * "/finance" inside a return). Every problem goes to errs. Returns SC_OK
 * with *out filled (clear with sc_finance_clear), or SC_EINVALID. */
sc_rc sc_finance_from_json(const json_t *doc, const char *base, sc_finance *out, sc_errors *errs);

/* The variance used for a line: the published one, else budget - outturn. */
sc_money3 sc_finance_line_variance(const sc_finance_line *l);

/* Totals over the top-level lines. */
typedef struct {
    sc_money3 budget;
    sc_money3 outturn;
    sc_money3 variance;
    bool has_covid;
    double covid_variance_net;
    double operating_variance_net; /* variance.net less the Covid variance */
} sc_finance_totals;

void sc_finance_totals_compute(const sc_finance *f, sc_finance_totals *out);

/* "overspend" (x < 0), "underspend" (x > 0) or "balanced". */
const char *sc_finance_position_word(double variance);

/* The default key-variance threshold: 100 (thousand) or 100000 (gbp). */
double sc_finance_default_threshold(sc_units units);

/* The key variances at threshold: the top-level lines whose net variance
 * is threshold or more either way, largest first, lines of equal size in
 * statement order. The API's key_variances and the committee report's
 * sentence both list these. On SC_OK *out is an array of *count pointers
 * into f->lines (the caller frees the array, not the lines; it is valid
 * while f is); SC_ENOMEM leaves both untouched. */
sc_rc sc_finance_key_variances(const sc_finance *f, double threshold, const sc_finance_line ***out,
                               size_t *count);

/* The statement as GET /quarters/{q}/finance shows it, with computed
 * variances, totals, position and key variances at threshold. */
json_t *sc_finance_to_json(const sc_finance *f, sc_period quarter, double threshold);

/* True when a and b are the same statement, line for line. */
bool sc_finance_equal(const sc_finance *a, const sc_finance *b);

void sc_finance_clear(sc_finance *f);

#endif
