/* keys.h - API keys and roles (docs/API.md §2).
 *
 * A key is 32 random bytes from libsodium, shown once as "sk_" followed by
 * 43 base64url characters. Only its BLAKE2b hash is stored; presented keys
 * are hashed and compared with every active hash in constant time.
 */
#ifndef SC_KEYS_H
#define SC_KEYS_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"
#include "role.h"
#include "store.h"

#define SC_KEY_STRLEN 48 /* "sk_" + 43 + NUL, rounded up */

/* Creates a key called name (1-64 of A-Z a-z 0-9 . _ -) with role and
 * writes it into key_out. SC_EINVALID for a bad name, SC_ECONFLICT if the
 * name is taken (message in errs). */
sc_rc sc_keys_create(sc_db *db, const char *name, sc_role role, char key_out[SC_KEY_STRLEN],
                     sc_errors *errs);

/* Finds the active key matching presented. Returns SC_OK with *role and
 * *name (caller frees) set, SC_ENOTFOUND if no active key matches. */
sc_rc sc_keys_authenticate(sc_db *db, const char *presented, sc_role *role, char **name);

/* Every key as [{name, role, created_at, revoked_at}]; new reference. */
sc_rc sc_keys_list(sc_db *db, json_t **out);

/* Marks a key revoked. SC_ENOTFOUND if no active key has that name. */
sc_rc sc_keys_revoke(sc_db *db, const char *name);

#endif
