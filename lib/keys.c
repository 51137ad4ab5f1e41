/* keys.c - creating, checking and revoking API keys (see keys.h). */
#include "keys.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

#define KEY_BYTES 32
#define HASH_BYTES crypto_generichash_BYTES /* 32 */

static const char *const role_keys[] = {"reader", "writer", "admin"};

const char *sc_role_key(sc_role r)
{
    return r >= SC_ROLE_READER && r <= SC_ROLE_ADMIN ? role_keys[r] : "none";
}

bool sc_role_from_key(const char *s, sc_role *out)
{
    for (int i = 0; s && i < 3; i++) {
        if (strcmp(s, role_keys[i]) == 0) {
            *out = (sc_role)i;
            return true;
        }
    }
    return false;
}

static void hash_key(const char *key, unsigned char out[HASH_BYTES])
{
    crypto_generichash(out, HASH_BYTES, (const unsigned char *)key, strlen(key), NULL, 0);
}

static const char sql_insert[] = "INSERT INTO api_keys (name, role, hash, created_at)"
                                 " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ','now'))";

sc_rc sc_keys_create(sc_db *db, const char *name, sc_role role, char key_out[SC_KEY_STRLEN],
                     sc_errors *errs)
{
    if (role < SC_ROLE_READER || role > SC_ROLE_ADMIN) {
        sc_errors_set_message(errs, "the role must be reader, writer or admin");
        return SC_EINVALID;
    }
    if (!sc_code_valid(name)) {
        sc_errors_set_message(errs, "key names are 1-64 of A-Z a-z 0-9 . _ -, starting with a "
                              "letter or digit");
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

    sqlite3_stmt *st = sc_db_stmt(db, sql_insert);
    if (!st)
        return SC_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, role_keys[role], -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, hash, sizeof hash, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sc_db_reset(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        sodium_memzero(key_out, SC_KEY_STRLEN);
        sc_errors_set_message(errs, "a key called %s exists already (revoked keys keep their "
                              "names)", name);
        return SC_ECONFLICT;
    }
    return rc == SQLITE_DONE ? SC_OK : SC_EDB;
}

static const char sql_active[] = "SELECT name, role, hash FROM api_keys"
                                 " WHERE revoked_at IS NULL";

sc_rc sc_keys_authenticate(sc_db *db, const char *presented, sc_role *role, char **name)
{
    if (sodium_init() < 0)
        return SC_ENOMEM;
    unsigned char hash[HASH_BYTES];
    hash_key(presented, hash);
    sqlite3_stmt *st = sc_db_stmt(db, sql_active);
    if (!st)
        return SC_EDB;
    sc_rc out = SC_ENOTFOUND;
    int rc;
    /* no early exit: every active key is compared, so timing says nothing
     * about which key (if any) matched */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *stored = sqlite3_column_blob(st, 2);
        if (sqlite3_column_bytes(st, 2) != HASH_BYTES || !stored)
            continue;
        if (sodium_memcmp(stored, hash, HASH_BYTES) == 0 && out == SC_ENOTFOUND) {
            sc_role_from_key((const char *)sqlite3_column_text(st, 1), role);
            *name = sc_db_column_strdup(st, 0);
            out = *name ? SC_OK : SC_ENOMEM;
        }
    }
    sc_db_reset(st);
    if (rc != SQLITE_DONE && out == SC_OK) {
        free(*name);
        *name = NULL;
        return SC_EDB;
    }
    return rc == SQLITE_DONE ? out : SC_EDB;
}

static const char sql_list[] = "SELECT name, role, created_at, revoked_at FROM api_keys"
                               " ORDER BY created_at, name";

sc_rc sc_keys_list(sc_db *db, json_t **out)
{
    sqlite3_stmt *st = sc_db_stmt(db, sql_list);
    if (!st)
        return SC_EDB;
    json_t *items = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *revoked = (const char *)sqlite3_column_text(st, 3);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}", "name",
                                               sqlite3_column_text(st, 0), "role",
                                               sqlite3_column_text(st, 1), "created_at",
                                               sqlite3_column_text(st, 2), "revoked_at",
                                               revoked ? json_string(revoked) : json_null()));
    }
    sc_db_reset(st);
    if (rc != SQLITE_DONE) {
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
    sqlite3_stmt *st = sc_db_stmt(db, sql_revoke);
    if (!st)
        return SC_EDB;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sc_db_reset(st);
    if (rc != SQLITE_DONE)
        return SC_EDB;
    return sqlite3_changes(sc_db_handle(db)) > 0 ? SC_OK : SC_ENOTFOUND;
}
