/* revision.c - revisions and as_of reads (see revision.h). */
#include "revision.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "indicator.h"
#include "sqlite.h"

const char *const sc_rev_kind_keys[SC_REV_N] = {"result",    "target", "demand", "finance",
                                                "benchmark", "lock",   "unlock"};

#define RESULT_JSON                                                                          \
    "json_object('availability', availability, 'value', value, 'value_given', value_given,"  \
    " 'numerator', numerator, 'denominator', denominator, 'reason', reason,"                 \
    " 'commentary', commentary, 'created_at', created_at, 'updated_at', updated_at,"         \
    " 'updated_by', updated_by)"

static const char sql_snap_result[] = "SELECT " RESULT_JSON " FROM results"
                                      " WHERE quarter = ?1 AND indicator_code = ?2";
static const char sql_snap_target[] =
    "SELECT json_object('target', target, 'tolerance', tolerance, 'updated_at', updated_at,"
    " 'updated_by', updated_by) FROM targets WHERE from_quarter = ?1 AND indicator_code = ?2";
static const char sql_snap_demand[] =
    "SELECT json_object('value', value, 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM demand_values WHERE quarter = ?1 AND measure_code = ?2";
static const char sql_snap_finance[] =
    "SELECT json_object('units', s.units, 'as_at', s.as_at, 'updated_at', s.updated_at,"
    " 'updated_by', s.updated_by, 'lines', (SELECT json_group_array(json_object("
    "  'position', l.position, 'code', l.code, 'name', l.name, 'parent', l.parent,"
    "  'budget_gross', l.budget_gross, 'budget_income', l.budget_income,"
    "  'budget_net', l.budget_net, 'outturn_gross', l.outturn_gross,"
    "  'outturn_income', l.outturn_income, 'outturn_net', l.outturn_net,"
    "  'variance_gross', l.variance_gross, 'variance_income', l.variance_income,"
    "  'variance_net', l.variance_net, 'covid_variance_net', l.covid_variance_net))"
    "  FROM (SELECT * FROM finance_lines WHERE quarter = s.quarter ORDER BY position) l))"
    " FROM finance_statements s WHERE s.quarter = ?1 AND ?2 IS ?2";
static const char sql_snap_benchmark[] =
    "SELECT json_object('national', national, 'regional', regional,"
    " 'statistical_neighbours', statistical_neighbours, 'regional_rank', regional_rank,"
    " 'regional_count', regional_count, 'source', source, 'period', period,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM benchmarks WHERE quarter = ?1 AND indicator_code = ?2";

sc_rc sc_revision_snapshot(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                           char **out)
{
    const char *sql = kind == SC_REV_RESULT      ? sql_snap_result
                      : kind == SC_REV_TARGET    ? sql_snap_target
                      : kind == SC_REV_DEMAND    ? sql_snap_demand
                      : kind == SC_REV_FINANCE   ? sql_snap_finance
                      : kind == SC_REV_BENCHMARK ? sql_snap_benchmark
                                                 : NULL;
    *out = NULL;
    if (!sql)
        return SC_OK;
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW)
        *out = sc_stmt_strdup(st, 0);
    sc_stmt_reset(st);
    if (rc != SC_STEP_ROW && rc != SC_STEP_DONE)
        return SC_EDB;
    return rc == SC_STEP_ROW && !*out ? SC_ENOMEM : SC_OK;
}

static const char sql_add[] =
    "INSERT INTO revisions (quarter, kind, code, at, by, old, new)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4, ?5, ?6)";

sc_rc sc_revision_add(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                      const char *by, const char *old, const char *new_)
{
    sc_stmt *st = sc_db_stmt(db, sql_add);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, sc_rev_kind_keys[kind]);
    sc_stmt_bind_text(st, 3, code);
    sc_stmt_bind_text(st, 4, by);
    sc_stmt_bind_text(st, 5, old);
    sc_stmt_bind_text(st, 6, new_);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_DONE ? SC_OK : SC_EDB;
}

sc_rc sc_revision_record(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                         const char *by, char *old)
{
    char *now = NULL;
    sc_rc rc = sc_revision_snapshot(db, kind, q, code, &now);
    if (rc == SC_OK)
        rc = sc_revision_add(db, kind, q, code, by, old, now);
    free(old);
    free(now);
    return rc;
}

static const char sql_list[] =
    "SELECT id, kind, code, quarter, at, by, old, new FROM revisions"
    " WHERE quarter = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR code = ?3)"
    " AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5";

/* SQLite keeps REAL columns as 90.0; show whole numbers as the rest of the
 * API does (90), so old and new compare cleanly with the figures. */
static void whole_numbers(json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (json_is_real(v))
            json_object_set_new(obj, key, sc_json_number(json_real_value(v)));
    }
}

static json_t *money(json_t *line, const char *prefix)
{
    char g[32], i[32], n[32];
    snprintf(g, sizeof g, "%s_gross", prefix);
    snprintf(i, sizeof i, "%s_income", prefix);
    snprintf(n, sizeof n, "%s_net", prefix);
    json_t *m = json_object_get(line, n);
    json_t *out = json_is_null(m) || !m
                      ? json_null()
                      : json_pack("{s:O, s:O, s:O}", "gross", json_object_get(line, g), "income",
                                  json_object_get(line, i), "net", m);
    json_object_del(line, g);
    json_object_del(line, i);
    json_object_del(line, n);
    return out;
}

/* Stored rows shown as the API shows the resources: no storage-only
 * fields, money as { gross, income, net }, quarters as ids. */
static void present(const char *kind, json_t *v)
{
    whole_numbers(v);
    json_object_del(v, "value_given");
    json_object_del(v, "created_at");
    if (strcmp(kind, "benchmark") == 0 && json_is_integer(json_object_get(v, "period")))
        json_object_set_new(v, "period",
                            sc_json_period((sc_period)json_integer_value(json_object_get(v, "period"))));
    size_t i;
    json_t *line;
    json_array_foreach(json_object_get(v, "lines"), i, line) {
        whole_numbers(line);
        json_object_del(line, "position");
        json_object_set_new(line, "budget", money(line, "budget"));
        json_object_set_new(line, "outturn", money(line, "outturn"));
        json_object_set_new(line, "variance", money(line, "variance"));
    }
}

static json_t *json_or_null(sc_stmt *st, int col, const char *kind)
{
    const char *s = sc_stmt_text(st, col);
    json_t *v = s ? json_loads(s, 0, NULL) : NULL;
    if (json_is_object(v))
        present(kind, v);
    return v ? v : json_null();
}

sc_rc sc_revisions_list(sc_db *db, sc_period q, const sc_revision_filter *f, json_t **items,
                        int64_t *next)
{
    sc_stmt *st = sc_db_stmt(db, sql_list);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    if (f->kind >= 0)
        sc_stmt_bind_text(st, 2, sc_rev_kind_keys[f->kind]);
    sc_stmt_bind_text(st, 3, f->code);
    sc_stmt_bind_int64(st, 4, f->before_id);
    sc_stmt_bind_int(st, 5, f->limit + 1); /* one more says whether a next page exists */
    json_t *arr = json_array();
    int rc, n = 0;
    *next = 0;
    char qs[SC_PERIOD_ID_LEN];
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (n == f->limit) {
            *next = sc_stmt_int64(st, 0) + 1;
            continue;
        }
        const char *code = sc_stmt_text(st, 2);
        const char *by = sc_stmt_text(st, 5);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o}", "id",
                           (json_int_t)sc_stmt_int64(st, 0), "kind",
                           sc_stmt_text(st, 1), "code",
                           code ? json_string(code) : json_null(), "quarter",
                           sc_period_format(sc_stmt_int(st, 3), qs), "at",
                           sc_stmt_text(st, 4), "by", by ? json_string(by) : json_null(),
                           "old", json_or_null(st, 6, sc_stmt_text(st, 1)),
                           "new", json_or_null(st, 7, sc_stmt_text(st, 1))));
        n++;
    }
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE) {
        json_decref(arr);
        return SC_EDB;
    }
    *items = arr;
    return SC_OK;
}


/* The latest revision of each figure at or before ?1, where it still exists. */
#define LATEST(kind)                                                                         \
    " FROM main.revisions r WHERE r.kind = '" kind "' AND r.new IS NOT NULL AND r.id ="      \
    " (SELECT max(x.id) FROM main.revisions x WHERE x.kind = r.kind AND x.code IS r.code"    \
    "  AND x.quarter = r.quarter AND x.at <= ?1)"

/* A revision's id, place and time, with only the value of its old and new
 * rows. */
#define REVISION_VALUES(kind)                                                                \
    " SELECT id, quarter, kind, code, at, by, CASE WHEN old IS NULL THEN NULL"              \
    " ELSE json_object('value', json_extract(old, '$.value')) END,"                          \
    " CASE WHEN new IS NULL THEN NULL"                                                       \
    " ELSE json_object('value', json_extract(new, '$.value')) END"                           \
    " FROM main.revisions WHERE kind = '" kind "' AND at <= ?1"

/* Each statement with the figures it shadows, so that a request copies only
 * what it reads (a demand table need not copy every result). Each table
 * gets the indexes of the table it shadows: without them every lookup of
 * the views scans it (a quarter of 500 indicators took 17 s). */
static const struct {
    unsigned what;
    const char *sql;
} as_of_sql[] = {
    {SC_AS_OF_KPI,
        "CREATE TEMP TABLE results (quarter INTEGER, indicator_code TEXT, availability TEXT,"
        " value REAL, value_given INTEGER, numerator INTEGER, denominator INTEGER, reason TEXT,"
        " commentary TEXT, created_at TEXT, updated_at TEXT, updated_by TEXT)"},
    {SC_AS_OF_KPI,
        "INSERT INTO temp.results SELECT r.quarter, r.code, json_extract(r.new, '$.availability'),"
        " json_extract(r.new, '$.value'), json_extract(r.new, '$.value_given'),"
        " json_extract(r.new, '$.numerator'), json_extract(r.new, '$.denominator'),"
        " json_extract(r.new, '$.reason'), json_extract(r.new, '$.commentary'),"
        " json_extract(r.new, '$.created_at'), json_extract(r.new, '$.updated_at'),"
        " json_extract(r.new, '$.updated_by')" LATEST("result")},
    {SC_AS_OF_KPI,
        "CREATE TEMP TABLE targets (indicator_code TEXT, from_quarter INTEGER, target REAL,"
        " tolerance REAL, updated_at TEXT, updated_by TEXT)"},
    {SC_AS_OF_KPI,
        "INSERT INTO temp.targets SELECT r.code, r.quarter, json_extract(r.new, '$.target'),"
        " json_extract(r.new, '$.tolerance'), json_extract(r.new, '$.updated_at'),"
        " json_extract(r.new, '$.updated_by')" LATEST("target")},
    {SC_AS_OF_DEMAND,
        "CREATE TEMP TABLE demand_values (quarter INTEGER, measure_code TEXT, value INTEGER,"
        " updated_at TEXT, updated_by TEXT)"},
    {SC_AS_OF_DEMAND,
        "INSERT INTO temp.demand_values SELECT r.quarter, r.code, json_extract(r.new, '$.value'),"
        " json_extract(r.new, '$.updated_at'), json_extract(r.new, '$.updated_by')"
        LATEST("demand")},
    {SC_AS_OF_FINANCE,
        "CREATE TEMP TABLE finance_statements (quarter INTEGER, units TEXT, as_at TEXT,"
        " updated_at TEXT, updated_by TEXT)"},
    {SC_AS_OF_FINANCE,
        "INSERT INTO temp.finance_statements SELECT r.quarter, json_extract(r.new, '$.units'),"
        " json_extract(r.new, '$.as_at'), json_extract(r.new, '$.updated_at'),"
        " json_extract(r.new, '$.updated_by')" LATEST("finance")},
    {SC_AS_OF_FINANCE,
        "CREATE TEMP TABLE finance_lines (quarter INTEGER, position INTEGER, code TEXT, name TEXT,"
        " parent TEXT, budget_gross REAL, budget_income REAL, budget_net REAL,"
        " outturn_gross REAL, outturn_income REAL, outturn_net REAL, variance_gross REAL,"
        " variance_income REAL, variance_net REAL, covid_variance_net REAL)"},
    {SC_AS_OF_FINANCE,
        "INSERT INTO temp.finance_lines SELECT r.quarter, json_extract(l.value, '$.position'),"
        " json_extract(l.value, '$.code'), json_extract(l.value, '$.name'),"
        " json_extract(l.value, '$.parent'), json_extract(l.value, '$.budget_gross'),"
        " json_extract(l.value, '$.budget_income'), json_extract(l.value, '$.budget_net'),"
        " json_extract(l.value, '$.outturn_gross'), json_extract(l.value, '$.outturn_income'),"
        " json_extract(l.value, '$.outturn_net'), json_extract(l.value, '$.variance_gross'),"
        " json_extract(l.value, '$.variance_income'), json_extract(l.value, '$.variance_net'),"
        " json_extract(l.value, '$.covid_variance_net')"
        " FROM main.revisions r, json_each(r.new, '$.lines') l WHERE r.kind = 'finance'"
        " AND r.new IS NOT NULL AND r.id = (SELECT max(x.id) FROM main.revisions x"
        "  WHERE x.kind = 'finance' AND x.quarter = r.quarter AND x.at <= ?1)"},
    {SC_AS_OF_KPI,
        "CREATE TEMP TABLE benchmarks (quarter INTEGER, indicator_code TEXT, national REAL,"
        " regional REAL, statistical_neighbours REAL, regional_rank INTEGER,"
        " regional_count INTEGER, source TEXT, period INTEGER, updated_at TEXT, updated_by TEXT)"},
    {SC_AS_OF_KPI,
        "INSERT INTO temp.benchmarks SELECT r.quarter, r.code, json_extract(r.new, '$.national'),"
        " json_extract(r.new, '$.regional'), json_extract(r.new, '$.statistical_neighbours'),"
        " json_extract(r.new, '$.regional_rank'), json_extract(r.new, '$.regional_count'),"
        " json_extract(r.new, '$.source'), json_extract(r.new, '$.period'),"
        " json_extract(r.new, '$.updated_at'), json_extract(r.new, '$.updated_by')"
        LATEST("benchmark")},
    {SC_AS_OF_KPI,
        "CREATE INDEX temp.as_of_results ON results (quarter, indicator_code)"},
    {SC_AS_OF_KPI,
        "CREATE INDEX temp.as_of_results_series ON results (indicator_code, quarter, availability,"
        " value, value_given, numerator, denominator, updated_at)"},
    {SC_AS_OF_KPI,
        "CREATE INDEX temp.as_of_targets ON targets (indicator_code, from_quarter)"},
    {SC_AS_OF_DEMAND,
        "CREATE INDEX temp.as_of_demand ON demand_values (quarter, measure_code)"},
    {SC_AS_OF_DEMAND,
        "CREATE INDEX temp.as_of_demand_measure ON demand_values (measure_code, quarter)"},
    {SC_AS_OF_FINANCE,
        "CREATE INDEX temp.as_of_finance ON finance_statements (quarter)"},
    {SC_AS_OF_FINANCE,
        "CREATE INDEX temp.as_of_finance_lines ON finance_lines (quarter, position)"},
    {SC_AS_OF_KPI,
        "CREATE INDEX temp.as_of_benchmarks ON benchmarks (quarter, indicator_code)"},
    /* restatement marks must not see the future either; they read only
     * the value of result and demand revisions, so only that is copied */
    {SC_AS_OF_KPI | SC_AS_OF_DEMAND,
     "CREATE TEMP TABLE revisions AS SELECT * FROM main.revisions WHERE 0"},
    {SC_AS_OF_KPI, "INSERT INTO temp.revisions" REVISION_VALUES("result")},
    {SC_AS_OF_DEMAND, "INSERT INTO temp.revisions" REVISION_VALUES("demand")},
    {SC_AS_OF_KPI | SC_AS_OF_DEMAND,
     "CREATE INDEX temp.as_of_revisions ON revisions (kind, code, quarter, id)"},
};

/* Whether anything was written after utc: when not, the figures as they
 * stood then are the figures now, and nothing needs shadowing (a scan of
 * the revisions, far cheaper than rebuilding the tables). */
static const char sql_written_after[] =
    "SELECT EXISTS (SELECT 1 FROM main.revisions WHERE at > ?1)";

sc_rc sc_revision_as_of(sc_db *db, const char *utc, unsigned what)
{
    sqlite3 *conn = sc_db_handle(db);
    sc_stmt *q = sc_db_stmt(db, sql_written_after);
    if (!q)
        return SC_EDB;
    sc_stmt_bind_text(q, 1, utc);
    int qrc = sc_stmt_step(q);
    bool later = qrc == SC_STEP_ROW && sc_stmt_int(q, 0);
    sc_stmt_reset(q);
    if (qrc != SC_STEP_ROW)
        return SC_EDB;
    if (!later)
        return SC_OK;
    for (size_t i = 0; i < sizeof as_of_sql / sizeof *as_of_sql; i++) {
        if (!(as_of_sql[i].what & what))
            continue;
        /* prepared once per call: the temp schema changes between them */
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(conn, as_of_sql[i].sql, -1, &st, NULL) != SQLITE_OK)
            return SC_EDB;
        if (sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_text(st, 1, utc, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return SC_EDB;
    }
    return SC_OK;
}
