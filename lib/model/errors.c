/* errors.c - the validation-problem list (see errors.h). */
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        return NULL;
    return s;
}

void sc_errors_add(sc_errors *errs, const char *pointer, const char *fmt, ...)
{
    if (errs->count == errs->cap) {
        size_t cap = errs->cap ? errs->cap * 2 : 8;
        sc_problem *items = realloc(errs->items, cap * sizeof *items);
        if (!items)
            return;
        errs->items = items;
        errs->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *detail = vformat(fmt, ap);
    va_end(ap);
    char *ptr = strdup(pointer ? pointer : "");
    if (!detail || !ptr) {
        free(detail);
        free(ptr);
        return;
    }
    errs->items[errs->count].pointer = ptr;
    errs->items[errs->count].detail = detail;
    errs->items[errs->count].malformed = false;
    errs->count++;
}

void sc_errors_mark_malformed(sc_errors *errs)
{
    if (errs->count)
        errs->items[errs->count - 1].malformed = true;
}

bool sc_errors_malformed(const sc_errors *errs)
{
    for (size_t i = 0; errs && i < errs->count; i++)
        if (errs->items[i].malformed)
            return true;
    return false;
}

void sc_errors_set_message(sc_errors *errs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    free(errs->message);
    errs->message = msg;
}

void sc_errors_clear(sc_errors *errs)
{
    if (!errs)
        return;
    for (size_t i = 0; i < errs->count; i++) {
        free(errs->items[i].pointer);
        free(errs->items[i].detail);
    }
    free(errs->items);
    free(errs->message);
    errs->items = NULL;
    errs->count = errs->cap = 0;
    errs->message = NULL;
}

char *sc_pointer_index(char *buf, size_t n, const char *prefix, size_t index)
{
    snprintf(buf, n, "%s/%zu", prefix, index);
    return buf;
}

const char *sc_rc_name(sc_rc rc)
{
    switch (rc) {
    case SC_OK:
        return "ok";
    case SC_EINVALID:
        return "invalid";
    case SC_ENOTFOUND:
        return "not found";
    case SC_ECONFLICT:
        return "conflict";
    case SC_EDB:
        return "database error";
    case SC_ENOMEM:
        return "out of memory";
    case SC_ELOCKED:
        return "quarter locked";
    }
    return "unknown";
}
