/* store_placement.c - SQL for the care ladder and child populations
 * (store_placement.h). */
#include "store_placement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "enumkey.h"
#include "figure.h"
#include "jv.h"
#include "lock.h"
#include "revision.h"

static const char sql_types[] = "SELECT code, name, position, ladder_group FROM placement_types"
                                " ORDER BY position, code";

static bool type_row(sc_stmt *st, void *item)
{
    sc_placement_type *t = item;
    t->code = sc_stmt_strdup(st, 0);
    t->name = sc_stmt_strdup(st, 1);
    t->position = sc_stmt_int(st, 2);
    int g = sc_enumkey_find(sc_placement_group_keys, SC_PLACEMENT_GROUP_N, sc_stmt_text(st, 3));
    t->group = g < 0 ? SC_PLACEMENT_OTHER : (sc_placement_group)g;
    return t->code && t->name;
}

sc_rc sc_store_placement_types(sc_db *db, sc_placement_types *out)
{
    memset(out, 0, sizeof *out);
    sc_rc r = sc_db_read_rows(db, sql_types, sizeof *out->items, (void **)&out->items, &out->count,
                              type_row);
    if (r != SC_OK)
        sc_placement_types_clear(out);
    return r;
}

static const char sql_type_get[] = "SELECT name, position FROM placement_types WHERE code = ?1";
static const char sql_type_put[] =
    "INSERT INTO placement_types (code, name, position) VALUES (?1, ?2,"
    " coalesce(?3, (SELECT coalesce(max(position), 0) + 1 FROM placement_types)))"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " position = coalesce(?3, placement_types.position)";
static const char sql_type_group[] = "UPDATE placement_types SET ladder_group = ?2"
                                     " WHERE code = ?1 AND ladder_group <> ?2";

sc_rc sc_store_placement_type_put(sc_db *db, const char *code, const char *name, int position,
                                  int group, sc_write *what)
{
    sc_rc rc = sc_db_named_put(db, sql_type_get, sql_type_put, code, name, position, what);
    if (rc != SC_OK || group < 0)
        return rc;
    return sc_db_set_text(db, sql_type_group, code, sc_placement_group_keys[group], what);
}

/* ---- placement figures ---- */

#define FIGURE_COLS                                                                                \
    "count, budgeted_count, contract_count, average_weekly_cost, budgeted_weekly_cost"
static const char sql_placement_get[] = "SELECT " FIGURE_COLS " FROM placements"
                                        " WHERE quarter = ?1 AND type_code = ?2";
static const char sql_range[] =
    "SELECT " FIGURE_COLS ", p.type_code, p.quarter FROM placements p"
    " JOIN placement_types t ON t.code = p.type_code"
    " WHERE p.quarter BETWEEN ?1 AND ?2 ORDER BY p.quarter, t.position, t.code";

/* Costs are stored in pounds (as finance figures are) and read back as
 * the pence they were validated to. */
static bool pence_col(sc_stmt *st, int col, int64_t *out)
{
    if (sc_stmt_null(st, col))
        return false;
    double x = sc_stmt_double(st, col) * 100.0;
    *out = (int64_t)(x < 0 ? x - 0.5 : x + 0.5);
    return true;
}

/* The FIGURE_COLS of the current row. */
static void read_figure(sc_stmt *st, sc_placement *out)
{
    memset(out, 0, sizeof *out);
    out->count = sc_stmt_int64(st, 0);
    out->has_budgeted_count = !sc_stmt_null(st, 1);
    out->budgeted_count = sc_stmt_int64(st, 1);
    out->has_contract_count = !sc_stmt_null(st, 2);
    out->contract_count = sc_stmt_int64(st, 2);
    out->has_cost = pence_col(st, 3, &out->cost);
    out->has_budgeted_cost = pence_col(st, 4, &out->budgeted_cost);
}

sc_rc sc_store_placement_get(sc_db *db, sc_period q, const char *code, sc_placement *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_placement_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        read_figure(st, out);
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

sc_rc sc_store_placements(sc_db *db, sc_period from, sc_period to, sc_placement_fn fn, void *cls)
{
    sc_stmt *st = sc_db_stmt(db, sql_range);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, from);
    sc_stmt_bind_int(st, 2, to);
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        sc_placement p;
        read_figure(st, &p);
        fn(cls, sc_stmt_text(st, 5), sc_stmt_int(st, 6), &p);
    }
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_type_exists[] = "SELECT 1 FROM placement_types WHERE code = ?1";
static const char sql_placement_put[] =
    "INSERT INTO placements (quarter, type_code, count, budgeted_count, contract_count,"
    " average_weekly_cost, budgeted_weekly_cost, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?8)"
    " ON CONFLICT (quarter, type_code) DO UPDATE SET count = excluded.count,"
    " budgeted_count = excluded.budgeted_count, contract_count = excluded.contract_count,"
    " average_weekly_cost = excluded.average_weekly_cost,"
    " budgeted_weekly_cost = excluded.budgeted_weekly_cost, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by";

static sc_rc placement_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql_type_exists);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, c->code);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    if (rc != SC_STEP_ROW)
        return SC_EDB;
    sc_placement old;
    sc_rc r = sc_store_placement_get(db, c->q, c->code, &old);
    if (r == SC_EDB)
        return r;
    *what = r == SC_ENOTFOUND                     ? SC_WRITE_CREATED
            : sc_placement_equal(&old, c->figure) ? SC_WRITE_UNCHANGED
                                                  : SC_WRITE_UPDATED;
    return SC_OK;
}

static void bind_pence(sc_stmt *st, int idx, bool has, int64_t pence)
{
    if (has)
        sc_stmt_bind_double(st, idx, (double)pence / 100.0);
}

static sc_rc placement_write(sc_db *db, const sc_figure_change *c)
{
    const sc_placement *p = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_placement_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    sc_stmt_bind_int64(st, 3, p->count);
    if (p->has_budgeted_count)
        sc_stmt_bind_int64(st, 4, p->budgeted_count);
    if (p->has_contract_count)
        sc_stmt_bind_int64(st, 5, p->contract_count);
    bind_pence(st, 6, p->has_cost, p->cost);
    bind_pence(st, 7, p->has_budgeted_cost, p->budgeted_cost);
    sc_stmt_bind_text(st, 8, c->by);
    return sc_stmt_run(st);
}

sc_rc sc_store_placement_put(sc_db *db, sc_period q, const char *code, const sc_placement *p,
                             const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_PLACEMENT,
                          .q = q,
                          .code = code,
                          .by = by,
                          .figure = p,
                          .compare = placement_compare,
                          .write = placement_write};
    return sc_figure_write(db, &c, what);
}

/* ---- in the quarterly return ---- */

/* Validates one entry; *type is the index of its type, -1 when unknown. */
static void check_entry(const sc_placement_types *types, const json_t *item, const char *ptr,
                        sc_placement_pending *out, int *type, sc_errors *errs)
{
    char cp[96];
    snprintf(cp, sizeof cp, "%s/code", ptr);
    *type = -1;
    if (!json_is_object(item)) {
        sc_errors_add(errs, ptr, "each placement figure must be an object { code, count, ... }");
        return;
    }
    bool code_ok = sc_jv_string(item, ptr, "code", true, 1, 64, true, &out->code, errs) == SC_JV_OK;
    sc_placement_from_json(item, ptr, "code", &out->p, errs);
    if (!code_ok)
        return;
    for (size_t t = 0; t < types->count && *type < 0; t++)
        if (strcmp(types->items[t].code, out->code) == 0)
            *type = (int)t;
    if (*type < 0)
        sc_errors_add(errs, cp, "no placement type \"%s\"; see /api/v1/placement-types", out->code);
}

sc_rc sc_store_placements_check(sc_db *db, const json_t *arr, sc_placement_pending **out, size_t *n,
                                sc_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (!arr || json_is_null(arr))
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/placements", "placements must be an array of { code, count, ... }");
        return SC_EINVALID;
    }
    sc_placement_types types;
    sc_rc rc = sc_store_placement_types(db, &types);
    if (rc != SC_OK)
        return rc;
    size_t len = json_array_size(arr), before = errs->count;
    sc_placement_pending *p = calloc(len ? len : 1, sizeof *p);
    /* a code must name a type, so repeats are found per type */
    bool *seen = calloc(types.count ? types.count : 1, sizeof *seen);
    if (!p || !seen) {
        free(p);
        free(seen);
        sc_placement_types_clear(&types);
        return SC_ENOMEM;
    }
    for (size_t i = 0; i < len; i++) {
        char ptr[64], cp[80];
        sc_pointer_index(ptr, sizeof ptr, "/placements", i);
        int type;
        check_entry(&types, json_array_get(arr, i), ptr, &p[*n], &type, errs);
        if (type >= 0 && seen[type]) {
            snprintf(cp, sizeof cp, "%s/code", ptr);
            sc_errors_add(errs, cp, "placement type %s appears more than once in this return",
                          p[*n].code);
        }
        if (type >= 0)
            seen[type] = true;
        (*n)++;
    }
    free(seen);
    sc_placement_types_clear(&types);
    if (errs->count > before) {
        free(p);
        *n = 0;
        return SC_EINVALID;
    }
    *out = p;
    return SC_OK;
}

/* ---- populations ---- */

static const char sql_population_get[] =
    "SELECT children FROM populations WHERE first_quarter = ?1";
static const char sql_population_put[] =
    "INSERT INTO populations (first_quarter, children, updated_at, updated_by)"
    " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?3)"
    " ON CONFLICT (first_quarter) DO UPDATE SET children = excluded.children,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
static const char sql_populations[] =
    "SELECT first_quarter, children FROM populations ORDER BY first_quarter";

sc_rc sc_store_population_get(sc_db *db, sc_period first, int64_t *children)
{
    sc_stmt *st = sc_db_stmt(db, sql_population_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, first);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        *children = sc_stmt_int64(st, 0);
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

/* A population gives the rates of all four quarters of its year. */
static sc_rc population_lock_check(sc_db *db, const sc_figure_change *c)
{
    sc_rc rc = SC_OK;
    for (int i = 0; i < 4 && rc == SC_OK; i++)
        rc = sc_lock_check(db, c->q + i);
    return rc;
}

static sc_rc population_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    int64_t old;
    sc_rc rc = sc_store_population_get(db, c->q, &old);
    if (rc == SC_EDB)
        return rc;
    int64_t now = *(const int64_t *)c->figure;
    *what = rc == SC_ENOTFOUND ? SC_WRITE_CREATED
            : old == now       ? SC_WRITE_UNCHANGED
                               : SC_WRITE_UPDATED;
    return SC_OK;
}

static sc_rc population_write(sc_db *db, const sc_figure_change *c)
{
    sc_stmt *st = sc_db_stmt(db, sql_population_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_int64(st, 2, *(const int64_t *)c->figure);
    sc_stmt_bind_text(st, 3, c->by);
    return sc_stmt_run(st);
}

sc_rc sc_store_population_put(sc_db *db, sc_period first, int64_t children, const char *by,
                              sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_POPULATION,
                          .q = first,
                          .by = by,
                          .figure = &children,
                          .lock_check = population_lock_check,
                          .compare = population_compare,
                          .write = population_write};
    return sc_figure_write(db, &c, what);
}

sc_rc sc_store_populations(sc_db *db, sc_population_fn fn, void *cls)
{
    sc_stmt *st = sc_db_stmt(db, sql_populations);
    if (!st)
        return SC_EDB;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW)
        fn(cls, sc_stmt_int(st, 0), sc_stmt_int64(st, 1));
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}
