/* test_figure.c - lib/store/figure.c and migration 7 on a real SQLite file
 * (store_fixture): the registry of figure kinds is complete (each kind has
 * a key of its own and exactly one as_of rule), every write leaves one
 * version in its history whose interval meets the next, and a database
 * made by the previous schema version (6: no history tables, revisions
 * without valid_to, a CHECK on kind) migrates to read back identically:
 * now, and as of every instant its revisions were written. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "figure.h"
#include "revision.h"
#include "schema.h"
#include "sqlite.h"
#include "store_demand.h"
#include "store_fixture.h"
#include "store_kpi.h"
#include "testdb.h"
#include "unit.h"

START_TEST(registry_complete)
{
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_figure_kinds_check(&errs), SC_OK);
    for (int i = 0; i < SC_REV_N; i++) {
        ck_assert_ptr_nonnull(sc_figure_kinds[i].key);
        sc_rev_kind k;
        ck_assert(sc_revision_kind_from_key(sc_figure_kinds[i].key, &k));
        ck_assert_int_eq(k, i);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(sc_figure_kinds[i].key, sc_figure_kinds[j].key);
    }
    sc_errors_clear(&errs);
}
END_TEST

/* Every row sql answers, "|"-joined, one line per row (caller frees). */
static char *rows(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(h));
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            size_t n = (v ? strlen(v) : 4) + 2;
            if (len + n + 1 > cap) {
                cap = (cap + n) * 2;
                out = realloc(out, cap);
            }
            len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "NULL",
                                    c + 1 < sqlite3_column_count(st) ? '|' : '\n');
        }
    }
    sqlite3_finalize(st);
    return out;
}

static const char *const figure_reads[] = {
    "SELECT * FROM results ORDER BY quarter, indicator_code",
    "SELECT * FROM targets ORDER BY indicator_code, from_quarter",
    "SELECT * FROM demand_values ORDER BY quarter, measure_code",
    "SELECT * FROM finance_statements ORDER BY quarter",
    "SELECT * FROM finance_lines ORDER BY quarter, position",
    "SELECT * FROM benchmarks ORDER BY quarter, indicator_code",
    /* the kinds schema version 6 knew (previous_schema_reads_back) */
    "SELECT id, quarter, kind, code, at, by, old, new FROM revisions"
    " WHERE kind NOT IN ('placement', 'population', 'demand_benchmark') ORDER BY id",
};

/* Every figure as of utc (NULL: now), as text (caller frees). */
static char *figures_at(const char *utc)
{
    sqlite3 *h = sc_db_handle(db);
    ck_assert_int_eq(sc_db_begin_read(db), SC_OK);
    if (utc)
        ck_assert_int_eq(sc_revision_as_of(db, utc, SC_AS_OF_ALL), SC_OK);
    size_t cap = 1, len = 0;
    char *all = calloc(1, 1);
    for (size_t i = 0; i < sizeof figure_reads / sizeof *figure_reads; i++) {
        char *r = rows(h, figure_reads[i]);
        cap += strlen(r) + 1;
        all = realloc(all, cap);
        len += (size_t)sprintf(all + len, "%s#", r);
        free(r);
    }
    sc_db_rollback(db);
    return all;
}

/* Some history after the demo: a restated figure, a changed target, a
 * result revised twice, a few milliseconds apart. */
static void write_more(void)
{
    sc_write what;
    for (int i = 0; i < 3; i++) {
        usleep(3000);
        ck_assert_int_eq(sc_db_begin_write(db), SC_OK);
        ck_assert_int_eq(
            sc_store_demand_put(db, Q("2020-21-Q1"), "contacts", 5000 + i, "test", &what), SC_OK);
        sc_target t = {.from_quarter = Q("2020-21-Q1"), .target = 80 + i, .tolerance = 2};
        ck_assert_int_eq(sc_store_target_put(db, "CP-SEEN", &t, "test", &what), SC_OK);
        ck_assert_int_eq(sc_db_commit(db), SC_OK);
    }
}

static const char forget_counts[] =
    "UPDATE results SET count = NULL; UPDATE results_history SET count = NULL;"
    "UPDATE revisions SET old = json_remove(old, '$.count'), new = json_remove(new, '$.count')"
    " WHERE kind = 'result';";

/* What migration 10 added cleared, so that the figures are what a schema-6
 * database could hold: no risk shares, no published totals, variance-only
 * lines or reasons (the revisions keep them in their JSON, which no
 * migration reads back into these columns), and one finance statement per
 * quarter, its latest month's. */
#define NOT_LATEST(t)                                                                              \
    "DELETE FROM " t " WHERE month <> (SELECT max(s.month) FROM finance_statements s"              \
    " WHERE s.quarter = " t ".quarter);"
static const char clear_to_6[] =
    "DELETE FROM risk_shares; DELETE FROM risk_shares_history;"
    "DELETE FROM revisions WHERE kind = 'risk_share';"
    "DELETE FROM revisions WHERE kind = 'finance' AND code <> (SELECT max(s.month)"
    " FROM finance_statements s WHERE s.quarter = revisions.quarter);" NOT_LATEST("finance_lines")
        NOT_LATEST("finance_lines_history") NOT_LATEST("finance_statements_history") NOT_LATEST(
            "finance_statements") "UPDATE finance_statements SET total_budget_gross = NULL, "
                                  "total_budget_income = NULL,"
                                  " total_budget_net = NULL, total_outturn_gross = NULL, "
                                  "total_outturn_income = NULL,"
                                  " total_outturn_net = NULL, total_variance_gross = NULL, "
                                  "total_variance_income = NULL,"
                                  " total_variance_net = NULL, total_covid_variance_net = NULL;"
                                  "UPDATE finance_statements_history SET total_budget_gross = NULL,"
                                  " total_budget_income = NULL, total_budget_net = NULL, "
                                  "total_outturn_gross = NULL,"
                                  " total_outturn_income = NULL, total_outturn_net = NULL, "
                                  "total_variance_gross = NULL,"
                                  " total_variance_income = NULL, total_variance_net = NULL, "
                                  "total_covid_variance_net = NULL;"
                                  "UPDATE finance_lines SET variance_only = 0, exclusion_reason = "
                                  "NULL;"
                                  "UPDATE finance_lines_history SET variance_only = 0, "
                                  "exclusion_reason = NULL;";

/* Turns the database into what schema version 6 made of the same writes
 * (less the care ladder's figures, which version 6 could not hold, and
 * before migration 9 gave results a count; the finance tables in their old
 * shape, one statement per quarter, without the lines' foreign key, which
 * SQLite cannot point at a table about to be replaced). */
static const char downgrade_to_6[] =
    "DELETE FROM revisions WHERE kind IN ('placement', 'population', 'demand_benchmark',"
    " 'calendar', 'question');"
    "DROP TABLE placements; DROP TABLE placements_history; DROP TABLE placement_types;"
    "DROP TABLE populations; DROP TABLE populations_history;"
    "DROP TABLE demand_benchmarks; DROP TABLE demand_benchmarks_history;"
    "DROP TABLE quarter_packs;" /* migration 14: the signed-off packs */
    "DROP TABLE orgs; ALTER TABLE api_keys DROP COLUMN org;" /* migration 15 */
    "ALTER TABLE api_keys DROP COLUMN deployment;"
    "ALTER TABLE demand_measures DROP COLUMN kind;"
    "ALTER TABLE results DROP COLUMN count;"
    "DROP TABLE risk_shares; DROP TABLE risk_shares_history;"
    "CREATE TABLE fs6 (quarter INTEGER PRIMARY KEY, units TEXT NOT NULL, as_at TEXT,"
    " updated_at TEXT NOT NULL, updated_by TEXT);"
    "INSERT INTO fs6 SELECT quarter, units, as_at, updated_at, updated_by"
    " FROM finance_statements;"
    "CREATE TABLE fl6 (quarter INTEGER NOT NULL, position INTEGER NOT NULL, code TEXT NOT NULL,"
    " name TEXT NOT NULL, parent TEXT, budget_gross REAL NOT NULL, budget_income REAL NOT NULL,"
    " budget_net REAL NOT NULL, outturn_gross REAL NOT NULL, outturn_income REAL NOT NULL,"
    " outturn_net REAL NOT NULL, variance_gross REAL, variance_income REAL, variance_net REAL,"
    " covid_variance_net REAL, PRIMARY KEY (quarter, code));"
    "INSERT INTO fl6 SELECT quarter, position, code, name, parent, budget_gross, budget_income,"
    " budget_net, outturn_gross, outturn_income, outturn_net, variance_gross, variance_income,"
    " variance_net, covid_variance_net FROM finance_lines;"
    "DROP TABLE finance_lines; DROP TABLE finance_statements;"
    "ALTER TABLE fs6 RENAME TO finance_statements; ALTER TABLE fl6 RENAME TO finance_lines;"
    "UPDATE revisions SET code = NULL WHERE kind = 'finance';"
    "DROP TABLE results_history; DROP TABLE targets_history; DROP TABLE demand_values_history;"
    "DROP TABLE finance_statements_history; DROP TABLE finance_lines_history;"
    "DROP TABLE benchmarks_history;"
    "DROP TABLE quarter_meetings; DROP TABLE quarter_calendars; DROP TABLE questions;"
    "DROP TABLE webhook_deliveries; DROP TABLE webhooks;"
    "ALTER TABLE targets DROP COLUMN source; ALTER TABLE targets DROP COLUMN rationale;"
    "ALTER TABLE targets DROP COLUMN approved_by; ALTER TABLE targets DROP COLUMN review_by;"
    "ALTER TABLE results DROP COLUMN year_to_date;" /* migration 12 */
    "DROP TABLE outturns; DROP TABLE outturns_history;"
    "CREATE TABLE revisions_6 (id INTEGER PRIMARY KEY AUTOINCREMENT, quarter INTEGER NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('result', 'target', 'demand', 'finance', 'benchmark',"
    " 'lock', 'unlock')), code TEXT, at TEXT NOT NULL, by TEXT, old TEXT, new TEXT);"
    "INSERT INTO revisions_6 SELECT id, quarter, kind, code, at, by, old, new FROM revisions;"
    "DROP TABLE revisions; ALTER TABLE revisions_6 RENAME TO revisions;"
    "CREATE INDEX revisions_quarter ON revisions (quarter, id);"
    "CREATE INDEX revisions_figure ON revisions (kind, code, quarter, id);"
    "PRAGMA user_version = 6;";

/* The two engines' migrations are the same numbered list. */
START_TEST(migration_counts_match)
{
    ck_assert_int_eq(sc_schema_pg_migration_count, sc_schema_migration_count);
    ck_assert_int_eq(sc_store_schema_version(), sc_schema_migration_count);
}
END_TEST

START_TEST(previous_schema_reads_back)
{
    if (testdb_pg()) {
        /* no PostgreSQL database ever had schema 6: the engine arrived at
         * 14, and this test rewrites a SQLite file with sqlite3_exec */
        printf("previous_schema_reads_back: skipped on PostgreSQL (a SQLite-only migration)\n");
        return;
    }
    sc_errors errs = SC_ERRORS_INIT;
    bool already;
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_OK);
    write_more();
    /* a schema-6 database has no outturns (migration 12): leave the demo's out */
    ck_assert_int_eq(sc_db_exec(db, "DELETE FROM outturns_history; DELETE FROM outturns;"
                                    " DELETE FROM revisions WHERE kind = 'outturn'"),
                     SC_OK);
    /* a database of version 6 held no counts (migration 9) */
    ck_assert_int_eq(sqlite3_exec(sc_db_handle(db), forget_counts, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(sc_db_handle(db), clear_to_6, NULL, NULL, NULL), SQLITE_OK);
    char *times = rows(sc_db_handle(db), "SELECT DISTINCT at FROM revisions ORDER BY at");
    size_t n = 0;
    char *instants[64];
    for (char *line = strtok(times, "\n"); line && n < 64; line = strtok(NULL, "\n"))
        instants[n++] = line;
    ck_assert_uint_ge(n, 4);
    char *before[65];
    before[0] = figures_at(NULL);
    for (size_t i = 0; i < n; i++)
        before[i + 1] = figures_at(instants[i]);

    ck_assert_int_eq(sqlite3_exec(sc_db_handle(db), downgrade_to_6, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(query_int("PRAGMA user_version"), 6);
    close_store();
    open_store(); /* migrates 6 -> current */
    ck_assert_int_eq(query_int("PRAGMA user_version"), sc_store_schema_version());
    ck_assert_int_eq(query_int("SELECT count(*) FROM results_history"),
                     query_int("SELECT count(*) FROM revisions WHERE kind = 'result'"
                               " AND new IS NOT NULL"));
    for (size_t i = 0; i <= n; i++) {
        char *after = figures_at(i ? instants[i - 1] : NULL);
        ck_assert_msg(strcmp(before[i], after) == 0, "the figures %s%s differ after migrating",
                      i ? "as of " : "now", i ? instants[i - 1] : "");
        free(after);
        free(before[i]);
    }
    free(times);
    sc_errors_clear(&errs);
}
END_TEST

/* The history's intervals of one figure meet end to end, the last open. */
START_TEST(history_intervals_meet)
{
    sc_errors errs = SC_ERRORS_INIT;
    bool already;
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_OK);
    write_more();
    ck_assert_int_eq(query_int("SELECT count(*) FROM targets_history WHERE indicator_code ="
                               " 'CP-SEEN' AND from_quarter = 2020 * 4"),
                     query_int("SELECT count(*) FROM revisions WHERE kind = 'target' AND code ="
                               " 'CP-SEEN' AND quarter = 2020 * 4 AND new IS NOT NULL"));
    ck_assert_int_eq(query_int("SELECT count(*) FROM targets_history WHERE indicator_code ="
                               " 'CP-SEEN' AND from_quarter = 2020 * 4 AND valid_to IS NULL"),
                     1);
    /* no gap: each closed version ends where another of the figure starts */
    ck_assert_int_eq(query_int("SELECT count(*) FROM targets_history h WHERE valid_to IS NOT"
                               " NULL AND NOT EXISTS (SELECT 1 FROM targets_history x WHERE"
                               " x.indicator_code = h.indicator_code AND x.from_quarter ="
                               " h.from_quarter AND x.valid_from = h.valid_to)"),
                     0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values_history WHERE measure_code ="
                               " 'contacts' AND quarter = 2020 * 4"),
                     4);
    sc_errors_clear(&errs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("figure");
    TCase *tc = tcase_create("figure");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, registry_complete);
    tcase_add_test(tc, migration_counts_match);
    tcase_add_test(tc, previous_schema_reads_back);
    tcase_add_test(tc, history_intervals_meet);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(suite());
}
