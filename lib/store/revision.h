/* revision.h - the history of every stored figure, and reading the store
 * as it stood at a moment (as_of).
 *
 * Each write of a result, target, demand value, finance statement,
 * benchmark, placement figure, child population or demand comparator rate
 * appends a revision: kind, code, quarter, who (key name), when
 * (UTC, RFC 3339 with milliseconds), and the row before and after as JSON.
 * Nothing is overwritten without trace. Locks and unlocks of a quarter are
 * revisions too.
 *
 * Every version of every figure is also kept, typed, in its table's history
 * with the interval in which it was in force (from its revision's time to
 * the next's). as_of works by shadowing: inside the caller's read
 * transaction, sc_revision_as_of() creates TEMP views named like the figure
 * tables that select the versions in force at the moment (private/figure.h);
 * unqualified names resolve to the temporary schema first, so every
 * ordinary query then reads the past through the history's indexes, and
 * rolling the transaction back (sc_store_release does) removes them. The definitions
 * (indicators, areas, measures) are not versioned and are read as they are
 * now.
 */
#ifndef SC_REVISION_H
#define SC_REVISION_H

#include <jansson.h>
#include <stdint.h>

#include "errors.h"
#include "period.h"
#include "store.h"

typedef enum {
    SC_REV_RESULT = 0,
    SC_REV_TARGET,
    SC_REV_DEMAND,
    SC_REV_FINANCE,
    SC_REV_BENCHMARK,
    SC_REV_OUTTURN, /* a KPI's outturn for a year, filed under its Q4 */
    SC_REV_LOCK,
    SC_REV_UNLOCK,
    SC_REV_PLACEMENT,
    SC_REV_POPULATION,
    SC_REV_DEMAND_BENCHMARK,
    SC_REV_RISK_SHARE,
    SC_REV_CALENDAR, /* a quarter's return due date and meetings */
    SC_REV_QUESTION, /* a member's question and its answer (code: its id) */
    SC_REV_N
} sc_rev_kind;

/* The kind's key in the revisions ("result", ...), from the registry of
 * figure kinds (private/figure.h); NULL for no kind. */
const char *sc_revision_kind_key(sc_rev_kind kind);
/* false when key names no kind. */
bool sc_revision_kind_from_key(const char *key, sc_rev_kind *out);
/* Every kind's key, ", "-separated, for "must be one of" messages. */
void sc_revision_kinds_text(char *buf, size_t n);

/* The stored row of a figure as JSON text (caller frees), *out NULL when
 * there is none. Figures: result, target (q = from quarter), demand,
 * finance (code ignored), benchmark, placement, population (q = the year's
 * first quarter, code ignored), demand_benchmark. */
sc_rc sc_revision_snapshot(sc_db *db, sc_rev_kind kind, sc_period q, const char *code, char **out);

/* Appends a revision dated now, or at the connection's clock
 * (sc_db_set_clock, private/db.h) when one is set (old and new are JSON text or NULL); its id
 * is then sc_db_last_id. Figures are written through sc_figure_write
 * (private/figure.h), which calls this and dates the figure's history by
 * it. */
sc_rc sc_revision_add(sc_db *db, sc_rev_kind kind, sc_period q, const char *code, const char *by,
                      const char *old, const char *new_);

typedef struct {
    int kind;          /* -1 for any */
    const char *code;  /* NULL for any */
    int64_t before_id; /* page cursor: only ids below it; 0 for the newest */
    int limit;         /* 1-500 */
} sc_revision_filter;

/* The quarter's revisions, newest first, as JSON items; *next is the
 * cursor for the next page, or 0 when this is the last. */
sc_rc sc_revisions_list(sc_db *db, sc_period q, const sc_revision_filter *f, json_t **items,
                        int64_t *next);

/* What sc_revision_as_of shadows: results, targets and benchmarks (with
 * result restatements); demand values (with theirs, the populations and the
 * comparator rates); finance statements; placements. */
enum {
    SC_AS_OF_KPI = 1,
    SC_AS_OF_DEMAND = 2,
    SC_AS_OF_FINANCE = 4,
    SC_AS_OF_PLACEMENT = 8,
    SC_AS_OF_ALL = 15
};

/* Shadows the figure tables named in what (SC_AS_OF_* flags) with their
 * state at utc (from sc_utc_parse) for the rest of the caller's
 * transaction, which must be open and is to be rolled back. The others
 * stay as they are now: read only what was shadowed. */
sc_rc sc_revision_as_of(sc_db *db, const char *utc, unsigned what);

/* A revision as an explanation cites it. */
typedef struct {
    int64_t id;
    char at[32]; /* RFC 3339 UTC with milliseconds */
} sc_revision_ref;

/* The latest revision of one figure (kind, q and code as in
 * sc_revision_snapshot: code NULL for a finance statement) dated at or
 * before at_most (an sc_utc_parse instant; NULL for no bound). Under an
 * as_of the revisions after it are not seen either. Returns SC_OK with
 * *out filled, SC_ENOTFOUND when there is none, SC_EDB. */
sc_rc sc_revision_latest(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                         const char *at_most, sc_revision_ref *out);

/* Like sc_revision_as_of, undone by sc_revision_as_of_pop, so that one
 * read transaction can read the figures at two instants (a savepoint
 * holds the shadowing views). Returns SC_OK or SC_EDB. */
sc_rc sc_revision_as_of_push(sc_db *db, const char *utc, unsigned what);
/* Drops what the last sc_revision_as_of_push made: reads see now again. */
sc_rc sc_revision_as_of_pop(sc_db *db);

#endif
