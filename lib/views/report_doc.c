/* report_doc.c - the committee report's document: blocks, the cells of
 * its tables and the plain numbers in them (see report_doc.h). */
#include "report_doc.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* ---- building ---- */

static char *vfmt(const char *f, va_list ap)
{
    char *s = NULL;
    return vasprintf(&s, f, ap) < 0 ? NULL : s;
}

char *sc_report_doc_fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    return s;
}

static sc_report_block *add_block(sc_report_doc *d, sc_report_doc_type t)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        sc_report_block **bs = realloc(d->b, cap * sizeof *bs);
        if (!bs) {
            d->oom = true;
            return NULL;
        }
        d->b = bs;
        d->cap = cap;
    }
    sc_report_block *b = calloc(1, sizeof *b);
    if (!b) {
        d->oom = true;
        return NULL;
    }
    d->b[d->n++] = b;
    b->type = t;
    return b;
}

void sc_report_doc_heading(sc_report_doc *d, int level, char *text)
{
    sc_report_block *b = add_block(d, SC_REPORT_DOC_HEADING);
    if (!b || !text) {
        d->oom = true;
        free(text);
        return;
    }
    b->level = level;
    b->text = text;
}

/* A paragraph; name non-NULL puts it in CSV as table "statements". */
void sc_report_doc_para(sc_report_doc *d, const char *name, char *text)
{
    sc_report_block *b = add_block(d, SC_REPORT_DOC_PARA);
    if (!b || !text) {
        d->oom = true;
        free(text);
        return;
    }
    b->name = name;
    b->generated = true;
    b->text = text;
}

void sc_report_doc_quoting(sc_report_doc *d, char *text)
{
    sc_report_doc_para(d, NULL, text);
    if (!d->oom && d->n && d->b[d->n - 1]->text == text)
        d->b[d->n - 1]->generated = false;
}

/* A table; header and kinds are given as "K:Title" strings where K is
 * t (text), i (integer), p (percentage), m (money) or n (number). */
sc_report_block *sc_report_doc_table(sc_report_doc *d, const char *name, size_t ncols,
                                     const char *const *cols)
{
    sc_report_block *b = add_block(d, SC_REPORT_DOC_TABLE);
    if (!b)
        return NULL;
    b->name = name;
    b->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        b->kind[i] = cols[i][0] == 'i'   ? SC_REPORT_DOC_INT
                     : cols[i][0] == 'p' ? SC_REPORT_DOC_PCT
                     : cols[i][0] == 'm' ? SC_REPORT_DOC_MONEY
                     : cols[i][0] == 'n' ? SC_REPORT_DOC_NUMBER
                                         : SC_REPORT_DOC_TEXT;
        b->header[i] = strdup(cols[i] + 2);
        if (!b->header[i])
            d->oom = true;
    }
    return b;
}

/* Appends a row of ncols cells (taken over; NULL cells become ""). */
void sc_report_doc_row(sc_report_doc *d, sc_report_block *t, char **cells)
{
    if (!t) {
        for (size_t i = 0; i < SC_REPORT_DOC_MAX_COLS; i++)
            free(cells[i]);
        return;
    }
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char ***rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) {
            d->oom = true;
            for (size_t i = 0; i < t->ncols; i++)
                free(cells[i]);
            return;
        }
        t->rows = rows;
        t->cap = cap;
    }
    char **r = calloc(t->ncols, sizeof *r);
    if (!r) {
        d->oom = true;
        for (size_t i = 0; i < t->ncols; i++)
            free(cells[i]);
        return;
    }
    for (size_t i = 0; i < t->ncols; i++)
        r[i] = cells[i] ? cells[i] : strdup("");
    t->rows[t->nrows++] = r;
}

void sc_report_doc_clear(sc_report_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        sc_report_block *b = d->b[i];
        free(b->text);
        for (size_t c = 0; c < b->ncols; c++)
            free(b->header[c]);
        for (size_t r = 0; r < b->nrows; r++) {
            for (size_t c = 0; c < b->ncols; c++)
                free(b->rows[r][c]);
            free(b->rows[r]);
        }
        free(b->rows);
        free(b);
    }
    free(d->b);
}

/* ---- numbers as the papers print them ---- */

char *sc_report_doc_plain_number(double x)
{
    int64_t s;
    if (x == floor(x) && fabs(x) < 1e15)
        return sc_report_doc_fmt("%lld", (long long)x);
    if (sc_num_scale(x, 2, &s))
        return sc_report_doc_fmt("%.2f", sc_num_unscale(s, 2));
    return sc_report_doc_fmt("%g", x);
}

char *sc_report_doc_pct_cell(int count, int total, int decimals)
{
    int64_t s;
    if (total <= 0 || !sc_num_div_scaled((int64_t)count * 100, total, decimals, &s))
        return strdup("-");
    return sc_report_doc_fmt("%.*f", decimals, sc_num_unscale(s, decimals));
}

/* Inserts thousands separators into a plain number ("-3948" -> "-3,948"). */
char *sc_report_doc_grouped(const char *s)
{
    size_t len = strlen(s);
    const char *digits = s + (s[0] == '-');
    size_t intlen = strcspn(digits, ".");
    char *out = malloc(len + intlen / 3 + 2);
    if (!out)
        return NULL;
    size_t o = 0;
    if (s[0] == '-')
        out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    strcpy(out + o, digits + intlen);
    return out;
}

bool sc_report_doc_is_number(const char *s)
{
    if (!*s)
        return false;
    char *end;
    strtod(s, &end);
    return *end == '\0';
}

/* Free text in the text and Markdown reports is one line: each run of
 * control characters (CR, LF, TAB, ESC ...) becomes one space, so a
 * newline in commentary cannot end the paragraph or table row it is in and
 * forge a heading, table or section of its own (and no terminal escape
 * reaches whoever reads the plain text). Figures hold none. */
char *sc_report_doc_folded(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool run = false; /* inside a run of control characters */
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        bool control = *c < 0x20 || *c == 0x7f;
        if (!control)
            out[o++] = (char)*c;
        else if (!run)
            out[o++] = ' ';
        run = control;
    }
    out[o] = '\0';
    return out;
}

char *sc_report_doc_quarter_label(sc_period p)
{
    int y = sc_period_year(p);
    return sc_report_doc_fmt("%d/%02d Q%d", y, (y + 1) % 100, sc_period_quarter(p));
}

char *sc_report_doc_money(double x, sc_units units)
{
    char *p = sc_report_doc_plain_number(fabs(x));
    char *g = p ? sc_report_doc_grouped(p) : NULL;
    char *s = g ? sc_report_doc_fmt("£%s%s", g, units == SC_UNITS_GBP_THOUSANDS ? "k" : "") : NULL;
    free(p);
    free(g);
    return s;
}

const char *sc_report_doc_month_name(int month)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    return month >= 1 && month <= 12 ? months[month - 1] : NULL;
}
