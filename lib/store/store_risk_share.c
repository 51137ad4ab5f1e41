/* store_risk_share.c - SQL for the years' risk shares (store_risk_share.h). */
#include "store_risk_share.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "revision.h"

static const char sql_share_get[] =
    "SELECT council_pct, trust_pct FROM risk_shares WHERE year = ?1";
static const char sql_share_list[] =
    "SELECT year, council_pct, trust_pct FROM risk_shares ORDER BY year";
static const char sql_share_put[] =
    "INSERT INTO risk_shares (year, council_pct, trust_pct, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4)"
    " ON CONFLICT (year) DO UPDATE SET council_pct = excluded.council_pct,"
    " trust_pct = excluded.trust_pct, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by";

sc_rc sc_store_risk_share_get(sc_db *db, sc_period year, sc_risk_share *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_share_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, year);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        *out = (sc_risk_share){year, sc_stmt_double(st, 0), sc_stmt_double(st, 1)};
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    return rc == SC_STEP_ROW ? SC_OK : SC_EDB;
}

sc_rc sc_store_risk_share_list(sc_db *db, sc_risk_share **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sc_stmt *st = sc_db_stmt(db, sql_share_list);
    if (!st)
        return SC_EDB;
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            sc_risk_share *grown = realloc(*out, cap * sizeof *grown);
            if (!grown) {
                r = SC_ENOMEM;
                break;
            }
            *out = grown;
        }
        (*out)[(*n)++] =
            (sc_risk_share){sc_stmt_int(st, 0), sc_stmt_double(st, 1), sc_stmt_double(st, 2)};
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return r;
}

static sc_rc no_lock(sc_db *db, const sc_figure_change *c)
{
    (void)db;
    (void)c;
    return SC_OK;
}

static sc_rc risk_share_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_risk_share old;
    sc_rc rc = sc_store_risk_share_get(db, c->q, &old);
    if (rc == SC_EDB)
        return rc;
    *what = rc == SC_ENOTFOUND                     ? SC_WRITE_CREATED
            : sc_risk_share_equal(&old, c->figure) ? SC_WRITE_UNCHANGED
                                                   : SC_WRITE_UPDATED;
    return SC_OK;
}

static sc_rc risk_share_write(sc_db *db, const sc_figure_change *c)
{
    const sc_risk_share *rs = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_share_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, rs->year);
    sc_stmt_bind_double(st, 2, rs->council_pct);
    sc_stmt_bind_double(st, 3, rs->trust_pct);
    sc_stmt_bind_text(st, 4, c->by);
    return sc_stmt_run(st);
}

sc_rc sc_store_risk_share_put(sc_db *db, const sc_risk_share *rs, const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_RISK_SHARE,
                          .q = rs->year,
                          .by = by,
                          .figure = rs,
                          .lock_check = no_lock,
                          .compare = risk_share_compare,
                          .write = risk_share_write};
    return sc_figure_write(db, &c, what);
}
