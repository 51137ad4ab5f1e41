/* store_outturn.c - stored outturns (store_outturn.h), written through
 * sc_figure_write like every figure. */
#include "store_outturn.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "revision.h"

static const char sql_outturns[] =
    "SELECT quarter, value, value_given, numerator, denominator, commentary, updated_at,"
    " updated_by FROM outturns WHERE indicator_code = ?1 AND (?2 IS NULL OR quarter = ?2)"
    " ORDER BY quarter";

static sc_rc read_row(sc_stmt *st, sc_outturn_row *row)
{
    memset(row, 0, sizeof *row);
    row->q4 = sc_stmt_int(st, 0);
    sc_result *r = &row->res;
    r->availability = SC_AVAIL_REPORTED;
    r->has_value = !sc_stmt_null(st, 1);
    r->value = sc_stmt_double(st, 1);
    r->value_given = sc_stmt_int(st, 2) != 0;
    r->has_ratio = !sc_stmt_null(st, 3) && !sc_stmt_null(st, 4);
    r->numerator = sc_stmt_int64(st, 3);
    r->denominator = sc_stmt_int64(st, 4);
    r->commentary = sc_stmt_strdup(st, 5);
    row->updated_at = sc_stmt_strdup(st, 6);
    row->updated_by = sc_stmt_strdup(st, 7);
    return (!r->commentary && !sc_stmt_null(st, 5)) || !row->updated_at ||
                   (!row->updated_by && !sc_stmt_null(st, 7))
               ? SC_ENOMEM
               : SC_OK;
}

/* The outturns of code, all (q4 SC_PERIOD_NONE) or one year's. */
static sc_rc list(sc_db *db, const char *code, sc_period q4, sc_outturn_list *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_outturns);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    if (q4 != SC_PERIOD_NONE)
        sc_stmt_bind_int(st, 2, q4);
    size_t cap = 0;
    sc_rc rc = SC_OK;
    int step;
    while ((step = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            size_t n = cap ? cap * 2 : 8;
            sc_outturn_row *p = realloc(out->items, n * sizeof *p);
            if (!p) {
                rc = SC_ENOMEM;
                break;
            }
            out->items = p;
            cap = n;
        }
        if ((rc = read_row(st, &out->items[out->count++])) != SC_OK)
            break;
    }
    sc_stmt_reset(st);
    if (rc == SC_OK && step != SC_STEP_DONE)
        rc = SC_EDB;
    if (rc != SC_OK)
        sc_outturn_list_clear(out);
    return rc;
}

sc_rc sc_store_outturns(sc_db *db, const char *code, sc_outturn_list *out)
{
    return list(db, code, SC_PERIOD_NONE, out);
}

void sc_outturn_list_clear(sc_outturn_list *l)
{
    for (size_t i = 0; l && i < l->count; i++) {
        sc_result_clear(&l->items[i].res);
        free(l->items[i].updated_at);
        free(l->items[i].updated_by);
    }
    if (l) {
        free(l->items);
        memset(l, 0, sizeof *l);
    }
}

static const char sql_put[] =
    "INSERT INTO outturns (quarter, indicator_code, value, value_given, numerator, denominator,"
    " commentary, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?8)"
    " ON CONFLICT (quarter, indicator_code) DO UPDATE SET value = excluded.value,"
    " value_given = excluded.value_given, numerator = excluded.numerator,"
    " denominator = excluded.denominator, commentary = excluded.commentary,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";

static sc_rc outturn_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_outturn_list old;
    sc_rc rc = list(db, c->code, c->q, &old);
    if (rc != SC_OK)
        return rc;
    *what = !old.count                                      ? SC_WRITE_CREATED
            : sc_result_equal(&old.items[0].res, c->figure) ? SC_WRITE_UNCHANGED
                                                            : SC_WRITE_UPDATED;
    sc_outturn_list_clear(&old);
    return SC_OK;
}

static sc_rc outturn_write(sc_db *db, const sc_figure_change *c)
{
    const sc_result *r = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    if (r->has_value)
        sc_stmt_bind_double(st, 3, r->value);
    sc_stmt_bind_int(st, 4, r->value_given);
    if (r->has_ratio) {
        sc_stmt_bind_int64(st, 5, r->numerator);
        sc_stmt_bind_int64(st, 6, r->denominator);
    }
    sc_stmt_bind_text(st, 7, r->commentary);
    sc_stmt_bind_text(st, 8, c->by);
    return sc_stmt_run(st);
}

sc_rc sc_store_outturn_put(sc_db *db, sc_period q4, const char *code, const sc_result *r,
                           const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_OUTTURN,
                          .q = q4,
                          .code = code,
                          .by = by,
                          .figure = r,
                          .compare = outturn_compare,
                          .write = outturn_write};
    return sc_figure_write(db, &c, what);
}
