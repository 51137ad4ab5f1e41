/* lock.h - sign-off: once the committee has met, the council locks the
 * quarter and no figure of it may change until an admin unlocks it with a
 * reason. Locks and unlocks are revisions too. */
#ifndef SC_LOCK_H
#define SC_LOCK_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "period.h"
#include "store.h"

#define SC_LOCK_REASON_MAX 2000

/* Strings owned; clear with sc_lock_clear(). */
typedef struct {
    bool locked;
    char *at; /* when it was locked (UTC) */
    char *by; /* key name that locked it */
    char *reason;
} sc_lock;

sc_rc sc_lock_get(sc_db *db, sc_period q, sc_lock *out);
void sc_lock_clear(sc_lock *l);

/* SC_OK when figures of q may change, SC_ELOCKED when q is locked. */
sc_rc sc_lock_check(sc_db *db, sc_period q);

/* Sets *out when q was ever locked (a lock revision exists), locked now or
 * not: a change to its figures then restates what was signed off. SC_EDB. */
sc_rc sc_lock_signed_off_before(sc_db *db, sc_period q, bool *out);

/* Locks (lock true) or unlocks q, recording a revision with the reason.
 * SC_ECONFLICT when q is already in that state. */
sc_rc sc_lock_set(sc_db *db, sc_period q, bool lock, const char *by, const char *reason);

/* The quarter resource: { quarter, label, starts, ends, locked, locked_at,
 * locked_by, lock_reason }; new reference. */
json_t *sc_lock_quarter_json(sc_period q, const sc_lock *l);

#endif
