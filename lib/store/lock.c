/* lock.c - quarter sign-off locks (see lock.h). */
#include "lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "jv.h"
#include "revision.h"

static const char sql_get[] = "SELECT locked_at, locked_by, reason FROM quarter_locks"
                              " WHERE quarter = ?1";

sc_rc sc_lock_get(sc_db *db, sc_period q, sc_lock *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        out->locked = true;
        out->at = sc_stmt_strdup(st, 0);
        out->by = sc_stmt_strdup(st, 1);
        out->reason = sc_stmt_strdup(st, 2);
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_ROW && rc != SC_STEP_DONE)
        return SC_EDB;
    return SC_OK;
}

void sc_lock_clear(sc_lock *l)
{
    if (!l)
        return;
    free(l->at);
    free(l->by);
    free(l->reason);
    memset(l, 0, sizeof *l);
}

static const char sql_check[] = "SELECT 1 FROM quarter_locks WHERE quarter = ?1";

sc_rc sc_lock_check(sc_db *db, sc_period q)
{
    sc_stmt *st = sc_db_stmt(db, sql_check);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc == SC_STEP_ROW)
        return SC_ELOCKED;
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_ever[] = "SELECT 1 FROM revisions WHERE quarter = ?1 AND kind = ?2";

sc_rc sc_lock_signed_off_before(sc_db *db, sc_period q, bool *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_ever);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, sc_revision_kind_key(SC_REV_LOCK));
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    *out = rc == SC_STEP_ROW;
    return rc == SC_STEP_ROW || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_lock[] = "INSERT INTO quarter_locks (quarter, locked_at, locked_by, reason)"
                               " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?2, ?3)";
static const char sql_unlock[] = "DELETE FROM quarter_locks WHERE quarter = ?1";

/* A lock is refused when the quarter is locked already, an unlock when it
 * is not. */
static sc_rc lock_state_check(sc_db *db, const sc_figure_change *c)
{
    sc_rc rc = sc_lock_check(db, c->q);
    if (rc == SC_EDB)
        return rc;
    bool lock = c->kind == SC_REV_LOCK;
    return (rc == SC_ELOCKED) == lock ? SC_ECONFLICT : SC_OK;
}

static sc_rc lock_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    *what = c->kind == SC_REV_LOCK ? SC_WRITE_CREATED : SC_WRITE_UPDATED;
    return SC_OK;
}

static sc_rc lock_write(sc_db *db, const sc_figure_change *c)
{
    bool lock = c->kind == SC_REV_LOCK;
    sc_stmt *st = sc_db_stmt(db, lock ? sql_lock : sql_unlock);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    if (lock) {
        sc_stmt_bind_text(st, 2, c->by);
        sc_stmt_bind_text(st, 3, c->figure);
    }
    return sc_stmt_run(st);
}

sc_rc sc_lock_set(sc_db *db, sc_period q, bool lock, const char *by, const char *reason)
{
    json_t *j = json_pack("{s:b, s:s}", "locked", lock, "reason", reason);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text)
        return SC_ENOMEM;
    sc_figure_change c = {.kind = lock ? SC_REV_LOCK : SC_REV_UNLOCK,
                          .q = q,
                          .by = by,
                          .figure = reason,
                          .note = text,
                          .lock_check = lock_state_check,
                          .compare = lock_compare,
                          .write = lock_write};
    sc_write what;
    sc_rc rc = sc_figure_write(db, &c, &what);
    free(text);
    return rc;
}

json_t *sc_lock_quarter_json(sc_period q, const sc_lock *l)
{
    static const char *const starts[] = {"04-01", "07-01", "10-01", "01-01"};
    static const char *const ends[] = {"06-30", "09-30", "12-31", "03-31"};
    int y = sc_period_year(q), n = sc_period_quarter(q);
    char id[SC_PERIOD_ID_LEN], label[40], start[16], end[16];
    sc_period_format(q, id);
    snprintf(label, sizeof label, "Quarter %d %d/%02d", n, y, (y + 1) % 100);
    snprintf(start, sizeof start, "%04d-%s", n == 4 ? y + 1 : y, starts[n - 1]);
    snprintf(end, sizeof end, "%04d-%s", n == 4 ? y + 1 : y, ends[n - 1]);
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "quarter", id, "label", label,
                     "starts", start, "ends", end, "locked", l->locked, "locked_at",
                     sc_jv_new_string_or_null(l->at), "locked_by", sc_jv_new_string_or_null(l->by),
                     "lock_reason", sc_jv_new_string_or_null(l->reason));
}
