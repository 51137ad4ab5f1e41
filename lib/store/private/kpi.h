/* kpi.h - what the store's KPI files (store_kpi.c: areas and indicators,
 * store_target.c, store_result.c: results and the quarter view) share: an
 * indicator's columns and their reading, and small statement helpers. */
#ifndef SC_KPI_H
#define SC_KPI_H

#include "db.h"
#include "figure.h"
#include "indicator.h"
#include "period.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

#define INDICATOR_COLUMNS                                                                          \
    "i.code, i.name, i.description, i.category, i.service_area, i.polarity, i.unit,"               \
    " i.decimals, i.frequency, i.benchmarked, i.active_from, i.active_to"
#define INDICATOR_NCOLS 12
#define TABLE_ORDER " ORDER BY i.category = 'strategic_partnership', a.position, a.code, i.rowid"

/* Reads INDICATOR_COLUMNS starting at column 0 into ind (cleared on
 * failure): SC_OK or SC_ENOMEM. */
sc_rc sc_kpi_read_indicator(sc_stmt *st, sc_indicator *ind);

/* A period column (NULL: SC_PERIOD_NONE), and binding one. */
sc_period sc_kpi_column_period(sc_stmt *st, int col);
void sc_kpi_bind_period(sc_stmt *st, int idx, sc_period p);

/* A stored name's index in keys, or 0 for one the schema's CHECKs never
 * let in. */
int sc_kpi_enum_index(const char *const *keys, int n, const char *s);

/* Steps a statement answering the first locked quarter, if any (then sets
 * *locked when locked is not NULL), and resets it: SC_ELOCKED when one is
 * locked, SC_OK when none, SC_EDB. */
sc_rc sc_kpi_step_lock(sc_stmt *st, sc_period *locked);

/* Reads a target's source and review_by from columns source_col and
 * review_col of the current row into *t (the texts are not read). */
void sc_kpi_read_target_source(sc_stmt *st, int source_col, int review_col, sc_target *t);

/* The caller has checked every lock the change touches. */
sc_rc sc_kpi_locks_checked(sc_db *db, const sc_figure_change *c);

/* Removes every target of code one by one, each leaving a revision (for an
 * indicator's deletion, whose locks the caller checked). */
sc_rc sc_kpi_targets_remove(sc_db *db, const char *code, const char *by);

#endif
