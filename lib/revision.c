/* revision.c - revisions and as_of reads (see revision.h). */
#include "revision.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicator.h"

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
    sqlite3_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    sqlite3_bind_int(st, 1, q);
    sc_db_bind_text(st, 2, code);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sc_db_column_strdup(st, 0);
    sc_db_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return SC_EDB;
    return rc == SQLITE_ROW && !*out ? SC_ENOMEM : SC_OK;
}

static const char sql_add[] =
    "INSERT INTO revisions (quarter, kind, code, at, by, old, new)"
    " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?4, ?5, ?6)";

sc_rc sc_revision_add(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                      const char *by, const char *old, const char *new_)
{
    sqlite3_stmt *st = sc_db_stmt(db, sql_add);
    if (!st)
        return SC_EDB;
    sqlite3_bind_int(st, 1, q);
    sqlite3_bind_text(st, 2, sc_rev_kind_keys[kind], -1, SQLITE_STATIC);
    sc_db_bind_text(st, 3, code);
    sc_db_bind_text(st, 4, by);
    sc_db_bind_text(st, 5, old);
    sc_db_bind_text(st, 6, new_);
    int rc = sqlite3_step(st);
    sc_db_reset(st);
    return rc == SQLITE_DONE ? SC_OK : SC_EDB;
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

static json_t *json_or_null(sqlite3_stmt *st, int col, const char *kind)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    json_t *v = s ? json_loads(s, 0, NULL) : NULL;
    if (json_is_object(v))
        present(kind, v);
    return v ? v : json_null();
}

sc_rc sc_revisions_list(sc_db *db, sc_period q, const sc_revision_filter *f, json_t **items,
                        int64_t *next)
{
    sqlite3_stmt *st = sc_db_stmt(db, sql_list);
    if (!st)
        return SC_EDB;
    sqlite3_bind_int(st, 1, q);
    if (f->kind >= 0)
        sqlite3_bind_text(st, 2, sc_rev_kind_keys[f->kind], -1, SQLITE_STATIC);
    sc_db_bind_text(st, 3, f->code);
    sqlite3_bind_int64(st, 4, f->before_id);
    sqlite3_bind_int(st, 5, f->limit + 1); /* one more says whether a next page exists */
    json_t *arr = json_array();
    int rc, n = 0;
    *next = 0;
    char qs[SC_PERIOD_ID_LEN];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == f->limit) {
            *next = sqlite3_column_int64(st, 0) + 1;
            continue;
        }
        const char *code = (const char *)sqlite3_column_text(st, 2);
        const char *by = (const char *)sqlite3_column_text(st, 5);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:o}", "id",
                           (json_int_t)sqlite3_column_int64(st, 0), "kind",
                           sqlite3_column_text(st, 1), "code",
                           code ? json_string(code) : json_null(), "quarter",
                           sc_period_format(sqlite3_column_int(st, 3), qs), "at",
                           sqlite3_column_text(st, 4), "by", by ? json_string(by) : json_null(),
                           "old", json_or_null(st, 6, (const char *)sqlite3_column_text(st, 1)),
                           "new", json_or_null(st, 7, (const char *)sqlite3_column_text(st, 1))));
        n++;
    }
    sc_db_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return SC_EDB;
    }
    *items = arr;
    return SC_OK;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* YYYY-MM-DDTHH:MM:SS into tm: a real calendar date and time of day. */
static bool read_date_time(const char *s, struct tm *tm)
{
    if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
        return false;
    int year = atoi(s), month = atoi(s + 5);
    *tm = (struct tm){.tm_year = year - 1900,
                      .tm_mon = month - 1,
                      .tm_mday = atoi(s + 8),
                      .tm_hour = atoi(s + 11),
                      .tm_min = atoi(s + 14),
                      .tm_sec = atoi(s + 17)};
    return year >= 1 && month >= 1 && month <= 12 && tm->tm_mday >= 1 &&
           tm->tm_mday <= days_in_month(year, month) && tm->tm_hour <= 23 && tm->tm_min <= 59 &&
           tm->tm_sec <= 60;
}

/* [.frac](Z|+HH:MM|-HH:MM) to the end: milliseconds and the offset east of
 * UTC in seconds. */
static bool read_fraction_offset(const char *p, int *ms, long *offset)
{
    *ms = 0;
    *offset = 0;
    if (*p == '.') {
        p++;
        int n = 0;
        for (; isdigit((unsigned char)*p); n++, p++)
            if (n < 3)
                *ms = *ms * 10 + (*p - '0');
        if (n == 0)
            return false;
        for (; n < 3; n++)
            *ms *= 10;
    }
    if (*p == 'Z' || *p == 'z')
        return p[1] == '\0';
    if ((*p != '+' && *p != '-') || !digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2) ||
        p[6] != '\0' || atoi(p + 1) > 23 || atoi(p + 4) > 59)
        return false;
    *offset = (atoi(p + 1) * 60 + atoi(p + 4)) * 60L * (*p == '-' ? -1 : 1);
    return true;
}

bool sc_time_parse(const char *s, char out[32])
{
    struct tm tm;
    int ms;
    long offset;
    if (!s || !read_date_time(s, &tm) || !read_fraction_offset(s + 19, &ms, &offset))
        return false;
    time_t t = timegm(&tm);
    if (t == (time_t)-1)
        return false;
    t -= offset;
    struct tm utc;
    /* the store's times, and RFC 3339's, have four-digit years: an offset
     * must not carry 9999-12-31 into the year 10000, nor 0001-01-01 into 0 */
    if (!gmtime_r(&t, &utc) || utc.tm_year + 1900 < 1 || utc.tm_year + 1900 > 9999)
        return false;
    int n = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms);
    return n > 0 && n < 32;
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
    sqlite3_stmt *q = sc_db_stmt(db, sql_written_after);
    if (!q)
        return SC_EDB;
    sqlite3_bind_text(q, 1, utc, -1, SQLITE_TRANSIENT);
    int qrc = sqlite3_step(q);
    bool later = qrc == SQLITE_ROW && sqlite3_column_int(q, 0);
    sc_db_reset(q);
    if (qrc != SQLITE_ROW)
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
