/* sbuf.h - a growable string buffer for rendering text answers (the
 * committee report, CSV), with RFC 4180 field quoting and the one rule
 * that keeps spreadsheets from running what writers typed. */
#ifndef SC_SBUF_H
#define SC_SBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialise; on out of memory further writes are dropped and oom is
 * set, so callers check once at the end. The caller frees buf. */
typedef struct {
    char *buf; /* NUL-terminated once anything was written */
    size_t len;
    size_t cap;
    bool oom;
} sc_sbuf;

void sc_sbuf_put(sc_sbuf *s, const char *text, size_t n);
void sc_sbuf_puts(sc_sbuf *s, const char *text);
void sc_sbuf_printf(sc_sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One CSV field: quoted when it holds a comma, quote, CR or LF, with
 * quotes doubled (RFC 4180). Only for figures the server formats itself
 * (numbers, booleans): a number such as -12 must reach the spreadsheet as
 * a number. Anything else goes through sc_sbuf_csv_text. */
void sc_sbuf_csv_field(sc_sbuf *s, const char *value);

/* One CSV text field (names, codes, commentary, reasons, sources, labels,
 * any JSON string): as sc_sbuf_csv_field, but a value whose first
 * character is = + - @ TAB or CR gets a leading ' so that spreadsheets
 * show it as text instead of evaluating it (see sbuf.c). */
void sc_sbuf_csv_text(sc_sbuf *s, const char *value);

/* True when a spreadsheet could evaluate text value as a formula (its
 * first character is = + - @ TAB or CR): the rule sc_sbuf_csv_text
 * applies, for writers of other spreadsheet formats (XLSX), which give
 * such text the same leading '. Allocates nothing; cannot fail. */
bool sc_sbuf_formula_like(const char *value);

#endif
