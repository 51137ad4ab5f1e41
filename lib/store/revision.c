/* revision.c - revisions and as_of reads (see revision.h). */
#include "revision.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "figure.h"
#include "indicator.h"
#include "jv.h"

const char *sc_revision_kind_key(sc_rev_kind kind)
{
    return kind >= 0 && kind < SC_REV_N ? sc_figure_kinds[kind].key : NULL;
}

bool sc_revision_kind_from_key(const char *key, sc_rev_kind *out)
{
    for (int i = 0; key && i < SC_REV_N; i++) {
        if (strcmp(key, sc_figure_kinds[i].key) == 0) {
            *out = (sc_rev_kind)i;
            return true;
        }
    }
    return false;
}

void sc_revision_kinds_text(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < SC_REV_N && used < n; i++)
        used +=
            (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", sc_figure_kinds[i].key);
}

sc_rc sc_revision_snapshot(sc_db *db, sc_rev_kind kind, sc_period q, const char *code, char **out)
{
    const char *sql = sc_figure_kinds[kind].snapshot;
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
    " VALUES (?1, ?2, ?3, COALESCE(?7, strftime('%Y-%m-%dT%H:%M:%fZ','now')), ?4, ?5, ?6)";

sc_rc sc_revision_add(sc_db *db, sc_rev_kind kind, sc_period q, const char *code, const char *by,
                      const char *old, const char *new_)
{
    sc_stmt *st = sc_db_stmt(db, sql_add);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, sc_revision_kind_key(kind));
    sc_stmt_bind_text(st, 3, code);
    sc_stmt_bind_text(st, 4, by);
    sc_stmt_bind_text(st, 5, old);
    sc_stmt_bind_text(st, 6, new_);
    sc_stmt_bind_text(st, 7, sc_db_clock(db));
    return sc_stmt_run(st);
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
    json_object_foreach(obj, key, v)
    {
        if (json_is_real(v))
            json_object_set_new(obj, key, sc_jv_new_number(json_real_value(v)));
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
        json_object_set_new(
            v, "period",
            sc_jv_new_period((sc_period)json_integer_value(json_object_get(v, "period"))));
    size_t i;
    json_t *line;
    json_array_foreach(json_object_get(v, "lines"), i, line)
    {
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
        sc_stmt_bind_text(st, 2, sc_revision_kind_key((sc_rev_kind)f->kind));
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
                           (json_int_t)sc_stmt_int64(st, 0), "kind", sc_stmt_text(st, 1), "code",
                           code ? json_string(code) : json_null(), "quarter",
                           sc_period_format(sc_stmt_int(st, 3), qs), "at", sc_stmt_text(st, 4),
                           "by", by ? json_string(by) : json_null(), "old",
                           json_or_null(st, 6, sc_stmt_text(st, 1)), "new",
                           json_or_null(st, 7, sc_stmt_text(st, 1))));
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

/* Restatement marks read the revisions themselves: they must not see the
 * future either. */
static const char view_revisions[] = "CREATE TEMP VIEW revisions AS SELECT * FROM main.revisions"
                                     " WHERE at <= (SELECT t FROM temp.as_of_at)";

/* Whether anything was written after utc: when not, the figures as they
 * stood then are the figures now, and nothing needs shadowing. */
static const char sql_written_after[] =
    "SELECT EXISTS (SELECT 1 FROM main.revisions WHERE at > ?1)";

/* DDL on the temporary schema: run once, not cached (the schema it changes
 * is gone when the transaction ends) */
static sc_rc run(sc_db *db, const char *sql, const char *utc)
{
    return sc_db_run_once(db, sql, utc);
}

sc_rc sc_revision_as_of(sc_db *db, const char *utc, unsigned what)
{
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
    sc_db *conn = db;
    sc_rc rc = run(conn, "CREATE TEMP TABLE as_of_at (t TEXT NOT NULL)", NULL);
    if (rc == SC_OK)
        rc = run(conn, "INSERT INTO temp.as_of_at VALUES (?1)", utc);
    if (rc == SC_OK && (what & (SC_AS_OF_KPI | SC_AS_OF_DEMAND)))
        rc = run(conn, view_revisions, NULL);
    for (int k = 0; rc == SC_OK && k < SC_REV_N; k++) {
        const sc_figure_kind *fk = &sc_figure_kinds[k];
        if (!(fk->as_of & what))
            continue;
        for (const char *const *v = fk->as_of_views; rc == SC_OK && *v; v++)
            rc = run(conn, *v, NULL);
    }
    if (rc == SC_OK)
        rc = sc_db_shadow(db, true);
    return rc;
}

static const char sql_revision_latest[] =
    "SELECT id, at FROM revisions WHERE kind = ?1 AND quarter = ?2 AND code IS ?3"
    " AND (?4 IS NULL OR at <= ?4) ORDER BY id DESC LIMIT 1";

sc_rc sc_revision_latest(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                         const char *at_most, sc_revision_ref *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_revision_latest);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_text(st, 1, sc_revision_kind_key(kind));
    sc_stmt_bind_int(st, 2, q);
    sc_stmt_bind_text(st, 3, code);
    sc_stmt_bind_text(st, 4, at_most);
    int rc = sc_stmt_step(st);
    sc_rc r = rc == SC_STEP_ROW ? SC_OK : rc == SC_STEP_DONE ? SC_ENOTFOUND : SC_EDB;
    if (r == SC_OK) {
        out->id = sc_stmt_int64(st, 0);
        const char *at = sc_stmt_text(st, 1);
        snprintf(out->at, sizeof out->at, "%s", at ? at : "");
    }
    sc_stmt_reset(st);
    return r;
}

/* Drops the shadowing of an as_of already in force (a request's own
 * ?as_of=), so that a push can shadow the figures at another instant;
 * the pop's rollback brings it back. The views are named in their CREATE
 * statements ("CREATE TEMP VIEW results AS ..."). */
static sc_rc drop_shadows(sc_db *conn)
{
    /* the views first: PostgreSQL refuses to drop the table they read */
    sc_rc rc = sc_db_shadow(conn, false);
    static const char create[] = "CREATE TEMP VIEW ";
    for (int k = 0; rc == SC_OK && k < SC_REV_N; k++) {
        for (const char *const *v = sc_figure_kinds[k].as_of_views; rc == SC_OK && v && *v; v++) {
            if (strncmp(*v, create, sizeof create - 1) != 0)
                return SC_EDB;
            const char *name = *v + sizeof create - 1;
            char sql[128];
            snprintf(sql, sizeof sql, "DROP VIEW IF EXISTS temp.%.*s", (int)strcspn(name, " "),
                     name);
            rc = run(conn, sql, NULL);
        }
    }
    if (rc == SC_OK)
        rc = run(conn, "DROP VIEW IF EXISTS temp.revisions", NULL);
    if (rc == SC_OK)
        rc = run(conn, "DROP TABLE IF EXISTS temp.as_of_at", NULL);
    return rc;
}

sc_rc sc_revision_as_of_push(sc_db *db, const char *utc, unsigned what)
{
    sc_rc rc = sc_db_exec(db, "SAVEPOINT as_of_push");
    if (rc != SC_OK)
        return rc;
    rc = drop_shadows(db);
    if (rc == SC_OK)
        rc = sc_revision_as_of(db, utc, what);
    if (rc != SC_OK)
        sc_revision_as_of_pop(db);
    return rc;
}

sc_rc sc_revision_as_of_pop(sc_db *db)
{
    /* rolling back to the savepoint drops the TEMP table and views */
    sc_rc rc = sc_db_exec(db, "ROLLBACK TO as_of_push");
    sc_rc r2 = sc_db_exec(db, "RELEASE as_of_push");
    return rc != SC_OK ? rc : r2;
}
