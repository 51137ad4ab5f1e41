/* xlsx.h - answers as XLSX workbooks (Office Open XML spreadsheets), with
 * libxlsxwriter: every list that answers CSV, and the committee report.
 *
 * The rows are those of the CSV answer (csv.h's shapes, flattened the same
 * way), written as typed cells: a JSON number is a numeric cell, a string
 * a text cell (with the CSV's formula rule, sbuf.h), a boolean a boolean
 * cell, null an empty cell. The header row is bold and frozen. Money (the
 * finance statement's figures) gets a £ format with thousands separators
 * ("k" after it when the statement is in £000), percentages a % format at
 * the answer's decimals (the cell holds the fraction: 12.5 % is 0.125).
 * The report is one sheet per table (report.h's sc_report_tables).
 *
 * libxlsxwriter (1.1.4 in Debian bookworm) can only write to a file, so
 * each workbook is written to a temporary file in $TMPDIR (or /tmp),
 * read back and unlinked.
 */
#ifndef SC_XLSX_H
#define SC_XLSX_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "report.h"

#define SC_XLSX_MEDIA_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The workbook of a list answer: body is the JSON answer (its "units"
 * and "decimals" members choose the money and percentage formats), rows
 * what the route's CSV shape made of it, sheet the sheet's name (cut to
 * 31 characters, characters a sheet name cannot hold replaced). Returns
 * the file's bytes (malloc'd, the caller frees) with their length in
 * *len, or NULL when the workbook could not be made (out of memory, no
 * temporary file, a libxlsxwriter error; the reason is logged). */
char *sc_xlsx_list(const json_t *body, const json_t *rows, const char *sheet, size_t *len);

/* The workbook of the committee report: one sheet per table of t, named
 * as the report's CSV names the tables, dated created (its properties and
 * zip entries: nothing else in the file varies). Returns and fails as
 * sc_xlsx_list. */
char *sc_xlsx_report(const sc_report_tables *t, time_t created, size_t *len);

#endif
