/* jv.h - validating JSON request documents member by member.
 *
 * Each getter looks up obj[key], checks it and on failure appends a problem
 * whose pointer is base + "/" + key, so one pass over a document reports
 * every problem at once. null counts as absent: optional members may be
 * sent as null, and a required one that is null is reported as missing.
 */
#ifndef SC_JV_H
#define SC_JV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "errors.h"
#include "period.h"

typedef enum { SC_JV_ABSENT = 0, SC_JV_OK, SC_JV_BAD } sc_jv;

/* Reports a problem unless v is an object; then reports each member whose
 * name is not in allowed (NULL-terminated). Returns false if v is not an
 * object (unknown members do not make it return false). */
bool sc_jv_object(const json_t *v, const char *ptr, const char *const *allowed, sc_errors *errs);

/* A string of min..max characters (Unicode code points). With no_control,
 * control characters (tabs and newlines included) are refused. *out is
 * borrowed from obj. */
sc_jv sc_jv_string(const json_t *obj, const char *base, const char *key, bool required, size_t min,
                   size_t max, bool no_control, const char **out, sc_errors *errs);

/* A string that must be one of choices[0..n-1]; *out is its index. */
sc_jv sc_jv_enum(const json_t *obj, const char *base, const char *key, bool required,
                 const char *const *choices, int n, int *out, sc_errors *errs);

/* An integer in [min, max]; integral reals such as 276.0 are accepted. */
sc_jv sc_jv_int(const json_t *obj, const char *base, const char *key, bool required, int64_t min,
                int64_t max, int64_t *out, sc_errors *errs);

/* Any finite number with |x| <= 1e12. */
sc_jv sc_jv_number(const json_t *obj, const char *base, const char *key, bool required, double *out,
                   sc_errors *errs);

sc_jv sc_jv_bool(const json_t *obj, const char *base, const char *key, bool required, bool *out,
                 sc_errors *errs);

/* A canonical quarter id. */
sc_jv sc_jv_period(const json_t *obj, const char *base, const char *key, bool required,
                   sc_period *out, sc_errors *errs);

/* Validates { name, position?, code? } for PUT of a named, ordered entry
 * (service area, demand measure) whose code is in the path: *name is
 * borrowed from doc, *position is -1 when not given. */
sc_rc sc_jv_named(const json_t *doc, const char *code, const char **name, int *position,
                  sc_errors *errs);

/* sc_jv_named with one more optional member, key, that must be one of
 * choices[0..n-1]: *choice is its index, -1 when not given. */
sc_rc sc_jv_named_enum(const json_t *doc, const char *code, const char *key,
                       const char *const *choices, int n, const char **name, int *position,
                       int *choice, sc_errors *errs);

/* Number of code points in a valid UTF-8 string. */
size_t sc_utf8_len(const char *s);

/* The rule for codes (and key names), in the words every message uses. */
#define SC_CODE_RULE "1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit"

/* True for a code that keeps SC_CODE_RULE. */
bool sc_jv_code_valid(const char *code);

/* ---- writing: the JSON shapes every answer shares ---- */

/* A JSON number: an integer when x is whole (95, not 95.0), else a real.
 * New reference. */
json_t *sc_jv_new_number(double x);

/* A quarter id string, or null for SC_PERIOD_NONE. New reference. */
json_t *sc_jv_new_period(sc_period p);

/* A string, or null for NULL. New reference. */
json_t *sc_jv_new_string_or_null(const char *s);

#endif
