/* errors.h - result codes and the validation-problem list shared by lib/.
 *
 * lib/ never speaks HTTP: functions return an sc_rc and, where the caller
 * passes one, fill an sc_errors list with every problem found (each with an
 * RFC 6901 pointer into the offending document). server/ maps both to
 * status codes and problem+json.
 */
#ifndef SC_ERRORS_H
#define SC_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SC_OK = 0,
    SC_EINVALID,  /* the input breaks a rule; details in sc_errors */
    SC_ENOTFOUND, /* the thing named does not exist */
    SC_ECONFLICT, /* the request clashes with stored state */
    SC_EDB,       /* the database failed (disk, corruption, busy beyond timeout) */
    SC_ENOMEM,    /* out of memory */
    SC_ELOCKED    /* the quarter is signed off (locked): no figure may change */
} sc_rc;

typedef struct {
    char *pointer;  /* RFC 6901 pointer, "" for the whole document */
    char *detail;   /* one sentence a person can act on */
    bool malformed; /* a misspelt identifier (a quarter id): 400 rather than 422 */
} sc_problem;

typedef struct {
    sc_problem *items;
    size_t count;
    size_t cap;
    char *message; /* optional summary for non-validation failures */
} sc_errors;

#define SC_ERRORS_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0, NULL                                                                           \
    }

/* Appends one problem; the pointer and formatted detail are copied. Out of
 * memory drops the problem: callers also decide by their own result code,
 * never by the count alone. */
void sc_errors_add(sc_errors *errs, const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks the last problem added as malformed input (see sc_problem). */
void sc_errors_mark_malformed(sc_errors *errs);

/* True when any problem is marked malformed. */
bool sc_errors_malformed(const sc_errors *errs);

/* Sets the summary message (copied), replacing any earlier one. */
void sc_errors_set_message(sc_errors *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees everything the list owns and leaves it empty; accepts NULL. */
void sc_errors_clear(sc_errors *errs);

/* Builds "prefix/index" into buf (size n); returns buf. */
char *sc_pointer_index(char *buf, size_t n, const char *prefix, size_t index);

/* Short English name of a result code, for logs. */
const char *sc_rc_name(sc_rc rc);

#endif
