/* keys.h - API keys and roles (docs/API.md §2).
 *
 * A key is 32 random bytes from libsodium, shown once as "sk_" followed by
 * 43 base64url characters. Only its BLAKE2b hash is stored; presented keys
 * are hashed and compared with every active hash in constant time.
 *
 * A key belongs to one organisation (org.h; the default one unless created
 * for another) or, as a deployment key, to the deployment: an admin key that
 * may act on every organisation. Keys live in the root database only.
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

/* Creates a key as sc_keys_create does, belonging to organisation org
 * (NULL or SC_ORG_DEFAULT: the default one) or, with deployment, to the
 * deployment (admin role only, and no org: a deployment key is every
 * organisation's). SC_ENOTFOUND when org is not an organisation,
 * SC_EINVALID for a deployment key of another role or with an org. */
sc_rc sc_keys_create_in(sc_db *db, const char *name, sc_role role, const char *org, bool deployment,
                        char key_out[SC_KEY_STRLEN], sc_errors *errs);

/* What authentication says about a key. */
typedef struct {
    sc_role role;
    char *name;      /* owned */
    char *org;       /* owned; the organisation's code (SC_ORG_DEFAULT for the default) */
    bool deployment; /* may act on every organisation */
} sc_key_info;

/* Frees what info holds; accepts a zeroed one. */
void sc_key_info_clear(sc_key_info *info);

/* As sc_keys_authenticate, filling *info (cleared by the caller with
 * sc_key_info_clear after SC_OK; untouched otherwise). */
sc_rc sc_keys_authenticate_info(sc_db *db, const char *presented, sc_key_info *info);

/* Finds the active key matching presented. Returns SC_OK with *role and
 * *name (caller frees) set, SC_ENOTFOUND if no active key matches. */
sc_rc sc_keys_authenticate(sc_db *db, const char *presented, sc_role *role, char **name);

/* Every key as [{name, role, org, deployment, created_at, revoked_at}]
 * (org: the organisation's code, SC_ORG_DEFAULT for the default one, null
 * for a deployment key); new reference. */
sc_rc sc_keys_list(sc_db *db, json_t **out);

/* Marks a key revoked. SC_ENOTFOUND if no active key has that name. */
sc_rc sc_keys_revoke(sc_db *db, const char *name);

#endif
