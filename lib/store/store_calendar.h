/* store_calendar.h - a quarter's calendar in the store (calendar.h): read
 * and written through the one write path, so every edit is a revision
 * (kind "calendar"). */
#ifndef SC_STORE_CALENDAR_H
#define SC_STORE_CALENDAR_H

#include "calendar.h"
#include "errors.h"
#include "period.h"
#include "store.h"

/* Fills out (clear with sc_calendar_clear()); SC_ENOTFOUND when q has no
 * calendar, SC_EDB. */
sc_rc sc_store_calendar_get(sc_db *db, sc_period q, sc_calendar *out);

/* Replaces q's calendar inside the caller's write transaction; *what says
 * created, updated or unchanged. SC_ELOCKED when q is signed off, SC_EDB,
 * SC_ENOMEM. */
sc_rc sc_store_calendar_put(sc_db *db, sc_period q, const sc_calendar *c, const char *by,
                            sc_write *what);

/* Up to max quarters whose return_due is before today ("YYYY-MM-DD") and
 * that are not signed off, newest first; *n says how many. SC_EDB. */
sc_rc sc_store_calendars_due_before(sc_db *db, const char *today, sc_period *out, int max, int *n);

#endif
