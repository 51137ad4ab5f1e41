/* return_warnings.h - what a quarterly return carries that a machine can
 * see is probably wrong, though nothing refuses it (docs/API.md §17,
 * "Warnings"). The papers print such figures: a percentage one off its
 * own numerator and denominator, a children-in-care count that differs
 * between two paragraphs, a restated quarter. Each warning names the
 * pointer into the return, as a problem does, a code and a sentence.
 *
 * Warnings are worked out against what is stored before the return is
 * written (its history, the quarter's own figures), so the caller computes
 * them inside the push's transaction, before sc_return_apply.
 */
#ifndef SC_RETURN_WARNINGS_H
#define SC_RETURN_WARNINGS_H

#include <jansson.h>
#include <stddef.h>

#include "errors.h"
#include "period.h"
#include "store.h"

typedef enum {
    SC_WARN_VALUE_OFF_RATIO = 0, /* value off its numerator/denominator beyond rounding */
    SC_WARN_VALUE_OUTLIER,       /* value far outside the indicator's recent history */
    SC_WARN_DEMAND_JUMP,         /* a demand change beyond the measure's usual range */
    SC_WARN_RESTATES_SIGNED_OFF, /* changes a figure of a quarter once signed off */
    SC_WARN_N
} sc_warning_code;

/* The codes' API names ("value_off_ratio", ...), indexed by sc_warning_code. */
extern const char *const sc_warning_keys[SC_WARN_N];

/* How many quarters of history the outlier and demand checks look back. */
#define SC_WARN_HISTORY_QUARTERS 8

typedef struct {
    sc_warning_code code;
    char *pointer; /* into the return document */
    char *detail;
} sc_warning;

typedef struct {
    sc_warning *items;
    size_t count;
    size_t cap;
} sc_warnings;

/* The warnings of return doc for quarter q against what db holds now, in
 * the document's order, into *out (zeroed first; free with
 * sc_warnings_clear). Entries that validation will refuse are skipped.
 * SC_OK, or SC_EDB / SC_ENOMEM with *out emptied. */
sc_rc sc_return_warnings(sc_db *db, sc_period q, const json_t *doc, sc_warnings *out);

/* [{ pointer, code, detail }] in order; new reference. */
json_t *sc_warnings_to_json(const sc_warnings *w);

/* Frees what the list holds; safe on a zeroed or cleared list. */
void sc_warnings_clear(sc_warnings *w);

#endif
