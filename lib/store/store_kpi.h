/* store_kpi.h - stored service areas, indicators, targets and results.
 *
 * Every function takes a connection from sc_store_acquire(). Writers do not
 * open transactions themselves: the caller wraps a request's writes in
 * sc_db_begin_write()/sc_db_commit() so a request is all or nothing.
 * Readers that run several queries should hold sc_db_begin_read().
 * On SC_EDB the message is in sc_db_errmsg().
 */
#ifndef SC_STORE_KPI_H
#define SC_STORE_KPI_H

#include <stdbool.h>

#include "area.h"
#include "errors.h"
#include "indicator.h"
#include "quarter.h"
#include "result.h"
#include "store.h"

/* All service areas in table order. Free with sc_area_list_clear(). */
sc_rc sc_store_areas(sc_db *db, sc_area_list *out);

/* Creates or renames a service area; position < 0 keeps the current one
 * (or appends a new area at the end). */
sc_rc sc_store_area_put(sc_db *db, const char *code, const char *name, int position,
                        sc_write *what);

/* Fills *out (clear with sc_indicator_clear()). SC_ENOTFOUND if none. */
sc_rc sc_store_indicator_get(sc_db *db, const char *code, sc_indicator *out);

/* Sets *changed when indicator code's definition was last written after
 * instant from and at or before to (NULL: now); definitions are not
 * versioned, so only the last write is known. SC_OK or SC_EDB. */
sc_rc sc_store_indicator_changed(sc_db *db, const char *code, const char *from, const char *to,
                                 bool *changed);

/* Indicators in table order, filtered by category (-1 for any) and
 * service area (NULL for any). Freed with sc_indicators_free. */
sc_rc sc_store_indicators(sc_db *db, int category, const char *service_area, sc_indicator **out,
                          size_t *count);

/* An indicator's definition decides how it is judged and where it stands
 * in the tables of every quarter it is active in, so creating one, or
 * changing anything but its name and description, while a quarter in its
 * active span (old or new) is signed off would change that quarter:
 * SC_ELOCKED then, with the first such quarter in *locked (may be NULL);
 * SC_OK otherwise; SC_EDB. */
sc_rc sc_store_indicator_lock_check(sc_db *db, const sc_indicator *ind, sc_period *locked);

/* Creates or replaces an indicator. SC_EINVALID (with a problem at
 * /service_area) when the service area does not exist; SC_ELOCKED as
 * sc_store_indicator_lock_check says. */
sc_rc sc_store_indicator_put(sc_db *db, const sc_indicator *ind, sc_write *what, sc_errors *errs);

/* Deletes an indicator with its targets, each target removal recorded as a
 * revision by `by`. SC_ENOTFOUND if none; SC_ECONFLICT (message in errs)
 * if results are stored for it, since deleting would erase published
 * history: retire it with active_to; SC_ELOCKED, with the first such
 * quarter in *locked (may be NULL), when it is active in a locked quarter,
 * whose table (and the targets judging it) would change. */
sc_rc sc_store_indicator_delete(sc_db *db, const char *code, const char *by, sc_period *locked,
                                sc_errors *errs);

/* The targets of an indicator, oldest first. Free the array. */
sc_rc sc_store_targets(sc_db *db, const char *code, sc_target **out, size_t *count);

/* A target starting at from decides how every quarter from then up to the
 * indicator's next target is judged, so creating, changing or deleting it
 * would re-judge a signed-off quarter in that span: SC_ELOCKED then, with
 * the first such quarter in *locked (may be NULL); SC_OK when none is
 * locked; SC_EDB. */
sc_rc sc_store_target_lock_check(sc_db *db, const char *code, sc_period from, sc_period *locked);

/* SC_ELOCKED as sc_store_target_lock_check says. */
sc_rc sc_store_target_put(sc_db *db, const char *code, const sc_target *t, const char *by,
                          sc_write *what);

/* SC_ENOTFOUND when no target starts at that quarter; SC_ELOCKED as
 * sc_store_target_lock_check says. */
sc_rc sc_store_target_delete(sc_db *db, const char *code, sc_period from, const char *by);

/* Stores a result for (quarter, code); leaves the row untouched and
 * reports SC_WRITE_UNCHANGED when it holds the same figures already. */
sc_rc sc_store_result_put(sc_db *db, sc_period quarter, const char *code, const sc_result *r,
                          const char *by, sc_write *what);

/* Filters for sc_store_quarter(); zero-initialise and set what is needed. */
typedef struct {
    int category;             /* -1 for any */
    const char *service_area; /* NULL for any */
    const char *code;         /* NULL for all */
    bool lean;                /* statuses only: no benchmarks, no restatement marks */
} sc_quarter_filter;

#define SC_QUARTER_FILTER_ALL                                                                      \
    {                                                                                              \
        -1, NULL, NULL, false                                                                      \
    }

/* The indicators active in quarter q, each with its result (if any), the
 * target in force and its judged status, in table order. Free with
 * sc_quarter_clear(). */
sc_rc sc_store_quarter(sc_db *db, sc_period q, const sc_quarter_filter *f, sc_quarter *out);

/* Every stored result of one indicator (code) or of all (NULL) in quarters
 * [from, to], with the target in force at each, ordered by indicator code
 * then quarter; lean leaves reason, commentary and writer out. Rows carry only ind.code of the
 * definition and are not judged (see history.h). Free with sc_quarter_clear(). */
sc_rc sc_store_series(sc_db *db, const char *code, sc_period from, sc_period to, bool lean,
                      sc_quarter *out);

#endif
