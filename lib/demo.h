/* demo.h - the demonstration dataset built from the seed committee papers.
 *
 * The data lives as JSON files in a folder (data/demo in the repository):
 * manifest.json names the definition files (indicators with their targets)
 * and one quarterly-return document per quarter. Everything goes through the
 * same validation as a push.
 */
#ifndef SC_DEMO_H
#define SC_DEMO_H

#include "errors.h"
#include "store.h"

/* Loads the demo from dir into the database in one transaction. Returns
 * SC_ECONFLICT (message in errs) when the database holds indicators or
 * results already, SC_EINVALID with the problems (pointers prefixed by the
 * file name) when a file is bad, SC_OK when loaded. */
sc_rc sc_demo_load(sc_db *db, const char *dir, sc_errors *errs);

#endif
