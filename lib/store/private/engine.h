/* engine.h - the private interface between the engine-neutral store
 * (store.c: the pool, db.h's and store.h's functions) and an engine
 * (engine_sqlite.c over SQLite, engine_pg.c over libpq).
 *
 * store.c implements every db.h and store.h function by calling the
 * connection's ops table, so the figure files never see which engine runs
 * them. Each engine's connection struct starts with an sc_db and each of
 * its statements with an sc_stmt (C's first-member rule makes the casts
 * valid). sc_store_open picks the engine from the target: a libpq URI
 * (postgresql://, postgres://) is PostgreSQL, anything else a SQLite file.
 */
#ifndef SC_ENGINE_H
#define SC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "errors.h"
#include "store.h"

typedef struct sc_engine sc_engine;

/* What every connection has, whatever its engine. */
struct sc_db {
    const sc_engine *eng;
    bool nowait;    /* sc_db_begin_write refuses at once instead of waiting */
    bool refused;   /* ... and did since sc_db_set_nowait */
    char clock[32]; /* sc_db_set_clock's instant; "" for now */
};

/* What every prepared statement has. */
struct sc_stmt {
    sc_db *db;
};

struct sc_engine {
    const char *name;
    /* a new connection to target, or NULL with a message in errs; schema
     * is the base schema unqualified names resolve to (NULL: the engine's
     * default; SQLite, whose file is the whole namespace, ignores it) */
    sc_db *(*open)(const char *target, const char *schema, sc_errors *errs);
    void (*close)(sc_db *db);
    /* brings the schema to sc_schema_migration_count, each migration in
     * its own transaction that no other process can run at the same time */
    sc_rc (*migrate)(sc_db *db, const char *target, sc_errors *errs);
    /* called when the pool hands db out: re-establishes a broken
     * connection (NULL: nothing to do) */
    void (*check)(sc_db *db);

    sc_stmt *(*stmt)(sc_db *db, const char *sql);
    void (*reset)(sc_stmt *st);
    int (*step)(sc_stmt *st);
    void (*bind_int64)(sc_stmt *st, int idx, int64_t v);
    void (*bind_double)(sc_stmt *st, int idx, double v);
    void (*bind_null)(sc_stmt *st, int idx);
    void (*bind_text)(sc_stmt *st, int idx, const char *s); /* s not NULL */
    void (*bind_blob)(sc_stmt *st, int idx, const void *p, size_t n);
    bool (*col_null)(sc_stmt *st, int col);
    int64_t (*col_int64)(sc_stmt *st, int col);
    double (*col_double)(sc_stmt *st, int col);
    const char *(*col_text)(sc_stmt *st, int col);
    const void *(*col_blob)(sc_stmt *st, int col, size_t *n);

    int64_t (*changes)(sc_db *db);
    int64_t (*last_id)(sc_db *db);
    bool (*in_transaction)(sc_db *db);
    bool (*busy)(sc_db *db);
    const char *(*errmsg)(sc_db *db);
    /* one-off SQL text with no results (may hold several statements) */
    sc_rc (*exec)(sc_db *db, const char *sql);
    /* one-off SQL (DDL on the temporary schema) not kept in the cache,
     * with ?1 bound to param when it is not NULL */
    sc_rc (*run_once)(sc_db *db, const char *sql, const char *param);
    /* makes the as_of shadows just created (on) or dropped (off) the ones
     * unqualified names resolve to, until the transaction's end */
    sc_rc (*shadow)(sc_db *db, bool on);
    /* sc_db_begin_write's lock: waits (up to a timeout) unless db->nowait,
     * and sets db->refused when refused at once */
    sc_rc (*begin_write)(sc_db *db);
    sc_rc (*begin_read)(sc_db *db);
    sc_rc (*commit)(sc_db *db);
    void (*rollback)(sc_db *db);
};

extern const sc_engine sc_engine_sqlite;
extern const sc_engine sc_engine_pg;

/* The PostgreSQL engine's rewrite of sql (engine_pg.c's header comment),
 * with main. as schema; sets *nparams to the highest ?N. The caller frees;
 * NULL when out of memory. For the engine and its unit test. */
char *sc_pg_translate(const char *sql, const char *schema, int *nparams);

/* The PostgreSQL schema of organisation code (org.h) into out: org_<code>,
 * or, for a code too long for PostgreSQL's 63-byte identifiers (codes are
 * up to 64 bytes), org_<its first 42 bytes>~<16 hex digits of a 64-bit
 * FNV-1a hash of the whole code>: '~' is never in a code, so the long form
 * cannot meet a short one. False for an invalid code. */
#define SC_PG_SCHEMA_MAX 64 /* 63 bytes and the NUL */
bool sc_pg_org_schema(const char *code, char out[SC_PG_SCHEMA_MAX]);

/* True when target names a PostgreSQL database (a libpq URI). */
bool sc_engine_is_pg_uri(const char *target);

#endif
