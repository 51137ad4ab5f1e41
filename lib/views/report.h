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

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

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

/* How the report lays its tables out, as a paper did: the 2019/20 Q3
 * paper prints the status table at one decimal, the demand changes at
 * none, and seven quarters of demand. */
typedef struct {
    int decimals;        /* the status table's percentages, 0-2 */
    int change_decimals; /* the demand table's change columns, 0-2 */
    int demand_quarters; /* quarters in the demand table (demand_view.h: 5-9) */
} sc_report_layout;

/* Both at decimals, five quarters of demand: the report's defaults. */
sc_report_layout sc_report_layout_default(int decimals);

/* Builds the report for quarter q laid out as *lay.
 * Returns SC_OK and a NUL-terminated string in *out (caller frees), or
 * SC_EDB / SC_ENOMEM. The caller should hold a read transaction so the
 * sections agree with each other. */
sc_rc sc_report_build(sc_db *db, sc_period q, sc_report_format fmt, const sc_report_layout *lay,
                      char **out);

/* The same, with the changes since instant since (an sc_utc_parse form;
 * NULL for none) appended ("Since the pack of 18 August 2020: ..."). */
sc_rc sc_report_build_since(sc_db *db, sc_period q, sc_report_format fmt,
                            const sc_report_layout *lay, const char *since, char **out);

/* The report as JSON (report_json.c): { quarter, decimals, since, blocks },
 * each block a heading, a paragraph (with generated: true when drafted
 * from the figures, false for one quoting the trust's commentary) or a
 * table. SC_OK with a new reference in *out, or SC_EDB / SC_ENOMEM. */
sc_rc sc_report_json(sc_db *db, sc_period q, int decimals, const char *since, json_t **out);

/* As sc_report_build_since, for a reader without a key under disclosure
 * control (report_disclose.h): counts below suppress_below (0: none) and
 * what is derived from them are shown as [c]. */
sc_rc sc_report_build_public(sc_db *db, sc_period q, sc_report_format fmt,
                             const sc_report_layout *lay, const char *since, int suppress_below,
                             char **out);

/* As sc_report_json under disclosure control (sc_report_build_public). */
sc_rc sc_report_json_public(sc_db *db, sc_period q, int decimals, const char *since,
                            int suppress_below, json_t **out);

/* ---- the report as tables, for spreadsheet writers (server/xlsx.c) ----
 * The same document the three formats render, given as its tables with a
 * typed value per cell, so that a spreadsheet gets numbers as numbers:
 * first "statements" (the sentences the CSV lists under that name), then
 * every table in the papers' order with the names the CSV uses. */

#define SC_REPORT_MAX_COLS 12

typedef enum {
    SC_REPORT_CELL_EMPTY = 0, /* nothing (a figure not pushed) */
    SC_REPORT_CELL_TEXT,      /* text: names, commentary, labels */
    SC_REPORT_CELL_MARK,      /* "-" where no figure can be: the report's own, not typed text */
    SC_REPORT_CELL_INT,       /* a whole number (demand figures) */
    SC_REPORT_CELL_COUNT,     /* a count the papers leave blank when zero */
    SC_REPORT_CELL_PCT,       /* a percentage: number is 12.5 for 12.5 %, already rounded */
    SC_REPORT_CELL_MONEY,     /* money in the statement's units (money_thousands) */
    SC_REPORT_CELL_NUMBER     /* any other figure */
} sc_report_cell_kind;

typedef struct {
    sc_report_cell_kind kind;
    const char *text; /* the cell as the CSV writes it (before its formula rule) */
    double number;    /* the value, for the numeric kinds */
} sc_report_cell;

typedef struct {
    const char *name; /* "statements", "strategic", "outside_target_range", "demand", "finance" */
    size_t ncols;
    size_t nrows;
    const char *header[SC_REPORT_MAX_COLS];
    sc_report_cell *cells; /* nrows * ncols, row by row */
} sc_report_table;

struct sc_report_doc;

/* Assembles the report of q into d (zeroed by the caller; free with
 * sc_report_doc_clear), the changes since since appended when non-NULL:
 * what every format renders. SC_OK (check d->oom), SC_EDB or SC_ENOMEM. */
sc_rc sc_report_assemble(struct sc_report_doc *d, sc_db *db, sc_period q,
                         const sc_report_layout *lay, const char *since);

typedef struct {
    sc_report_table *tables;
    size_t count;
    int decimals;              /* of the status table's percentages */
    bool money_thousands;      /* money is in £000 */
    struct sc_report_doc *doc; /* owns the strings the cells borrow */
} sc_report_tables;

/* Builds the report of quarter q laid out as *lay as tables into *out,
 * under the same read transaction rule as sc_report_build.
 * Returns SC_OK (free with sc_report_tables_clear), or SC_EDB / SC_ENOMEM
 * with *out empty. */
sc_rc sc_report_tables_build(sc_db *db, sc_period q, const sc_report_layout *lay,
                             sc_report_tables *out);

/* As sc_report_tables_build under disclosure control (see
 * sc_report_build_public). */
sc_rc sc_report_tables_build_public(sc_db *db, sc_period q, const sc_report_layout *lay,
                                    int suppress_below, sc_report_tables *out);

/* Frees what sc_report_tables_build made; t itself is the caller's. Safe
 * on a zeroed or already cleared struct. */
void sc_report_tables_clear(sc_report_tables *t);

#endif
