/* org.c - the deployment's organisations and their databases (org.h). */
#include "org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "db.h"
#include "engine.h"
#include "jv.h"
#include "sqlite.h"

/* Timestamps are made here rather than in SQL, so that the statements stay
 * the same on every engine. */
static void org_now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool org_name_valid(const char *name)
{
    size_t n = name ? sc_utf8_len(name) : 0;
    if (n < 1 || n > SC_ORG_NAME_MAX)
        return false;
    bool visible = false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
        if (*p != ' ')
            visible = true;
    }
    return visible;
}

static const char sql_org_insert[] =
    "INSERT INTO orgs (code, name, created_at) VALUES (?1, ?2, ?3)";
/* the orgs table has no data-version trigger (triggers are engine-specific
 * SQL): the one statement that changes it says so itself */
static const char sql_org_bump[] =
    "UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT)"
    " WHERE key = 'data_version'";

sc_rc sc_org_create(sc_db *root, const char *code, const char *name, sc_errors *errs)
{
    if (!sc_jv_code_valid(code)) {
        sc_errors_add(errs, "/code", "organisation codes are " SC_CODE_RULE);
        return SC_EINVALID;
    }
    if (!org_name_valid(name)) {
        sc_errors_add(errs, "/name",
                      "an organisation's name is 1-%d characters, not only spaces, with no "
                      "control characters",
                      SC_ORG_NAME_MAX);
        return SC_EINVALID;
    }
    /* checked first: on PostgreSQL a refused INSERT would abort the
     * caller's transaction (the constraint below still guards a race) */
    bool taken = false;
    sc_rc known = sc_org_exists(root, code, &taken);
    if (known != SC_OK)
        return known;
    if (taken) {
        sc_errors_set_message(errs, "an organisation with the code %s exists already", code);
        return SC_ECONFLICT;
    }
    char now[32];
    org_now_utc(now);
    sc_stmt *st = sc_db_stmt(root, sql_org_insert);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_text(st, 2, name);
    sc_stmt_bind_text(st, 3, now);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    if (rc == SC_STEP_CONSTRAINT) {
        sc_errors_set_message(errs, "an organisation with the code %s exists already", code);
        return SC_ECONFLICT;
    }
    if (rc != SC_STEP_DONE)
        return SC_EDB;
    st = sc_db_stmt(root, sql_org_bump);
    return st ? sc_stmt_run(st) : SC_EDB;
}

static const char sql_org_exists[] = "SELECT 1 FROM orgs WHERE code = ?1";

sc_rc sc_org_exists(sc_db *root, const char *code, bool *out)
{
    sc_stmt *st = sc_db_stmt(root, sql_org_exists);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, code);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    *out = rc == SC_STEP_ROW;
    return rc == SC_STEP_ROW || rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

static const char sql_org_list[] = "SELECT code, name, created_at FROM orgs"
                                   " WHERE ?1 IS NULL OR code = ?1 ORDER BY code";

sc_rc sc_org_list(sc_db *root, const char *only, json_t **out)
{
    sc_stmt *st = sc_db_stmt(root, sql_org_list);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, only);
    json_t *items = json_array();
    int rc;
    while (items && (rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        const char *code = sc_stmt_text(st, 0);
        const char *created = sc_stmt_text(st, 2);
        json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:b}", "code", code, "name",
                                               sc_stmt_text(st, 1), "created_at",
                                               created ? json_string(created) : json_null(),
                                               "default", strcmp(code, SC_ORG_DEFAULT) == 0));
    }
    sc_stmt_reset(st);
    if (!items)
        return SC_ENOMEM;
    if (rc != SC_STEP_DONE) {
        json_decref(items);
        return SC_EDB;
    }
    *out = items;
    return SC_OK;
}

char *sc_org_path(const char *root_path, const char *code)
{
    size_t n = strlen(root_path) + strlen(code) + sizeof ".orgs/.db";
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s.orgs/%s.db", root_path, code);
    return p;
}

/* SQLite: the file name is asked of a connection, which knows the
 * absolute name and whether the database is in memory or temporary (the
 * PostgreSQL engine maps an organisation to a schema instead: sc_org_open). */
sc_rc sc_org_root_path(sc_store *root, char **out, sc_errors *errs)
{
    sc_db *db = sc_store_acquire(root);
    sqlite3 *h = sc_db_handle(db);
    if (!h) {
        sc_store_release(root, db);
        sc_errors_set_message(errs, "a PostgreSQL root has no file: its organisations are "
                                    "schemas of its database");
        return SC_EINVALID;
    }
    const char *file = sqlite3_db_filename(h, "main");
    char *copy = file && file[0] ? strdup(file) : NULL;
    bool none = !file || !file[0];
    sc_store_release(root, db);
    if (none) {
        sc_errors_set_message(errs, "an in-memory or temporary database holds only the default "
                                    "organisation");
        return SC_EINVALID;
    }
    if (!copy)
        return SC_ENOMEM;
    *out = copy;
    return SC_OK;
}

int sc_org_pool_size(sc_store *root, int wanted)
{
    if (sc_engine_is_pg_uri(sc_store_target(root)) && wanted > SC_ORG_PG_CONNECTIONS)
        return SC_ORG_PG_CONNECTIONS;
    return wanted;
}

sc_rc sc_org_open(sc_store *root, const char *code, int connections, sc_store **out,
                  sc_errors *errs)
{
    if (!sc_jv_code_valid(code) || strcmp(code, SC_ORG_DEFAULT) == 0) {
        sc_errors_set_message(errs, "not an organisation with a database of its own: %.80s",
                              code ? code : "(null)");
        return SC_EINVALID;
    }
    if (sc_engine_is_pg_uri(sc_store_target(root))) {
        /* PostgreSQL: a schema of the root's own database, with its own
         * writers' lock (engine_pg.c) */
        char schema[SC_PG_SCHEMA_MAX];
        if (!sc_pg_org_schema(code, schema)) {
            sc_errors_set_message(errs, "no schema for the organisation %.80s", code);
            return SC_EINVALID;
        }
        return sc_store_open_schema(sc_store_target(root), schema, connections, out, errs);
    }
    char *root_path = NULL;
    sc_rc rc = sc_org_root_path(root, &root_path, errs);
    if (rc != SC_OK)
        return rc;
    char *path = sc_org_path(root_path, code);
    size_t dn = strlen(root_path) + sizeof ".orgs";
    char *dir = malloc(dn);
    if (!path || !dir) {
        free(root_path);
        free(path);
        free(dir);
        return SC_ENOMEM;
    }
    snprintf(dir, dn, "%s.orgs", root_path);
    free(root_path);
    /* 0700: the figures of every organisation are the deployment's to
     * read, nobody else's on the machine */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        sc_errors_set_message(errs, "cannot make the organisations' directory %s: %s", dir,
                              strerror(errno));
        rc = SC_EDB;
    } else {
        rc = sc_store_open(path, connections, out, errs);
    }
    free(dir);
    free(path);
    return rc;
}
