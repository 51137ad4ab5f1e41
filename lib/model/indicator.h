/* indicator.h - KPI definitions and their targets (docs/API.md §10). */
#ifndef SC_INDICATOR_H
#define SC_INDICATOR_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "period.h"
#include "status.h"

typedef enum { SC_CAT_CONTRACTUAL = 0, SC_CAT_STRATEGIC, SC_CAT_COUNT } sc_category;

typedef enum {
    SC_UNIT_PERCENT = 0,
    SC_UNIT_COUNT,
    SC_UNIT_DAYS,
    SC_UNIT_WEEKS,
    SC_UNIT_RATE_PER_10000,
    SC_UNIT_RATIO,
    SC_UNIT_GBP,
    SC_UNIT_N
} sc_unit;

typedef enum { SC_FREQ_QUARTERLY = 0, SC_FREQ_ANNUAL, SC_FREQ_N } sc_frequency;

#define SC_NAME_MAX 500
#define SC_DESCRIPTION_MAX 20000

/* Strings are owned by the struct; free them with sc_indicator_clear(). */
typedef struct {
    char *code;
    char *name;
    char *description; /* NULL when none */
    char *service_area;
    sc_category category;
    sc_polarity polarity;
    sc_unit unit;
    int decimals;
    sc_frequency frequency;
    bool benchmarked;
    sc_period active_from; /* SC_PERIOD_NONE when open */
    sc_period active_to;
} sc_indicator;

/* Where a target comes from (docs/API.md §11). */
typedef enum { SC_TSRC_STATUTORY = 0, SC_TSRC_NATIONAL, SC_TSRC_LOCAL, SC_TSRC_N } sc_target_source;

#define SC_TARGET_RATIONALE_MAX 2000
#define SC_TARGET_APPROVER_MAX 200

/* A target and its provenance. rationale and approved_by are owned by
 * whoever filled the struct (sc_target_from_json, sc_store_targets) and
 * freed with sc_target_clear() / sc_targets_free(); the target read beside
 * a quarter's results carries none (NULL). A zeroed struct has no
 * provenance. */
typedef struct {
    sc_period from_quarter;
    double target;
    double tolerance;
    bool has_source;
    sc_target_source source;
    char review_by[SC_DATE_ID_LEN]; /* "YYYY-MM-DD", or "" when not given */
    char *rationale;                /* NULL when none */
    char *approved_by;              /* NULL when none */
} sc_target;

extern const char *const sc_category_keys[SC_CAT_COUNT];
extern const char *const sc_unit_keys[SC_UNIT_N];
extern const char *const sc_frequency_keys[SC_FREQ_N];
extern const char *const sc_target_source_keys[SC_TSRC_N];

/* Validates an indicator document for PUT /indicators/{path_code} and fills
 * *out. A "code" member, if sent, must equal path_code. Every problem is
 * added to errs (pointers relative to base, "" for a whole body). Returns
 * SC_OK, or SC_EINVALID with *out cleared. Service-area existence is the
 * store's to check. */
sc_rc sc_indicator_from_json(const json_t *doc, const char *path_code, const char *base,
                             sc_indicator *out, sc_errors *errs);

/* The definition as JSON (docs/API.md §10 field names); new reference, NULL on
 * out of memory. */
json_t *sc_indicator_to_json(const sc_indicator *ind);

/* Adds the definition fields to an existing object; returns 0 or -1. */
int sc_indicator_add_json(json_t *obj, const sc_indicator *ind);

/* Frees the strings and zeroes the struct; accepts NULL. */
void sc_indicator_clear(sc_indicator *ind);
/* Clears items[0..n) and frees the array (sc_store_indicators' answer).
 * NULL is ignored. */
void sc_indicators_free(sc_indicator *items, size_t n);

/* x as the papers say a figure of this indicator: at its decimals with
 * its unit ("31%", "12.5 days", "£1200"). Writes into buf (n bytes) and
 * returns it. */
char *sc_indicator_figure_text(const sc_indicator *ind, double x, char *buf, size_t n);

/* The index of the indicator called code among items[0..n), or -1. */
long sc_indicator_find(const sc_indicator *items, size_t n, const char *code);

/* True when the indicator counts in quarter q. */
bool sc_indicator_active(const sc_indicator *ind, sc_period q);

/* Validates a target document { target, tolerance, source, rationale,
 * approved_by, review_by } for the target in force from quarter from (a
 * "from_quarter" member, if sent, must equal it). On SC_OK the caller
 * frees *out with sc_target_clear(); on SC_EINVALID *out holds nothing to
 * free. */
sc_rc sc_target_from_json(const json_t *doc, sc_period from, const char *base, sc_target *out,
                          sc_errors *errs);

/* { from_quarter, target, tolerance, source, rationale, approved_by,
 * review_by }; new reference. */
json_t *sc_target_to_json(const sc_target *t);

/* True when a and b hold the same figures and provenance. */
bool sc_target_equal(const sc_target *a, const sc_target *b);

/* True when the target has a review_by date before the last day of
 * quarter q: by the end of q it was due for review. */
bool sc_target_review_overdue(const sc_target *t, sc_period q);

/* Frees the strings and zeroes the struct; accepts NULL. */
void sc_target_clear(sc_target *t);

/* Clears each of ts[0..n) and frees the array; accepts NULL. */
void sc_targets_free(sc_target *ts, size_t n);

#endif
