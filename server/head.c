/* head.c - the checks of a request head that libmicrohttpd 0.9.75 does not
 * make itself (head.h). */
#include "head.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define HEAD_MAX_FIELDS 128

struct head_scan {
    int host, content_length, transfer_encoding, authorization, content_type;
    const char *content_length_value, *transfer_encoding_value;
    bool bad_name, bad_value, folded;
    /* where each name and value starts, for line_after() */
    const char *name_at[HEAD_MAX_FIELDS];
    const char *value_at[HEAD_MAX_FIELDS];
    size_t value_len[HEAD_MAX_FIELDS];
    int fields;
};

/* RFC 9110 §5.6.2 tchar */
static bool is_tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
    struct head_scan *h = cls;
    (void)kind;
    /* libmicrohttpd 0.9.75 keeps "Name : v" as the name "Name " */
    if (key_size == 0 || strlen(key) != key_size)
        h->bad_name = true;
    for (size_t i = 0; i < key_size && !h->bad_name; i++)
        if (!is_tchar((unsigned char)key[i]))
            h->bad_name = true;
    for (size_t i = 0; value && i < value_size && !h->bad_value; i++) {
        unsigned char c = (unsigned char)value[i];
        if ((c < ' ' && c != '\t') || c == 0x7f)
            h->bad_value = true;
    }
    if (h->fields < HEAD_MAX_FIELDS) {
        h->name_at[h->fields] = key;
        h->value_at[h->fields] = value;
        h->value_len[h->fields] = value ? value_size : 0;
    }
    h->fields++;
    if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
        h->host++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        h->content_length++;
        h->content_length_value = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        h->transfer_encoding++;
        h->transfer_encoding_value = value;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_AUTHORIZATION) == 0) {
        h->authorization++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_TYPE) == 0) {
        h->content_type++;
    }
    return MHD_YES;
}

/* libmicrohttpd 0.9.75 gives a value cut at its first NUL (so "Bearer
 * <key>\0junk" would authenticate as <key>) and joins an obs-folded line
 * onto the field name before it, and no option of its own refuses either.
 * Both show in the request head, which it parses in place: a value ends
 * where the CR or LF that ended its line was overwritten with NUL, so the
 * byte after that must start the next line (a field name, or the empty
 * line). Anything else is a NUL inside the value; a space or tab there is
 * an obs-fold (RFC 9112 section 5.2: refuse with 400). This reads the
 * library's own buffer, so it is compiled for the version whose layout it
 * knows; other versions are to refuse these themselves (libmicrohttpd
 * 1.0's client discipline levels do). */
static void check_lines(struct head_scan *h)
{
#if MHD_VERSION == 0x00097500
    int n = h->fields < HEAD_MAX_FIELDS ? h->fields : HEAD_MAX_FIELDS;
    for (int i = 0; i < n && !h->bad_value && !h->folded; i++) {
        if (!h->value_at[i])
            continue;
        const char *p = h->value_at[i] + h->value_len[i] + 1;
        if (*p == '\0') { /* CR LF: p is the LF's */
            h->folded = p[1] == ' ' || p[1] == '\t';
            continue;
        }
        if (*p == ' ' || *p == '\t') {
            h->folded = true;
            continue;
        }
        bool next_name = false;
        for (int j = 0; j < n && !next_name; j++)
            next_name = h->name_at[j] == p;
        h->bad_value = !next_name;
    }
#else
    (void)h;
#endif
}

/* 1*DIGIT that fits 64 bits, as libmicrohttpd reads it */
static bool content_length_valid(const char *v)
{
    size_t n = strspn(v, "0123456789");
    return n > 0 && n <= 19 && v[n] == '\0';
}

static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!is_tchar((unsigned char)*s))
            return false;
    return true;
}

static enum MHD_Result first_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)value;
    *(const char **)cls = key;
    return MHD_NO; /* the first is enough */
}

/* libmicrohttpd 0.9.75 cuts the request target at a NUL and routes what
 * is before it ("/hea\0lthz" is served as "/hea"). It parses the request
 * line in place, so the cut shows: the target's first NUL must be the one
 * that ended it (the space before the version) or the '?' it split the
 * query off at (the first argument starts right after it). As check_lines,
 * compiled for the layout it knows. */
static bool target_cut(struct MHD_Connection *conn, const char *url, const char *version)
{
#if MHD_VERSION == 0x00097500
    if (!version || !version[0] || !url)
        return false;
    const char *after = url + strlen(url) + 1;
    if (after == version || after + 1 == version) /* no query, or a lone '?' */
        return false;
    const char *key = NULL;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, first_arg, &key);
    return !(key && key == after);
#else
    (void)conn;
    (void)url;
    (void)version;
    return false;
#endif
}

const char *sc_head_problem(struct MHD_Connection *conn, const char *method, const char *url,
                            const char *version, int *status)
{
    struct head_scan h = {0};
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_header, &h);
    check_lines(&h);
    *status = 400;
    if (!is_token(method))
        return "the method is not a token (RFC 9110 section 9.1)";
    if (target_cut(conn, url, version))
        return "the request target holds a NUL byte (RFC 9112 section 3)";
    if (h.fields > HEAD_MAX_FIELDS)
        return "too many header fields";
    if (h.folded)
        return "a header field is folded onto a second line (obs-fold: RFC 9112 section "
               "5.2)";
    if (h.bad_name)
        return "a header field name is not a token (no whitespace may stand before the "
               "colon: RFC 9112 section 5.1)";
    if (h.bad_value)
        return "a header field value holds a NUL or control byte";
    if (h.host > 1)
        return "more than one Host header";
    if (h.host == 0 && version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
        return "HTTP/1.1 requests need a Host header";
    if (h.transfer_encoding && h.content_length)
        return "both Transfer-Encoding and Content-Length: the length of the body is "
               "ambiguous (RFC 9112 section 6.3)";
    if (h.content_length > 1)
        return "more than one Content-Length header";
    if (h.content_length && !content_length_valid(h.content_length_value))
        return "Content-Length must be a decimal number of bytes";
    if (h.transfer_encoding > 1 ||
        (h.transfer_encoding && strcasecmp(h.transfer_encoding_value, "chunked") != 0)) {
        *status = 501;
        return "only the chunked transfer coding is implemented; send chunked or a "
               "Content-Length";
    }
    if (h.authorization > 1)
        return "more than one Authorization header: send one key";
    if (h.content_type > 1)
        return "more than one Content-Type header";
    return NULL;
}
