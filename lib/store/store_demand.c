/* store_demand.c - SQL for demand measures and values. */
#include "store_demand.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "enumkey.h"
#include "figure.h"
#include "lock.h"
#include "revision.h"

static const char sql_measures[] = "SELECT code, name, position, kind FROM demand_measures"
                                   " ORDER BY position, code";

static bool measure_row(sc_stmt *st, void *item)
{
    sc_demand_measure *t = item;
    t->code = sc_stmt_strdup(st, 0);
    t->name = sc_stmt_strdup(st, 1);
    t->position = sc_stmt_int(st, 2);
    int kind = sc_enumkey_find(sc_demand_kind_keys, SC_DEMAND_KIND_N, sc_stmt_text(st, 3));
    t->kind = kind < 0 ? SC_DEMAND_FLOW : (sc_demand_kind)kind;
    return t->code && t->name;
}

sc_rc sc_store_demand_measures(sc_db *db, sc_demand_measures *out)
{
    memset(out, 0, sizeof *out);
    sc_rc r = sc_db_read_rows(db, sql_measures, sizeof *out->items, (void **)&out->items,
                              &out->count, measure_row);
    if (r != SC_OK)
        sc_demand_measures_clear(out);
    return r;
}

static const char sql_measure_get[] = "SELECT name, position FROM demand_measures"
                                      " WHERE code = ?1";
static const char sql_measure_put[] =
    "INSERT INTO demand_measures (code, name, position) VALUES (?1, ?2,"
    " coalesce(?3, (SELECT coalesce(max(position), 0) + 1 FROM demand_measures)))"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " position = coalesce(?3, demand_measures.position)";

static const char sql_measure_kind[] = "UPDATE demand_measures SET kind = ?2"
                                       " WHERE code = ?1 AND kind <> ?2";

sc_rc sc_store_demand_measure_put(sc_db *db, const char *code, const char *name, int position,
                                  int kind, sc_write *what)
{
    sc_rc rc = sc_db_named_put(db, sql_measure_get, sql_measure_put, code, name, position, what);
    if (rc != SC_OK || kind < 0)
        return rc;
    return sc_db_set_text(db, sql_measure_kind, code, sc_demand_kind_keys[kind], what);
}

static const char sql_value_get[] =
    "SELECT (SELECT 1 FROM demand_measures WHERE code = ?2),"
    " (SELECT value FROM demand_values WHERE quarter = ?1 AND measure_code = ?2)";
static const char sql_value_put[] =
    "INSERT INTO demand_values (quarter, measure_code, value, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4)"
    " ON CONFLICT (quarter, measure_code) DO UPDATE SET value = excluded.value,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";

static sc_rc demand_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql_value_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    if (sc_stmt_step(st) != SC_STEP_ROW) {
        sc_stmt_reset(st);
        return SC_EDB;
    }
    bool exists = !sc_stmt_null(st, 0);
    bool had = !sc_stmt_null(st, 1);
    int64_t old = sc_stmt_int64(st, 1);
    sc_stmt_reset(st);
    if (!exists)
        return SC_ENOTFOUND;
    int64_t value = *(const int64_t *)c->figure;
    *what = !had ? SC_WRITE_CREATED : old == value ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
    return SC_OK;
}

static sc_rc demand_write(sc_db *db, const sc_figure_change *c)
{
    sc_stmt *st = sc_db_stmt(db, sql_value_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    sc_stmt_bind_int64(st, 3, *(const int64_t *)c->figure);
    sc_stmt_bind_text(st, 4, c->by);
    return sc_stmt_run(st);
}

sc_rc sc_store_demand_put(sc_db *db, sc_period q, const char *code, int64_t value, const char *by,
                          sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_DEMAND,
                          .q = q,
                          .code = code,
                          .by = by,
                          .figure = &value,
                          .compare = demand_compare,
                          .write = demand_write};
    return sc_figure_write(db, &c, what);
}

static const char sql_values[] =
    "SELECT v.measure_code, v.quarter, v.value FROM demand_values v"
    " JOIN demand_measures m ON m.code = v.measure_code"
    " WHERE v.quarter BETWEEN ?1 AND ?2 ORDER BY m.position, m.code, v.quarter";

sc_rc sc_store_demand_values(sc_db *db, sc_period from, sc_period to, sc_demand_value_fn fn,
                             void *cls)
{
    sc_stmt *st = sc_db_stmt(db, sql_values);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, from);
    sc_stmt_bind_int(st, 2, to);
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW)
        fn(cls, sc_stmt_text(st, 0), sc_stmt_int(st, 1), sc_stmt_int64(st, 2));
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_latest[] = "SELECT max(quarter) FROM demand_values";

sc_rc sc_store_demand_latest(sc_db *db, sc_period *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_latest);
    if (!st)
        return SC_EDB;
    int rc = sc_stmt_step(st);
    sc_rc r = rc != SC_STEP_ROW ? SC_EDB : sc_stmt_null(st, 0) ? SC_ENOTFOUND : SC_OK;
    if (r == SC_OK)
        *out = sc_stmt_int(st, 0);
    sc_stmt_reset(st);
    return r;
}

static const char sql_restated[] =
    "SELECT (SELECT json_extract(new, '$.value') FROM revisions WHERE kind = 'demand'"
    "   AND code = ?2 AND quarter = ?1 AND new IS NOT NULL ORDER BY id LIMIT 1),"
    " (SELECT count(*) FROM revisions WHERE kind = 'demand' AND code = ?2 AND quarter = ?1"
    "   AND old IS NOT NULL AND json_extract(old, '$.value') IS NOT json_extract(new, '$.value'))";

sc_rc sc_store_demand_restated(sc_db *db, sc_period q, const char *code, bool *restated,
                               int64_t *first)
{
    sc_stmt *st = sc_db_stmt(db, sql_restated);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        *first = sc_stmt_int64(st, 0);
        *restated = sc_stmt_int(st, 1) > 0;
    }
    sc_stmt_reset(st);
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}
