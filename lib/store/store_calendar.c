/* store_calendar.c - quarter calendars and their meetings
 * (store_calendar.h). */
#include "store_calendar.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "enumkey.h"
#include "figure.h"
#include "revision.h"

static const char sql_calendar[] = "SELECT return_due FROM quarter_calendars WHERE quarter = ?1";
static const char sql_meetings[] = "SELECT date, kind, name FROM quarter_meetings"
                                   " WHERE quarter = ?1 ORDER BY position";

static sc_rc read_meetings(sc_db *db, sc_period q, sc_calendar *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_meetings);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW && out->count < SC_CALENDAR_MEETINGS_MAX) {
        if (!out->meetings &&
            !(out->meetings = calloc(SC_CALENDAR_MEETINGS_MAX, sizeof *out->meetings))) {
            rc = SC_STEP_ERROR;
            break;
        }
        sc_meeting *m = &out->meetings[out->count++];
        const char *date = sc_stmt_text(st, 0);
        strncpy(m->date, date ? date : "", SC_DATE_LEN - 1);
        int kind = sc_enumkey_find(sc_meeting_kind_keys, SC_MEETING_N, sc_stmt_text(st, 1));
        m->kind = kind < 0 ? SC_MEETING_CHALLENGE : (sc_meeting_kind)kind;
        m->name = sc_stmt_strdup(st, 2);
    }
    sc_stmt_reset(st);
    return rc == SC_STEP_ROW || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

sc_rc sc_store_calendar_get(sc_db *db, sc_period q, sc_calendar *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_calendar);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        const char *due = sc_stmt_text(st, 0);
        strncpy(out->return_due, due ? due : "", SC_DATE_LEN - 1);
    }
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    if (rc != SC_STEP_ROW)
        return SC_EDB;
    sc_rc r = read_meetings(db, q, out);
    if (r != SC_OK)
        sc_calendar_clear(out);
    return r;
}

static sc_rc calendar_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    sc_calendar old;
    sc_rc rc = sc_store_calendar_get(db, c->q, &old);
    if (rc == SC_EDB)
        return rc;
    *what = rc == SC_ENOTFOUND                   ? SC_WRITE_CREATED
            : sc_calendar_equal(&old, c->figure) ? SC_WRITE_UNCHANGED
                                                 : SC_WRITE_UPDATED;
    sc_calendar_clear(&old);
    return SC_OK;
}

static const char sql_calendar_put[] =
    "INSERT INTO quarter_calendars (quarter, return_due, updated_at, updated_by)"
    " VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?3)"
    " ON CONFLICT (quarter) DO UPDATE SET return_due = excluded.return_due,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
static const char sql_drop_meetings[] = "DELETE FROM quarter_meetings WHERE quarter = ?1";
static const char sql_meeting[] = "INSERT INTO quarter_meetings (quarter, position, date, kind,"
                                  " name) VALUES (?1, ?2, ?3, ?4, ?5)";

static sc_rc calendar_write(sc_db *db, const sc_figure_change *c)
{
    const sc_calendar *cal = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_calendar_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, cal->return_due);
    sc_stmt_bind_text(st, 3, c->by);
    if (sc_stmt_run(st) != SC_OK || !(st = sc_db_stmt(db, sql_drop_meetings)))
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    if (sc_stmt_run(st) != SC_OK)
        return SC_EDB;
    for (size_t i = 0; i < cal->count; i++) {
        if (!(st = sc_db_stmt(db, sql_meeting)))
            return SC_EDB;
        sc_stmt_bind_int(st, 1, c->q);
        sc_stmt_bind_int(st, 2, (int)i + 1);
        sc_stmt_bind_text(st, 3, cal->meetings[i].date);
        sc_stmt_bind_text(st, 4, sc_meeting_kind_keys[cal->meetings[i].kind]);
        sc_stmt_bind_text(st, 5, cal->meetings[i].name);
        if (sc_stmt_run(st) != SC_OK)
            return SC_EDB;
    }
    return SC_OK;
}

sc_rc sc_store_calendar_put(sc_db *db, sc_period q, const sc_calendar *c, const char *by,
                            sc_write *what)
{
    sc_figure_change ch = {.kind = SC_REV_CALENDAR,
                           .q = q,
                           .by = by,
                           .figure = c,
                           .compare = calendar_compare,
                           .write = calendar_write};
    return sc_figure_write(db, &ch, what);
}

static const char sql_due_before[] =
    "SELECT c.quarter FROM quarter_calendars c WHERE c.return_due < ?1"
    " AND NOT EXISTS (SELECT 1 FROM quarter_locks l WHERE l.quarter = c.quarter)"
    " ORDER BY c.quarter DESC LIMIT ?2";

sc_rc sc_store_calendars_due_before(sc_db *db, const char *today, sc_period *out, int max, int *n)
{
    *n = 0;
    sc_stmt *st = sc_db_stmt(db, sql_due_before);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, today);
    sc_stmt_bind_int(st, 2, max);
    int rc;
    while (*n < max && (rc = sc_stmt_step(st)) == SC_STEP_ROW)
        out[(*n)++] = sc_stmt_int(st, 0);
    sc_stmt_reset(st);
    return *n == max || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}
