/* placement_view.h - one quarter's care ladder (docs/API.md §15a), as
 * GET /quarters/{q}/placements and the committee report show it: every
 * rung with its figures, its volume and price effects on cost against
 * budget and its change against the previous quarter; the totals; and the
 * fostering split (the in-house share) now, budgeted, in the previous
 * quarter and in the same quarter last year.
 */
#ifndef SC_PLACEMENT_VIEW_H
#define SC_PLACEMENT_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "period.h"
#include "placement.h"
#include "store.h"

/* this quarter, the previous one, the same quarter last year */
enum { SC_PLACEMENT_NOW = 0, SC_PLACEMENT_PREVIOUS, SC_PLACEMENT_LAST_YEAR, SC_PLACEMENT_SLOTS };

typedef struct {
    sc_period quarter;
    sc_placement_types types; /* in ladder order */
    /* has[i][s], fig[i][s]: type i's figures in slot s */
    bool (*has)[SC_PLACEMENT_SLOTS];
    sc_placement (*fig)[SC_PLACEMENT_SLOTS];
    bool any; /* some rung has figures this quarter */
} sc_placement_view;

/* Reads the types and their figures for q, q - 1 and q - 4 into *out (free
 * with sc_placement_view_clear()). SC_OK, or SC_EDB / SC_ENOMEM with
 * nothing to free. */
sc_rc sc_placement_view_read(sc_db *db, sc_period q, sc_placement_view *out);

void sc_placement_view_clear(sc_placement_view *v);

/* The split of slot s (budgeted counts with budgeted true). */
sc_placement_split sc_placement_view_split(const sc_placement_view *v, int slot, bool budgeted);

/* { quarter, decimals, items, totals, fostering } with shares at decimals
 * (0-2). New reference, NULL on out of memory. */
json_t *sc_placement_view_to_json(const sc_placement_view *v, int decimals);

/* The item of the rung coded code, or NULL when there is no such type;
 * new reference. */
json_t *sc_placement_view_item(const sc_placement_view *v, const char *code);

#endif
