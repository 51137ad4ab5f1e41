/* test_store.c - lib/store, lib/store_kpi, lib/keys and lib/ret on a real
 * SQLite file in a fresh temporary directory per test: migrations (and
 * reopening), the built-in service areas, indicators (created / updated /
 * unchanged, unknown area, delete refused while results exist), targets in
 * force across quarters through sc_store_quarter, active_from/active_to,
 * results, API keys, demand measures and counts, finance statements, the
 * quarterly return (every problem reported, nothing written, duplicates
 * refused, re-applying changes nothing), and the demo dataset loaded end
 * to end, giving the published 2020/21 Q1 and 2019/20 Q3 tables. */
#include <check.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "keys.h"
#include "quarter.h"
#include "return.h"
#include "store.h"
#include "store_demand.h"
#include "store_finance.h"
#include "store_kpi.h"
#include "sqlite.h"
#include "unit.h"

/* One temporary directory per run, made and removed by main() in the
 * parent process, so it is cleaned up even when a forked test fails
 * before its teardown; each test gets a fresh database file inside it. */
static char dir[64];
static char db_path[128];
static sc_store *store;
static sc_db *db;

static void remove_db_files(void)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s%s", db_path, suffixes[i]);
        unlink(p);
    }
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static void open_store(void)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_rc rc = sc_store_open(db_path, 2, &store, &errs);
    ck_assert_msg(rc == SC_OK, "open %s: %s", db_path, errs.message ? errs.message : "?");
    sc_errors_clear(&errs);
    db = sc_store_acquire(store);
    ck_assert_ptr_nonnull(db);
}

static void close_store(void)
{
    if (db)
        sc_store_release(store, db);
    db = NULL;
    sc_store_close(store);
    store = NULL;
}

static void setup(void)
{
    snprintf(db_path, sizeof db_path, "%s/test-XXXXXX", dir);
    int fd = mkstemp(db_path); /* an empty file is an empty database */
    ck_assert_int_ge(fd, 0);
    close(fd);
    open_store();
}

static void teardown(void)
{
    close_store();
    remove_db_files();
}

/* ---- helpers ---- */

static sc_period Q(const char *id)
{
    sc_period p;
    ck_assert_msg(sc_period_parse(id, &p, NULL, 0), "bad quarter %s", id);
    return p;
}

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(sc_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Validates and stores an indicator document for code; returns what happened. */
static sc_write put_indicator(const char *code, const char *text)
{
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    ck_assert_msg(sc_indicator_from_json(doc, code, "", &ind, &errs) == SC_OK, "%s",
                  unit_problems(&errs));
    json_decref(doc);
    sc_write what = (sc_write)-1;
    sc_rc rc = sc_store_indicator_put(db, &ind, &what, &errs);
    ck_assert_msg(rc == SC_OK, "put %s: %s %s", code, sc_rc_name(rc), unit_problems(&errs));
    sc_indicator_clear(&ind);
    sc_errors_clear(&errs);
    return what;
}

/* A percent indicator, higher is better, in child-protection. */
static sc_write put_simple(const char *code, int decimals, const char *extra)
{
    char text[512];
    snprintf(text, sizeof text,
             "{'name':'Indicator %s','category':'strategic_partnership',"
             "'service_area':'child-protection','polarity':'higher_is_better',"
             "'unit':'percent','decimals':%d%s}",
             code, decimals, extra ? extra : "");
    return put_indicator(code, text);
}

static sc_write put_target(const char *code, const char *from, double target, double tol)
{
    sc_target t = {Q(from), target, tol};
    sc_write what = (sc_write)-1;
    ck_assert_int_eq(sc_store_target_put(db, code, &t, "admin-key", &what), SC_OK);
    return what;
}

/* Validates and stores a result document for (quarter, code). */
static sc_write put_result(const char *quarter, const char *code, const char *text)
{
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, code, &ind), SC_OK);
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_msg(sc_result_from_json(doc, &ind, "", NULL, &r, &errs) == SC_OK, "%s",
                  unit_problems(&errs));
    json_decref(doc);
    sc_indicator_clear(&ind);
    sc_write what = (sc_write)-1;
    ck_assert_int_eq(sc_store_result_put(db, Q(quarter), code, &r, "trust-key", &what), SC_OK);
    sc_result_clear(&r);
    return what;
}

static sc_write put_value(const char *quarter, const char *code, double value)
{
    char text[128];
    snprintf(text, sizeof text, "{'availability':'reported','value':%.17g}", value);
    return put_result(quarter, code, text);
}

/* The row of code in quarter (the caller frees q); fails if absent. */
static const sc_quarter_row *row_of(sc_quarter *q, const char *quarter, const char *code)
{
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.code = code;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), &f, q), SC_OK);
    ck_assert_msg(q->count == 1, "%s has %zu rows in %s", code, q->count, quarter);
    return &q->rows[0];
}

static sc_status status_of(const char *quarter, const char *code)
{
    sc_quarter q;
    sc_status s = row_of(&q, quarter, code)->status;
    sc_quarter_free(&q);
    return s;
}

/* The codes of the indicators active in quarter, comma-separated. */
static const char *codes_in(const char *quarter)
{
    static char buf[256];
    sc_quarter q;
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), &f, &q), SC_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < q.count; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, q.rows[i].ind.code);
    }
    sc_quarter_free(&q);
    return buf;
}

/* ---- schema and service areas ---- */

START_TEST(open_migrates_and_reopens)
{
    ck_assert_int_ge(sc_store_schema_version(), 1);
    ck_assert_int_eq(query_int("PRAGMA user_version"), sc_store_schema_version());
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    put_simple("CP-SEEN", 0, NULL);

    /* reopening an up-to-date file changes nothing */
    close_store();
    open_store();
    ck_assert_int_eq(query_int("PRAGMA user_version"), sc_store_schema_version());
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 1);
    close_store();
    open_store();
    ck_assert_int_eq(query_int("SELECT count(*) FROM service_areas"), 9);
    ck_assert_int_eq(query_int("PRAGMA foreign_keys"), 1);
    /* every pooled connection works on the same file */
    sc_db *other = sc_store_acquire(store);
    ck_assert_ptr_nonnull(other);
    ck_assert_ptr_ne(other, db);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(other, "CP-SEEN", &ind), SC_OK);
    sc_indicator_clear(&ind);
    sc_store_release(store, other);
}
END_TEST

START_TEST(newer_schema_refused)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", sc_store_schema_version() + 1);
    ck_assert_int_eq(sc_db_exec(db, sql), SC_OK);
    close_store();
    sc_errors errs = SC_ERRORS_INIT;
    sc_store *st = NULL;
    ck_assert_int_eq(sc_store_open(db_path, 1, &st, &errs), SC_EDB);
    ck_assert_ptr_null(st);
    ck_assert_ptr_nonnull(errs.message);
    ck_assert_msg(strstr(errs.message, "newer") != NULL, "%s", errs.message);
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(unopenable_path)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_store *st = NULL;
    char p[160];
    snprintf(p, sizeof p, "%s/no/such/dir/x.db", dir);
    ck_assert_int_eq(sc_store_open(p, 1, &st, &errs), SC_EDB);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(builtin_service_areas)
{
    static const char *const codes[] = {"parent-family-support",
                                        "child-family-assessment",
                                        "child-protection",
                                        "looked-after-children",
                                        "placements",
                                        "care-leavers",
                                        "youth-offending",
                                        "workforce",
                                        "governance"};
    static const char *const names[] = {"Parent & Family Support",
                                        "Child & Family Assessment",
                                        "Child Protection",
                                        "Looked After Children",
                                        "Placements (Adoption, Fostering and SGO)",
                                        "Care Leavers",
                                        "Youth Offending",
                                        "Workforce",
                                        "Governance"};
    sc_area_list areas;
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_uint_eq(areas.count, 9);
    for (size_t i = 0; i < 9; i++) {
        ck_assert_str_eq(areas.items[i].code, codes[i]);
        ck_assert_str_eq(areas.items[i].name, names[i]);
        ck_assert_int_eq(areas.items[i].position, (int)i + 1);
        ck_assert_int_eq(sc_area_find(&areas, codes[i]), (int)i);
    }
    ck_assert_int_eq(sc_area_find(&areas, "early-help"), -1);
    json_t *j = sc_area_to_json(&areas.items[4]);
    json_t *want = unit_json("{'code':'placements','name':'Placements (Adoption, Fostering and "
                             "SGO)','position':5}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    sc_area_list_free(&areas);

    /* more can be added, at the end unless placed */
    sc_write w;
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help Services", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_uint_eq(areas.count, 10);
    ck_assert_str_eq(areas.items[9].code, "early-help");
    ck_assert_str_eq(areas.items[9].name, "Early Help Services");
    ck_assert_int_eq(areas.items[9].position, 10);
    sc_area_list_free(&areas);
}
END_TEST

/* ---- indicators ---- */

START_TEST(indicator_put_created_updated_unchanged)
{
    ck_assert_int_eq(put_simple("CP-SEEN", 0, ",'active_from':'2019-20-Q1'"), SC_WRITE_CREATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 0, ",'active_from':'2019-20-Q1'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'active_from':'2019-20-Q1'"), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'active_from':'2019-20-Q1'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, NULL), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'description':'d'"), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'description':'d'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 1);

    /* read back every field */
    ck_assert_int_eq(put_indicator("LAC-STAB",
                                   "{'name':'Short term stability','description':'three or more "
                                   "placements','category':'contractual','service_area':"
                                   "'looked-after-children','polarity':'lower_is_better',"
                                   "'unit':'rate_per_10000','decimals':3,'frequency':'annual',"
                                   "'benchmarked':true,'active_from':'2019-20-Q2',"
                                   "'active_to':'2021-22-Q4'}"),
                     SC_WRITE_CREATED);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, "LAC-STAB", &ind), SC_OK);
    ck_assert_str_eq(ind.code, "LAC-STAB");
    ck_assert_str_eq(ind.name, "Short term stability");
    ck_assert_str_eq(ind.description, "three or more placements");
    ck_assert_int_eq(ind.category, SC_CAT_CONTRACTUAL);
    ck_assert_str_eq(ind.service_area, "looked-after-children");
    ck_assert_int_eq(ind.polarity, SC_LOWER_IS_BETTER);
    ck_assert_int_eq(ind.unit, SC_UNIT_RATE_PER_10000);
    ck_assert_int_eq(ind.decimals, 3);
    ck_assert_int_eq(ind.frequency, SC_FREQ_ANNUAL);
    ck_assert(ind.benchmarked);
    ck_assert_int_eq(ind.active_from, Q("2019-20-Q2"));
    ck_assert_int_eq(ind.active_to, Q("2021-22-Q4"));
    sc_indicator_clear(&ind);
    ck_assert_int_eq(sc_store_indicator_get(db, "NOPE", &ind), SC_ENOTFOUND);

    /* listed contractual first, then by service-area order */
    put_indicator("PFS-1", "{'name':'p','category':'strategic_partnership','service_area':"
                           "'parent-family-support','polarity':'higher_is_better','unit':'count'}");
    sc_indicator *list;
    size_t n;
    ck_assert_int_eq(sc_store_indicators(db, -1, NULL, &list, &n), SC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(list[0].code, "LAC-STAB");
    ck_assert_str_eq(list[1].code, "PFS-1");
    ck_assert_str_eq(list[2].code, "CP-SEEN");
    for (size_t i = 0; i < n; i++)
        sc_indicator_clear(&list[i]);
    free(list);
    ck_assert_int_eq(sc_store_indicators(db, SC_CAT_STRATEGIC, "child-protection", &list, &n),
                     SC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(list[0].code, "CP-SEEN");
    sc_indicator_clear(&list[0]);
    free(list);
    ck_assert_int_eq(sc_store_indicators(db, SC_CAT_CONTRACTUAL, "workforce", &list, &n), SC_OK);
    ck_assert_uint_eq(n, 0);
    free(list);
}
END_TEST

START_TEST(indicator_unknown_service_area)
{
    json_t *doc = unit_json("{'name':'x','category':'contractual','service_area':'early-help',"
                            "'polarity':'higher_is_better','unit':'count'}");
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    ck_assert_int_eq(sc_indicator_from_json(doc, "EH-1", "", &ind, &errs), SC_OK);
    json_decref(doc);
    sc_write w;
    ck_assert_int_eq(sc_store_indicator_put(db, &ind, &w, &errs), SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    UNIT_ASSERT_ONE_AT(&errs, "/service_area");
    ck_assert_ptr_nonnull(strstr(errs.items[0].detail, "early-help"));
    sc_errors_clear(&errs);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 0);

    /* once the area exists the same indicator is accepted */
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(sc_store_indicator_put(db, &ind, &w, &errs), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    sc_indicator_clear(&ind);
}
END_TEST

START_TEST(indicator_delete)
{
    put_simple("A", 0, NULL);
    put_simple("B", 0, NULL);
    put_target("A", "2019-20-Q1", 90, 0);
    sc_errors errs = SC_ERRORS_INIT;

    /* no results: deleted, with its targets */
    ck_assert_int_eq(sc_store_indicator_delete(db, "A", "admin-key", NULL, &errs), SC_OK);
    ck_assert_uint_eq(errs.count, 0);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, "A", &ind), SC_ENOTFOUND);
    ck_assert_int_eq(query_int("SELECT count(*) FROM targets"), 0);
    /* the target went with a revision, not silently by the cascade */
    ck_assert_int_eq(query_int("SELECT count(*) FROM revisions WHERE kind = 'target' AND "
                               "code = 'A' AND new IS NULL AND old IS NOT NULL"),
                     1);
    ck_assert_int_eq(sc_store_indicator_delete(db, "A", "admin-key", NULL, &errs), SC_ENOTFOUND);
    ck_assert_int_eq(sc_store_indicator_delete(db, "NEVER", "admin-key", NULL, &errs),
                     SC_ENOTFOUND);

    /* results stored: refused, and nothing is removed */
    put_value("2020-21-Q1", "B", 50);
    ck_assert_int_eq(sc_store_indicator_delete(db, "B", "admin-key", NULL, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    ck_assert_msg(strstr(errs.message, "active_to") != NULL, "%s", errs.message);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_store_indicator_get(db, "B", &ind), SC_OK);
    sc_indicator_clear(&ind);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 1);

    /* an unavailable figure is stored history too */
    put_simple("C", 0, NULL);
    put_result("2020-21-Q1", "C", "{'availability':'not_available','reason':'Covid-19'}");
    ck_assert_int_eq(sc_store_indicator_delete(db, "C", "admin-key", NULL, &errs), SC_ECONFLICT);
    sc_errors_clear(&errs);
}
END_TEST

/* ---- targets through the quarter view ---- */

START_TEST(target_in_force_across_quarters)
{
    put_simple("CP-SEEN", 0, NULL);
    ck_assert_int_eq(put_target("CP-SEEN", "2019-20-Q1", 90, 0), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 95, 0), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2021-22-Q3", 97, 1), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2021-22-Q3", 97, 1), SC_WRITE_UNCHANGED);

    sc_target *ts;
    size_t n;
    ck_assert_int_eq(sc_store_targets(db, "CP-SEEN", &ts, &n), SC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(ts[0].from_quarter, Q("2019-20-Q1"));
    ck_assert(ts[0].target == 90);
    ck_assert_int_eq(ts[1].from_quarter, Q("2020-21-Q1"));
    ck_assert(ts[1].target == 95);
    ck_assert_int_eq(ts[2].from_quarter, Q("2021-22-Q3"));
    ck_assert(ts[2].target == 97);
    ck_assert(ts[2].tolerance == 1);
    free(ts);

    static const struct {
        const char *quarter;
        bool has_target;
        double target;
        const char *from;
        sc_status status; /* of a value of 96 */
    } want[] = {
        {"2018-19-Q4", false, 0, NULL, SC_STATUS_TARGET_TBC},
        {"2019-20-Q1", true, 90, "2019-20-Q1", SC_STATUS_BETTER},
        {"2019-20-Q4", true, 90, "2019-20-Q1", SC_STATUS_BETTER},
        {"2020-21-Q1", true, 95, "2020-21-Q1", SC_STATUS_BETTER},
        {"2021-22-Q2", true, 95, "2020-21-Q1", SC_STATUS_BETTER},
        {"2021-22-Q3", true, 97, "2021-22-Q3", SC_STATUS_WITHIN},
        {"2030-31-Q4", true, 97, "2021-22-Q3", SC_STATUS_WITHIN},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        ck_assert_int_eq(put_value(want[i].quarter, "CP-SEEN", 96), SC_WRITE_CREATED);
        sc_quarter q;
        const sc_quarter_row *r = row_of(&q, want[i].quarter, "CP-SEEN");
        ck_assert_msg(r->has_target == want[i].has_target, "%s", want[i].quarter);
        if (want[i].has_target) {
            ck_assert_msg(r->target.target == want[i].target, "%s: target %g", want[i].quarter,
                          r->target.target);
            ck_assert_int_eq(r->target.from_quarter, Q(want[i].from));
        }
        ck_assert_msg(r->status == want[i].status, "%s: %s", want[i].quarter,
                      sc_status_key(r->status));
        ck_assert(r->has_result);
        ck_assert(r->res.value == 96);
        sc_quarter_free(&q);
    }
}
END_TEST

START_TEST(later_target_leaves_earlier_quarters)
{
    put_simple("CP-SEEN", 0, NULL);
    put_target("CP-SEEN", "2019-20-Q1", 90, 0);
    put_target("CP-SEEN", "2020-21-Q1", 95, 0);
    put_value("2019-20-Q4", "CP-SEEN", 92);
    put_value("2020-21-Q1", "CP-SEEN", 92);
    put_value("2020-21-Q3", "CP-SEEN", 92);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(status_of("2020-21-Q3", "CP-SEEN"), SC_STATUS_OUTSIDE);

    /* changing the later target changes only the quarters it governs */
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 95, 3), SC_WRITE_UPDATED);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_WITHIN);
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 99, 0), SC_WRITE_UPDATED);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);

    /* a new target from a later quarter leaves the earlier ones alone */
    put_target("CP-SEEN", "2020-21-Q3", 80, 0);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(status_of("2020-21-Q3", "CP-SEEN"), SC_STATUS_BETTER);

    /* deleting a target hands its quarters back to the one before */
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2020-21-Q1"), "admin-key"), SC_OK);
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2020-21-Q1"), "admin-key"), SC_ENOTFOUND);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_BETTER);
    sc_quarter q;
    ck_assert(row_of(&q, "2020-21-Q1", "CP-SEEN")->target.target == 90);
    sc_quarter_free(&q);
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2019-20-Q1"), "admin-key"), SC_OK);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_TARGET_TBC);
}
END_TEST

START_TEST(active_bounds_in_quarter_view)
{
    put_simple("A-FROM", 0, ",'active_from':'2020-21-Q1'");
    put_simple("B-TO", 0, ",'active_to':'2019-20-Q4'");
    put_simple("C-OPEN", 0, NULL);
    put_simple("D-SPAN", 0, ",'active_from':'2020-21-Q2','active_to':'2020-21-Q3'");

    ck_assert_str_eq(codes_in("2019-20-Q4"), "B-TO,C-OPEN");
    ck_assert_str_eq(codes_in("2020-21-Q1"), "A-FROM,C-OPEN");
    ck_assert_str_eq(codes_in("2020-21-Q2"), "A-FROM,C-OPEN,D-SPAN");
    ck_assert_str_eq(codes_in("2020-21-Q3"), "A-FROM,C-OPEN,D-SPAN");
    ck_assert_str_eq(codes_in("2020-21-Q4"), "A-FROM,C-OPEN");
    ck_assert_str_eq(codes_in("1999-00-Q1"), "B-TO,C-OPEN");

    /* active with no result: listed as not submitted */
    sc_quarter q;
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_int_eq(q.quarter, Q("2020-21-Q2"));
    for (size_t i = 0; i < q.count; i++) {
        ck_assert(!q.rows[i].has_result);
        ck_assert_int_eq(q.rows[i].status, SC_STATUS_NOT_SUBMITTED);
    }
    sc_quarter_free(&q);

    /* filters */
    put_indicator("WF-1", "{'name':'w','category':'contractual','service_area':'workforce',"
                          "'polarity':'higher_is_better','unit':'percent'}");
    f.category = SC_CAT_CONTRACTUAL;
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_uint_eq(q.count, 1);
    ck_assert_str_eq(q.rows[0].ind.code, "WF-1");
    sc_quarter_free(&q);
    f.category = -1;
    f.service_area = "child-protection";
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_uint_eq(q.count, 3);
    sc_quarter_free(&q);
    /* contractual rows come first in table order */
    ck_assert_str_eq(codes_in("2020-21-Q2"), "WF-1,A-FROM,C-OPEN,D-SPAN");
    /* a NULL filter is everything */
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), NULL, &q), SC_OK);
    ck_assert_uint_eq(q.count, 4);
    sc_quarter_free(&q);
}
END_TEST

/* ---- results ---- */

START_TEST(result_put_created_updated_unchanged)
{
    put_simple("CP-SEEN", 0, NULL);
    put_target("CP-SEEN", "2019-20-Q1", 95, 0);
    const char *doc = "{'availability':'reported','value':95,'numerator':276,'denominator':290,"
                      "'commentary':'95% (276) seen within the last 2 weeks'}";
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN", doc), SC_WRITE_CREATED);
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN", doc), SC_WRITE_UNCHANGED);

    sc_quarter q;
    const sc_quarter_row *r = row_of(&q, "2020-21-Q1", "CP-SEEN");
    ck_assert(r->has_result);
    ck_assert_int_eq(r->res.availability, SC_AVAIL_REPORTED);
    ck_assert(r->res.value == 95);
    ck_assert(r->res.value_given);
    ck_assert(r->res.has_ratio);
    ck_assert_int_eq(r->res.numerator, 276);
    ck_assert_int_eq(r->res.denominator, 290);
    ck_assert_str_eq(r->res.commentary, "95% (276) seen within the last 2 weeks");
    ck_assert_ptr_null(r->res.reason);
    ck_assert_str_eq(r->updated_by, "trust-key");
    ck_assert_ptr_nonnull(r->updated_at);
    ck_assert_int_eq(r->status, SC_STATUS_BETTER);
    sc_quarter_free(&q);

    /* a changed commentary is an update; so is a change of availability */
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN",
                                "{'availability':'reported','value':95,'numerator':276,"
                                "'denominator':290,'commentary':'revised'}"),
                     SC_WRITE_UPDATED);
    ck_assert_int_eq(
        put_result("2020-21-Q1", "CP-SEEN", "{'availability':'not_available','reason':'Covid-19'}"),
        SC_WRITE_UPDATED);
    r = row_of(&q, "2020-21-Q1", "CP-SEEN");
    ck_assert_int_eq(r->status, SC_STATUS_NOT_AVAILABLE);
    ck_assert(!r->res.has_value);
    ck_assert(!r->res.has_ratio);
    ck_assert_str_eq(r->res.reason, "Covid-19");
    ck_assert_ptr_null(r->res.commentary);
    sc_quarter_free(&q);
    ck_assert_int_eq(
        put_result("2020-21-Q1", "CP-SEEN", "{'availability':'not_available','reason':'Covid-19'}"),
        SC_WRITE_UNCHANGED);

    /* a ratio alone: the status uses it exactly (94.5% is 95 at decimals 0) */
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','numerator':189,'denominator':200}"),
                     SC_WRITE_CREATED);
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','numerator':189,'denominator':200}"),
                     SC_WRITE_UNCHANGED);
    r = row_of(&q, "2020-21-Q2", "CP-SEEN");
    ck_assert(!r->res.value_given);
    ck_assert(r->res.value == 95);
    ck_assert_int_eq(r->status, SC_STATUS_BETTER);
    sc_quarter_free(&q);
    /* the same figure sent as a value is a different submission */
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','value':95,'numerator':189,"
                                "'denominator':200}"),
                     SC_WRITE_UPDATED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 2);
}
END_TEST

/* ---- keys ---- */

START_TEST(keys_create_authenticate_revoke)
{
    static const sc_role roles[] = {SC_ROLE_READER, SC_ROLE_WRITER, SC_ROLE_ADMIN};
    static const char *const names[] = {"dashboard", "trust-etl", "perf.team_1"};
    char keys[3][SC_KEY_STRLEN];
    sc_errors errs = SC_ERRORS_INIT;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(sc_keys_create(db, names[i], roles[i], keys[i], &errs), SC_OK);
        ck_assert_uint_eq(strlen(keys[i]), 46);
        ck_assert_int_eq(strncmp(keys[i], "sk_", 3), 0);
        for (const char *c = keys[i] + 3; *c; c++)
            ck_assert_msg((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                              (*c >= '0' && *c <= '9') || *c == '-' || *c == '_',
                          "key %s is not base64url", keys[i]);
    }
    ck_assert_str_ne(keys[0], keys[1]);
    ck_assert_str_ne(keys[1], keys[2]);
    /* only a hash is stored */
    ck_assert_int_eq(query_int("SELECT count(*) FROM api_keys WHERE length(hash) = 32"), 3);

    for (int i = 0; i < 3; i++) {
        sc_role role = SC_ROLE_NONE;
        char *name = NULL;
        ck_assert_int_eq(sc_keys_authenticate(db, keys[i], &role, &name), SC_OK);
        ck_assert_int_eq(role, roles[i]);
        ck_assert_str_eq(name, names[i]);
        free(name);
    }

    /* wrong keys */
    sc_role role = SC_ROLE_NONE;
    char *name = NULL;
    char wrong[SC_KEY_STRLEN];
    strcpy(wrong, keys[0]);
    wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(sc_keys_authenticate(db, wrong, &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_authenticate(db, "", &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_authenticate(db, keys[0] + 3, &role, &name), SC_ENOTFOUND);
    strcpy(wrong, keys[0]);
    wrong[45] = '\0';
    ck_assert_int_eq(sc_keys_authenticate(db, wrong, &role, &name), SC_ENOTFOUND);
    ck_assert_ptr_null(name);
    ck_assert_int_eq(role, SC_ROLE_NONE);

    /* names are unique, revoked ones included */
    char dup[SC_KEY_STRLEN];
    ck_assert_int_eq(sc_keys_create(db, "trust-etl", SC_ROLE_READER, dup, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "bad name", SC_ROLE_READER, dup, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "", SC_ROLE_READER, dup, &errs), SC_EINVALID);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_keys_create(db, "-starts-with-dash", SC_ROLE_READER, dup, &errs),
                     SC_EINVALID);
    sc_errors_clear(&errs);

    /* revoke */
    ck_assert_int_eq(sc_keys_revoke(db, "trust-etl"), SC_OK);
    ck_assert_int_eq(sc_keys_authenticate(db, keys[1], &role, &name), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_revoke(db, "trust-etl"), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_revoke(db, "nobody"), SC_ENOTFOUND);
    ck_assert_int_eq(sc_keys_create(db, "trust-etl", SC_ROLE_WRITER, dup, &errs), SC_ECONFLICT);
    sc_errors_clear(&errs);
    /* the others still work */
    ck_assert_int_eq(sc_keys_authenticate(db, keys[2], &role, &name), SC_OK);
    ck_assert_int_eq(role, SC_ROLE_ADMIN);
    free(name);

    json_t *list = NULL;
    ck_assert_int_eq(sc_keys_list(db, &list), SC_OK);
    ck_assert_uint_eq(json_array_size(list), 3);
    size_t idx;
    json_t *item;
    int revoked = 0;
    json_array_foreach(list, idx, item)
    {
        ck_assert_ptr_null(json_object_get(item, "hash"));
        ck_assert(json_is_string(json_object_get(item, "created_at")));
        const char *n = json_string_value(json_object_get(item, "name"));
        if (strcmp(n, "trust-etl") == 0) {
            ck_assert(json_is_string(json_object_get(item, "revoked_at")));
            ck_assert_str_eq(json_string_value(json_object_get(item, "role")), "writer");
            revoked++;
        } else {
            ck_assert(json_is_null(json_object_get(item, "revoked_at")));
        }
    }
    ck_assert_int_eq(revoked, 1);
    json_decref(list);

    /* the key survives reopening the database */
    close_store();
    open_store();
    ck_assert_int_eq(sc_keys_authenticate(db, keys[0], &role, &name), SC_OK);
    ck_assert_int_eq(role, SC_ROLE_READER);
    free(name);
}
END_TEST

START_TEST(role_names)
{
    static const char *const want[] = {"reader", "writer", "admin"};
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(sc_role_key((sc_role)i), want[i]);
        sc_role r = SC_ROLE_NONE;
        ck_assert(sc_role_from_key(want[i], &r));
        ck_assert_int_eq(r, i);
    }
    ck_assert_str_eq(sc_role_key(SC_ROLE_NONE), "none");
    sc_role r = SC_ROLE_READER;
    ck_assert(!sc_role_from_key("Admin", &r));
    ck_assert(!sc_role_from_key("none", &r));
    ck_assert(!sc_role_from_key("", &r));
    ck_assert(!sc_role_from_key(NULL, &r));
    ck_assert_int_eq(r, SC_ROLE_READER);
}
END_TEST

/* ---- the quarterly return ---- */

/* Applies text as the return for quarter in one write transaction, as the
 * server does: committed when clean, rolled back otherwise. */
static sc_rc apply(const char *quarter, const char *text, sc_return_outcome *out, sc_errors *errs)
{
    json_t *doc = unit_json(text);
    ck_assert_int_eq(sc_db_begin_write(db), SC_OK);
    sc_rc rc = sc_return_apply(db, Q(quarter), doc, "trust-key", out, errs);
    if (rc == SC_OK)
        ck_assert_int_eq(sc_db_commit(db), SC_OK);
    else
        sc_db_rollback(db);
    json_decref(doc);
    return rc;
}

static void return_fixture(void)
{
    put_simple("I1", 0, NULL);
    put_indicator("I2", "{'name':'count','category':'contractual','service_area':'workforce',"
                        "'polarity':'lower_is_better','unit':'count','decimals':0}");
    put_simple("I3", 0, ",'active_to':'2019-20-Q4'");
    put_target("I1", "2019-20-Q1", 95, 0);
}

START_TEST(return_bad_document_writes_nothing)
{
    return_fixture();
    put_simple("I4", 0, NULL);
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    const char *bad = "{'quarter':'2020-21-Q2','colour':1,'indicators':["
                      "{'code':'I1','availability':'reported'},"
                      "{'code':'NOPE','availability':'reported','value':1},"
                      "{'code':'I3','availability':'reported','value':1},"
                      "{'code':'I2','availability':'reported','value':5,'reason':'x'},"
                      "5,"
                      "{'availability':'reported','value':1},"
                      "{'code':'I4','availability':'reported','value':95,'extra':true}]}";
    ck_assert_int_eq(apply("2020-21-Q1", bad, &out, &errs), SC_EINVALID);
    ck_assert_msg(errs.count == 9, "got %zu: %s", errs.count, unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/colour");
    UNIT_ASSERT_ONE_AT(&errs, "/quarter");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/0/value");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/1/code");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/code");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/3/reason");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/4");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/5/code");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/6/extra");
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&errs, "/indicators/1/code"), "NOPE"));
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&errs, "/indicators/2/code"), "2020-21-Q1"));
    sc_errors_clear(&errs);
    ck_assert_int_eq(out.indicators.created + out.indicators.updated + out.indicators.unchanged, 0);

    /* read back: nothing stored, every indicator still not submitted */
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 0);
    ck_assert_int_eq(status_of("2020-21-Q1", "I1"), SC_STATUS_NOT_SUBMITTED);
    ck_assert_int_eq(status_of("2020-21-Q1", "I2"), SC_STATUS_NOT_SUBMITTED);

    /* one good entry beside one bad one: still nothing written */
    ck_assert_int_eq(apply("2020-21-Q1",
                           "{'indicators':[{'code':'I2','availability':'reported','value':5},"
                           "{'code':'I1','availability':'reported','value':'95'}]}",
                           &out, &errs),
                     SC_EINVALID);
    ck_assert_uint_eq(unit_problems_at(&errs, "/indicators/0/value"), 0);
    ck_assert_uint_ge(unit_problems_at(&errs, "/indicators/1/value"), 1);
    sc_errors_clear(&errs);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 0);

    /* not an object; indicators not an array */
    ck_assert_int_eq(apply("2020-21-Q1", "[]", &out, &errs), SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    sc_errors_clear(&errs);
    ck_assert_int_eq(apply("2020-21-Q1", "{'indicators':{'code':'I1'}}", &out, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/indicators");
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(return_duplicate_codes)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    ck_assert_int_eq(apply("2020-21-Q1",
                           "{'indicators':[{'code':'I1','availability':'reported','value':95},"
                           "{'code':'I2','availability':'reported','value':5},"
                           "{'code':'I1','availability':'reported','value':96}]}",
                           &out, &errs),
                     SC_EINVALID);
    ck_assert_msg(errs.count == 1, "%s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/code");
    ck_assert_ptr_nonnull(strstr(errs.items[0].detail, "more than once"));
    sc_errors_clear(&errs);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 0);
}
END_TEST

START_TEST(return_clean_applied_twice)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    const char *doc = "{'quarter':'2020-21-Q1','indicators':["
                      "{'code':'I1','availability':'reported','value':95,'numerator':276,"
                      "'denominator':290,'commentary':'95% (276)'},"
                      "{'code':'I2','availability':'not_available','reason':'Covid-19'}]}";
    ck_assert_int_eq(apply("2020-21-Q1", doc, &out, &errs), SC_OK);
    ck_assert_uint_eq(errs.count, 0);
    ck_assert_int_eq(out.indicators.created, 2);
    ck_assert_int_eq(out.indicators.updated, 0);
    ck_assert_int_eq(out.indicators.unchanged, 0);
    ck_assert_int_eq(status_of("2020-21-Q1", "I1"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "I2"), SC_STATUS_NOT_AVAILABLE);
    sc_quarter q;
    const sc_quarter_row *r = row_of(&q, "2020-21-Q1", "I1");
    ck_assert_str_eq(r->updated_by, "trust-key");
    ck_assert_str_eq(r->res.commentary, "95% (276)");
    char *first_update = strdup(r->updated_at);
    sc_quarter_free(&q);

    /* the same return again changes nothing, not even the timestamps */
    ck_assert_int_eq(apply("2020-21-Q1", doc, &out, &errs), SC_OK);
    ck_assert_int_eq(out.indicators.created, 0);
    ck_assert_int_eq(out.indicators.updated, 0);
    ck_assert_int_eq(out.indicators.unchanged, 2);
    r = row_of(&q, "2020-21-Q1", "I1");
    ck_assert_str_eq(r->updated_at, first_update);
    sc_quarter_free(&q);
    free(first_update);

    /* one figure revised */
    ck_assert_int_eq(apply("2020-21-Q1",
                           "{'indicators':[{'code':'I1','availability':'reported','value':95,"
                           "'numerator':276,'denominator':290,'commentary':'95% (276)'},"
                           "{'code':'I2','availability':'reported','value':4}]}",
                           &out, &errs),
                     SC_OK);
    ck_assert_int_eq(out.indicators.created, 0);
    ck_assert_int_eq(out.indicators.updated, 1);
    ck_assert_int_eq(out.indicators.unchanged, 1);
    ck_assert_int_eq(status_of("2020-21-Q1", "I2"), SC_STATUS_TARGET_TBC);

    /* an empty return is fine */
    ck_assert_int_eq(apply("2020-21-Q1", "{}", &out, &errs), SC_OK);
    ck_assert_int_eq(out.indicators.created + out.indicators.updated + out.indicators.unchanged, 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 2);

    json_t *c = sc_counts_to_json(&(sc_counts){1, 2, 3});
    json_t *want = unit_json("{'created':1,'updated':2,'unchanged':3}");
    ck_assert(json_equal(c, want));
    json_decref(c);
    json_decref(want);
}
END_TEST

/* ---- demand and finance ---- */

typedef struct {
    char seen[512];
} value_log;

static void log_value(void *cls, const char *code, sc_period q, int64_t value)
{
    value_log *log = cls;
    char buf[SC_PERIOD_ID_LEN];
    size_t off = strlen(log->seen);
    snprintf(log->seen + off, sizeof log->seen - off, "%s%s@%s=%lld", off ? "," : "", code,
             sc_period_format(q, buf), (long long)value);
}

START_TEST(demand_measures_and_values)
{
    sc_demand_measures m;
    ck_assert_int_eq(sc_store_demand_measures(db, &m), SC_OK);
    ck_assert_uint_eq(m.count, 4);
    static const char *const codes[] = {"contacts", "referrals", "children-in-need",
                                        "looked-after-children"};
    static const char *const names[] = {"Contacts to CSC", "Referrals", "Children in Need",
                                        "Looked After Children"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(m.items[i].code, codes[i]);
        ck_assert_str_eq(m.items[i].name, names[i]);
        ck_assert_int_eq(m.items[i].position, (int)i + 1);
    }
    sc_demand_measures_free(&m);
    ck_assert_ptr_null(m.items);

    sc_write w;
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", -1, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", -1, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", 5, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "EHAs", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_measures(db, &m), SC_OK);
    ck_assert_uint_eq(m.count, 5);
    ck_assert_str_eq(m.items[4].code, "eha");
    ck_assert_str_eq(m.items[4].name, "EHAs");
    ck_assert_int_eq(m.items[4].position, 5);
    sc_demand_measures_free(&m);

    sc_period latest = 0;
    ck_assert_int_eq(sc_store_demand_latest(db, &latest), SC_ENOTFOUND);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 949, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 949, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 946, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "referrals", 1117, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "contacts", 5349, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "contacts", 0, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2018-19-Q1"), "eha", 7, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "nope", 1, "t", &w), SC_ENOTFOUND);
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values"), 4);

    ck_assert_int_eq(sc_store_demand_latest(db, &latest), SC_OK);
    ck_assert_int_eq(latest, Q("2020-21-Q1"));

    value_log log = {{0}};
    ck_assert_int_eq(sc_store_demand_values(db, Q("2019-20-Q1"), Q("2020-21-Q1"), log_value, &log),
                     SC_OK);
    /* measure order, then quarter; 2018-19 is outside the range */
    ck_assert_str_eq(log.seen, "contacts@2020-21-Q1=0,referrals@2019-20-Q3=946,"
                               "referrals@2020-21-Q1=1117");
}
END_TEST

#define FIN_LINE(code, bnet, onet, extra)                                                          \
    "{'code':'" code "','name':'" code "','budget':{'gross':" #bnet ",'income':0,'net':" #bnet     \
    "},'outturn':{'gross':" #onet ",'income':0,'net':" #onet "}" extra "}"

static void finance_of(const char *text, sc_finance *f)
{
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_msg(sc_finance_from_json(doc, "", f, &errs) == SC_OK, "%s", unit_problems(&errs));
    json_decref(doc);
}

START_TEST(finance_statements)
{
    sc_finance got, f;
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_ENOTFOUND);
    // clang-format off
    finance_of("{'units':'gbp_thousands','as_at':'2020-06','lines':["
               FIN_LINE("cla", 28463, 30725,
                        ",'variance':{'gross':-2262,'income':0,'net':-2262},"
                        "'covid_variance_net':-974") ","
               FIN_LINE("ooa", 100, 150, ",'parent':'cla'") ","
               FIN_LINE("yj", 1846, 1808, "") "]}",
               &f);
    // clang-format on
    sc_write w;
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);

    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_OK);
    ck_assert(sc_finance_equal(&got, &f));
    ck_assert_int_eq(got.units, SC_UNITS_GBP_THOUSANDS);
    ck_assert_str_eq(got.as_at, "2020-06");
    ck_assert_uint_eq(got.count, 3);
    ck_assert_str_eq(got.lines[0].code, "cla");
    ck_assert(got.lines[0].has_variance);
    ck_assert(got.lines[0].covid_variance_net == -974);
    ck_assert_str_eq(got.lines[1].parent, "cla");
    ck_assert(!got.lines[2].has_variance);
    ck_assert(!got.lines[2].has_covid);
    ck_assert_ptr_null(got.lines[2].parent);
    sc_finance_clear(&got);
    sc_finance_clear(&f);

    /* replacing a statement replaces all its lines */
    finance_of("{'units':'gbp','lines':[" FIN_LINE("total", 5, 6, "") "]}", &f);
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_OK);
    ck_assert_int_eq(got.units, SC_UNITS_GBP);
    ck_assert_ptr_null(got.as_at);
    ck_assert_uint_eq(got.count, 1);
    ck_assert(sc_finance_equal(&got, &f));
    sc_finance_clear(&got);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_lines"), 1);

    /* another quarter is a statement of its own */
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q2"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_statements"), 2);
    sc_finance_clear(&f);
}
END_TEST

START_TEST(return_with_demand_and_finance)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    // clang-format off
    const char *doc =
        "{'indicators':[{'code':'I1','availability':'reported','value':96}],"
        "'demand':[{'code':'contacts','value':5349},{'code':'referrals','value':1117}],"
        "'finance':{'units':'gbp_thousands','as_at':'2020-06','lines':["
        FIN_LINE("cla", 28463, 30725, "") "]}}";
    // clang-format on
    ck_assert_int_eq(apply("2020-21-Q1", doc, &out, &errs), SC_OK);
    ck_assert_msg(errs.count == 0, "%s", unit_problems(&errs));
    ck_assert_int_eq(out.indicators.created, 1);
    ck_assert_int_eq(out.demand.created, 2);
    ck_assert_int_eq(out.finance.created, 1);
    json_t *j = sc_return_outcome_to_json(&out);
    json_t *want = unit_json("{'indicators':{'created':1,'updated':0,'unchanged':0},"
                             "'demand':{'created':2,'updated':0,'unchanged':0},"
                             "'finance':{'created':1,'updated':0,'unchanged':0}}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);

    /* the same return again: all unchanged */
    ck_assert_int_eq(apply("2020-21-Q1", doc, &out, &errs), SC_OK);
    ck_assert_int_eq(out.indicators.unchanged, 1);
    ck_assert_int_eq(out.demand.unchanged, 2);
    ck_assert_int_eq(out.finance.unchanged, 1);
    ck_assert_int_eq(out.indicators.created + out.demand.created + out.finance.created +
                         out.indicators.updated + out.demand.updated + out.finance.updated,
                     0);

    /* a restatement of one figure */
    ck_assert_int_eq(
        apply("2020-21-Q1", "{'demand':[{'code':'referrals','value':1118}]}", &out, &errs), SC_OK);
    ck_assert_int_eq(out.demand.updated, 1);
    ck_assert_int_eq(query_int("SELECT value FROM demand_values WHERE measure_code = 'referrals'"),
                     1118);
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values"), 2);
}
END_TEST

START_TEST(return_demand_finance_problems_write_nothing)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    const char *doc = "{'indicators':[{'code':'I2','availability':'reported','value':4}],"
                      "'demand':[{'code':'contacts','value':5349},{'code':'nope','value':1},"
                      "{'code':'referrals','value':-1},{'code':'contacts','value':5350},7,"
                      "{'value':3},{'code':'children-in-need','value':1,'colour':2}],"
                      "'finance':{'units':'gbp','lines':[]}}";
    ck_assert_int_eq(apply("2020-21-Q1", doc, &out, &errs), SC_EINVALID);
    ck_assert_msg(errs.count == 7, "got %zu: %s", errs.count, unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/demand/1/code");
    UNIT_ASSERT_ONE_AT(&errs, "/demand/2/value");
    UNIT_ASSERT_ONE_AT(&errs, "/demand/3/code");
    UNIT_ASSERT_ONE_AT(&errs, "/demand/4");
    UNIT_ASSERT_ONE_AT(&errs, "/demand/5/code");
    UNIT_ASSERT_ONE_AT(&errs, "/demand/6/colour");
    UNIT_ASSERT_ONE_AT(&errs, "/finance/lines");
    sc_errors_clear(&errs);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values"), 0);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_statements"), 0);

    ck_assert_int_eq(apply("2020-21-Q1", "{'demand':{'contacts':1}}", &out, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/demand");
    sc_errors_clear(&errs);
    ck_assert_int_eq(apply("2020-21-Q1", "{'finance':[1]}", &out, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/finance");
    sc_errors_clear(&errs);
}
END_TEST

/* ---- the demo dataset, end to end ---- */

static json_t *summary_json(const char *quarter, int decimals)
{
    sc_quarter q;
    sc_area_list areas;
    sc_summary sum;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), NULL, &q), SC_OK);
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, decimals);
    sc_summary_free(&sum);
    sc_area_list_free(&areas);
    sc_quarter_free(&q);
    ck_assert_ptr_nonnull(j);
    return j;
}

static double pct(const json_t *j, const char *cat, const char *which, const char *key)
{
    const json_t *v = json_object_get(
        json_object_get(json_object_get(json_object_get(j, "categories"), cat), which), key);
    ck_assert_msg(json_is_number(v), "%s/%s/%s is not a number", cat, which, key);
    return json_number_value(v);
}

START_TEST(demo_dataset)
{
    sc_errors errs = SC_ERRORS_INIT;
    bool already = true;
    sc_rc rc = sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs);
    ck_assert(!already);
    ck_assert_msg(rc == SC_OK, "demo: %s %s %s", sc_rc_name(rc), errs.message ? errs.message : "",
                  unit_problems(&errs));

    /* 2020/21 Q1, strategic partnership, decimals 0 */
    json_t *j = summary_json("2020-21-Q1", 0);
    const char *sp = "strategic_partnership";
    const json_t *t = json_object_get(json_object_get(j, "categories"), sp);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(t, "totals"), "total")),
                     30);
    ck_assert_int_eq(json_integer_value(json_object_get(t, "reported")), 21);
    ck_assert(pct(j, sp, "pct_of_reported", "outside_target_range") == 19);
    ck_assert(pct(j, sp, "pct_of_reported", "within_target_range") == 19);
    ck_assert(pct(j, sp, "pct_of_reported", "better_than_target") == 62);
    ck_assert(pct(j, sp, "pct_overall", "outside_target_range") == 13);
    ck_assert(pct(j, sp, "pct_overall", "within_target_range") == 13);
    ck_assert(pct(j, sp, "pct_overall", "better_than_target") == 43);
    ck_assert(pct(j, sp, "pct_overall", "not_available") == 7);
    ck_assert(pct(j, sp, "pct_overall", "annual_not_due") == 7);
    ck_assert(pct(j, sp, "pct_overall", "target_tbc") == 17);
    ck_assert_uint_eq(json_array_size(json_object_get(t, "rows")), 9);

    /* contractual: 7 better than target, 3 within range, 2 suspended */
    const json_t *ct = json_object_get(json_object_get(j, "categories"), "contractual");
    const json_t *counts = json_object_get(json_object_get(ct, "totals"), "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ct, "totals"), "total")),
                     12);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "better_than_target")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "within_target_range")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "suspended")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "outside_target_range")), 0);
    json_decref(j);

    /* the same quarter at decimals 1 */
    j = summary_json("2020-21-Q1", 1);
    ck_assert(pct(j, sp, "pct_of_reported", "better_than_target") == 61.9);
    ck_assert(pct(j, sp, "pct_overall", "target_tbc") == 16.7);
    json_decref(j);

    /* the restated referrals figure, and the finance statement */
    value_log log = {{0}};
    ck_assert_int_eq(sc_store_demand_values(db, Q("2019-20-Q3"), Q("2019-20-Q3"), log_value, &log),
                     SC_OK);
    ck_assert_msg(strstr(log.seen, "referrals@2019-20-Q3=946") != NULL, "%s", log.seen);
    sc_finance f;
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &f), SC_OK);
    sc_finance_totals tot;
    sc_finance_totals_compute(&f, &tot);
    ck_assert(tot.variance.net == -2910);
    ck_assert(tot.budget.net - tot.outturn.net == -2908);
    sc_finance_clear(&f);

    /* loading it again is harmless: nothing changes */
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_OK);
    ck_assert(already);
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &f), SC_OK);
    sc_finance_clear(&f);
    /* but a database holding anything else is refused */
    ck_assert_int_eq(sc_db_exec(db, "DELETE FROM settings"), SC_OK);
    ck_assert_int_eq(sc_demo_load(db, UNIT_DEMO_DIR, &already, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such-demo", dir);
    ck_assert_int_eq(sc_demo_load(db, missing, &already, &errs), SC_EINVALID);
    ck_assert_ptr_nonnull(errs.message);
    sc_errors_clear(&errs);
}
END_TEST

/* KNOWN LIB BUG (lib/ret.c, check_results): the duplicate check compares
 * each entry with every earlier *valid* entry and does not stop at the
 * first match, so a code sent three times gets two "appears more than
 * once" problems at the third entry (three problems for two repeats). */
START_TEST(bug_return_code_three_times)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    sc_rc rc = apply("2020-21-Q1",
                     "{'indicators':[{'code':'I1','availability':'reported','value':95},"
                     "{'code':'I1','availability':'reported','value':95},"
                     "{'code':'I1','availability':'reported','value':95}]}",
                     &out, &errs);
    size_t count = errs.count, at1 = unit_problems_at(&errs, "/indicators/1/code"),
           at2 = unit_problems_at(&errs, "/indicators/2/code");
    char got[1024];
    snprintf(got, sizeof got, "%s", unit_problems(&errs));
    sc_errors_clear(&errs);
    ck_assert_int_eq(rc, SC_EINVALID);
    ck_assert_msg(count == 2 && at1 == 1 && at2 == 1,
                  "KNOWN LIB BUG: want one problem at each repeat, got %zu: %s", count, got);
}
END_TEST

/* KNOWN LIB BUG (lib/ret.c, check_results): an entry that fails validation
 * is left out of the duplicate check, so when the first of two entries
 * with the same code is invalid, the repeat is not reported: the trust
 * fixes the first problem and only then learns of the second, though
 * contract §9 promises every problem at once. */
START_TEST(bug_return_duplicate_of_invalid_entry)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    sc_rc rc = apply("2020-21-Q1",
                     "{'indicators':[{'code':'I1','availability':'reported'},"
                     "{'code':'I1','availability':'reported','value':95}]}",
                     &out, &errs);
    size_t count = errs.count, dup = unit_problems_at(&errs, "/indicators/1/code");
    char got[1024];
    snprintf(got, sizeof got, "%s", unit_problems(&errs));
    sc_errors_clear(&errs);
    ck_assert_int_eq(rc, SC_EINVALID);
    ck_assert_msg(count == 2 && dup == 1,
                  "KNOWN LIB BUG: want problems at /indicators/0/value and "
                  "/indicators/1/code, got %zu: %s",
                  count, got);
}
END_TEST

/* KNOWN LIB BUG (lib/ret.c, check_demand): the same two faults for
 * demand figures: a measure sent three times gets two problems at its
 * third entry, and a repeat of an entry whose value is invalid is not
 * reported (only entries with a valid value join the duplicate check). */
START_TEST(bug_return_demand_duplicates)
{
    return_fixture();
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    apply("2020-21-Q1",
          "{'demand':[{'code':'contacts','value':1},{'code':'contacts','value':1},"
          "{'code':'contacts','value':1}]}",
          &out, &errs);
    size_t triple = errs.count;
    char got1[1024];
    snprintf(got1, sizeof got1, "%s", unit_problems(&errs));
    sc_errors_clear(&errs);
    apply("2020-21-Q1", "{'demand':[{'code':'contacts','value':-1},{'code':'contacts','value':1}]}",
          &out, &errs);
    size_t after_invalid = errs.count, dup = unit_problems_at(&errs, "/demand/1/code");
    char got2[1024];
    snprintf(got2, sizeof got2, "%s", unit_problems(&errs));
    sc_errors_clear(&errs);
    ck_assert_msg(triple == 2 && after_invalid == 2 && dup == 1,
                  "KNOWN LIB BUG: a measure sent three times: want 2 problems, got %zu: %s | "
                  "a repeat of an invalid entry: want 2 problems (one at /demand/1/code), "
                  "got %zu: %s",
                  triple, got1, after_invalid, got2);
}
END_TEST

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("schema");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, open_migrates_and_reopens);
    tcase_add_test(tc, newer_schema_refused);
    tcase_add_test(tc, unopenable_path);
    tcase_add_test(tc, builtin_service_areas);
    suite_add_tcase(s, tc);

    tc = tcase_create("kpi");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, indicator_put_created_updated_unchanged);
    tcase_add_test(tc, indicator_unknown_service_area);
    tcase_add_test(tc, indicator_delete);
    tcase_add_test(tc, target_in_force_across_quarters);
    tcase_add_test(tc, later_target_leaves_earlier_quarters);
    tcase_add_test(tc, active_bounds_in_quarter_view);
    tcase_add_test(tc, result_put_created_updated_unchanged);
    suite_add_tcase(s, tc);

    tc = tcase_create("keys");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, keys_create_authenticate_revoke);
    tcase_add_test(tc, role_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("return");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, return_bad_document_writes_nothing);
    tcase_add_test(tc, return_duplicate_codes);
    tcase_add_test(tc, return_clean_applied_twice);
    suite_add_tcase(s, tc);

    tc = tcase_create("demand_finance");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, demand_measures_and_values);
    tcase_add_test(tc, finance_statements);
    tcase_add_test(tc, return_with_demand_and_finance);
    tcase_add_test(tc, return_demand_finance_problems_write_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("demo");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, demo_dataset);
    suite_add_tcase(s, tc);

    tc = tcase_create("known_lib_bugs");
    tcase_set_tags(tc, "known_lib_bug"); /* CK_EXCLUDE_TAGS=known_lib_bug skips */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bug_return_code_three_times);
    tcase_add_test(tc, bug_return_duplicate_of_invalid_entry);
    tcase_add_test(tc, bug_return_demand_duplicates);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    strcpy(dir, "/tmp/scrutiny-unit-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    int rc = unit_run(store_suite());
    remove_dir();
    return rc;
}
