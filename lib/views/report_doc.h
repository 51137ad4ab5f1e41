/* report_doc.h - the committee report as a document (private to
 * lib/views: report.c builds it, report_render.c renders it).
 *
 * The report is first assembled as a list of blocks (headings, sentences,
 * tables of raw cell values with a kind per column) and then rendered, so
 * the three formats cannot disagree about a figure: Markdown and text add
 * thousands separators and % signs, CSV keeps the plain numbers.
 *
 * Building never fails half-way: a function that runs out of memory sets
 * the document's oom flag, frees what it was given and carries on, and
 * whoever built the document checks oom once at the end.
 */
#ifndef SC_REPORT_DOC_H
#define SC_REPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "finance.h"
#include "period.h"

#define SC_REPORT_DOC_MAX_COLS 12

/* SC_REPORT_DOC_COUNT is an integer the papers leave blank when zero
 * (status tables). */
typedef enum {
    SC_REPORT_DOC_TEXT = 0,
    SC_REPORT_DOC_INT,
    SC_REPORT_DOC_PCT,
    SC_REPORT_DOC_MONEY,
    SC_REPORT_DOC_COUNT,
    SC_REPORT_DOC_NUMBER /* another figure (a value, a target): shown as money is, never £ */
} sc_report_doc_kind;

typedef enum { SC_REPORT_DOC_HEADING, SC_REPORT_DOC_PARA, SC_REPORT_DOC_TABLE } sc_report_doc_type;

/* One block; owns its strings. */
typedef struct {
    sc_report_doc_type type;
    int level;        /* heading level */
    char *text;       /* heading or paragraph */
    const char *name; /* CSV table name (static); NULL keeps a paragraph out of CSV */
    bool csv_only;    /* a table that only CSV shows (text has sentences) */
    bool generated;   /* drafted from the figures; false when it quotes commentary */
    size_t ncols;
    char *header[SC_REPORT_DOC_MAX_COLS];
    sc_report_doc_kind kind[SC_REPORT_DOC_MAX_COLS];
    char ***rows;
    size_t nrows;
    size_t cap;
} sc_report_block;

/* Blocks are allocated one by one, so a block pointer a section holds
 * (its table) stays valid while later blocks are added. Zero-initialise;
 * free with sc_report_doc_clear(). */
typedef struct sc_report_doc {
    sc_report_block **b;
    size_t n;
    size_t cap;
    bool oom;             /* some allocation failed: the document is incomplete */
    bool money_thousands; /* the finance statement is in £000 (gbp_thousands) */
    int suppress_below;   /* disclosure control (report_disclose.h); 0 none */
} sc_report_doc;

/* ---- building ---- */

/* A heading; text (taken over, may be NULL for out of memory). */
void sc_report_doc_heading(sc_report_doc *d, int level, char *text);

/* A paragraph drafted from the figures (text taken over, NULL for out of
 * memory); name non-NULL (a static string) puts it in CSV as table
 * "statements" with that row. */
void sc_report_doc_para(sc_report_doc *d, const char *name, char *text);

/* A paragraph that quotes what writers typed (an indicator's commentary):
 * not generated, and not in CSV. */
void sc_report_doc_quoting(sc_report_doc *d, char *text);

/* A table named name (static) of ncols columns (at most
 * SC_REPORT_DOC_MAX_COLS), given as "K:Title" strings where K is t (text),
 * i (integer), p (percentage), m (money) or n (another number). Returns the block, owned by d,
 * or NULL when out of memory (sc_report_doc_row then drops the rows). */
sc_report_block *sc_report_doc_table(sc_report_doc *d, const char *name, size_t ncols,
                                     const char *const *cols);

/* Appends a row of t->ncols cells to t (taken over, each may be NULL for
 * ""); t NULL frees all SC_REPORT_DOC_MAX_COLS cells. */
void sc_report_doc_row(sc_report_doc *d, sc_report_block *t, char **cells);

/* Frees the blocks; d itself is the caller's. */
void sc_report_doc_clear(sc_report_doc *d);

/* ---- numbers and text as the papers print them ----
 * Each returns a new string (the caller frees it) or NULL when out of
 * memory. */

/* printf into a new string. */
char *sc_report_doc_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* x as a plain number: a whole number without decimals ("-3948"), any
 * other at two decimals ("12.50"), or as %g when too large to scale. */
char *sc_report_doc_plain_number(double x);

/* count / total as a percentage at decimals, half away from zero; "-" when
 * total is 0. */
char *sc_report_doc_pct_cell(int count, int total, int decimals);

/* s (a plain number) with thousands separators ("-3948" -> "-3,948"). */
char *sc_report_doc_grouped(const char *s);

/* True when all of s is a number (strtod). Allocates nothing. */
bool sc_report_doc_is_number(const char *s);

/* "2019/20 Q3". */
char *sc_report_doc_quarter_label(sc_period p);

/* |x| as money in units ("£1,749k" for £000, "£1,749" for pounds): the
 * words say overspend or underspend, not the sign. */
char *sc_report_doc_money(double x, sc_units units);

/* "January" for 1 ... "December" for 12 (static); NULL otherwise. */
const char *sc_report_doc_month_name(int month);

/* text on one line: each run of control characters becomes one space. */
char *sc_report_doc_folded(const char *text);

#endif
