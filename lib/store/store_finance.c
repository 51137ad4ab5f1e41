/* store_finance.c - SQL for finance statements and their lines. */
#include "store_finance.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "lock.h"
#include "revision.h"

static const char sql_statement[] = "SELECT units, as_at FROM finance_statements"
                                    " WHERE quarter = ?1";
static const char sql_lines[] =
    "SELECT code, name, parent, budget_gross, budget_income, budget_net, outturn_gross,"
    " outturn_income, outturn_net, variance_gross, variance_income, variance_net,"
    " covid_variance_net FROM finance_lines WHERE quarter = ?1 ORDER BY position";

static sc_rc read_line(sc_stmt *st, sc_finance_line *l)
{
    memset(l, 0, sizeof *l);
    l->code = sc_stmt_strdup(st, 0);
    l->name = sc_stmt_strdup(st, 1);
    l->parent = sc_stmt_strdup(st, 2);
    l->budget = (sc_money3){sc_stmt_double(st, 3), sc_stmt_double(st, 4), sc_stmt_double(st, 5)};
    l->outturn = (sc_money3){sc_stmt_double(st, 6), sc_stmt_double(st, 7), sc_stmt_double(st, 8)};
    l->has_variance = !sc_stmt_null(st, 11);
    l->variance =
        (sc_money3){sc_stmt_double(st, 9), sc_stmt_double(st, 10), sc_stmt_double(st, 11)};
    l->has_covid = !sc_stmt_null(st, 12);
    l->covid_variance_net = sc_stmt_double(st, 12);
    if (!l->code || !l->name || (!l->parent && !sc_stmt_null(st, 2)))
        return SC_ENOMEM;
    return SC_OK;
}

static sc_rc read_lines(sc_db *db, sc_period q, sc_finance *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_lines);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    size_t cap = 0;
    int rc;
    sc_rc r = SC_OK;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            cap = cap ? cap * 2 : 16;
            sc_finance_line *lines = realloc(out->lines, cap * sizeof *lines);
            if (!lines) {
                r = SC_ENOMEM;
                break;
            }
            out->lines = lines;
        }
        r = read_line(st, &out->lines[out->count++]);
        if (r != SC_OK)
            break;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    return r;
}

sc_rc sc_store_finance_get(sc_db *db, sc_period q, sc_finance *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_statement);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc = sc_stmt_step(st);
    if (rc != SC_STEP_ROW) {
        sc_stmt_reset(st);
        return rc == SC_STEP_DONE ? SC_ENOTFOUND : SC_EDB;
    }
    out->units = strcmp(sc_stmt_text(st, 0), "gbp") == 0 ? SC_UNITS_GBP : SC_UNITS_GBP_THOUSANDS;
    out->as_at = sc_stmt_strdup(st, 1);
    sc_stmt_reset(st);
    sc_rc r = read_lines(db, q, out);
    if (r != SC_OK)
        sc_finance_clear(out);
    return r;
}

static const char sql_statement_put[] =
    "INSERT INTO finance_statements (quarter, units, as_at, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4)"
    " ON CONFLICT (quarter) DO UPDATE SET units = excluded.units, as_at = excluded.as_at,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
static const char sql_lines_delete[] = "DELETE FROM finance_lines WHERE quarter = ?1";
static const char sql_line_put[] =
    "INSERT INTO finance_lines (quarter, position, code, name, parent, budget_gross,"
    " budget_income, budget_net, outturn_gross, outturn_income, outturn_net,"
    " variance_gross, variance_income, variance_net, covid_variance_net)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

static sc_rc step_done(sc_stmt *st)
{
    return sc_stmt_run(st);
}

static sc_rc put_line(sc_db *db, sc_period q, int position, const sc_finance_line *l)
{
    sc_stmt *st = sc_db_stmt(db, sql_line_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_int(st, 2, position);
    sc_stmt_bind_text(st, 3, l->code);
    sc_stmt_bind_text(st, 4, l->name);
    sc_stmt_bind_text(st, 5, l->parent);
    const double money[] = {l->budget.gross,  l->budget.income,  l->budget.net,
                            l->outturn.gross, l->outturn.income, l->outturn.net};
    for (int i = 0; i < 6; i++)
        sc_stmt_bind_double(st, 6 + i, money[i]);
    if (l->has_variance) {
        sc_stmt_bind_double(st, 12, l->variance.gross);
        sc_stmt_bind_double(st, 13, l->variance.income);
        sc_stmt_bind_double(st, 14, l->variance.net);
    }
    if (l->has_covid)
        sc_stmt_bind_double(st, 15, l->covid_variance_net);
    return step_done(st);
}

static sc_rc write_statement(sc_db *db, sc_period q, const sc_finance *f, const char *by)
{
    sc_stmt *st = sc_db_stmt(db, sql_statement_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, sc_units_keys[f->units]);
    sc_stmt_bind_text(st, 3, f->as_at);
    sc_stmt_bind_text(st, 4, by);
    if (step_done(st) != SC_OK)
        return SC_EDB;
    st = sc_db_stmt(db, sql_lines_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    if (step_done(st) != SC_OK)
        return SC_EDB;
    for (size_t i = 0; i < f->count; i++)
        if (put_line(db, q, (int)i, &f->lines[i]) != SC_OK)
            return SC_EDB;
    return SC_OK;
}

static sc_rc finance_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_finance old;
    sc_rc r = sc_store_finance_get(db, c->q, &old);
    if (r == SC_OK) {
        *what = sc_finance_equal(&old, c->figure) ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
        sc_finance_clear(&old);
    } else if (r == SC_ENOTFOUND) {
        *what = SC_WRITE_CREATED;
        r = SC_OK;
    }
    return r;
}

static sc_rc finance_write(sc_db *db, const sc_figure_change *c)
{
    return write_statement(db, c->q, c->figure, c->by);
}

sc_rc sc_store_finance_put(sc_db *db, sc_period q, const sc_finance *f, const char *by,
                           sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_FINANCE,
                          .q = q,
                          .by = by,
                          .figure = f,
                          .compare = finance_compare,
                          .write = finance_write};
    return sc_figure_write(db, &c, what);
}
