/* store_fixture.h - the fixture shared by the unit tests of the store
 * modules (test_store, test_store_kpi, test_store_demand,
 * test_store_finance, test_keys, test_ret, test_demo): a real SQLite file
 * in a fresh temporary directory per test, and helpers that store
 * definitions, targets and results through the validating lib functions
 * (failing the test on any error) and read the quarter view back. */
#ifndef SC_TESTS_STORE_FIXTURE_H
#define SC_TESTS_STORE_FIXTURE_H

#include <check.h>
#include <stdint.h>

#include "period.h"
#include "quarter.h"
#include "store.h"
#include "store_kpi.h"

/* The run's temporary directory, the current test's database file in it,
 * the open store and one connection acquired from it. */
extern char dir[64];
extern char db_path[256];
extern sc_store *store;
extern sc_db *db;

/* Opens db_path (pool of 2) and acquires db; closes both. */
void open_store(void);
void close_store(void);

/* The checked fixture: a fresh empty database file, opened (migrated);
 * closed and removed afterwards. */
void store_setup(void);
void store_teardown(void);

/* Makes the run's temporary directory, runs the suite (CK_NORMAL) and
 * removes the directory; the process exit status. The directory is made
 * and removed here, in the parent process, so it is cleaned up even when a
 * forked test fails before its teardown. */
int store_fixture_run(Suite *s);

/* The quarter of a canonical id; fails the test on a bad one. */
sc_period Q(const char *id);

/* The first column of the one row sql answers, on db. */
int64_t query_int(const char *sql);

/* Validates and stores an indicator document for code; returns what happened. */
sc_write put_indicator(const char *code, const char *text);

/* A percent indicator, higher is better, in child-protection; extra is
 * more members (",'name':value..." or NULL). */
sc_write put_simple(const char *code, int decimals, const char *extra);

/* Stores code's target in force from the quarter from. */
sc_write put_target(const char *code, const char *from, double target, double tol);

/* The row of code in quarter (the caller frees q); fails if absent. */
const sc_quarter_row *row_of(sc_quarter *q, const char *quarter, const char *code);

/* The status of code in quarter. */
sc_status status_of(const char *quarter, const char *code);

/* Demand figures as sc_store_demand_values reports them, written as
 * "code@quarter=value,..." into seen by log_value. */
typedef struct {
    char seen[512];
} value_log;

void log_value(void *cls, const char *code, sc_period q, int64_t value);

/* A finance line document in single quotes (see unit_json): budget and
 * outturn nets bnet and onet (gross the same, income 0), extra members. */
#define FIN_LINE(code, bnet, onet, extra)                                                          \
    "{'code':'" code "','name':'" code "','budget':{'gross':" #bnet ",'income':0,'net':" #bnet     \
    "},'outturn':{'gross':" #onet ",'income':0,'net':" #onet "}" extra "}"

#endif
