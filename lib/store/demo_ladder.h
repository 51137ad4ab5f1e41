/* demo_ladder.h - the care ladder's part of the demonstration dataset: the
 * definitions file named by manifest.json's "care_ladder" (demand measure
 * kinds, placement types). The placement figures, child populations and
 * comparator rates are in ordinary returns. */
#ifndef SC_DEMO_LADDER_H
#define SC_DEMO_LADDER_H

#include <jansson.h>

#include "errors.h"
#include "store.h"

/* Writes doc's { demand_measures?, placement_types? } (other members, such
 * as description and notes, are the reader's) through the same
 * validation as a push.
 * SC_EINVALID with every problem (pointers into doc), SC_EDB, SC_ENOMEM;
 * the caller owns the transaction. */
sc_rc sc_demo_ladder_load(sc_db *db, const json_t *doc, sc_errors *errs);

#endif
