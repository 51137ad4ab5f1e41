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

/* Runs sql (no results) on target with libpq; false on an error. */
bool testdb_exec(const char *target, const char *sql);

#endif
