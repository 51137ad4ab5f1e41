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
 *
 * A statement may carry its totals as published (the papers' Grand Total
 * row); each published total must be within n units of its lines' sum
 * (n the number of top-level lines: each line's figure is within half a
 * unit of its unrounded value, so n units is the most rounding can give)
 * and is then shown instead of the sum. A breakdown line (with a parent)
 * may carry only its variance, as the papers' key-variance paragraphs do;
 * breakdowns are never summed. A top-level line may be excluded from the
 * key variances with a reason.
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
    /* false for a breakdown line that carries only its variance: budget
     * and outturn are then zero and not shown */
    bool has_budget;
    /* false when a variance-only line gives its net variance alone */
    bool has_variance_split;
    char *exclusion_reason; /* why it is not a key variance; NULL: it may be */
} sc_finance_line;

/* Totals over the top-level lines. */
typedef struct {
    sc_money3 budget;
    sc_money3 outturn;
    sc_money3 variance;
    bool has_covid;
    double covid_variance_net;
    double operating_variance_net; /* variance.net less the Covid variance */
    bool published;                /* the statement's published totals */
} sc_finance_totals;

typedef struct {
    sc_units units;
    char *as_at; /* "YYYY-MM" or NULL */
    sc_finance_line *lines;
    size_t count;
    bool has_totals;          /* totals published with the statement */
    sc_finance_totals totals; /* as published (operating_variance_net derived) */
} sc_finance;

extern const char *const sc_units_keys[SC_UNITS_N];

/* A statement is the quarter's forecast as at a month, "YYYY-MM": its
 * as_at, or the quarter's last month when it has none. A quarter keeps one
 * statement per month. */
#define SC_FINANCE_MONTH_LEN 8

/* True when s is a month written YYYY-MM. */
bool sc_finance_month_valid(const char *s);

/* The month of f pushed for q into buf (SC_FINANCE_MONTH_LEN bytes). */
char *sc_finance_month(const sc_finance *f, sc_period q, char *buf);

/* q's last month into buf (SC_FINANCE_MONTH_LEN bytes). */
char *sc_finance_quarter_month(sc_period q, char *buf);

/* The month's number in its financial year: April 1 ... March 12 (0 when
 * month is not valid). */
int sc_finance_month_of_year(const char *month);

/* The as_at window: the statement doc's as_at (when it is a month) must be
 * one of q's three months or of the three after it (a forecast is made
 * during the quarter; its outturn may be reported after it ends). Adds a
 * problem at base/as_at otherwise. Reads the document, so that it can be
 * checked with the statement's other problems. */
void sc_finance_check_as_at(const json_t *doc, sc_period q, const char *base, sc_errors *errs);

/* The finance answer's movement: the net variance against the most recent
 * earlier statement of the same financial year, as at month in quarter
 * before_q: { as_at, quarter, total_variance_net (then), change (now -
 * then) } (new reference). */
json_t *sc_finance_movement_json(double now, const char *month, sc_period before_q, double before);

/* Validates a whole statement; pointers under base ("" for a body,
 * "/finance" inside a return). Every problem goes to errs. Returns SC_OK
 * with *out filled (clear with sc_finance_clear), or SC_EINVALID. */
sc_rc sc_finance_from_json(const json_t *doc, const char *base, sc_finance *out, sc_errors *errs);

/* The variance used for a line: the published one, else budget - outturn. */
sc_money3 sc_finance_line_variance(const sc_finance_line *l);

/* The sums of the top-level lines (published totals are not looked at). */
void sc_finance_totals_compute(const sc_finance *f, sc_finance_totals *out);

/* The totals shown: the published ones when the statement has them
 * (with the lines' Covid-19 sum when they give none), otherwise the sums
 * (out->published says which). */
void sc_finance_totals_shown(const sc_finance *f, sc_finance_totals *out);

/* Sets the derived operating_variance_net of published totals t. */
void sc_finance_totals_derive(sc_finance_totals *t);

/* "overspend" (x < 0), "underspend" (x > 0) or "balanced". */
const char *sc_finance_position_word(double variance);

/* The default key-variance threshold: 100 (thousand) or 100000 (gbp). */
double sc_finance_default_threshold(sc_units units);

/* The key variances at threshold: the top-level lines not excluded with a
 * reason whose net variance is threshold or more either way, largest first, lines of equal size in
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
