/* gzip.h - the gzip content-coding of answers (RFC 9110 §8.4.1.3).
 *
 * Dashboards in browsers, and most HTTP clients, offer gzip; the JSON and
 * CSV answers shrink five- to tenfold, so a large list (a quarter's
 * indicators) costs a fraction of the bytes to send. Only answers kept in
 * the render cache are compressed, once each (see cache.h), so a hit costs
 * no compression at all.
 */
#ifndef SC_GZIP_H
#define SC_GZIP_H

#include <stdbool.h>
#include <stddef.h>

/* Smaller answers are sent as they are: a gzip header and trailer cost 18
 * bytes, and below about a kilobyte the saving is lost in packet overhead. */
#define SC_GZIP_MIN_BYTES 1024

/* True when an Accept-Encoding header value accepts gzip (RFC 9110
 * §12.5.3): "gzip" or "x-gzip" with a weight above zero, or "*" with one
 * when gzip is not named. NULL (no header) accepts nothing: identity. */
bool sc_gzip_accepted(const char *accept_encoding);

/* The gzip form of len bytes, in a new buffer the caller frees; NULL when
 * it would not be smaller than the input, or on out of memory. */
char *sc_gzip_compress(const char *in, size_t len, size_t *out_len);

#endif
