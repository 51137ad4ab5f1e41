/* csv.h - list responses as CSV (RFC 4180) for spreadsheets and scripts.
 *
 * Every list endpoint can answer text/csv: its JSON body is turned into
 * rows by a shape function (the route table names it) and the rows into
 * CSV with a header row, UTF-8, CRLF line ends and quoting where needed.
 */
#ifndef SC_CSV_H
#define SC_CSV_H

#include <jansson.h>

/* Turns a JSON response body into an array of flat-ish row objects (new
 * reference), or NULL when the body has no rows to offer. */
typedef json_t *(*sc_csv_shape)(const json_t *body);

/* The shapes of the list endpoints. */
json_t *sc_csv_items(const json_t *body);        /* body.items */
json_t *sc_csv_results(const json_t *body);      /* body.items with fixed benchmark columns */
json_t *sc_csv_history(const json_t *body);      /* body.items with fixed statistics columns */
json_t *sc_csv_changes(const json_t *body);      /* body.items, causes joined, revision ids */
json_t *sc_csv_summary(const json_t *body);      /* per category and service area */
json_t *sc_csv_demand_table(const json_t *body); /* one column per quarter */
json_t *sc_csv_finance(const json_t *body);      /* body.lines */
json_t *sc_csv_questions(const json_t *body);    /* body.items with fixed answer columns */

/* Renders rows as CSV: columns are the members of the rows in order of
 * first appearance; nested objects are flattened as parent_child; null is
 * an empty field; arrays are written as JSON. Returns a malloc'd string
 * the caller frees, or NULL on out of memory. */
char *sc_csv_render(const json_t *rows);

/* The rows as sc_csv_render lays them out, for the other spreadsheet
 * format (xlsx.c): a new array of flat objects (nested objects flattened
 * as parent_child), with the column names in order of first appearance
 * in *columns (a new array of strings). Both are the caller's to decref.
 * NULL (and *columns untouched) on out of memory. */
json_t *sc_csv_flatten(const json_t *rows, json_t **columns);

#endif
