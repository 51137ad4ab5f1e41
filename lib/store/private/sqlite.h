/* sqlite.h - the SQLite connection behind an sc_db, for the SQLite engine's
 * own code (engine_sqlite.c) and white-box tests. Nothing else includes
 * it: the rest of the store speaks db.h. */
#ifndef SC_SQLITE_H
#define SC_SQLITE_H

#include <sqlite3.h>

#include "store.h"

/* The SQLite connection, or NULL when db runs on another engine. */
sqlite3 *sc_db_handle(sc_db *db);

#endif
