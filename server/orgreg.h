/* orgreg.h - the server's organisations' stores (lib/store/org.h): each
 * organisation other than the default one has a database of its own,
 * opened on its first request and kept open, with its own pool and its own
 * webhook delivery workers (hooks.h), so that an organisation's
 * subscriptions only ever see its own events. Owned by the server
 * (http.c); thread-safe. */
#ifndef SC_ORGREG_H
#define SC_ORGREG_H

#include "errors.h"
#include "hooks.h"
#include "store.h"

typedef struct sc_orgreg sc_orgreg;

/* A registry over root (borrowed), opening each organisation's store with
 * `connections` connections (on PostgreSQL at most SC_ORG_PG_CONNECTIONS:
 * sc_org_pool_size, org.h) and starting its workers with hooks (copied).
 * NULL when out of memory. */
sc_orgreg *sc_orgreg_new(sc_store *root, int connections, const sc_hooks_config *hooks);

/* Stops every organisation's workers and closes its store; every
 * connection must have been given back. Accepts NULL. */
void sc_orgreg_free(sc_orgreg *reg);

/* True when organisation code's store is open already: it was found in
 * the orgs table then, and organisations are never deleted, so the
 * request need not ask the database again. */
bool sc_orgreg_holds(sc_orgreg *reg, const char *code);

/* The store of organisation code (not the default one: that is the root),
 * which the caller has found in the root's orgs table; opened (made and
 * migrated) on first use. Borrowed: it lives as long as the registry.
 * Call it holding none of the root's connections (opening reads the
 * root's file name through one). SC_EINVALID for an in-memory root, SC_EDB
 * when it cannot be opened, SC_ENOMEM (message in errs). */
sc_rc sc_orgreg_store(sc_orgreg *reg, const char *code, sc_store **out, sc_errors *errs);

#endif
