/* store_outturn.h - KPI outturns per financial year as stored (outturn.h),
 * each change a revision of kind "outturn" filed under the year's Q4,
 * whose sign-off lock guards it. */
#ifndef SC_STORE_OUTTURN_H
#define SC_STORE_OUTTURN_H

#include <stddef.h>

#include "errors.h"
#include "period.h"
#include "result.h"
#include "store.h"

typedef struct {
    sc_period q4;     /* the year, as its fourth quarter */
    sc_result res;    /* owned */
    char *updated_at; /* owned */
    char *updated_by; /* owned, NULL when none */
} sc_outturn_row;

typedef struct {
    sc_outturn_row *items; /* oldest year first */
    size_t count;
} sc_outturn_list;

/* Stores the outturn of code for the year ending with q4, through the one
 * write path (a revision; SC_ELOCKED when q4 is signed off). */
sc_rc sc_store_outturn_put(sc_db *db, sc_period q4, const char *code, const sc_result *r,
                           const char *by, sc_write *what);

/* Every stored outturn of code (oldest first) into *out, free with
 * sc_outturn_list_clear; as the caller's transaction shows them (as_of
 * included). SC_OK, SC_EDB or SC_ENOMEM (then *out is empty). */
sc_rc sc_store_outturns(sc_db *db, const char *code, sc_outturn_list *out);

void sc_outturn_list_clear(sc_outturn_list *l);

#endif
