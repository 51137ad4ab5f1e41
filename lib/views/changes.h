/* changes.h - what changed in a quarter between two packs (GET
 * /quarters/{q}/changes?from=T1&to=T2, docs/API.md §19): the quarter read
 * as it stood at T1 and at T2 (as_of, revision.h), and every indicator,
 * demand value and finance line that differs, with the cause: revised,
 * target changed, definition changed, newly reported, withdrawn. The
 * report appends the same as a sentence (?since=, report.h). */
#ifndef SC_CHANGES_H
#define SC_CHANGES_H

#include <jansson.h>
#include <stdbool.h>

#include "demand.h"
#include "finance.h"
#include "quarter.h"
#include "store.h"

/* The causes of a change, as bits; their API names in sc_change_cause_keys. */
enum {
    SC_CAUSE_REVISED = 1,            /* a figure there at both instants, different */
    SC_CAUSE_TARGET_CHANGED = 2,     /* the target in force differs */
    SC_CAUSE_DEFINITION_CHANGED = 4, /* the indicator's definition was written in between */
    SC_CAUSE_NEWLY_REPORTED = 8,     /* no figure at T1, one at T2 */
    SC_CAUSE_WITHDRAWN = 16,         /* a figure at T1, none at T2 */
    SC_CAUSE_N = 5
};
extern const char *const sc_change_cause_keys[SC_CAUSE_N];

/* The quarter's figures at one instant. */
typedef struct {
    sc_quarter kpi;   /* judged, in table order */
    bool *has_demand; /* per measure of sc_changes.measures */
    int64_t *demand;
    bool has_finance;
    sc_finance finance;
} sc_changes_state;

typedef enum { SC_CHANGE_INDICATOR, SC_CHANGE_DEMAND, SC_CHANGE_FINANCE_LINE } sc_change_kind;

/* One changed figure: indices into the states (-1 where it is absent). */
typedef struct {
    sc_change_kind kind;
    long a, b;
    unsigned causes;
} sc_change;

/* Owns everything; free with sc_changes_clear. */
typedef struct {
    sc_period quarter;
    char from[32];
    char to[32]; /* "" for now */
    sc_demand_measures measures;
    sc_changes_state before, after;
    sc_change *items;
    size_t count;
    /* set by the caller before sc_changes_sentence: a read without a key
     * under disclosure control (disclose.h); the sentence then writes [c]
     * for a figure that rests on a count below it. 0: everything shown */
    int suppress_below;
} sc_changes;

/* Reads quarter q at instant from and at instant to ("" or NULL: now),
 * both sc_utc_parse forms with from < to, inside the caller's read
 * transaction, and lists what differs. Returns SC_OK (free with
 * sc_changes_clear), SC_EDB or SC_ENOMEM. */
sc_rc sc_changes_compute(sc_db *db, sc_period q, const char *from, const char *to, sc_changes *out);

/* The changes as docs/API.md §19 shows them, each figure with the
 * revision in force at either instant. Returns SC_OK with *out (new
 * reference), SC_EDB or SC_ENOMEM. */
sc_rc sc_changes_json(sc_db *db, const sc_changes *c, json_t **out);

/* "Since the pack of 18 August 2020: Referrals revised from 949 to 946."
 * (or "... nothing in this quarter has changed."); a new string (caller
 * frees), NULL when out of memory. */
char *sc_changes_sentence(const sc_changes *c);

void sc_changes_clear(sc_changes *c);

#endif
