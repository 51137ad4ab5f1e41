/* store_result.c - results as stored, written through the one write path
 * (figure.h), and the reads that join them to their indicators: a
 * quarter's view and an indicator's series. */
#include "store_kpi.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kpi.h"
#include "revision.h"

#define RESULT_COLUMNS                                                                             \
    "r.availability, r.value, r.value_given, r.numerator, r.denominator, r.reason,"                \
    " r.commentary, r.updated_at, r.updated_by, r.count, r.year_to_date"
#define RESULT_NCOLS 11

/* Reads RESULT_COLUMNS starting at column c; the row has a result when
 * availability is not NULL. */
static sc_rc read_result(sc_stmt *st, int c, sc_quarter_row *row)
{
    row->has_result = !sc_stmt_null(st, c);
    if (!row->has_result)
        return SC_OK;
    sc_result *r = &row->res;
    r->availability = (sc_availability)sc_kpi_enum_index(sc_availability_keys, SC_AVAIL_COUNT,
                                                         sc_stmt_text(st, c));
    r->has_value = !sc_stmt_null(st, c + 1);
    r->value = sc_stmt_double(st, c + 1);
    r->value_given = sc_stmt_int(st, c + 2) != 0;
    r->has_ratio = !sc_stmt_null(st, c + 3) && !sc_stmt_null(st, c + 4);
    r->numerator = sc_stmt_int64(st, c + 3);
    r->denominator = sc_stmt_int64(st, c + 4);
    r->reason = sc_stmt_strdup(st, c + 5);
    r->commentary = sc_stmt_strdup(st, c + 6);
    row->updated_at = sc_stmt_strdup(st, c + 7);
    row->updated_by = sc_stmt_strdup(st, c + 8);
    r->has_count = !sc_stmt_null(st, c + 9);
    r->count = sc_stmt_int64(st, c + 9);
    r->has_year_to_date = !sc_stmt_null(st, c + 10);
    r->year_to_date = sc_stmt_double(st, c + 10);
    if ((!r->reason && !sc_stmt_null(st, c + 5)) || (!r->commentary && !sc_stmt_null(st, c + 6)) ||
        !row->updated_at)
        return SC_ENOMEM;
    return SC_OK;
}

static const char sql_result_get[] =
    "SELECT " RESULT_COLUMNS " FROM results r WHERE r.quarter = ?1 AND r.indicator_code = ?2";
static const char sql_result_put[] =
    "INSERT INTO results (quarter, indicator_code, availability, value, value_given,"
    " numerator, denominator, reason, commentary, created_at, updated_at, updated_by, count,"
    " year_to_date)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " NOW ", " NOW ", ?10, ?11, ?12)"
    " ON CONFLICT (quarter, indicator_code) DO UPDATE SET"
    " availability = excluded.availability, value = excluded.value,"
    " value_given = excluded.value_given, numerator = excluded.numerator,"
    " denominator = excluded.denominator, reason = excluded.reason,"
    " commentary = excluded.commentary, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by, count = excluded.count,"
    " year_to_date = excluded.year_to_date";

static sc_rc result_compare(sc_db *db, sc_period quarter, const char *code, const sc_result *r,
                            sc_write *what)
{
    sc_stmt *st = sc_db_stmt(db, sql_result_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, quarter);
    sc_stmt_bind_text(st, 2, code);
    int rc = sc_stmt_step(st);
    sc_rc out = SC_OK;
    if (rc == SC_STEP_ROW) {
        sc_quarter_row old = {0};
        out = read_result(st, 0, &old);
        *what =
            out == SC_OK && sc_result_equal(&old.res, r) ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
        sc_quarter_row_clear(&old);
    } else {
        *what = SC_WRITE_CREATED;
        if (rc != SC_STEP_DONE)
            out = SC_EDB;
    }
    sc_stmt_reset(st);
    return out;
}

static sc_rc result_compared(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    return result_compare(db, c->q, c->code, c->figure, what);
}

static sc_rc result_write(sc_db *db, const sc_figure_change *c)
{
    const sc_result *r = c->figure;
    sc_stmt *st = sc_db_stmt(db, sql_result_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    sc_stmt_bind_text(st, 3, sc_availability_keys[r->availability]);
    if (r->has_value)
        sc_stmt_bind_double(st, 4, r->value);
    sc_stmt_bind_int(st, 5, r->value_given);
    if (r->has_ratio) {
        sc_stmt_bind_int64(st, 6, r->numerator);
        sc_stmt_bind_int64(st, 7, r->denominator);
    }
    sc_stmt_bind_text(st, 8, r->reason);
    sc_stmt_bind_text(st, 9, r->commentary);
    sc_stmt_bind_text(st, 10, c->by);
    if (r->has_count)
        sc_stmt_bind_int64(st, 11, r->count);
    if (r->has_year_to_date)
        sc_stmt_bind_double(st, 12, r->year_to_date);
    return sc_stmt_run(st);
}

sc_rc sc_store_result_put(sc_db *db, sc_period quarter, const char *code, const sc_result *r,
                          const char *by, sc_write *what)
{
    sc_figure_change c = {.kind = SC_REV_RESULT,
                          .q = quarter,
                          .code = code,
                          .by = by,
                          .figure = r,
                          .compare = result_compared,
                          .write = result_write};
    return sc_figure_write(db, &c, what);
}

/* Beside each indicator: its result, the target in force, its benchmarks,
 * and from the revisions the value first reported and whether the value
 * changed since (a restatement). The lean form, for the summary, leaves
 * the last three out (NULL in their columns). */
#define QUARTER_FROM " FROM indicators i JOIN service_areas a ON a.code = i.service_area"
#define QUARTER_JOINS                                                                              \
    " LEFT JOIN results r ON r.indicator_code = i.code AND r.quarter = ?1"                         \
    " LEFT JOIN targets t ON t.indicator_code = i.code AND t.from_quarter ="                       \
    "  (SELECT max(from_quarter) FROM targets WHERE indicator_code = i.code"                       \
    "   AND from_quarter <= ?1)"                                                                   \
    " WHERE (i.active_from IS NULL OR i.active_from <= ?1)"                                        \
    " AND (i.active_to IS NULL OR i.active_to >= ?1)"                                              \
    " AND (?2 IS NULL OR i.category = ?2) AND (?3 IS NULL OR i.service_area = ?3)"                 \
    " AND (?4 IS NULL OR i.code = ?4)" TABLE_ORDER

static const char sql_quarter[] =
    "SELECT " INDICATOR_COLUMNS ", " RESULT_COLUMNS ", t.from_quarter, t.target, t.tolerance,"
    " b.quarter, b.national, b.regional, b.statistical_neighbours, b.regional_rank,"
    " b.regional_count, b.source, b.period,"
    " (SELECT json_extract(v.new, '$.value') FROM revisions v WHERE v.kind = 'result'"
    "   AND v.code = i.code AND v.quarter = ?1 AND v.new IS NOT NULL ORDER BY v.id LIMIT 1),"
    " (SELECT count(*) FROM revisions v WHERE v.kind = 'result' AND v.code = i.code"
    "   AND v.quarter = ?1 AND v.old IS NOT NULL"
    "   AND json_extract(v.old, '$.value') IS NOT json_extract(v.new, '$.value')),"
    " t.source, t.review_by" QUARTER_FROM
    " LEFT JOIN benchmarks b ON b.quarter = ?1 AND b.indicator_code = i.code" QUARTER_JOINS;

static const char sql_quarter_lean[] =
    "SELECT " INDICATOR_COLUMNS ", " RESULT_COLUMNS ", t.from_quarter, t.target, t.tolerance,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, t.source, t.review_by" QUARTER_FROM
        QUARTER_JOINS;

static sc_rc read_quarter_row(sc_stmt *st, sc_quarter_row *row)
{
    memset(row, 0, sizeof *row);
    sc_rc r = sc_kpi_read_indicator(st, &row->ind);
    if (r == SC_OK)
        r = read_result(st, INDICATOR_NCOLS, row);
    int t = INDICATOR_NCOLS + RESULT_NCOLS;
    row->has_target = !sc_stmt_null(st, t);
    row->target.from_quarter = sc_stmt_int(st, t);
    row->target.target = sc_stmt_double(st, t + 1);
    row->target.tolerance = sc_stmt_double(st, t + 2);
    int b = t + 3;
    row->has_benchmark = !sc_stmt_null(st, b);
    row->bench.period = SC_PERIOD_NONE;
    if (row->has_benchmark) {
        for (int k = 0; k < 3; k++) {
            row->bench.has[k] = !sc_stmt_null(st, b + 1 + k);
            row->bench.value[k] = sc_stmt_double(st, b + 1 + k);
        }
        row->bench.has_rank = !sc_stmt_null(st, b + 4);
        row->bench.rank = sc_stmt_int64(st, b + 4);
        row->bench.has_count = !sc_stmt_null(st, b + 5);
        row->bench.count = sc_stmt_int64(st, b + 5);
        row->bench.source = sc_stmt_strdup(st, b + 6);
        if (!sc_stmt_null(st, b + 7))
            row->bench.period = sc_stmt_int(st, b + 7);
    }
    int f = b + 8;
    row->has_first_value = !sc_stmt_null(st, f);
    row->first_value = sc_stmt_double(st, f);
    row->restated = sc_stmt_int(st, f + 1) > 0;
    /* the target's provenance the quarter list shows (its texts are the
     * targets list's) */
    sc_kpi_read_target_source(st, f + 2, f + 3, &row->target);
    row->ctx.streak = 1;
    if (r == SC_OK)
        sc_quarter_judge(row);
    return r;
}

/* Makes room for one more row in out (cap: its capacity): SC_OK or
 * SC_ENOMEM. */
static sc_rc room_for_row(sc_quarter *out, size_t *cap)
{
    if (out->count < *cap)
        return SC_OK;
    size_t n = *cap ? *cap * 2 : 64;
    sc_quarter_row *rows = realloc(out->rows, n * sizeof *rows);
    if (!rows)
        return SC_ENOMEM;
    out->rows = rows;
    *cap = n;
    return SC_OK;
}

sc_rc sc_store_quarter(sc_db *db, sc_period q, const sc_quarter_filter *f, sc_quarter *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    sc_stmt *st = sc_db_stmt(db, f && f->lean ? sql_quarter_lean : sql_quarter);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    if (f && f->category >= 0)
        sc_stmt_bind_text(st, 2, sc_category_keys[f->category]);
    if (f) {
        sc_stmt_bind_text(st, 3, f->service_area);
        sc_stmt_bind_text(st, 4, f->code);
    }
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if ((r = room_for_row(out, &cap)) != SC_OK)
            break;
        r = read_quarter_row(st, &out->rows[out->count]);
        out->count++;
        if (r != SC_OK)
            break;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK)
        sc_quarter_clear(out);
    return r;
}

/* Results with the target in force at each, by indicator then quarter;
 * the lean form leaves reason, commentary and who wrote it out. */
#define SERIES_LEAN_COLUMNS                                                                        \
    "r.availability, r.value, r.value_given, r.numerator, r.denominator, NULL, NULL,"              \
    " r.updated_at, NULL, r.count, r.year_to_date"
/* One indicator's series goes through results_indicator; the form for
 * every indicator through the primary key. They are two statements, not
 * one with "?1 IS NULL OR code = ?1": the planner cannot see the bound
 * value, and that form scanned every result of every indicator for each
 * one (the quarter indicator list, which reads 500 histories, took 2.4 s). */
#define SERIES_SELECT(columns)                                                                     \
    "SELECT r.indicator_code, r.quarter, " columns ", t.from_quarter, t.target,"                   \
    " t.tolerance FROM results r"                                                                  \
    " LEFT JOIN targets t ON t.indicator_code = r.indicator_code AND t.from_quarter ="             \
    "  (SELECT max(from_quarter) FROM targets WHERE indicator_code = r.indicator_code"             \
    "   AND from_quarter <= r.quarter)"
#define SERIES_ONE " WHERE r.indicator_code = ?1 AND r.quarter BETWEEN ?2 AND ?3 ORDER BY r.quarter"
#define SERIES_ALL " WHERE r.quarter BETWEEN ?2 AND ?3 ORDER BY r.indicator_code, r.quarter"
static const char sql_series_lean_one[] = SERIES_SELECT(SERIES_LEAN_COLUMNS) SERIES_ONE;
static const char sql_series_lean_all[] = SERIES_SELECT(SERIES_LEAN_COLUMNS) SERIES_ALL;
static const char sql_series_one[] = SERIES_SELECT(RESULT_COLUMNS) SERIES_ONE;
static const char sql_series_all[] = SERIES_SELECT(RESULT_COLUMNS) SERIES_ALL;

sc_rc sc_store_series(sc_db *db, const char *code, sc_period from, sc_period to, bool lean,
                      sc_quarter *out)
{
    memset(out, 0, sizeof *out);
    const char *sql = lean ? (code ? sql_series_lean_one : sql_series_lean_all)
                           : (code ? sql_series_one : sql_series_all);
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    if (code)
        sc_stmt_bind_text(st, 1, code);
    sc_stmt_bind_int(st, 2, from);
    sc_stmt_bind_int(st, 3, to);
    size_t cap = 0;
    sc_rc r = SC_OK;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if ((r = room_for_row(out, &cap)) != SC_OK)
            break;
        sc_quarter_row *row = &out->rows[out->count++];
        memset(row, 0, sizeof *row);
        row->ind.code = sc_stmt_strdup(st, 0);
        r = row->ind.code ? read_result(st, 2, row) : SC_ENOMEM;
        int t = 2 + RESULT_NCOLS;
        row->has_target = !sc_stmt_null(st, t);
        row->quarter = sc_stmt_int(st, 1);
        row->target.from_quarter = sc_stmt_int(st, t);
        row->target.target = sc_stmt_double(st, t + 1);
        row->target.tolerance = sc_stmt_double(st, t + 2);
        if (r != SC_OK)
            break;
    }
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    sc_stmt_reset(st);
    if (r != SC_OK)
        sc_quarter_clear(out);
    return r;
}
