/* unit.h - small helpers shared by the Check unit tests in tests/unit/:
 * JSON documents written with single quotes, lookups in an sc_errors list,
 * and the srunner boilerplate. Header-only (static inline) so each test
 * program stays one .c file. */
#ifndef SC_TESTS_UNIT_H
#define SC_TESTS_UNIT_H

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

/* Parses a JSON text in which ' stands for " (so documents read plainly in
 * C source). Fails the test on bad JSON. New reference. */
static inline json_t *unit_json(const char *text)
{
    char *s = strdup(text);
    ck_assert_ptr_nonnull(s);
    for (char *c = s; *c; c++)
        if (*c == '\'')
            *c = '"';
    json_error_t err;
    json_t *doc = json_loads(s, JSON_DECODE_ANY, &err);
    free(s);
    ck_assert_msg(doc != NULL, "bad JSON in test: %s: %s", text, err.text);
    return doc;
}

/* Number of problems whose pointer is exactly ptr. */
static inline size_t unit_problems_at(const sc_errors *e, const char *ptr)
{
    size_t n = 0;
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->items[i].pointer, ptr) == 0)
            n++;
    return n;
}

/* The detail of the first problem at ptr, or NULL. */
static inline const char *unit_detail_at(const sc_errors *e, const char *ptr)
{
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->items[i].pointer, ptr) == 0)
            return e->items[i].detail;
    return NULL;
}

/* All problems as "ptr: detail; ..." for failure messages (static buffer). */
static inline const char *unit_problems(const sc_errors *e)
{
    static char buf[4096];
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->count && off < sizeof buf; i++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s[%s] %s", i ? "; " : "",
                                e->items[i].pointer, e->items[i].detail);
    return buf;
}

/* Asserts that the list holds exactly one problem at ptr. */
#define UNIT_ASSERT_ONE_AT(errs, ptr)                                                              \
    ck_assert_msg(unit_problems_at((errs), (ptr)) == 1, "expected one problem at %s, got: %s",     \
                  (ptr), unit_problems(errs))

/* Runs the suite with CK_NORMAL output; the process exit status. */
static inline int unit_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
