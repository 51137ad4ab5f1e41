/* sbuf.h - a growable string buffer for rendering text answers (the
 * committee report, CSV), with RFC 4180 field quoting. */
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
 * quotes doubled (RFC 4180). */
void sc_sbuf_csv_field(sc_sbuf *s, const char *value);

#endif
