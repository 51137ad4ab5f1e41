/* return_outturns.h - the "outturns" member of a quarterly return
 * (return.c): [{ code, year, value?, numerator?, denominator?,
 * commentary? }], validated whole with the other members; return.c then
 * writes each through sc_store_outturn_put. */
#ifndef SC_RETURN_OUTTURNS_H
#define SC_RETURN_OUTTURNS_H

#include <jansson.h>
#include <stddef.h>

#include "errors.h"
#include "period.h"
#include "result.h"
#include "return.h"
#include "store.h"

/* At most this many outturns in one return (a suite is about 40). */
#define SC_RETURN_OUTTURNS_MAX 1000

typedef struct {
    const char *code; /* borrowed from the document */
    sc_period q4;     /* the year */
    sc_result res;
} sc_pending_outturn;

/* Validates arr (NULL or null: none) for the return of quarter q: each
 * indicator must exist and be active in the year's Q4, the year must have
 * begun by q, and no (code, year) may repeat. Problems go to errs (then
 * SC_EINVALID); *out (free with sc_pending_outturns_free) holds the clean
 * entries. SC_EDB or SC_ENOMEM on failure. */
sc_rc sc_return_outturns_check(sc_db *db, sc_period q, const json_t *arr, sc_pending_outturn **out,
                               size_t *n, sc_errors *errs);

void sc_pending_outturns_free(sc_pending_outturn *p, size_t n);

#endif
