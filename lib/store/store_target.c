/* store_target.c - an indicator's targets as stored: each in force from a
 * quarter until the next, written through the one write path (figure.h)
 * and refused where they would re-judge a signed-off quarter. */
#include "store_kpi.h"

#include <stdlib.h>
#include <string.h>

#include "enumkey.h"
#include "kpi.h"
#include "lock.h"

static const char sql_target_delete[] = "DELETE FROM targets"
                                        " WHERE indicator_code = ?1 AND from_quarter = ?2";

static sc_rc target_delete_row(sc_db *db, const sc_figure_change *c)
{
    sc_stmt *st = sc_db_stmt(db, sql_target_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, c->code);
    sc_stmt_bind_int(st, 2, c->q);
    return sc_stmt_run(st);
}

/* The caller has checked every lock the change touches. */
sc_rc sc_kpi_locks_checked(sc_db *db, const sc_figure_change *c)
{
    return SC_OK;
}

/* Deletes one target and records its revision (the row before, none after). */
static sc_rc target_remove(sc_db *db, const char *code, sc_period from, const char *by)
{
    sc_figure_change c = {.kind = SC_REV_TARGET,
                          .q = from,
                          .code = code,
                          .by = by,
                          .remove = true,
                          .lock_check = sc_kpi_locks_checked,
                          .write = target_delete_row};
    sc_write what;
    return sc_figure_write(db, &c, &what);
}

/* Removes the targets one by one rather than by the schema's cascade, so
 * that each leaves a revision. */
sc_rc sc_kpi_targets_remove(sc_db *db, const char *code, const char *by)
{
    sc_target *targets;
    size_t n;
    sc_rc rc = sc_store_targets(db, code, &targets, &n);
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        rc = target_remove(db, code, targets[i].from_quarter, by);
    sc_targets_free(targets, n);
    return rc;
}

#define TARGET_COLUMNS "from_quarter, target, tolerance, source, rationale, approved_by, review_by"
static const char sql_targets[] = "SELECT " TARGET_COLUMNS " FROM targets"
                                  " WHERE indicator_code = ?1 ORDER BY from_quarter";

void sc_kpi_read_target_source(sc_stmt *st, int source_col, int review_col, sc_target *t)
{
    int k = sc_enumkey_find(sc_target_source_keys, SC_TSRC_N, sc_stmt_text(st, source_col));
    t->has_source = k >= 0;
    t->source = k >= 0 ? (sc_target_source)k : SC_TSRC_STATUTORY;
    const char *review = sc_stmt_text(st, review_col);
    t->review_by[0] = '\0';
    if (review && strlen(review) < sizeof t->review_by)
        memcpy(t->review_by, review, strlen(review) + 1);
}

/* Reads TARGET_COLUMNS into *t (zeroed first): SC_OK or SC_ENOMEM. */
static sc_rc read_target(sc_stmt *st, sc_target *t)
{
    memset(t, 0, sizeof *t);
    t->from_quarter = sc_stmt_int(st, 0);
    t->target = sc_stmt_double(st, 1);
    t->tolerance = sc_stmt_double(st, 2);
    sc_kpi_read_target_source(st, 3, 6, t);
    t->rationale = sc_stmt_strdup(st, 4);
    t->approved_by = sc_stmt_strdup(st, 5);
    if ((!sc_stmt_null(st, 4) && !t->rationale) || (!sc_stmt_null(st, 5) && !t->approved_by))
        return SC_ENOMEM;
    return SC_OK;
}

sc_rc sc_store_targets(sc_db *db, const char *code, sc_target **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    sc_stmt *st = sc_db_stmt(db, sql_targets);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    size_t cap = 0;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 8;
            sc_target *items = realloc(*out, cap * sizeof *items);
            if (!items) {
                rc = SC_STEP_ROW; /* stopped early: out of memory */
                break;
            }
            *out = items;
        }
        if (read_target(st, &(*out)[(*count)++]) != SC_OK) {
            rc = SC_STEP_ROW;
            break;
        }
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        sc_targets_free(*out, *count);
        *out = NULL;
        *count = 0;
        return rc == SC_STEP_ROW ? SC_ENOMEM : SC_EDB;
    }
    return SC_OK;
}

static const char sql_target_get[] = "SELECT " TARGET_COLUMNS " FROM targets"
                                     " WHERE indicator_code = ?1 AND from_quarter = ?2";
static const char sql_target_put[] =
    "INSERT INTO targets (indicator_code, from_quarter, target, tolerance, updated_at,"
    " updated_by, source, rationale, approved_by, review_by)"
    " VALUES (?1, ?2, ?3, ?4, " NOW ", ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (indicator_code, from_quarter) DO UPDATE SET target = excluded.target,"
    " tolerance = excluded.tolerance, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by, source = excluded.source,"
    " rationale = excluded.rationale, approved_by = excluded.approved_by,"
    " review_by = excluded.review_by";

static const char sql_target_locked[] =
    "SELECT quarter FROM quarter_locks WHERE quarter >= ?2 AND quarter < COALESCE("
    " (SELECT MIN(from_quarter) FROM targets WHERE indicator_code = ?1 AND from_quarter > ?2),"
    " 2147483647) ORDER BY quarter LIMIT 1";

sc_rc sc_store_target_lock_check(sc_db *db, const char *code, sc_period from, sc_period *locked)
{
    sc_stmt *st = sc_db_stmt(db, sql_target_locked);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_int(st, 2, from);
    return sc_kpi_step_lock(st, locked);
}

static sc_rc target_span_check(sc_db *db, const sc_figure_change *c)
{
    return sc_store_target_lock_check(db, c->code, c->q, NULL);
}

static sc_rc target_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    const sc_target *t = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_target_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, c->code);
    sc_stmt_bind_int(st, 2, c->q);
    int rc = sc_stmt_step(st);
    sc_rc r = SC_OK;
    if (rc == SC_STEP_ROW) {
        sc_target stored;
        r = read_target(st, &stored);
        *what = sc_target_equal(&stored, t) ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
        sc_target_clear(&stored);
    } else {
        *what = SC_WRITE_CREATED;
    }
    sc_stmt_reset(st);
    if (r != SC_OK)
        return r;
    return rc == SC_STEP_ROW || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static sc_rc target_write(sc_db *db, const sc_figure_change *c)
{
    const sc_target *t = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_target_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, c->code);
    sc_stmt_bind_int(st, 2, c->q);
    sc_stmt_bind_double(st, 3, t->target);
    sc_stmt_bind_double(st, 4, t->tolerance);
    sc_stmt_bind_text(st, 5, c->by);
    sc_stmt_bind_text(st, 6, t->has_source ? sc_target_source_keys[t->source] : NULL);
    sc_stmt_bind_text(st, 7, t->rationale);
    sc_stmt_bind_text(st, 8, t->approved_by);
    sc_stmt_bind_text(st, 9, t->review_by[0] ? t->review_by : NULL);
    return sc_stmt_run(st);
}

sc_rc sc_store_target_put(sc_db *db, const char *code, const sc_target *t, const char *by,
                          sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_TARGET,
                          .q = t->from_quarter,
                          .code = code,
                          .by = by,
                          .figure = t,
                          .lock_check = target_span_check,
                          .compare = target_compare,
                          .write = target_write};
    return sc_figure_write(db, &c, what);
}

sc_rc sc_store_target_delete(sc_db *db, const char *code, sc_period from, const char *by)
{
    sc_figure_change c = {.kind = SC_REV_TARGET,
                          .q = from,
                          .code = code,
                          .by = by,
                          .remove = true,
                          .lock_check = target_span_check,
                          .write = target_delete_row};
    sc_write what;
    return sc_figure_write(db, &c, &what);
}
