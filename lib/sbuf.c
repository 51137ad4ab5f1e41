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

void sc_sbuf_csv_field(sc_sbuf *s, const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        sc_sbuf_puts(s, value);
        return;
    }
    sc_sbuf_put(s, "\"", 1);
    for (const char *c = value; *c; c++) {
        if (*c == '"')
            sc_sbuf_put(s, "\"", 1);
        sc_sbuf_put(s, c, 1);
    }
    sc_sbuf_put(s, "\"", 1);
}
