/* store_finance.c - SQL for finance statements and their lines. */
#include "store_finance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "lock.h"
#include "revision.h"

static const char sql_statement[] =
    "SELECT units, as_at, total_budget_gross, total_budget_income, total_budget_net,"
    " total_outturn_gross, total_outturn_income, total_outturn_net, total_variance_gross,"
    " total_variance_income, total_variance_net, total_covid_variance_net, month"
    " FROM finance_statements WHERE quarter = ?1 AND (?2 IS NULL OR month = ?2)"
    " ORDER BY month DESC LIMIT 1";
static const char sql_lines[] =
    "SELECT code, name, parent, budget_gross, budget_income, budget_net, outturn_gross,"
    " outturn_income, outturn_net, variance_gross, variance_income, variance_net,"
    " covid_variance_net, variance_only, exclusion_reason"
    " FROM finance_lines WHERE quarter = ?1 AND month = ?2 ORDER BY position";

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
    l->has_variance_split = !sc_stmt_null(st, 9);
    l->has_covid = !sc_stmt_null(st, 12);
    l->covid_variance_net = sc_stmt_double(st, 12);
    l->has_budget = sc_stmt_int(st, 13) == 0;
    l->exclusion_reason = sc_stmt_strdup(st, 14);
    if (!l->code || !l->name || (!l->parent && !sc_stmt_null(st, 2)) ||
        (!l->exclusion_reason && !sc_stmt_null(st, 14)))
        return SC_ENOMEM;
    return SC_OK;
}

static sc_rc read_lines(sc_db *db, sc_period q, const char *month, sc_finance *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_lines);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, month);
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

/* The published totals, columns 2-11 of sql_statement (NULL: none). */
static void read_totals(sc_stmt *st, sc_finance *f)
{
    f->has_totals = !sc_stmt_null(st, 2);
    if (!f->has_totals)
        return;
    sc_finance_totals *t = &f->totals;
    t->budget = (sc_money3){sc_stmt_double(st, 2), sc_stmt_double(st, 3), sc_stmt_double(st, 4)};
    t->outturn = (sc_money3){sc_stmt_double(st, 5), sc_stmt_double(st, 6), sc_stmt_double(st, 7)};
    t->variance = (sc_money3){sc_stmt_double(st, 8), sc_stmt_double(st, 9), sc_stmt_double(st, 10)};
    t->has_covid = !sc_stmt_null(st, 11);
    t->covid_variance_net = sc_stmt_double(st, 11);
    t->published = true;
    sc_finance_totals_derive(t);
}

sc_rc sc_store_finance_get(sc_db *db, sc_period q, sc_finance *out)
{
    return sc_store_finance_get_at(db, q, NULL, out);
}

sc_rc sc_store_finance_get_at(sc_db *db, sc_period q, const char *month, sc_finance *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_statement);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, month);
    int rc = sc_stmt_step(st);
    if (rc != SC_STEP_ROW) {
        sc_stmt_reset(st);
        return rc == SC_STEP_DONE ? SC_ENOTFOUND : SC_EDB;
    }
    out->units = strcmp(sc_stmt_text(st, 0), "gbp") == 0 ? SC_UNITS_GBP : SC_UNITS_GBP_THOUSANDS;
    out->as_at = sc_stmt_strdup(st, 1);
    read_totals(st, out);
    char found[SC_FINANCE_MONTH_LEN];
    snprintf(found, sizeof found, "%s", sc_stmt_text(st, 12));
    sc_stmt_reset(st);
    sc_rc r = read_lines(db, q, found, out);
    if (r != SC_OK)
        sc_finance_clear(out);
    return r;
}

static const char sql_statement_put[] =
    "INSERT INTO finance_statements (quarter, month, units, as_at, updated_at, updated_by,"
    " total_budget_gross, total_budget_income, total_budget_net, total_outturn_gross,"
    " total_outturn_income, total_outturn_net, total_variance_gross, total_variance_income,"
    " total_variance_net, total_covid_variance_net)"
    " VALUES (?1, ?15, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12, ?13, ?14)"
    " ON CONFLICT (quarter, month) DO UPDATE SET units = excluded.units, as_at = excluded.as_at,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " total_budget_gross = excluded.total_budget_gross,"
    " total_budget_income = excluded.total_budget_income,"
    " total_budget_net = excluded.total_budget_net,"
    " total_outturn_gross = excluded.total_outturn_gross,"
    " total_outturn_income = excluded.total_outturn_income,"
    " total_outturn_net = excluded.total_outturn_net,"
    " total_variance_gross = excluded.total_variance_gross,"
    " total_variance_income = excluded.total_variance_income,"
    " total_variance_net = excluded.total_variance_net,"
    " total_covid_variance_net = excluded.total_covid_variance_net";
static const char sql_lines_delete[] =
    "DELETE FROM finance_lines WHERE quarter = ?1 AND month = ?2";
static const char sql_line_put[] =
    "INSERT INTO finance_lines (quarter, month, position, code, name, parent, budget_gross,"
    " budget_income, budget_net, outturn_gross, outturn_income, outturn_net,"
    " variance_gross, variance_income, variance_net, covid_variance_net, variance_only,"
    " exclusion_reason)"
    " VALUES (?1, ?18, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

static sc_rc step_done(sc_stmt *st)
{
    return sc_stmt_run(st);
}

static sc_rc put_line(sc_db *db, sc_period q, const char *month, int position,
                      const sc_finance_line *l)
{
    sc_stmt *st = sc_db_stmt(db, sql_line_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 18, month);
    sc_stmt_bind_int(st, 2, position);
    sc_stmt_bind_text(st, 3, l->code);
    sc_stmt_bind_text(st, 4, l->name);
    sc_stmt_bind_text(st, 5, l->parent);
    const double money[] = {l->budget.gross,  l->budget.income,  l->budget.net,
                            l->outturn.gross, l->outturn.income, l->outturn.net};
    for (int i = 0; i < 6; i++)
        sc_stmt_bind_double(st, 6 + i, money[i]);
    if (l->has_variance && l->has_variance_split) {
        sc_stmt_bind_double(st, 12, l->variance.gross);
        sc_stmt_bind_double(st, 13, l->variance.income);
    }
    if (l->has_variance)
        sc_stmt_bind_double(st, 14, l->variance.net);
    if (l->has_covid)
        sc_stmt_bind_double(st, 15, l->covid_variance_net);
    sc_stmt_bind_int(st, 16, !l->has_budget);
    sc_stmt_bind_text(st, 17, l->exclusion_reason);
    return step_done(st);
}

static sc_rc write_statement(sc_db *db, sc_period q, const char *month, const sc_finance *f,
                             const char *by)
{
    sc_stmt *st = sc_db_stmt(db, sql_statement_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 15, month);
    sc_stmt_bind_text(st, 2, sc_units_keys[f->units]);
    sc_stmt_bind_text(st, 3, f->as_at);
    sc_stmt_bind_text(st, 4, by);
    if (f->has_totals) {
        const sc_finance_totals *t = &f->totals;
        const double money[] = {t->budget.gross,   t->budget.income,   t->budget.net,
                                t->outturn.gross,  t->outturn.income,  t->outturn.net,
                                t->variance.gross, t->variance.income, t->variance.net};
        for (int i = 0; i < 9; i++)
            sc_stmt_bind_double(st, 5 + i, money[i]);
        if (t->has_covid)
            sc_stmt_bind_double(st, 14, t->covid_variance_net);
    }
    if (step_done(st) != SC_OK)
        return SC_EDB;
    st = sc_db_stmt(db, sql_lines_delete);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, month);
    if (step_done(st) != SC_OK)
        return SC_EDB;
    for (size_t i = 0; i < f->count; i++)
        if (put_line(db, q, month, (int)i, &f->lines[i]) != SC_OK)
            return SC_EDB;
    return SC_OK;
}

static sc_rc finance_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_finance old;
    sc_rc r = sc_store_finance_get_at(db, c->q, c->code, &old);
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
    return write_statement(db, c->q, c->code, c->figure, c->by);
}

sc_rc sc_store_finance_put(sc_db *db, sc_period q, const sc_finance *f, const char *by,
                           sc_write *what)
{
    char month[SC_FINANCE_MONTH_LEN];
    sc_figure_change c = {.kind = SC_REV_FINANCE,
                          .q = q,
                          .code = sc_finance_month(f, q, month),
                          .by = by,
                          .figure = f,
                          .compare = finance_compare,
                          .write = finance_write};
    return sc_figure_write(db, &c, what);
}

static const char sql_previous[] =
    "SELECT quarter, month FROM finance_statements WHERE quarter >= ?1"
    " AND (quarter < ?2 OR (quarter = ?2 AND month < ?3))"
    " ORDER BY quarter DESC, month DESC LIMIT 1";

sc_rc sc_store_finance_previous(sc_db *db, sc_period q, const char *month, sc_period *prev_q,
                                char *prev_month)
{
    sc_stmt *st = sc_db_stmt(db, sql_previous);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, sc_period_make(sc_period_year(q), 1));
    sc_stmt_bind_int(st, 2, q);
    sc_stmt_bind_text(st, 3, month);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        *prev_q = sc_stmt_int(st, 0);
        snprintf(prev_month, SC_FINANCE_MONTH_LEN, "%s", sc_stmt_text(st, 1));
    }
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

sc_rc sc_store_finance_earlier(sc_db *db, sc_period q, const sc_finance *f, sc_finance_earlier *out)
{
    char month[SC_FINANCE_MONTH_LEN];
    sc_rc rc =
        sc_store_finance_previous(db, q, sc_finance_month(f, q, month), &out->quarter, out->month);
    sc_finance before;
    if (rc != SC_OK ||
        (rc = sc_store_finance_get_at(db, out->quarter, out->month, &before)) != SC_OK)
        return rc;
    sc_finance_totals t;
    sc_finance_totals_shown(&before, &t);
    out->variance_net = t.variance.net;
    sc_finance_clear(&before);
    return SC_OK;
}
