/* csv_return.h - the quarterly return as a spreadsheet: one long-form CSV
 * (docs/API.md §17, "The return as CSV") turned into the same JSON
 * document the JSON PUT takes, remembering for every value the CSV row and
 * column it came from, so that the return's own validation (store/return.h)
 * runs unchanged and each of its problems can point at a cell.
 *
 * The layout: RFC 4180, UTF-8 (a leading BOM is skipped), CRLF or LF, a
 * header row naming at least the columns section, code, field and value
 * (in any order; any other column, such as the template's name and
 * previous_value, is ignored), then one row per value:
 *
 *   section       code            field
 *   indicator     indicator code  availability, value, numerator,
 *                                 denominator, reason, commentary
 *   demand        measure code    value
 *   finance       (empty)         units, as_at
 *   finance_line  line code       name, parent, budget_gross, budget_income,
 *                                 budget_net, outturn_gross, outturn_income,
 *                                 outturn_net, variance_gross,
 *                                 variance_income, variance_net,
 *                                 covid_variance_net
 *   placement     placement type  count, budgeted_count, contract_count,
 *                                 average_weekly_cost, budgeted_weekly_cost
 *   population    (empty)         children (the quarter's financial year)
 *   demand_benchmark measure code national, regional, statistical_neighbours,
 *                                 regional_rank, regional_count, source, period
 *
 * A row whose value is empty gives nothing (so a template is filled in
 * place); an indicator, measure or line with no value at all is not in the
 * return, nor is the finance statement when no finance or finance_line row
 * has one. Items keep the order of their first row. Numbers are written
 * as JSON numbers when the cell is one (a whole number as an integer);
 * any other text in a numeric field is passed on as a string, for the
 * validation to refuse at its cell. A text value that starts with ' then
 * = + - @ TAB or CR loses the ' (the formula rule of the CSV and XLSX
 * answers, undone). Rows that are empty in every column are skipped.
 *
 * Model layer: no HTTP, no database.
 */
#ifndef SC_CSV_RETURN_H
#define SC_CSV_RETURN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "errors.h"

/* One cell's place: row as a spreadsheet numbers it (the header row is 1),
 * column by its header name (borrowed from the origins list). */
typedef struct {
    size_t row;
    const char *column;
} sc_csv_cell;

/* A problem at a cell; row 0 when the problem has no place in the CSV
 * (the whole document). */
typedef struct {
    char *pointer; /* the JSON pointer of the return document, "" when none */
    char *detail;
    sc_csv_cell at;
} sc_csv_problem;

typedef struct {
    sc_csv_problem *items;
    size_t count;
    size_t cap;
    bool malformed; /* not CSV of this layout at all (quotes, field counts,
                       UTF-8, the header): a 400 rather than a 422 */
} sc_csv_problems;

typedef struct sc_csv_origins sc_csv_origins; /* pointer -> cell, opaque */

/* Parses len bytes of text (need not be NUL-terminated) into a return
 * document. Returns SC_OK with *doc (a new reference) and *origins (free
 * with sc_csv_origins_free); SC_EINVALID with every problem found in
 * *problems (free with sc_csv_problems_clear), *doc and *origins NULL;
 * SC_ENOMEM. */
sc_rc sc_csv_return_parse(const char *text, size_t len, json_t **doc, sc_csv_origins **origins,
                          sc_csv_problems *problems);

/* The cell that the document's value at pointer came from: the longest
 * recorded prefix of pointer (so "/finance/lines/2/budget" is the first
 * budget row of that line, "/indicators/0" the indicator's first row, at
 * its code). Row 0 when nothing matches. Cannot fail. */
sc_csv_cell sc_csv_origin_of(const sc_csv_origins *o, const char *pointer);

/* Appends each problem of errs (the validation's, with pointers into the
 * document) to out with its cell. Returns false on out of memory. */
bool sc_csv_problems_locate(const sc_csv_origins *o, const sc_errors *errs, sc_csv_problems *out);

void sc_csv_origins_free(sc_csv_origins *o);

/* Frees the problems and leaves the list empty; accepts NULL. */
void sc_csv_problems_clear(sc_csv_problems *p);

/* True when text looks like CSV of this layout rather than JSON: its first
 * character (after a BOM and white space) is not { or [. For `scrutiny
 * import`, which takes either. Allocates nothing. */
bool sc_csv_return_sniff(const char *text, size_t len);

#endif
