/* jv.c - member-by-member validation of JSON documents (see jv.h). */
#include "jv.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enumkey.h"

/* Far above any KPI or budget, and small enough that a figure scaled to
 * 3 decimals stays exact in int64 (see num.h). */
#define MAX_ABS_NUMBER 1e12

static void ptr_of(char *buf, size_t n, const char *base, const char *key)
{
    snprintf(buf, n, "%s/%s", base, key);
}

static const json_t *member(const json_t *obj, const char *base, const char *key, bool required,
                            sc_errors *errs, sc_jv *state)
{
    const json_t *v = json_object_get(obj, key);
    if (v && !json_is_null(v)) {
        *state = SC_JV_OK;
        return v;
    }
    if (required) {
        char p[256];
        ptr_of(p, sizeof p, base, key);
        sc_errors_add(errs, p, "%s is required", key);
        *state = SC_JV_BAD;
    } else {
        *state = SC_JV_ABSENT;
    }
    return NULL;
}

static sc_jv bad(const char *base, const char *key, sc_errors *errs, const char *why)
{
    char p[256];
    ptr_of(p, sizeof p, base, key);
    sc_errors_add(errs, p, "%s %s", key, why);
    return SC_JV_BAD;
}

bool sc_jv_object(const json_t *v, const char *ptr, const char *const *allowed, sc_errors *errs)
{
    if (!json_is_object(v)) {
        sc_errors_add(errs, ptr, "must be a JSON object");
        return false;
    }
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)v, key, val)
    {
        bool known = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                known = true;
        if (!known) {
            /* RFC 6901: '~' and '/' in a member name are escaped */
            size_t n = strlen(ptr) + 2 + 2 * strlen(key);
            char *p = malloc(n);
            if (!p)
                continue;
            size_t j = (size_t)snprintf(p, n, "%s/", ptr);
            for (const char *c = key; *c; c++) {
                if (*c == '~' || *c == '/') {
                    p[j++] = '~';
                    p[j++] = *c == '~' ? '0' : '1';
                } else {
                    p[j++] = *c;
                }
            }
            p[j] = '\0';
            sc_errors_add(errs, p, "unknown member \"%.60s\"", key);
            free(p);
        }
    }
    return true;
}

size_t sc_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

sc_jv sc_jv_string(const json_t *obj, const char *base, const char *key, bool required, size_t min,
                   size_t max, bool no_control, const char **out, sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    if (!json_is_string(v))
        return bad(base, key, errs, "must be a string");
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v))
        return bad(base, key, errs, "must not contain NUL characters");
    size_t len = sc_utf8_len(s);
    char why[96];
    if (len < min) {
        snprintf(why, sizeof why, "must be at least %zu characters long", min);
        return bad(base, key, errs, why);
    }
    if (len > max) {
        snprintf(why, sizeof why, "must be at most %zu characters long (it has %zu)", max, len);
        return bad(base, key, errs, why);
    }
    if (no_control)
        for (const char *c = s; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                return bad(base, key, errs, "must not contain control characters");
    *out = s;
    return SC_JV_OK;
}

sc_jv sc_jv_enum(const json_t *obj, const char *base, const char *key, bool required,
                 const char *const *choices, int n, int *out, sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    int i = json_is_string(v) ? sc_enumkey_find(choices, n, json_string_value(v)) : -1;
    if (i >= 0) {
        *out = i;
        return SC_JV_OK;
    }
    char list[480], why[512];
    sc_enumkey_list(choices, n, list, sizeof list);
    snprintf(why, sizeof why, "must be one of %s", list);
    return bad(base, key, errs, why);
}

sc_jv sc_jv_int(const json_t *obj, const char *base, const char *key, bool required, int64_t min,
                int64_t max, int64_t *out, sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    int64_t i;
    if (json_is_integer(v)) {
        i = json_integer_value(v);
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d != floor(d) || fabs(d) > 9e15)
            return bad(base, key, errs, "must be a whole number");
        i = (int64_t)d;
    } else {
        return bad(base, key, errs, "must be a whole number");
    }
    if (i < min || i > max) {
        char why[96];
        snprintf(why, sizeof why, "must be between %lld and %lld", (long long)min, (long long)max);
        return bad(base, key, errs, why);
    }
    *out = i;
    return SC_JV_OK;
}

sc_jv sc_jv_number(const json_t *obj, const char *base, const char *key, bool required, double *out,
                   sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    if (!json_is_number(v))
        return bad(base, key, errs, "must be a number");
    double d = json_number_value(v);
    if (!isfinite(d) || fabs(d) > MAX_ABS_NUMBER)
        return bad(base, key, errs, "must be a number between -1e12 and 1e12");
    *out = d;
    return SC_JV_OK;
}

sc_jv sc_jv_bool(const json_t *obj, const char *base, const char *key, bool required, bool *out,
                 sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    if (!json_is_boolean(v))
        return bad(base, key, errs, "must be true or false");
    *out = json_is_true(v);
    return SC_JV_OK;
}

sc_jv sc_jv_period(const json_t *obj, const char *base, const char *key, bool required,
                   sc_period *out, sc_errors *errs)
{
    sc_jv st;
    const json_t *v = member(obj, base, key, required, errs, &st);
    if (!v)
        return st;
    if (!json_is_string(v))
        return bad(base, key, errs, "must be a quarter id such as \"2020-21-Q1\"");
    char hint[200];
    if (!sc_period_parse(json_string_value(v), out, hint, sizeof hint)) {
        /* docs/API.md §1: a misspelt quarter is a 400 wherever it appears */
        bad(base, key, errs, hint);
        sc_errors_mark_malformed(errs);
        return SC_JV_BAD;
    }
    return SC_JV_OK;
}

bool sc_jv_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n < 1 || n > 64 || !isalnum((unsigned char)code[0]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)code[i];
        if (!(isalnum(c) && c < 0x80) && c != '.' && c != '_' && c != '-')
            return false;
    }
    return true;
}

sc_rc sc_jv_named(const json_t *doc, const char *code, const char **name, int *position,
                  sc_errors *errs)
{
    static const char *const members[] = {"code", "name", "position", NULL};
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    const char *sent = NULL;
    if (sc_jv_string(doc, "", "code", false, 1, 64, true, &sent, errs) == SC_JV_OK &&
        strcmp(sent, code) != 0)
        sc_errors_add(errs, "/code", "code differs from the code in the path");
    int64_t pos = -1;
    sc_jv_string(doc, "", "name", true, 1, 200, true, name, errs);
    sc_jv_int(doc, "", "position", false, 0, 10000, &pos, errs);
    *position = (int)pos;
    return errs->count > before ? SC_EINVALID : SC_OK;
}

sc_rc sc_jv_named_enum(const json_t *doc, const char *code, const char *key,
                       const char *const *choices, int n, const char **name, int *position,
                       int *choice, sc_errors *errs)
{
    *choice = -1;
    if (!json_is_object(doc))
        return sc_jv_named(doc, code, name, position, errs);
    /* a shallow copy without key: its members are doc's own, so *name
     * stays valid after the copy is dropped */
    json_t *rest = json_copy((json_t *)doc);
    if (!rest)
        return SC_ENOMEM;
    json_object_del(rest, key);
    size_t before = errs->count;
    sc_jv_enum(doc, "", key, false, choices, n, choice, errs);
    sc_rc rc = sc_jv_named(rest, code, name, position, errs);
    json_decref(rest);
    return errs->count > before ? SC_EINVALID : rc;
}

json_t *sc_jv_new_number(double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0)
        return json_integer((json_int_t)x);
    return json_real(x);
}

json_t *sc_jv_new_period(sc_period p)
{
    char buf[SC_PERIOD_ID_LEN];
    if (p == SC_PERIOD_NONE)
        return json_null();
    return json_string(sc_period_format(p, buf));
}

json_t *sc_jv_new_string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}
