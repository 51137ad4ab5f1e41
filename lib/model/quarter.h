/* quarter.h - one quarter's view of the indicators: each active indicator
 * with its result, the target in force and the computed status (contract
 * §5), and the status table built from them (docs/API.md §14). */
#ifndef SC_QUARTER_H
#define SC_QUARTER_H

#include <jansson.h>
#include <stdbool.h>

#include "area.h"
#include "benchmark.h"
#include "indicator.h"
#include "judgement.h"
#include "period.h"
#include "result.h"
#include "status.h"

/* A result in the light of the quarter before it and the run it is in. */
typedef struct {
    bool has_previous; /* the previous quarter has a reported value */
    double previous_value;
    /* that result's figures (value, numerator, denominator, count; no
     * strings, nothing owned), so disclosure control can tell whether the
     * change against it would give a confidential figure back */
    sc_result previous_figures;
    bool has_change; /* both quarters reported: value - previous at precision */
    double change;
    const char *direction;    /* "improving" | "declining" | "unchanged" | NULL */
    int streak;               /* consecutive quarters with this status, this one included */
    sc_judgement_trend trend; /* over the most recent five reported points */
} sc_context;

/* One indicator in one quarter. Owns its strings. */
typedef struct {
    sc_indicator ind;
    bool has_result;
    sc_result res;
    char *updated_at; /* when the result was last written (RFC 3339), or NULL */
    char *updated_by; /* key name that wrote it, or NULL */
    bool has_target;
    sc_target target;
    sc_period quarter; /* the row's quarter (series rows; 0 in a one-quarter view) */
    sc_status status;  /* set by sc_quarter_judge() */
    sc_context ctx;    /* set by sc_history_contexts() (history.h) */
    bool restated;     /* the value changed after it was first reported */
    bool has_first_value;
    double first_value; /* the value first reported */
    bool has_benchmark;
    sc_benchmark bench;
} sc_quarter_row;

typedef struct {
    sc_period quarter;
    sc_quarter_row *rows;
    size_t count;
} sc_quarter;

/* What the status rule looks at for row: its result and the target in
 * force, scaled to the indicator's decimals. */
sc_status_input sc_quarter_status_input(const sc_quarter_row *row);

/* Computes row->status from its result and target (docs/API.md §6):
 * sc_status_judge of sc_quarter_status_input. */
void sc_quarter_judge(sc_quarter_row *row);

/* The row as the API shows it: definition fields, quarter, result fields,
 * target, tolerance, target_from, status, status_label. New reference. */
json_t *sc_quarter_row_to_json(const sc_quarter_row *row, sc_period quarter);

void sc_quarter_row_clear(sc_quarter_row *row);
void sc_quarter_clear(sc_quarter *q);

/* The status table of one category. */
typedef struct {
    size_t area; /* index into the area list */
    int counts[SC_STATUS_COUNT];
    int total;
} sc_summary_row;

typedef struct {
    sc_summary_row *rows; /* areas with at least one indicator, in area order */
    size_t count;
    int totals[SC_STATUS_COUNT];
    int total;
    int reported; /* better + within + outside */
    /* outside target range, but with a 95% interval that reaches the
     * target (judgement.h): not significantly different from it */
    int outside_not_significant;
} sc_summary_table;

typedef struct {
    sc_summary_table tables[SC_CAT_COUNT];
} sc_summary;

/* Tallies the rows of q (already judged) by category and service area.
 * Rows whose service area is not in areas are counted under no row but in
 * the totals. Returns SC_OK or SC_ENOMEM; free with sc_summary_clear(). */
sc_rc sc_summary_compute(const sc_quarter *q, const sc_area_list *areas, sc_summary *out);

/* The summary as docs/API.md §14 lays it out, percentages rounded half away
 * from zero to decimals (0-2). New reference. */
json_t *sc_summary_to_json(const sc_summary *s, const sc_area_list *areas, sc_period quarter,
                           int decimals);

void sc_summary_clear(sc_summary *s);

#endif
