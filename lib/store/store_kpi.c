/* store_kpi.c - service areas and indicators as stored, and what the
 * store's KPI files share (private/kpi.h). Targets are in store_target.c,
 * results and the quarter view in store_result.c. */
#include "store_kpi.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "enumkey.h"
#include "kpi.h"
#include "lock.h"
#include "revision.h"

/* A stored name's index, or 0 for one the schema's CHECKs never let in. */
int sc_kpi_enum_index(const char *const *keys, int n, const char *s)
{
    int i = sc_enumkey_find(keys, n, s);
    return i < 0 ? 0 : i;
}

sc_period sc_kpi_column_period(sc_stmt *st, int col)
{
    return sc_stmt_null(st, col) ? SC_PERIOD_NONE : sc_stmt_int(st, col);
}

void sc_kpi_bind_period(sc_stmt *st, int idx, sc_period p)
{
    if (p == SC_PERIOD_NONE)
        sc_stmt_bind_null(st, idx);
    else
        sc_stmt_bind_int(st, idx, p);
}

/* Reads INDICATOR_COLUMNS starting at column 0. */
sc_rc sc_kpi_read_indicator(sc_stmt *st, sc_indicator *ind)
{
    memset(ind, 0, sizeof *ind);
    ind->code = sc_stmt_strdup(st, 0);
    ind->name = sc_stmt_strdup(st, 1);
    ind->description = sc_stmt_strdup(st, 2);
    ind->category =
        (sc_category)sc_kpi_enum_index(sc_category_keys, SC_CAT_COUNT, sc_stmt_text(st, 3));
    ind->service_area = sc_stmt_strdup(st, 4);
    ind->polarity =
        (sc_polarity)sc_kpi_enum_index(sc_polarity_keys, SC_POLARITY_COUNT, sc_stmt_text(st, 5));
    ind->unit = (sc_unit)sc_kpi_enum_index(sc_unit_keys, SC_UNIT_N, sc_stmt_text(st, 6));
    ind->decimals = sc_stmt_int(st, 7);
    ind->frequency =
        (sc_frequency)sc_kpi_enum_index(sc_frequency_keys, SC_FREQ_N, sc_stmt_text(st, 8));
    ind->benchmarked = sc_stmt_int(st, 9) != 0;
    ind->active_from = sc_kpi_column_period(st, 10);
    ind->active_to = sc_kpi_column_period(st, 11);
    if (!ind->code || !ind->name || !ind->service_area ||
        (!ind->description && !sc_stmt_null(st, 2))) {
        sc_indicator_clear(ind);
        return SC_ENOMEM;
    }
    return SC_OK;
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
        sc_area_list_clear(out);
        return SC_EDB;
    }
    return SC_OK;
oom:
    sc_stmt_reset(st);
    sc_area_list_clear(out);
    return SC_ENOMEM;
}

static const char sql_area_get[] = "SELECT name, position FROM service_areas WHERE code = ?1";
static const char sql_area_put[] =
    "INSERT INTO service_areas (code, name, position) VALUES (?1, ?2,"
    " coalesce(?3, (SELECT coalesce(max(position), 0) + 1 FROM service_areas)))"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " position = coalesce(?3, service_areas.position)";

sc_rc sc_store_area_put(sc_db *db, const char *code, const char *name, int position, sc_write *what)
{
    return sc_db_named_put(db, sql_area_get, sql_area_put, code, name, position, what);
}

/* ---- indicators ---- */

static const char sql_indicator_get[] =
    "SELECT " INDICATOR_COLUMNS " FROM indicators i WHERE i.code = ?1";

sc_rc sc_store_indicator_get(sc_db *db, const char *code, sc_indicator *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_indicator_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    int rc = sc_stmt_step(st);
    sc_rc r = rc == SC_STEP_ROW    ? sc_kpi_read_indicator(st, out)
              : rc == SC_STEP_DONE ? SC_ENOTFOUND
                                   : SC_EDB;
    sc_stmt_reset(st);
    return r;
}

static const char sql_indicators[] =
    "SELECT " INDICATOR_COLUMNS " FROM indicators i JOIN service_areas a"
    " ON a.code = i.service_area"
    " WHERE (?1 IS NULL OR i.category = ?1) AND (?2 IS NULL OR i.service_area = ?2)" TABLE_ORDER;

sc_rc sc_store_indicators(sc_db *db, int category, const char *service_area, sc_indicator **out,
                          size_t *count)
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
        if ((r = sc_kpi_read_indicator(st, &(*out)[*count])) != SC_OK)
            break;
        (*count)++;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK) {
        sc_indicators_free(*out, *count);
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
sc_rc sc_kpi_step_lock(sc_stmt *st, sc_period *locked)
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
    return sc_kpi_step_lock(st, locked);
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

sc_rc sc_store_indicator_put(sc_db *db, const sc_indicator *ind, sc_write *what, sc_errors *errs)
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
        sc_errors_add(errs, "/service_area",
                      "no service area \"%s\"; see GET "
                      "/api/v1/service-areas",
                      ind->service_area);
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
    sc_kpi_bind_period(st, 11, ind->active_from);
    sc_kpi_bind_period(st, 12, ind->active_to);
    return sc_stmt_run(st);
}

static const char sql_result_count[] = "SELECT count(*) FROM results WHERE indicator_code = ?1";
static const char sql_indicator_delete[] = "DELETE FROM indicators WHERE code = ?1";

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
        rc = sc_kpi_targets_remove(db, code, by);
    if (rc != SC_OK)
        return rc;
    sc_stmt *st = sc_db_stmt(db, sql_indicator_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    return sc_stmt_run(st);
}

static const char sql_indicator_changed[] =
    "SELECT count(*) FROM indicators WHERE code = ?1 AND updated_at > ?2"
    " AND (?3 IS NULL OR updated_at <= ?3)";

sc_rc sc_store_indicator_changed(sc_db *db, const char *code, const char *from, const char *to,
                                 bool *changed)
{
    sc_stmt *st = sc_db_stmt(db, sql_indicator_changed);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_text(st, 2, from);
    sc_stmt_bind_text(st, 3, to);
    int rc = sc_stmt_step(st);
    *changed = rc == SC_STEP_ROW && sc_stmt_int(st, 0) > 0;
    sc_stmt_reset(st);
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}
