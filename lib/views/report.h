/* report.h - the quarter's committee report: the tables the performance
 * papers lay out, computed from the store and rendered as plain text,
 * Markdown or CSV.
 *
 * Sections, in the papers' order: the contractual counts as a sentence
 * ("Of the 12 contractual indicators: 7 are currently performing better
 * than target; ..."), the strategic status table with totals and both
 * percentage rows, the indicators outside target range with commentary,
 * the demand table with both change columns, the finance table with
 * variance and Covid columns, the position sentence and key variances.
 *
 * CSV is one long table "table,row,column,value" (RFC 4180), so every
 * cell of every section can be pivoted or checked without parsing layout.
 */
#ifndef SC_REPORT_H
#define SC_REPORT_H

#include "errors.h"
#include "period.h"
#include "store.h"

typedef enum {
    SC_REPORT_TEXT = 0,
    SC_REPORT_MARKDOWN,
    SC_REPORT_CSV,
    SC_REPORT_N
} sc_report_format;

extern const char *const sc_report_format_keys[SC_REPORT_N];

/* Builds the report for quarter q with percentages at decimals (0-2).
 * Returns SC_OK and a NUL-terminated string in *out (caller frees), or
 * SC_EDB / SC_ENOMEM. The caller should hold a read transaction so the
 * sections agree with each other. */
sc_rc sc_report_build(sc_db *db, sc_period q, sc_report_format fmt, int decimals, char **out);

#endif
