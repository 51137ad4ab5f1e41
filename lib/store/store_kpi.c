/* store_kpi.c - SQL for service areas, indicators, targets and results. */
#include "store_kpi.h"

#include <limits.h>

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "enumkey.h"
#include "figure.h"
#include "lock.h"
#include "revision.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

static sc_rc step_done(sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

/* A stored name's index, or 0 for one the schema's CHECKs never let in. */
static int enum_index(const char *const *keys, int n, const char *s)
{
    int i = sc_enumkey_find(keys, n, s);
    return i < 0 ? 0 : i;
}

static sc_period column_period(sc_stmt *st, int col)
{
    return sc_stmt_null(st, col) ? SC_PERIOD_NONE
                                                       : sc_stmt_int(st, col);
}

static void bind_period(sc_stmt *st, int idx, sc_period p)
{
    if (p == SC_PERIOD_NONE)
        sc_stmt_bind_null(st, idx);
    else
        sc_stmt_bind_int(st, idx, p);
}

/* ---- service areas ---- */

static const char sql_areas[] = "SELECT code, name, position FROM service_areas "
                                "ORDER BY position, code";

sc_rc sc_store_areas(sc_db *db, sc_area_list *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_areas);
    if (!st)
        return SC_EDB;
    size_t cap = 0;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            cap = cap ? cap * 2 : 16;
            sc_area *items = realloc(out->items, cap * sizeof *items);
            if (!items)
                goto oom;
            out->items = items;
        }
        sc_area *a = &out->items[out->count];
        a->code = sc_stmt_strdup(st, 0);
        a->name = sc_stmt_strdup(st, 1);
        a->position = sc_stmt_int(st, 2);
        out->count++;
        if (!a->code || !a->name)
            goto oom;
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        sc_area_list_free(out);
        return SC_EDB;
    }
    return SC_OK;
oom:
    sc_stmt_reset(st);
    sc_area_list_free(out);
    return SC_ENOMEM;
}

static const char sql_area_get[] = "SELECT name, position FROM service_areas WHERE code = ?1";
static const char sql_area_put[] =
    "INSERT INTO service_areas (code, name, position) VALUES (?1, ?2,"
    " coalesce(?3, (SELECT coalesce(max(position), 0) + 1 FROM service_areas)))"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " position = coalesce(?3, position)";

sc_rc sc_store_area_put(sc_db *db, const char *code, const char *name, int position,
                        sc_write *what)
{
    return sc_db_named_put(db, sql_area_get, sql_area_put, code, name, position, what);
}

/* ---- indicators ---- */

#define INDICATOR_COLUMNS                                                                     \
    "i.code, i.name, i.description, i.category, i.service_area, i.polarity, i.unit,"          \
    " i.decimals, i.frequency, i.benchmarked, i.active_from, i.active_to"
#define INDICATOR_NCOLS 12
#define TABLE_ORDER                                                                           \
    " ORDER BY i.category = 'strategic_partnership', a.position, a.code, i.rowid"


/* Reads INDICATOR_COLUMNS starting at column 0. */
static sc_rc read_indicator(sc_stmt *st, sc_indicator *ind)
{
    memset(ind, 0, sizeof *ind);
    ind->code = sc_stmt_strdup(st, 0);
    ind->name = sc_stmt_strdup(st, 1);
    ind->description = sc_stmt_strdup(st, 2);
    ind->category = (sc_category)enum_index(sc_category_keys, SC_CAT_COUNT,
                                            sc_stmt_text(st, 3));
    ind->service_area = sc_stmt_strdup(st, 4);
    ind->polarity = (sc_polarity)enum_index(sc_polarity_keys, SC_POLARITY_COUNT, sc_stmt_text(st, 5));
    ind->unit = (sc_unit)enum_index(sc_unit_keys, SC_UNIT_N, sc_stmt_text(st, 6));
    ind->decimals = sc_stmt_int(st, 7);
    ind->frequency = (sc_frequency)enum_index(sc_frequency_keys, SC_FREQ_N,
                                              sc_stmt_text(st, 8));
    ind->benchmarked = sc_stmt_int(st, 9) != 0;
    ind->active_from = column_period(st, 10);
    ind->active_to = column_period(st, 11);
    if (!ind->code || !ind->name || !ind->service_area ||
        (!ind->description && !sc_stmt_null(st, 2))) {
        sc_indicator_clear(ind);
        return SC_ENOMEM;
    }
    return SC_OK;
}

static const char sql_indicator_get[] = "SELECT " INDICATOR_COLUMNS
                                        " FROM indicators i WHERE i.code = ?1";

sc_rc sc_store_indicator_get(sc_db *db, const char *code, sc_indicator *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_indicator_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    int rc = sc_stmt_step(st);
    sc_rc r = rc == SC_STEP_ROW ? read_indicator(st, out)
              : rc == SC_STEP_DONE ? SC_ENOTFOUND
                                  : SC_EDB;
    sc_stmt_reset(st);
    return r;
}

static const char sql_indicators[] =
    "SELECT " INDICATOR_COLUMNS " FROM indicators i JOIN service_areas a"
    " ON a.code = i.service_area"
    " WHERE (?1 IS NULL OR i.category = ?1) AND (?2 IS NULL OR i.service_area = ?2)" TABLE_ORDER;

sc_rc sc_store_indicators(sc_db *db, int category, const char *service_area,
                          sc_indicator **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    sc_stmt *st = sc_db_stmt(db, sql_indicators);
    if (!st)
        return SC_EDB;
    if (category >= 0)
        sc_stmt_bind_text(st, 1, sc_category_keys[category]);
    sc_stmt_bind_text(st, 2, service_area);
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            sc_indicator *items = realloc(*out, cap * sizeof *items);
            if (!items) {
                r = SC_ENOMEM;
                break;
            }
            *out = items;
        }
        if ((r = read_indicator(st, &(*out)[*count])) != SC_OK)
            break;
        (*count)++;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK) {
        for (size_t i = 0; i < *count; i++)
            sc_indicator_clear(&(*out)[i]);
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return r;
}

static const char sql_area_exists[] = "SELECT 1 FROM service_areas WHERE code = ?1";
static const char sql_indicator_put[] =
    "INSERT INTO indicators (code, name, description, category, service_area, polarity, unit,"
    " decimals, frequency, benchmarked, active_from, active_to, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, " NOW ", " NOW ")"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " description = excluded.description, category = excluded.category,"
    " service_area = excluded.service_area, polarity = excluded.polarity,"
    " unit = excluded.unit, decimals = excluded.decimals, frequency = excluded.frequency,"
    " benchmarked = excluded.benchmarked, active_from = excluded.active_from,"
    " active_to = excluded.active_to, updated_at = excluded.updated_at";

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool indicator_equal(const sc_indicator *a, const sc_indicator *b)
{
    return str_eq(a->name, b->name) && str_eq(a->description, b->description) &&
           str_eq(a->service_area, b->service_area) && a->category == b->category &&
           a->polarity == b->polarity && a->unit == b->unit && a->decimals == b->decimals &&
           a->frequency == b->frequency && a->benchmarked == b->benchmarked &&
           a->active_from == b->active_from && a->active_to == b->active_to;
}

static const char sql_first_lock_in[] =
    "SELECT quarter FROM quarter_locks WHERE quarter >= ?1 AND quarter <= ?2"
    " ORDER BY quarter LIMIT 1";

/* The first locked quarter in [from, to] (SC_PERIOD_NONE: unbounded). */
/* Steps a bound query whose row, if any, is a locked quarter: SC_ELOCKED
 * with it in *locked (may be NULL), SC_OK when none, SC_EDB. */
static sc_rc step_lock(sc_stmt *st, sc_period *locked)
{
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW && locked)
        *locked = sc_stmt_int(st, 0);
    sc_stmt_reset(st);
    if (rc == SC_STEP_ROW)
        return SC_ELOCKED;
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static sc_rc first_lock_in(sc_db *db, sc_period from, sc_period to, sc_period *locked)
{
    sc_stmt *st = sc_db_stmt(db, sql_first_lock_in);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, from == SC_PERIOD_NONE ? 0 : from);
    sc_stmt_bind_int(st, 2, to == SC_PERIOD_NONE ? INT_MAX : to);
    return step_lock(st, locked);
}

static sc_period earlier(sc_period a, sc_period b)
{
    return a == SC_PERIOD_NONE || b == SC_PERIOD_NONE ? SC_PERIOD_NONE : a < b ? a : b;
}

static sc_period later(sc_period a, sc_period b)
{
    return a == SC_PERIOD_NONE || b == SC_PERIOD_NONE ? SC_PERIOD_NONE : a > b ? a : b;
}

sc_rc sc_store_indicator_lock_check(sc_db *db, const sc_indicator *ind, sc_period *locked)
{
    sc_indicator old;
    sc_rc rc = sc_store_indicator_get(db, ind->code, &old);
    if (rc == SC_ENOTFOUND)
        return first_lock_in(db, ind->active_from, ind->active_to, locked);
    if (rc != SC_OK)
        return rc;
    /* name and description are words, not figures: they may change */
    sc_indicator same = old;
    same.name = ind->name;
    same.description = ind->description;
    bool figures_same = indicator_equal(&same, ind);
    sc_period from = earlier(old.active_from, ind->active_from);
    sc_period to = later(old.active_to, ind->active_to);
    sc_indicator_clear(&old);
    return figures_same ? SC_OK : first_lock_in(db, from, to, locked);
}

sc_rc sc_store_indicator_put(sc_db *db, const sc_indicator *ind, sc_write *what,
                             sc_errors *errs)
{
    sc_rc lrc = sc_store_indicator_lock_check(db, ind, NULL);
    if (lrc != SC_OK)
        return lrc;
    sc_stmt *st = sc_db_stmt(db, sql_area_exists);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, ind->service_area);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE) {
        sc_errors_add(errs, "/service_area", "no service area \"%s\"; see GET "
                      "/api/v1/service-areas", ind->service_area);
        return SC_EINVALID;
    }
    if (rc != SC_STEP_ROW)
        return SC_EDB;

    sc_indicator old;
    sc_rc r = sc_store_indicator_get(db, ind->code, &old);
    if (r == SC_OK) {
        bool same = indicator_equal(&old, ind);
        sc_indicator_clear(&old);
        *what = same ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
        if (same)
            return SC_OK;
    } else if (r == SC_ENOTFOUND) {
        *what = SC_WRITE_CREATED;
    } else {
        return r;
    }
    st = sc_db_stmt(db, sql_indicator_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, ind->code);
    sc_stmt_bind_text(st, 2, ind->name);
    sc_stmt_bind_text(st, 3, ind->description);
    sc_stmt_bind_text(st, 4, sc_category_keys[ind->category]);
    sc_stmt_bind_text(st, 5, ind->service_area);
    sc_stmt_bind_text(st, 6, sc_polarity_keys[ind->polarity]);
    sc_stmt_bind_text(st, 7, sc_unit_keys[ind->unit]);
    sc_stmt_bind_int(st, 8, ind->decimals);
    sc_stmt_bind_text(st, 9, sc_frequency_keys[ind->frequency]);
    sc_stmt_bind_int(st, 10, ind->benchmarked);
    bind_period(st, 11, ind->active_from);
    bind_period(st, 12, ind->active_to);
    return step_done(st);
}

static const char sql_result_count[] = "SELECT count(*) FROM results WHERE indicator_code = ?1";
static const char sql_indicator_delete[] = "DELETE FROM indicators WHERE code = ?1";
static const char sql_target_delete[] = "DELETE FROM targets"
                                        " WHERE indicator_code = ?1 AND from_quarter = ?2";

static sc_rc refuse_if_results(sc_db *db, const char *code, sc_errors *errs)
{
    sc_stmt *st = sc_db_stmt(db, sql_result_count);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    if (sc_stmt_step(st) != SC_STEP_ROW) {
        sc_stmt_reset(st);
        return SC_EDB;
    }
    int results = sc_stmt_int(st, 0);
    sc_stmt_reset(st);
    if (results == 0)
        return SC_OK;
    sc_errors_set_message(errs,
                          "indicator %s has %d stored result%s; deleting it would "
                          "erase published history, so retire it by setting active_to "
                          "instead",
                          code, results, results == 1 ? "" : "s");
    return SC_ECONFLICT;
}

static sc_rc target_delete_row(sc_db *db, const sc_figure_change *c)
{
    sc_stmt *st = sc_db_stmt(db, sql_target_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, c->code);
    sc_stmt_bind_int(st, 2, c->q);
    return step_done(st);
}

/* The caller has checked every lock the change touches. */
static sc_rc locks_checked(sc_db *db, const sc_figure_change *c)
{
    return SC_OK;
}

/* Deletes one target and records its revision (the row before, none after). */
static sc_rc target_remove(sc_db *db, const char *code, sc_period from, const char *by)
{
    sc_figure_change c = {.kind = SC_REV_TARGET, .q = from, .code = code, .by = by,
                          .remove = true, .lock_check = locks_checked,
                          .write = target_delete_row};
    sc_write what;
    return sc_figure_write(db, &c, &what);
}

/* Removes the targets one by one rather than by the schema's cascade, so
 * that each leaves a revision. */
static sc_rc targets_remove(sc_db *db, const char *code, const char *by)
{
    sc_target *targets;
    size_t n;
    sc_rc rc = sc_store_targets(db, code, &targets, &n);
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        rc = target_remove(db, code, targets[i].from_quarter, by);
    free(targets);
    return rc;
}

sc_rc sc_store_indicator_delete(sc_db *db, const char *code, const char *by, sc_period *locked,
                                sc_errors *errs)
{
    sc_rc rc = refuse_if_results(db, code, errs);
    if (rc != SC_OK)
        return rc;
    sc_indicator ind;
    if ((rc = sc_store_indicator_get(db, code, &ind)) != SC_OK)
        return rc;
    rc = first_lock_in(db, ind.active_from, ind.active_to, locked);
    sc_indicator_clear(&ind);
    if (rc == SC_OK)
        rc = targets_remove(db, code, by);
    if (rc != SC_OK)
        return rc;
    sc_stmt *st = sc_db_stmt(db, sql_indicator_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    return step_done(st);
}

/* ---- targets ---- */

static const char sql_targets[] = "SELECT from_quarter, target, tolerance FROM targets"
                                  " WHERE indicator_code = ?1 ORDER BY from_quarter";

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
                sc_stmt_reset(st);
                free(*out);
                *out = NULL;
                *count = 0;
                return SC_ENOMEM;
            }
            *out = items;
        }
        sc_target *t = &(*out)[(*count)++];
        t->from_quarter = sc_stmt_int(st, 0);
        t->target = sc_stmt_double(st, 1);
        t->tolerance = sc_stmt_double(st, 2);
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        free(*out);
        *out = NULL;
        *count = 0;
        return SC_EDB;
    }
    return SC_OK;
}

static const char sql_target_get[] = "SELECT target, tolerance FROM targets"
                                     " WHERE indicator_code = ?1 AND from_quarter = ?2";
static const char sql_target_put[] =
    "INSERT INTO targets (indicator_code, from_quarter, target, tolerance, updated_at,"
    " updated_by) VALUES (?1, ?2, ?3, ?4, " NOW ", ?5)"
    " ON CONFLICT (indicator_code, from_quarter) DO UPDATE SET target = excluded.target,"
    " tolerance = excluded.tolerance, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by";

static const char sql_target_locked[] =
    "SELECT quarter FROM quarter_locks WHERE quarter >= ?2 AND quarter < COALESCE("
    " (SELECT MIN(from_quarter) FROM targets WHERE indicator_code = ?1 AND from_quarter > ?2),"
    " 2147483647) ORDER BY quarter LIMIT 1";

sc_rc sc_store_target_lock_check(sc_db *db, const char *code, sc_period from,
                                 sc_period *locked)
{
    sc_stmt *st = sc_db_stmt(db, sql_target_locked);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_int(st, 2, from);
    return step_lock(st, locked);
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
    if (rc == SC_STEP_ROW)
        *what = sc_stmt_double(st, 0) == t->target && sc_stmt_double(st, 1) == t->tolerance
                    ? SC_WRITE_UNCHANGED
                    : SC_WRITE_UPDATED;
    else
        *what = SC_WRITE_CREATED;
    sc_stmt_reset(st);
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
    return step_done(st);
}

sc_rc sc_store_target_put(sc_db *db, const char *code, const sc_target *t, const char *by,
                          sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_TARGET, .q = t->from_quarter, .code = code, .by = by,
                          .figure = t, .lock_check = target_span_check,
                          .compare = target_compare, .write = target_write};
    return sc_figure_write(db, &c, what);
}

sc_rc sc_store_target_delete(sc_db *db, const char *code, sc_period from, const char *by)
{
    sc_figure_change c = {.kind = SC_REV_TARGET, .q = from, .code = code, .by = by,
                          .remove = true, .lock_check = target_span_check,
                          .write = target_delete_row};
    sc_write what;
    return sc_figure_write(db, &c, &what);
}

/* ---- results and the quarter view ---- */

#define RESULT_COLUMNS                                                                        \
    "r.availability, r.value, r.value_given, r.numerator, r.denominator, r.reason,"           \
    " r.commentary, r.updated_at, r.updated_by"


/* Reads RESULT_COLUMNS starting at column c; the row has a result when
 * availability is not NULL. */
static sc_rc read_result(sc_stmt *st, int c, sc_quarter_row *row)
{
    row->has_result = !sc_stmt_null(st, c);
    if (!row->has_result)
        return SC_OK;
    sc_result *r = &row->res;
    r->availability = (sc_availability)enum_index(sc_availability_keys, SC_AVAIL_COUNT,
                                                  sc_stmt_text(st, c));
    r->has_value = !sc_stmt_null(st, c + 1);
    r->value = sc_stmt_double(st, c + 1);
    r->value_given = sc_stmt_int(st, c + 2) != 0;
    r->has_ratio = !sc_stmt_null(st, c + 3) &&
                   !sc_stmt_null(st, c + 4);
    r->numerator = sc_stmt_int64(st, c + 3);
    r->denominator = sc_stmt_int64(st, c + 4);
    r->reason = sc_stmt_strdup(st, c + 5);
    r->commentary = sc_stmt_strdup(st, c + 6);
    row->updated_at = sc_stmt_strdup(st, c + 7);
    row->updated_by = sc_stmt_strdup(st, c + 8);
    if ((!r->reason && !sc_stmt_null(st, c + 5)) ||
        (!r->commentary && !sc_stmt_null(st, c + 6)) ||
        !row->updated_at)
        return SC_ENOMEM;
    return SC_OK;
}

static const char sql_result_get[] =
    "SELECT " RESULT_COLUMNS " FROM results r WHERE r.quarter = ?1 AND r.indicator_code = ?2";
static const char sql_result_put[] =
    "INSERT INTO results (quarter, indicator_code, availability, value, value_given,"
    " numerator, denominator, reason, commentary, created_at, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " NOW ", " NOW ", ?10)"
    " ON CONFLICT (quarter, indicator_code) DO UPDATE SET"
    " availability = excluded.availability, value = excluded.value,"
    " value_given = excluded.value_given, numerator = excluded.numerator,"
    " denominator = excluded.denominator, reason = excluded.reason,"
    " commentary = excluded.commentary, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by";

static sc_rc result_compare(sc_db *db, sc_period quarter, const char *code, const sc_result *r,
                            sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql_result_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, quarter);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    sc_rc out = SC_OK;
    if (rc == SC_STEP_ROW) {
        sc_quarter_row old = {0};
        out = read_result(st, 0, &old);
        *what = out == SC_OK && sc_result_equal(&old.res, r) ? SC_WRITE_UNCHANGED
                                                             : SC_WRITE_UPDATED;
        sc_quarter_row_clear(&old);
    } else {
        *what = SC_WRITE_CREATED;
        if (rc != SC_STEP_DONE)
            out = SC_EDB;
    }
    sc_stmt_reset(st);
    return out;
}

static sc_rc result_compared(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    return result_compare(db, c->q, c->code, c->figure, what);
}

static sc_rc result_write(sc_db *db, const sc_figure_change *c)
{
    const sc_result *r = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_result_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    sc_stmt_bind_text(st, 3, sc_availability_keys[r->availability]);
    if (r->has_value)
        sc_stmt_bind_double(st, 4, r->value);
    sc_stmt_bind_int(st, 5, r->value_given);
    if (r->has_ratio) {
        sc_stmt_bind_int64(st, 6, r->numerator);
        sc_stmt_bind_int64(st, 7, r->denominator);
    }
    sc_stmt_bind_text(st, 8, r->reason);
    sc_stmt_bind_text(st, 9, r->commentary);
    sc_stmt_bind_text(st, 10, c->by);
    return step_done(st);
}

sc_rc sc_store_result_put(sc_db *db, sc_period quarter, const char *code, const sc_result *r,
                          const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_RESULT, .q = quarter, .code = code, .by = by,
                          .figure = r, .compare = result_compared, .write = result_write};
    return sc_figure_write(db, &c, what);
}

/* Beside each indicator: its result, the target in force, its benchmarks,
 * and from the revisions the value first reported and whether the value
 * changed since (a restatement). The lean form, for the summary, leaves
 * the last three out (NULL in their columns). */
#define QUARTER_FROM                                                                         \
    " FROM indicators i JOIN service_areas a ON a.code = i.service_area"
#define QUARTER_JOINS                                                                        \
    " LEFT JOIN results r ON r.indicator_code = i.code AND r.quarter = ?1"                  \
    " LEFT JOIN targets t ON t.indicator_code = i.code AND t.from_quarter ="                 \
    "  (SELECT max(from_quarter) FROM targets WHERE indicator_code = i.code"                 \
    "   AND from_quarter <= ?1)"                                                              \
    " WHERE (i.active_from IS NULL OR i.active_from <= ?1)"                                  \
    " AND (i.active_to IS NULL OR i.active_to >= ?1)"                                        \
    " AND (?2 IS NULL OR i.category = ?2) AND (?3 IS NULL OR i.service_area = ?3)"           \
    " AND (?4 IS NULL OR i.code = ?4)" TABLE_ORDER

static const char sql_quarter[] =
    "SELECT " INDICATOR_COLUMNS ", " RESULT_COLUMNS ", t.from_quarter, t.target, t.tolerance,"
    " b.quarter, b.national, b.regional, b.statistical_neighbours, b.regional_rank,"
    " b.regional_count, b.source, b.period,"
    " (SELECT json_extract(v.new, '$.value') FROM revisions v WHERE v.kind = 'result'"
    "   AND v.code = i.code AND v.quarter = ?1 AND v.new IS NOT NULL ORDER BY v.id LIMIT 1),"
    " (SELECT count(*) FROM revisions v WHERE v.kind = 'result' AND v.code = i.code"
    "   AND v.quarter = ?1 AND v.old IS NOT NULL"
    "   AND json_extract(v.old, '$.value') IS NOT json_extract(v.new, '$.value'))"
    QUARTER_FROM " LEFT JOIN benchmarks b ON b.quarter = ?1 AND b.indicator_code = i.code"
    QUARTER_JOINS;

static const char sql_quarter_lean[] =
    "SELECT " INDICATOR_COLUMNS ", " RESULT_COLUMNS ", t.from_quarter, t.target, t.tolerance,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0" QUARTER_FROM QUARTER_JOINS;

static sc_rc read_quarter_row(sc_stmt *st, sc_quarter_row *row)
{
    memset(row, 0, sizeof *row);
    sc_rc r = read_indicator(st, &row->ind);
    if (r == SC_OK)
        r = read_result(st, INDICATOR_NCOLS, row);
    int t = INDICATOR_NCOLS + 9;
    row->has_target = !sc_stmt_null(st, t);
    row->target.from_quarter = sc_stmt_int(st, t);
    row->target.target = sc_stmt_double(st, t + 1);
    row->target.tolerance = sc_stmt_double(st, t + 2);
    int b = t + 3;
    row->has_benchmark = !sc_stmt_null(st, b);
    row->bench.period = SC_PERIOD_NONE;
    if (row->has_benchmark) {
        for (int k = 0; k < 3; k++) {
            row->bench.has[k] = !sc_stmt_null(st, b + 1 + k);
            row->bench.value[k] = sc_stmt_double(st, b + 1 + k);
        }
        row->bench.has_rank = !sc_stmt_null(st, b + 4);
        row->bench.rank = sc_stmt_int64(st, b + 4);
        row->bench.has_count = !sc_stmt_null(st, b + 5);
        row->bench.count = sc_stmt_int64(st, b + 5);
        row->bench.source = sc_stmt_strdup(st, b + 6);
        if (!sc_stmt_null(st, b + 7))
            row->bench.period = sc_stmt_int(st, b + 7);
    }
    int f = b + 8;
    row->has_first_value = !sc_stmt_null(st, f);
    row->first_value = sc_stmt_double(st, f);
    row->restated = sc_stmt_int(st, f + 1) > 0;
    row->ctx.streak = 1;
    if (r == SC_OK)
        sc_quarter_judge(row);
    return r;
}

sc_rc sc_store_quarter(sc_db *db, sc_period q, const sc_quarter_filter *f, sc_quarter *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    sc_stmt *st = sc_db_stmt(db, f && f->lean ? sql_quarter_lean : sql_quarter);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    if (f && f->category >= 0)
        sc_stmt_bind_text(st, 2, sc_category_keys[f->category]);
    if (f) {
        sc_stmt_bind_text(st, 3, f->service_area);
        sc_stmt_bind_text(st, 4, f->code);
    }
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            cap = cap ? cap * 2 : 64;
            sc_quarter_row *rows = realloc(out->rows, cap * sizeof *rows);
            if (!rows) {
                r = SC_ENOMEM;
                break;
            }
            out->rows = rows;
        }
        r = read_quarter_row(st, &out->rows[out->count]);
        out->count++;
        if (r != SC_OK)
            break;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK)
        sc_quarter_free(out);
    return r;
}

/* Results with the target in force at each, by indicator then quarter;
 * the lean form leaves reason, commentary and who wrote it out. */
#define SERIES_LEAN_COLUMNS                                                                  \
    "r.availability, r.value, r.value_given, r.numerator, r.denominator, NULL, NULL,"        \
    " r.updated_at, NULL"
/* One indicator's series goes through results_indicator; the form for
 * every indicator through the primary key. They are two statements, not
 * one with "?1 IS NULL OR code = ?1": the planner cannot see the bound
 * value, and that form scanned every result of every indicator for each
 * one (the quarter indicator list, which reads 500 histories, took 2.4 s). */
#define SERIES_SELECT(columns)                                                               \
    "SELECT r.indicator_code, r.quarter, " columns ", t.from_quarter, t.target,"             \
    " t.tolerance FROM results r"                                                            \
    " LEFT JOIN targets t ON t.indicator_code = r.indicator_code AND t.from_quarter ="        \
    "  (SELECT max(from_quarter) FROM targets WHERE indicator_code = r.indicator_code"       \
    "   AND from_quarter <= r.quarter)"
#define SERIES_ONE " WHERE r.indicator_code = ?1 AND r.quarter BETWEEN ?2 AND ?3 ORDER BY r.quarter"
#define SERIES_ALL                                                                           \
    " WHERE r.quarter BETWEEN ?2 AND ?3 ORDER BY r.indicator_code, r.quarter"
static const char sql_series_lean_one[] = SERIES_SELECT(SERIES_LEAN_COLUMNS) SERIES_ONE;
static const char sql_series_lean_all[] = SERIES_SELECT(SERIES_LEAN_COLUMNS) SERIES_ALL;
static const char sql_series_one[] = SERIES_SELECT(RESULT_COLUMNS) SERIES_ONE;
static const char sql_series_all[] = SERIES_SELECT(RESULT_COLUMNS) SERIES_ALL;

sc_rc sc_store_series(sc_db *db, const char *code, sc_period from, sc_period to, bool lean,
                      sc_quarter *out)
{
    memset(out, 0, sizeof *out);
    const char *sql = lean ? (code ? sql_series_lean_one : sql_series_lean_all)
                           : (code ? sql_series_one : sql_series_all);
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    if (code)
        sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_int(st, 2, from);
    sc_stmt_bind_int(st, 3, to);
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            cap = cap ? cap * 2 : 64;
            sc_quarter_row *rows = realloc(out->rows, cap * sizeof *rows);
            if (!rows) {
                r = SC_ENOMEM;
                break;
            }
            out->rows = rows;
        }
        sc_quarter_row *row = &out->rows[out->count++];
        memset(row, 0, sizeof *row);
        row->ind.code = sc_stmt_strdup(st, 0);
        r = row->ind.code ? read_result(st, 2, row) : SC_ENOMEM;
        int t = 2 + 9;
        row->has_target = !sc_stmt_null(st, t);
        row->quarter = sc_stmt_int(st, 1);
        row->target.from_quarter = sc_stmt_int(st, t);
        row->target.target = sc_stmt_double(st, t + 1);
        row->target.tolerance = sc_stmt_double(st, t + 2);
        if (r != SC_OK)
            break;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK)
        sc_quarter_free(out);
    return r;
}
