/* status.h - the status rules of docs/API.md §6: how a result is judged.
 *
 * The order of the enum is the order of the published table's columns and
 * of every `counts` object.
 */
#ifndef SC_STATUS_H
#define SC_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SC_STATUS_OUTSIDE = 0,
    SC_STATUS_WITHIN,
    SC_STATUS_BETTER,
    SC_STATUS_NOT_AVAILABLE,
    SC_STATUS_ANNUAL_NOT_DUE,
    SC_STATUS_TARGET_TBC,
    SC_STATUS_SUSPENDED,
    SC_STATUS_NOT_SUBMITTED,
    SC_STATUS_COUNT
} sc_status;

typedef enum {
    SC_AVAIL_REPORTED = 0,
    SC_AVAIL_NOT_AVAILABLE,
    SC_AVAIL_ANNUAL_NOT_DUE,
    SC_AVAIL_SUSPENDED,
    SC_AVAIL_COUNT
} sc_availability;

typedef enum { SC_HIGHER_IS_BETTER = 0, SC_LOWER_IS_BETTER, SC_POLARITY_COUNT } sc_polarity;

/* Everything the rule looks at. Scaled figures are value * 10^decimals
 * rounded half away from zero (see num.h). */
typedef struct {
    bool has_result;
    sc_availability availability;
    bool has_target;
    sc_polarity polarity;
    int64_t value_scaled;
    int64_t target_scaled;
    int64_t tolerance_scaled;
} sc_status_input;

/* Which step of the rule decided a status: the one home of the rule, so
 * that an explanation (lib/views/explanation.h) says what the judge did
 * rather than re-deriving it. */
typedef enum {
    SC_RULE_NO_RESULT = 0,     /* nothing was submitted */
    SC_RULE_NOT_REPORTED,      /* the availability says why there is no figure */
    SC_RULE_NO_TARGET,         /* a figure but no target in force */
    SC_RULE_MEETS_TARGET,      /* gap >= 0 */
    SC_RULE_WITHIN_TOLERANCE,  /* -tolerance <= gap < 0 */
    SC_RULE_OUTSIDE_TOLERANCE, /* gap < -tolerance */
    SC_RULE_COUNT
} sc_status_rule;

/* What the rule decided and why. gap is value - target (target - value
 * when lower is better), scaled like the input; has_gap only when the
 * comparison ran. */
typedef struct {
    sc_status status;
    sc_status_rule rule;
    bool has_gap;
    int64_t gap_scaled;
} sc_status_verdict;

/* Applies the rule, unavailable states first (docs/API.md §6), and says
 * which step decided. */
sc_status_verdict sc_status_decide(const sc_status_input *in);

/* Applies the rule: sc_status_decide(in).status. */
sc_status sc_status_judge(const sc_status_input *in);

/* The comparison alone: better / within / outside. */
sc_status sc_status_compare(sc_polarity polarity, int64_t value, int64_t target, int64_t tolerance);

/* "better_than_target" etc.; NULL for an out-of-range value. */
/* The names of each enum in the API, in enum order: the one home of each
 * (lookups below; "must be one of" lists with sc_enumkey_list). */
extern const char *const sc_status_keys[SC_STATUS_COUNT];
extern const char *const sc_availability_keys[SC_AVAIL_COUNT];
extern const char *const sc_polarity_keys[SC_POLARITY_COUNT];
extern const char *const sc_status_rule_keys[SC_RULE_COUNT];

const char *sc_status_key(sc_status s);
/* The papers' wording: "Better than target", "Target figure to be confirmed". */
const char *sc_status_label(sc_status s);
/* The label as the middle of a sentence says it ("outside target range",
 * "annual KPI not yet due") into buf (n bytes); returns buf. */
char *sc_status_phrase(sc_status s, char *buf, size_t n);
/* Returns true and sets *out when key names a status. */
bool sc_status_from_key(const char *key, sc_status *out);

const char *sc_availability_key(sc_availability a);
bool sc_availability_from_key(const char *key, sc_availability *out);

const char *sc_polarity_key(sc_polarity p);
/* "higher is better" / "lower is better", as the papers say it. */
const char *sc_polarity_words(sc_polarity p);

/* "meets_target" etc.; NULL out of range. */
const char *sc_status_rule_key(sc_status_rule r);
/* The step in words ("the gap is 0 or more: meeting the target counts as
 * better than target"); NULL out of range. */
const char *sc_status_rule_text(sc_status_rule r);
bool sc_polarity_from_key(const char *key, sc_polarity *out);

#endif
