/* sbuf.c - growable string buffer (see sbuf.h). */
#include "sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc_sbuf_put(sc_sbuf *s, const char *text, size_t n)
{
    if (s->oom)
        return;
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b) {
            s->oom = true;
            return;
        }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, text, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

void sc_sbuf_puts(sc_sbuf *s, const char *text)
{
    sc_sbuf_put(s, text, strlen(text));
}

void sc_sbuf_printf(sc_sbuf *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = NULL;
    int n = vasprintf(&t, fmt, ap);
    va_end(ap);
    if (n < 0) {
        s->oom = true;
        return;
    }
    sc_sbuf_put(s, t, (size_t)n);
    free(t);
}

/* prefix goes inside the quotes, so it is part of the cell. */
static void csv_put(sc_sbuf *s, const char *prefix, const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        sc_sbuf_puts(s, prefix);
        sc_sbuf_puts(s, value);
        return;
    }
    sc_sbuf_put(s, "\"", 1);
    sc_sbuf_puts(s, prefix);
    for (const char *c = value; *c; c++) {
        if (*c == '"')
            sc_sbuf_put(s, "\"", 1);
        sc_sbuf_put(s, c, 1);
    }
    sc_sbuf_put(s, "\"", 1);
}

void sc_sbuf_csv_field(sc_sbuf *s, const char *value)
{
    csv_put(s, "", value);
}

/* CSV (formula) injection: Excel and LibreOffice Calc evaluate a cell
 * that starts with = + - or @ as a formula, so commentary such as
 * =HYPERLINK("http://...","x") pushed with a writer key would become a live
 * link (or worse) on a council analyst's machine; a leading TAB or CR can
 * hide such a cell from a naive check. OWASP's advice is to prefix these
 * cells with a single quote, which the spreadsheet takes as "this is
 * text" (and which a program reading the CSV sees as a visible '). Only
 * text is touched: figures go through sc_sbuf_csv_field unchanged. This
 * is the one place the rule lives; every CSV answer and the committee
 * report's CSV write their text cells through here, and the XLSX answers
 * (server/xlsx.c) ask sc_sbuf_formula_like. */
bool sc_sbuf_formula_like(const char *value)
{
    return value[0] != '\0' && strchr("=+-@\t\r", value[0]) != NULL;
}

void sc_sbuf_csv_text(sc_sbuf *s, const char *value)
{
    csv_put(s, sc_sbuf_formula_like(value) ? "'" : "", value);
}
