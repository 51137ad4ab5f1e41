/* keys.c - creating, checking and revoking API keys (see keys.h). */
#include "keys.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jv.h"
#include "org.h"

#define KEY_BYTES 32
#define HASH_BYTES crypto_generichash_BYTES /* 32 */

static void hash_key(const char *key, unsigned char out[HASH_BYTES])
{
    crypto_generichash(out, HASH_BYTES, (const unsigned char *)key, strlen(key), NULL, 0);
}

static const char sql_exists[] = "SELECT 1 FROM api_keys WHERE name = ?1";
static const char sql_insert[] =
    "INSERT INTO api_keys (name, role, hash, created_at, org, deployment)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?4, ?5)";

sc_rc sc_keys_create(sc_db *db, const char *name, sc_role role, char key_out[SC_KEY_STRLEN],
                     sc_errors *errs)
{
    return sc_keys_create_in(db, name, role, NULL, false, key_out, errs);
}

sc_rc sc_keys_create_in(sc_db *db, const char *name, sc_role role, const char *org, bool deployment,
                        char key_out[SC_KEY_STRLEN], sc_errors *errs)
{
    /* the default organisation is stored as NULL, as every key made before
     * organisations existed is */
    if (org && strcmp(org, SC_ORG_DEFAULT) == 0)
        org = NULL;
    if (deployment && role != SC_ROLE_ADMIN) {
        sc_errors_set_message(errs, "a deployment key acts on every organisation: only an admin "
                                    "key can be one");
        return SC_EINVALID;
    }
    if (deployment && org) {
        sc_errors_set_message(errs, "a deployment key belongs to the deployment, not to one "
                                    "organisation: give it no organisation");
        return SC_EINVALID;
    }
    if (org) {
        bool known = false;
        sc_rc rc = sc_org_exists(db, org, &known);
        if (rc != SC_OK)
            return rc;
        if (!known) {
            sc_errors_set_message(errs,
                                  "there is no organisation %.80s (scrutiny orgs list shows "
                                  "them)",
                                  org);
            return SC_ENOTFOUND;
        }
    }
    if (role < SC_ROLE_READER || role > SC_ROLE_ADMIN) {
        sc_errors_set_message(errs, "the role must be reader, writer or admin");
        return SC_EINVALID;
    }
    if (!sc_jv_code_valid(name)) {
        sc_errors_set_message(errs, "key names are " SC_CODE_RULE);
        return SC_EINVALID;
    }
    if (sodium_init() < 0)
        return SC_ENOMEM;
    unsigned char raw[KEY_BYTES];
    randombytes_buf(raw, sizeof raw);
    memcpy(key_out, "sk_", 3);
    sodium_bin2base64(key_out + 3, SC_KEY_STRLEN - 3, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    unsigned char hash[HASH_BYTES];
    hash_key(key_out, hash);

    /* checked first: on PostgreSQL a refused INSERT would abort the
     * caller's transaction (the constraint below still guards a race) */
    sc_stmt *st = sc_db_stmt(db, sql_exists);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, name);
    int found = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (found != SC_STEP_ROW && found != SC_STEP_DONE)
        return SC_EDB;
    st = found == SC_STEP_ROW ? NULL : sc_db_stmt(db, sql_insert);
    if (found == SC_STEP_DONE && !st)
        return SC_EDB;
    int rc = SC_STEP_CONSTRAINT;
    if (st) {
        sc_stmt_bind_text(st, 1, name);
        sc_stmt_bind_text(st, 2, sc_role_key(role));
        sc_stmt_bind_blob(st, 3, hash, sizeof hash);
        sc_stmt_bind_text(st, 4, org);
        sc_stmt_bind_int(st, 5, deployment ? 1 : 0);
        rc = sc_stmt_step(st);
        sc_stmt_reset(st);
    }
    if (rc == SC_STEP_CONSTRAINT) {
        sodium_memzero(key_out, SC_KEY_STRLEN);
        sc_errors_set_message(errs,
                              "a key called %s exists already (revoked keys keep their "
                              "names)",
                              name);
        return SC_ECONFLICT;
    }
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_active[] = "SELECT name, role, hash, org, deployment FROM api_keys"
                                 " WHERE revoked_at IS NULL";

void sc_key_info_clear(sc_key_info *info)
{
    free(info->name);
    free(info->org);
    info->name = info->org = NULL;
}

sc_rc sc_keys_authenticate(sc_db *db, const char *presented, sc_role *role, char **name)
{
    sc_key_info info = {0};
    sc_rc rc = sc_keys_authenticate_info(db, presented, &info);
    if (rc != SC_OK)
        return rc;
    *role = info.role;
    *name = info.name;
    info.name = NULL;
    sc_key_info_clear(&info);
    return SC_OK;
}

sc_rc sc_keys_authenticate_info(sc_db *db, const char *presented, sc_key_info *info)
{
    sc_key_info found = {0};
    if (sodium_init() < 0)
        return SC_ENOMEM;
    unsigned char hash[HASH_BYTES];
    hash_key(presented, hash);
    sc_stmt *st = sc_db_stmt(db, sql_active);
    if (!st)
        return SC_EDB;
    sc_rc out = SC_ENOTFOUND;
    int rc;
    /* no early exit: every active key is compared, so timing says nothing
     * about which key (if any) matched */
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        size_t n;
        const void *stored = sc_stmt_blob(st, 2, &n);
        if (n != HASH_BYTES || !stored)
            continue;
        if (sodium_memcmp(stored, hash, HASH_BYTES) == 0 && out == SC_ENOTFOUND) {
            sc_role_from_key(sc_stmt_text(st, 1), &found.role);
            found.name = sc_stmt_strdup(st, 0);
            found.org = sc_stmt_null(st, 3) ? strdup(SC_ORG_DEFAULT) : sc_stmt_strdup(st, 3);
            found.deployment = sc_stmt_int(st, 4) != 0;
            out = found.name && found.org ? SC_OK : SC_ENOMEM;
        }
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE || out != SC_OK) {
        sc_key_info_clear(&found);
        return rc != SC_STEP_DONE ? SC_EDB : out;
    }
    *info = found;
    return SC_OK;
}

static const char sql_list[] = "SELECT name, role, created_at, revoked_at, org, deployment"
                               " FROM api_keys ORDER BY created_at, name";

sc_rc sc_keys_list(sc_db *db, json_t **out)
{
    sc_stmt *st = sc_db_stmt(db, sql_list);
    if (!st)
        return SC_EDB;
    json_t *items = json_array();
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        const char *revoked = sc_stmt_text(st, 3);
        const char *org = sc_stmt_text(st, 4);
        bool deployment = sc_stmt_int(st, 5) != 0;
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:o, s:b, s:s, s:o}", "name", sc_stmt_text(st, 0), "role",
                             sc_stmt_text(st, 1), "org",
                             deployment ? json_null() : json_string(org ? org : SC_ORG_DEFAULT),
                             "deployment", deployment, "created_at", sc_stmt_text(st, 2),
                             "revoked_at", revoked ? json_string(revoked) : json_null()));
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        json_decref(items);
        return SC_EDB;
    }
    *out = items;
    return SC_OK;
}

static const char sql_revoke[] = "UPDATE api_keys SET revoked_at ="
                                 " strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                                 " WHERE name = ?1 AND revoked_at IS NULL";

sc_rc sc_keys_revoke(sc_db *db, const char *name)
{
    sc_stmt *st = sc_db_stmt(db, sql_revoke);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, name);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE)
        return SC_EDB;
    return sc_db_changes(db) > 0 ? SC_OK : SC_ENOTFOUND;
}
