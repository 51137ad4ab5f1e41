/* gzip.c - Accept-Encoding negotiation and gzip compression (gzip.h). */
#include "gzip.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The weight of one list member: 1 when none is given; 0 only for q=0,
 * q=0., q=0.0, q=0.00 or q=0.000 (RFC 9110 §12.4.2). */
static bool weight_positive(const char *params, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (params[i] != ';')
            continue;
        size_t j = i + 1;
        while (j < n && (params[j] == ' ' || params[j] == '\t'))
            j++;
        if (j + 1 < n && (params[j] == 'q' || params[j] == 'Q') && params[j + 1] == '=') {
            j += 2;
            if (j >= n || params[j] != '0')
                return true;
            for (j++; j < n && (params[j] == '.' || params[j] == '0'); j++)
                ;
            return !(j >= n || params[j] == ' ' || params[j] == '\t' || params[j] == ';');
        }
    }
    return true;
}

bool sc_gzip_accepted(const char *accept_encoding)
{
    if (!accept_encoding)
        return false;
    int gzip = -1, star = -1; /* -1 not named, 0 refused, 1 accepted */
    const char *p = accept_encoding;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t member = strcspn(p, ",");
        size_t token = strcspn(p, ",; \t");
        if (token > member)
            token = member;
        bool positive = weight_positive(p + token, member - token);
        if ((token == 4 && strncasecmp(p, "gzip", 4) == 0) ||
            (token == 6 && strncasecmp(p, "x-gzip", 6) == 0))
            gzip = gzip == 1 ? 1 : positive;
        else if (token == 1 && *p == '*')
            star = positive;
        p += member;
    }
    return gzip >= 0 ? gzip == 1 : star == 1;
}

char *sc_gzip_compress(const char *in, size_t len, size_t *out_len)
{
    if (len > UINT_MAX / 2) /* zlib counts in uInt; the cache keeps far less */
        return NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 15 + 16: a 32 KiB window with the gzip header and trailer */
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    uLong bound = deflateBound(&z, (uLong)len);
    char *out = malloc(bound);
    if (!out) {
        deflateEnd(&z);
        return NULL;
    }
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || n >= len) {
        free(out);
        return NULL;
    }
    char *shrunk = realloc(out, n);
    *out_len = n;
    return shrunk ? shrunk : out;
}
