/* demo.c - loading the demonstration dataset (see demo.h). */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db.h"
#include "demo_ladder.h"
#include "indicator.h"
#include "jv.h"
#include "kpi.h"
#include "population.h"
#include "return.h"
#include "store_benchmark.h"
#include "store_kpi.h"
#include "store_risk_share.h"
#include "utc.h"

static json_t *load_file(const char *dir, const char *name, sc_errors *errs)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        sc_errors_set_message(errs, "%s: %s (line %d)", path, jerr.text, jerr.line);
    return doc;
}

/* SC_OK when the database is empty, SC_EXISTS-like *already when it holds
 * the demo (marked in settings), SC_ECONFLICT when it holds anything else. */
static sc_rc check_empty(sc_db *db, bool *already, sc_errors *errs)
{
    sc_stmt *st = sc_db_stmt(db, "SELECT (SELECT count(*) FROM indicators) +"
                                 " (SELECT count(*) FROM results) +"
                                 " (SELECT count(*) FROM demand_values) +"
                                 " (SELECT count(*) FROM finance_statements),"
                                 " (SELECT value FROM settings WHERE key = 'demo')");
    if (!st)
        return SC_EDB;
    int rc = sc_stmt_step(st);
    int n = sc_stmt_int(st, 0);
    *already = !sc_stmt_null(st, 1);
    sc_stmt_reset(st);
    if (rc != SC_STEP_ROW)
        return SC_EDB;
    if (n > 0 && !*already) {
        sc_errors_set_message(errs, "the database is not empty; the demo loads only into an "
                                    "empty database (use a new --db path)");
        return SC_ECONFLICT;
    }
    return SC_OK;
}

static sc_rc mark_loaded(sc_db *db, const char *dir)
{
    sc_stmt *st = sc_db_stmt(db, "INSERT INTO settings (key, value) VALUES ('demo', ?1)");
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, dir);
    return sc_stmt_run(st);
}

/* Puts prefix and sep before the pointers of the problems from index
 * from on: "file:" for a file's problems, "/CODE" for an entry's. */
static void prefix_problems_with(sc_errors *errs, size_t from, const char *prefix, const char *sep)
{
    for (size_t i = from; i < errs->count; i++) {
        char *p = NULL;
        if (asprintf(&p, "%s%s%s", prefix, sep, errs->items[i].pointer) >= 0) {
            free(errs->items[i].pointer);
            errs->items[i].pointer = p;
        }
    }
}

/* Moves problems found in one file under a "file:" prefix. */
static void prefix_problems(sc_errors *errs, size_t from, const char *file)
{
    prefix_problems_with(errs, from, file, ":");
}

static sc_rc load_definitions(sc_db *db, const json_t *doc, sc_errors *errs)
{
    const json_t *arr = json_object_get(doc, "indicators");
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/indicators", "must be an array");
        return SC_EINVALID;
    }
    size_t i;
    const json_t *item;
    json_array_foreach(arr, i, item)
    {
        char ptr[64];
        sc_pointer_index(ptr, sizeof ptr, "/indicators", i);
        json_t *def = json_deep_copy(item);
        json_t *targets = json_incref(json_object_get(def, "targets"));
        json_object_del(def, "targets");
        sc_indicator ind;
        sc_write w;
        sc_rc rc = sc_indicator_from_json(def, NULL, ptr, &ind, errs);
        if (rc == SC_OK) {
            rc = sc_store_indicator_put(db, &ind, &w, errs);
            size_t j;
            const json_t *t;
            json_array_foreach(targets, j, t)
            {
                char tp[96];
                snprintf(tp, sizeof tp, "%s/targets/%zu", ptr, j);
                sc_period from;
                sc_target tg;
                if (rc != SC_OK)
                    break;
                if (sc_jv_period(t, tp, "from_quarter", true, &from, errs) != SC_JV_OK ||
                    (rc = sc_target_from_json(t, from, tp, &tg, errs)) != SC_OK) {
                    rc = SC_EINVALID;
                    break;
                }
                rc = sc_store_target_put(db, ind.code, &tg, "demo", &w);
                sc_target_clear(&tg);
            }
            sc_indicator_clear(&ind);
        }
        json_decref(targets);
        json_decref(def);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

static const char sql_clock_moved[] =
    "SELECT CASE WHEN " NOW " > coalesce((SELECT max(at) FROM revisions), '') THEN 1 ELSE 0 END";

/* Waits until the clock has passed the last revision's millisecond, so
 * that each pack of the demo (each return in the manifest) has instants
 * of its own: an as_of or a list of changes between two packs then sees
 * one and not the other (the restatement of 2019/20 Q3 referrals). A few
 * milliseconds at most, once per return. */
static sc_rc next_instant(sc_db *db)
{
    for (int tries = 0; tries < 1000; tries++) {
        sc_stmt *st = sc_db_stmt(db, sql_clock_moved);
        if (!st)
            return SC_EDB;
        int rc = sc_stmt_step(st);
        bool moved = rc == SC_STEP_ROW && sc_stmt_int(st, 0);
        sc_stmt_reset(st);
        if (rc != SC_STEP_ROW)
            return SC_EDB;
        if (moved)
            return SC_OK;
        struct timespec pause = {0, 200000}; /* 0.2 ms */
        nanosleep(&pause, NULL);
    }
    return SC_OK; /* a clock that does not move: load on regardless */
}

/* The manifest's "risk_shares": [{ year, council_pct, trust_pct }]. */
static sc_rc load_risk_shares(sc_db *db, const json_t *list, sc_errors *errs)
{
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        char base[64];
        snprintf(base, sizeof base, "manifest.json: risk_shares[%zu]", i);
        const char *year = json_string_value(json_object_get(v, "year"));
        sc_risk_share rs;
        if (!year || !sc_population_year_parse(year, &rs.year, NULL, 0)) {
            sc_errors_set_message(errs, "%s needs a year, YYYY-YY", base);
            return SC_EINVALID;
        }
        json_t *body = json_deep_copy(v);
        json_object_del(body, "year");
        json_object_del(body, "note");
        sc_rc rc = sc_risk_share_from_json(body, base, &rs, errs);
        json_decref(body);
        sc_write what;
        if (rc == SC_OK)
            rc = sc_store_risk_share_put(db, &rs, "demo", &what);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

/* Sets the connection's clock to the manifest's instant at key in obj
 * plus offset milliseconds (absent: now), so the figures that follow are
 * dated as first published and each pack still has an instant of its own.
 * SC_EINVALID when it is not an RFC 3339 date-time. */
static sc_rc set_recorded_at(sc_db *db, const json_t *obj, const char *key, const char *where,
                             size_t offset, sc_errors *errs)
{
    const json_t *v = json_object_get(obj, key);
    char utc[32];
    if (!v) {
        sc_db_set_clock(db, NULL);
        return SC_OK;
    }
    if (!json_is_string(v) || !sc_utc_parse(json_string_value(v), utc)) {
        sc_errors_set_message(errs, "manifest.json: %s%s must be an RFC 3339 date-time", where,
                              key);
        return SC_EINVALID;
    }
    size_t ms = (size_t)atoi(utc + 20) + offset; /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
    if (ms > 999) {
        sc_errors_set_message(errs, "manifest.json: %s%s leaves no millisecond for each entry",
                              where, key);
        return SC_EINVALID;
    }
    snprintf(utc + 20, sizeof utc - 20, "%03zuZ", ms);
    sc_db_set_clock(db, utc);
    return SC_OK;
}

/* One benchmarks file: { CODE: benchmarks PUT body, ... } for quarter q,
 * each through sc_store_benchmark_put (so a revision and history each). */
static sc_rc load_benchmarks(sc_db *db, sc_period q, const json_t *doc, sc_errors *errs)
{
    const char *code;
    const json_t *body;
    if (!json_is_object(doc)) {
        sc_errors_add(errs, "", "must be an object of benchmarks by indicator code");
        return SC_EINVALID;
    }
    json_object_foreach((json_t *)doc, code, body)
    {
        sc_benchmark b;
        sc_write w;
        size_t before = errs->count;
        sc_rc rc = sc_benchmark_from_json(body, &b, errs);
        if (rc == SC_OK)
            rc = sc_store_benchmark_put(db, q, code, &b, "demo", &w);
        else
            prefix_problems_with(errs, before, "/", code);
        sc_benchmark_clear(&b);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

/* The manifest's list under key: each entry { quarter, file, recorded_at? }
 * loaded by fn at its instant. */
typedef sc_rc (*entry_loader)(sc_db *db, sc_period q, const json_t *doc, sc_errors *errs);

static sc_rc apply_return(sc_db *db, sc_period q, const json_t *doc, sc_errors *errs)
{
    sc_return_outcome out;
    return sc_return_apply(db, q, doc, "demo", &out, errs);
}

static sc_rc load_entries(sc_db *db, const char *dir, const json_t *manifest, const char *key,
                          size_t offset, entry_loader fn, sc_errors *errs)
{
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(manifest, key), i, v)
    {
        const char *file = json_string_value(json_object_get(v, "file"));
        const char *qs = json_string_value(json_object_get(v, "quarter"));
        sc_period q;
        if (!file || !qs || !sc_period_parse(qs, &q, NULL, 0)) {
            sc_errors_set_message(errs, "manifest.json: %s[%zu] needs file and quarter", key, i);
            return SC_EINVALID;
        }
        char where[48];
        snprintf(where, sizeof where, "%s[%zu].", key, i);
        json_t *doc = set_recorded_at(db, v, "recorded_at", where, offset + i, errs) == SC_OK
                          ? load_file(dir, file, errs)
                          : NULL;
        if (!doc)
            return SC_EINVALID;
        size_t before = errs->count;
        sc_rc rc = next_instant(db);
        if (rc == SC_OK)
            rc = fn(db, q, doc, errs);
        prefix_problems(errs, before, file);
        json_decref(doc);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

/* Definitions are not versioned, but their own dates say when they were
 * published too: the demo's indicators are dated at the definitions'
 * instant (the clock), so a list of changes between two packs does not
 * take the moment of loading for a change of definition. */
static sc_rc date_definitions(sc_db *db)
{
    if (!sc_db_clock(db))
        return SC_OK;
    sc_stmt *st = sc_db_stmt(db, "UPDATE indicators SET created_at = ?1, updated_at = ?1");
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, sc_db_clock(db));
    return sc_stmt_run(st);
}

static sc_rc load_all(sc_db *db, const char *dir, const json_t *manifest, sc_errors *errs)
{
    size_t i;
    const json_t *v;
    if (set_recorded_at(db, manifest, "definitions_recorded_at", "", 0, errs) != SC_OK)
        return SC_EINVALID;
    json_array_foreach(json_object_get(manifest, "definitions"), i, v)
    {
        const char *file = json_string_value(v);
        json_t *doc = file ? load_file(dir, file, errs) : NULL;
        if (!doc)
            return SC_EINVALID;
        size_t before = errs->count;
        sc_rc rc = load_definitions(db, doc, errs);
        prefix_problems(errs, before, file);
        json_decref(doc);
        if (rc != SC_OK)
            return rc;
    }
    if (date_definitions(db) != SC_OK)
        return SC_EDB;
    json_array_foreach(json_object_get(manifest, "care_ladder"), i, v)
    {
        const char *file = json_string_value(v);
        json_t *doc = file ? load_file(dir, file, errs) : NULL;
        size_t before = errs->count;
        sc_rc rc = doc ? sc_demo_ladder_load(db, doc, errs) : SC_EINVALID;
        prefix_problems(errs, before, file ? file : "care_ladder");
        json_decref(doc);
        if (rc != SC_OK)
            return rc;
    }
    sc_rc rc = load_entries(db, dir, manifest, "returns", 1, apply_return, errs);
    if (rc == SC_OK)
        rc = load_entries(db, dir, manifest, "benchmarks", 500, load_benchmarks, errs);
    if (rc == SC_OK)
        rc = next_instant(db); /* the risk shares are a pack of their own too */
    return rc == SC_OK ? load_risk_shares(db, json_object_get(manifest, "risk_shares"), errs) : rc;
}

sc_rc sc_demo_load(sc_db *db, const char *dir, bool *already, sc_errors *errs)
{
    *already = false;
    json_t *manifest = load_file(dir, "manifest.json", errs);
    if (!manifest)
        return SC_EINVALID;
    sc_rc rc = sc_db_begin_write(db);
    if (rc == SC_OK && (rc = check_empty(db, already, errs)) == SC_OK && !*already &&
        (rc = load_all(db, dir, manifest, errs)) == SC_OK && (rc = mark_loaded(db, dir)) == SC_OK)
        rc = sc_db_commit(db);
    sc_db_set_clock(db, NULL); /* the connection goes back to the pool dating writes now */
    if (rc == SC_OK && *already)
        sc_db_rollback(db); /* nothing was written */
    if (rc != SC_OK) {
        if (rc == SC_EINVALID && !errs->message)
            sc_errors_set_message(errs, "the demo files have %zu problem(s)", errs->count);
        sc_db_rollback(db);
    }
    json_decref(manifest);
    return rc;
}
