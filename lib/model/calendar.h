/* calendar.h - a quarter's place in the scrutiny cycle (docs/API.md §19a):
 * when the trust's return is due and when the meetings that read it sit
 * (paper 001: a monthly performance and finance review, the quarterly
 * performance challenge, the scrutiny committee twice a year), and the
 * state the quarter is in on a given day. The day is always a parameter:
 * the domain never reads the clock. */
#ifndef SC_CALENDAR_H
#define SC_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "errors.h"

#define SC_CALENDAR_MEETINGS_MAX 24
#define SC_MEETING_NAME_MAX 200
#define SC_DATE_LEN 11 /* "YYYY-MM-DD" and its NUL */

typedef enum {
    SC_MEETING_FINANCE_REVIEW = 0, /* the monthly performance and finance review */
    SC_MEETING_CHALLENGE,          /* the quarterly performance challenge */
    SC_MEETING_SCRUTINY,           /* the scrutiny committee, twice a year */
    SC_MEETING_N
} sc_meeting_kind;

extern const char *const sc_meeting_kind_keys[SC_MEETING_N];

typedef struct {
    char date[SC_DATE_LEN];
    sc_meeting_kind kind;
    char *name; /* owned; NULL when not given */
} sc_meeting;

/* Owns its meetings, which are in date order; clear with
 * sc_calendar_clear(). */
typedef struct {
    char return_due[SC_DATE_LEN];
    sc_meeting *meetings;
    size_t count;
} sc_calendar;

/* Validates the calendar PUT body { return_due, meetings: [{ date, kind,
 * name? }] } (every problem with its pointer) and fills out with the
 * meetings sorted by date. SC_EINVALID with errs filled, SC_ENOMEM. */
sc_rc sc_calendar_from_json(const json_t *doc, sc_calendar *out, sc_errors *errs);

/* { return_due, meetings } as the API shows it; new reference. */
json_t *sc_calendar_to_json(const sc_calendar *c);

bool sc_calendar_equal(const sc_calendar *a, const sc_calendar *b);

void sc_calendar_clear(sc_calendar *c);

/* The first meeting on or after today ("YYYY-MM-DD"), or NULL. Borrowed
 * from c. */
const sc_meeting *sc_calendar_next_meeting(const sc_calendar *c, const char *today);

/* The last meeting before today, or NULL. Borrowed from c. */
const sc_meeting *sc_calendar_last_meeting(const sc_calendar *c, const char *today);

typedef enum {
    SC_CYCLE_AWAITING_RETURN = 0, /* figures missing, return not yet due */
    SC_CYCLE_OVERDUE,             /* figures missing and today is past return_due */
    SC_CYCLE_SUBMITTED,           /* every indicator of the quarter has its result */
    SC_CYCLE_SIGNED_OFF,          /* the committee signed the quarter off (locked) */
    SC_CYCLE_N
} sc_cycle_state;

extern const char *const sc_cycle_state_keys[SC_CYCLE_N];

/* The state on today: signed off wins, then submitted (nothing missing),
 * then overdue when a return_due is set and today is after it. c may be
 * NULL (no calendar: never overdue). */
sc_cycle_state sc_cycle_state_on(const sc_calendar *c, bool locked, size_t missing,
                                 const char *today);

/* True when a finance statement as at as_at ("YYYY-MM") will be stale at a
 * meeting on date: the monthly finance review (paper 001) means a meeting
 * reads the statement of the month before it or later. NULL as_at: the
 * month is unknown, not stale. */
bool sc_calendar_finance_stale(const char *as_at, const char *date);

#endif
