/* figure.h - the figure kinds and the one way every figure is written.
 *
 * A figure is anything the trust or the council pushes per quarter and the
 * committee reads: a result, a target, a demand value, a finance statement,
 * benchmarks, a sign-off lock. Every kind is one row of the registry
 * (figure.c): its key in the revisions, how its stored state is snapshot
 * as JSON, and how an as_of read shows it as it stood at an instant. Every
 * write goes through sc_figure_write: check the lock, compare with what is
 * stored, snapshot, write, revision. Adding a kind is a row in the
 * registry, a migration, a model file and its routes (docs/ARCHITECTURE.md);
 * a row without an as_of rule fails sc_figure_kinds_check, which
 * sc_store_open runs, so the server does not start with it.
 */
#ifndef SC_FIGURE_H
#define SC_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"
#include "period.h"
#include "revision.h"
#include "store.h"

typedef struct {
    const char *key;      /* revisions.kind: "result", ... */
    const char *snapshot; /* SQL: one row, the stored figure as JSON text, from
                             ?1 quarter and ?2 code; NULL: the revision holds
                             the change's note instead */
    /* SQL run after every write of it (NULL-terminated; ?1 quarter, ?2
     * code, ?3 the id of the write's revision): closes its versions in the
     * history table and copies its rows as they now are */
    const char *const *history;
    unsigned as_of; /* the SC_AS_OF_* group of the reads that show it */
    /* TEMP views, named like the figure's tables, over its history at the
     * instant in temp.as_of_at (NULL-terminated) ... */
    const char *const *as_of_views;
    /* ... or why as_of reads show it as it is now */
    const char *as_of_now_because;
} sc_figure_kind;

/* The registry, indexed by sc_rev_kind. */
extern const sc_figure_kind sc_figure_kinds[SC_REV_N];

/* SC_OK when every kind has a key and exactly one as_of rule; otherwise
 * SC_EINVALID with the kind named in errs. */
sc_rc sc_figure_kinds_check(sc_errors *errs);

/* A change to one figure. */
typedef struct sc_figure_change {
    sc_rev_kind kind;
    sc_period q;        /* its quarter (a target: the quarter it starts in) */
    const char *code;   /* NULL for a quarter's finance statement or lock */
    const char *by;     /* the key name making the change */
    bool remove;        /* delete it: SC_ENOTFOUND when there is nothing stored */
    const void *figure; /* the new figure, for compare and write */
    const char *note;   /* the revision's new state for kinds with no snapshot */
    const void *cls;    /* the caller's own, for compare and write */
    /* Refuses what a signed-off quarter forbids; NULL: q's own lock. */
    sc_rc (*lock_check)(sc_db *db, const struct sc_figure_change *c);
    /* Sets *what to created, updated or unchanged against what is stored
     * (not called for a removal). */
    sc_rc (*compare)(sc_db *db, const struct sc_figure_change *c, sc_write *what);
    /* Writes the figure's rows: the upsert, or the delete for a removal. */
    sc_rc (*write)(sc_db *db, const struct sc_figure_change *c);
} sc_figure_change;

/* Applies c inside the caller's write transaction and records its
 * revision; *what says what it did (a removal is SC_WRITE_UPDATED).
 * Returns what lock_check, compare or write return, SC_ENOTFOUND for a
 * removal of nothing, SC_EDB or SC_ENOMEM. Nothing is recorded for an
 * unchanged figure. */
sc_rc sc_figure_write(sc_db *db, const sc_figure_change *c, sc_write *what);

#endif
