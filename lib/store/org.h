/* org.h - organisations: one contract each (a council and its provider) in
 * one deployment (docs/API.md, "Organisations").
 *
 * The root database (the --db file) holds the deployment's tables (`orgs`,
 * `api_keys`, migration 15) and the figures of the default organisation,
 * SC_ORG_DEFAULT, so that every database made before organisations existed
 * keeps its meaning unchanged. Every other organisation has a database of
 * its own, a sibling of the root file: <root>.orgs/<code>.db (directory
 * 0700), migrated like any store. On PostgreSQL the root is a database
 * whose "public" schema holds what the root file holds, and every other
 * organisation is a schema of that same database, "org_<code>" (engine.h's
 * sc_pg_org_schema; codes too long for a 63-byte identifier are shortened
 * with a hash), made and migrated on first open. Isolation is then
 * structural: a connection to one organisation's database (or schema: its
 * search_path names that schema alone) cannot read another's, whatever a
 * query says, and every existing query stays as it is.
 */
#ifndef SC_ORG_H
#define SC_ORG_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "store.h"

/* The default organisation's code. "default" because it says what it is
 * (the organisation the unprefixed routes address), it keeps the code rule
 * (so it can be named in a prefixed path like any other), and a deployment
 * that names its real organisations by their own codes never wants it. */
#define SC_ORG_DEFAULT "default"

/* An organisation's name: 1-200 characters, not only spaces. */
#define SC_ORG_NAME_MAX 200

/* Adds organisation code called name to the root database, inside the
 * caller's write transaction (it also raises the data version, so cached
 * lists of organisations go stale). SC_EINVALID for a bad code or name,
 * SC_ECONFLICT when the code is taken (messages in errs). Its database is
 * made on first use (sc_org_open). */
sc_rc sc_org_create(sc_db *root, const char *code, const char *name, sc_errors *errs);

/* *out true when code is an organisation of the deployment (the default
 * one included). SC_OK or SC_EDB. */
sc_rc sc_org_exists(sc_db *root, const char *code, bool *out);

/* Every organisation as [{code, name, created_at, default}] in code order,
 * or only the one of only (when not NULL); new reference. created_at is
 * null for the default organisation, which is as old as the database. */
sc_rc sc_org_list(sc_db *root, const char *only, json_t **out);

/* The file name of organisation code's database, for a root database at
 * root_path (malloc'd; NULL when out of memory). */
char *sc_org_path(const char *root_path, const char *code);

/* The root store's database file (malloc'd), read from one of its
 * connections (taken and given back: call it without holding one when the
 * pool has a single connection). SC_EINVALID for an in-memory or temporary
 * root, which has no siblings, and for a PostgreSQL root, which has no
 * file. */
sc_rc sc_org_root_path(sc_store *root, char **out, sc_errors *errs);

/* How many pooled connections an organisation's store of root gets when
 * `wanted` are asked for: on SQLite `wanted` (a connection is a file
 * handle), on PostgreSQL at most SC_ORG_PG_CONNECTIONS, since every
 * organisation's connections are sessions of the one server and a
 * deployment of 150 organisations must stay inside its max_connections
 * (one for the webhook workers, one for requests: a thread holds one
 * connection at a time, so a small pool only makes an organisation's
 * concurrent requests take turns, never deadlock). */
#define SC_ORG_PG_CONNECTIONS 2
int sc_org_pool_size(sc_store *root, int wanted);

/* Opens (creating and migrating if needed) organisation code's database
 * (on PostgreSQL: its schema in the root's database) with `connections`
 * pooled connections; code must be an organisation of root other than the
 * default one (the caller checks: this only opens). Close it with
 * sc_store_close. SC_EINVALID for a bad code or an in-memory root, SC_EDB
 * when the directory, file or schema cannot be made or migrated. */
sc_rc sc_org_open(sc_store *root, const char *code, int connections, sc_store **out,
                  sc_errors *errs);

#endif
