/* testdb.h - the test harnesses' one place that knows which engine the
 * tests run on. Without SCRUTINY_TEST_PG the tests use a SQLite file, as
 * always; with it (a libpq URI of a server where the test user may CREATE
 * DATABASE) each test gets a fresh PostgreSQL database of its own, named
 * sct_<pid>_<counter>, dropped when the test is done. */
#ifndef SC_TESTDB_H
#define SC_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

/* True when the tests run on PostgreSQL. */
bool testdb_pg(void);

/* The store target for a test: on PostgreSQL a new database's URI,
 * otherwise sqlite_path, copied into out. False (with a message on stderr)
 * when the database cannot be made. */
bool testdb_create(const char *sqlite_path, char *out, size_t n);

/* Drops the database testdb_create made (nothing for a SQLite path). */
void testdb_drop(const char *target);

/* Runs sql on target through the engine's own client (libpq) and returns
 * the first column of the first row as an integer (-1 on an error);
 * PostgreSQL only. */
long long testdb_query_int(const char *target, const char *sql);

/* Every table of target's base schema (except schema_version), each as
 * "== name" and its rows ordered by every column, columns joined by '|',
 * NULL as NULL, bytea as hex: PostgreSQL only. The caller frees. */
char *testdb_dump(const char *target);

/* Runs sql (no results) as the SCRUTINY_TEST_PG user on its own
 * database (CREATE/DROP DATABASE, pg_terminate_backend); false on an
 * error. */
bool testdb_admin(const char *sql);

/* The database name of a PostgreSQL target URI, into out. */
void testdb_name(const char *target, char *out, size_t n);

/* Runs sql (no results) on target with libpq; false on an error. */
bool testdb_exec(const char *target, const char *sql);

/* Calls row for each row sql answers on target (text values, NULL as
 * NULL); false on an error. PostgreSQL only. */
bool testdb_rows(const char *target, const char *sql,
                 void (*row)(void *arg, const char *const *vals, int ncols), void *arg);

/* Waits (up to 20 s) until no other session is connected to target's
 * database, e.g. the backends of a server just killed, whose last COMMIT
 * may still be landing; false on a timeout. PostgreSQL only. */
bool testdb_wait_alone(const char *target);

/* Holds the store's write lock from another connection (as a second node's
 * writer would) until testdb_release; NULL on an error. PostgreSQL only. */
void *testdb_hold_write_lock(const char *target);
void testdb_release(void *lock);

#endif
