/* demo.h - the demonstration dataset built from the seed committee papers.
 *
 * The data lives as JSON files in a folder (data/demo in the repository):
 * manifest.json names the definition files (indicators with their targets)
 * and one quarterly-return document per quarter. Everything goes through the
 * same validation as a push. A return entry's "recorded_at" (and the
 * manifest's "definitions_recorded_at" for the targets) dates the
 * revisions it makes at that instant instead of now, so that as_of on a
 * paper's date reads the figures as that paper first published them.
 */
#ifndef SC_DEMO_H
#define SC_DEMO_H

#include <stdbool.h>

#include "errors.h"
#include "store.h"

/* Loads the demo from dir into the database in one transaction. Loading
 * it again is harmless: a database marked as holding the demo is left as
 * it is and *already is set. Returns SC_ECONFLICT (message in errs) when
 * the database holds other indicators or results, SC_EINVALID with the
 * problems (pointers prefixed by the file name) when a file is bad, SC_OK
 * when loaded or already there. */
sc_rc sc_demo_load(sc_db *db, const char *dir, bool *already, sc_errors *errs);

#endif
