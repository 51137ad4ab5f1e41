/* csv.c - JSON rows to RFC 4180 CSV (see csv.h). */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

/* Adds obj's members to flat, nested objects as prefix_member. */
static void flatten_into(json_t *flat, const char *prefix, const json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        char name[256];
        if (prefix)
            snprintf(name, sizeof name, "%s_%s", prefix, key);
        else
            snprintf(name, sizeof name, "%s", key);
        if (json_is_object(v))
            flatten_into(flat, name, v);
        else
            json_object_set(flat, name, v);
    }
}

/* A figure (number, boolean, null) as the server writes it. */
static char *value_text(const json_t *v)
{
    if (!v || json_is_null(v))
        return strdup("");
    if (json_is_true(v))
        return strdup("true");
    if (json_is_false(v))
        return strdup("false");
    return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
}

/* A JSON string is text whatever it looks like ("-5 fewer", a code, a
 * quarter id), so it gets the formula rule; a JSON number never does, so
 * -12 stays a number in the spreadsheet. */
static void put_cell(sc_sbuf *s, const json_t *v)
{
    if (json_is_string(v)) {
        sc_sbuf_csv_text(s, json_string_value(v));
        return;
    }
    char *t = value_text(v);
    sc_sbuf_csv_field(s, t ? t : "");
    free(t);
}

json_t *sc_csv_flatten(const json_t *rows, json_t **columns)
{
    json_t *flat = json_array();
    json_t *cols = json_array(); /* names in order of first appearance */
    json_t *seen = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *f = json_object();
        flatten_into(f, NULL, row);
        const char *key;
        json_t *v;
        json_object_foreach(f, key, v)
        {
            if (!json_object_get(seen, key)) {
                json_object_set_new(seen, key, json_true());
                json_array_append_new(cols, json_string(key));
            }
        }
        json_array_append_new(flat, f);
    }
    json_decref(seen);
    if (!flat || !cols || json_array_size(flat) != json_array_size(rows)) {
        json_decref(flat);
        json_decref(cols);
        return NULL;
    }
    *columns = cols;
    return flat;
}

char *sc_csv_render(const json_t *rows)
{
    json_t *columns;
    json_t *flat = sc_csv_flatten(rows, &columns);
    if (!flat)
        return NULL;
    size_t i;
    json_t *row;
    sc_sbuf s = {0};
    json_t *col;
    json_array_foreach(columns, i, col)
    {
        if (i)
            sc_sbuf_put(&s, ",", 1);
        sc_sbuf_csv_text(&s, json_string_value(col));
    }
    sc_sbuf_put(&s, "\r\n", 2);
    json_array_foreach(flat, i, row)
    {
        size_t c;
        json_array_foreach(columns, c, col)
        {
            if (c)
                sc_sbuf_put(&s, ",", 1);
            put_cell(&s, json_object_get(row, json_string_value(col)));
        }
        sc_sbuf_put(&s, "\r\n", 2);
    }
    json_decref(flat);
    json_decref(columns);
    if (s.oom) {
        free(s.buf);
        return NULL;
    }
    return s.buf;
}

json_t *sc_csv_items(const json_t *body)
{
    json_t *items = json_object_get(body, "items");
    return json_is_array(items) ? json_incref(items) : NULL;
}

/* The statistics beside a status (docs/API.md "Statistical methods"):
 * each object or null per row, as CSV the same columns on every row, after
 * every column that was there before them. */
static const char *const ci_members[] = {"level", "lower", "upper", "method", NULL};
static const char *const significance_members[] = {"vs_target", "method", NULL};
static const char *const trend_test_members[] = {"method",    "points",  "from", "to",
                                                 "statistic", "p_value", NULL};
static const struct {
    const char *key;
    const char *const *members; /* NULL: a plain value */
} stats_columns[] = {
    {"confidence_interval", ci_members},
    {"significance", significance_members},
    {"trend", NULL},
    {"trend_test", trend_test_members},
    {"target_source", NULL},
    {"target_review_by", NULL},
    {"target_review_overdue", NULL},
};

/* Moves the statistics members of row r (a copy of item it) to its end,
 * objects as key_member columns. Members the item lacks are left out. */
static void stats_to_end(json_t *r, const json_t *it)
{
    for (size_t k = 0; k < sizeof stats_columns / sizeof *stats_columns; k++) {
        const char *key = stats_columns[k].key;
        json_t *v = json_object_get(it, key);
        if (!v)
            continue;
        json_object_del(r, key);
        if (!stats_columns[k].members) {
            json_object_set(r, key, v);
            continue;
        }
        for (const char *const *m = stats_columns[k].members; *m; m++) {
            char name[64];
            snprintf(name, sizeof name, "%s_%s", key, *m);
            /* a string where the object belongs is the confidential mark
             * (public_view.h): every column of it shows it */
            json_t *mv = json_is_string(v) ? v : json_object_get(v, *m);
            json_object_set(r, name, mv ? mv : json_null());
        }
    }
}

json_t *sc_csv_history(const json_t *body)
{
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(body, "items"), i, it)
    {
        json_t *r = json_deep_copy(it);
        stats_to_end(r, it);
        json_array_append_new(rows, r);
    }
    return rows;
}

/* causes joined by ";", revisions by their ids. */
json_t *sc_csv_changes(const json_t *body)
{
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(body, "items"), i, it)
    {
        json_t *r = json_deep_copy(it);
        sc_sbuf s = {0};
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(it, "causes"), k, c)
        {
            if (k)
                sc_sbuf_puts(&s, ";");
            sc_sbuf_puts(&s, json_string_value(c));
        }
        json_object_set_new(r, "causes", json_string(s.buf && !s.oom ? s.buf : ""));
        free(s.buf);
        /* a revision (object or null) is its id, so every row has the same columns */
        static const char *const sides[] = {"before", "after"};
        static const char *const links[] = {"revision", "target_revision"};
        for (int a = 0; a < 2; a++) {
            json_t *o = json_object_get(r, sides[a]);
            for (int b = 0; b < 2; b++) {
                json_t *id = json_object_get(json_object_get(o, links[b]), "id");
                json_object_set_new(o, links[b], id ? json_incref(id) : json_null());
            }
        }
        json_array_append_new(rows, r);
    }
    return rows;
}

/* Benchmarks are an object or null per result; as CSV they are the same
 * ten columns on every row, so the header never depends on the data. */
json_t *sc_csv_results(const json_t *body)
{
    static const char *const cmp[] = {"national", "regional", "statistical_neighbours"};
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(body, "items"), i, it)
    {
        json_t *r = json_deep_copy(it);
        json_t *b = json_object_get(it, "benchmarks");
        json_object_del(r, "benchmarks");
        for (int k = 0; k < 3; k++) {
            json_t *c = json_object_get(b, cmp[k]);
            char name[64];
            snprintf(name, sizeof name, "benchmark_%s", cmp[k]);
            json_object_set(
                r, name, json_object_get(c, "value") ? json_object_get(c, "value") : json_null());
            snprintf(name, sizeof name, "benchmark_%s_comparison", cmp[k]);
            json_object_set(r, name,
                            json_object_get(c, "comparison") ? json_object_get(c, "comparison")
                                                             : json_null());
        }
        json_t *reg = json_object_get(b, "regional");
        json_object_set(r, "benchmark_regional_rank",
                        json_object_get(reg, "rank") ? json_object_get(reg, "rank") : json_null());
        json_object_set(r, "benchmark_regional_count",
                        json_object_get(reg, "count") ? json_object_get(reg, "count")
                                                      : json_null());
        json_object_set(r, "benchmark_source",
                        json_object_get(b, "source") ? json_object_get(b, "source") : json_null());
        json_object_set(r, "benchmark_period",
                        json_object_get(b, "period") ? json_object_get(b, "period") : json_null());
        stats_to_end(r, it);
        json_array_append_new(rows, r);
    }
    return rows;
}

/* A line that carries only a variance has no budget and outturn: their
 * six cells are left empty rather than adding a column of nulls. */
json_t *sc_csv_finance(const json_t *body)
{
    json_t *lines = json_object_get(body, "lines");
    if (!json_is_array(lines))
        return NULL;
    json_t *rows = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(lines, i, l)
    {
        json_t *row = json_copy(l);
        if (json_is_null(json_object_get(row, "budget")))
            json_object_del(row, "budget");
        if (json_is_null(json_object_get(row, "outturn")))
            json_object_del(row, "outturn");
        json_array_append_new(rows, row);
    }
    return rows;
}

/* A question's answer as four columns on every row, empty while it is
 * outstanding, so that a sheet of questions has one header. */
json_t *sc_csv_questions(const json_t *body)
{
    static const char *const members[] = {"text", "by", "at", "revision"};
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(body, "items"), i, it)
    {
        json_t *r = json_deep_copy(it);
        const json_t *answer = json_object_get(it, "answer");
        json_object_del(r, "answer");
        for (size_t k = 0; k < sizeof members / sizeof *members; k++) {
            char col[32];
            snprintf(col, sizeof col, "answer_%s", members[k]);
            json_t *v = json_object_get(answer, members[k]);
            json_object_set(r, col, v ? v : json_null());
        }
        json_array_append_new(rows, r);
    }
    return rows;
}

static void summary_row(json_t *rows, const char *category, const char *area, const char *name,
                        const json_t *counts, const json_t *total)
{
    json_t *r =
        json_pack("{s:s, s:s, s:s}", "category", category, "service_area", area, "name", name);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)counts, key, v) json_object_set(r, key, v);
    json_object_set(r, "total", (json_t *)total);
    json_array_append_new(rows, r);
}

json_t *sc_csv_summary(const json_t *body)
{
    json_t *rows = json_array();
    const char *cat;
    json_t *table;
    json_object_foreach(json_object_get(body, "categories"), cat, table)
    {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(table, "rows"), i, r)
            summary_row(rows, cat, json_string_value(json_object_get(r, "service_area")),
                        json_string_value(json_object_get(r, "name")), json_object_get(r, "counts"),
                        json_object_get(r, "total"));
        json_t *totals = json_object_get(table, "totals");
        summary_row(rows, cat, "total", "Total", json_object_get(totals, "counts"),
                    json_object_get(totals, "total"));
    }
    return rows;
}

json_t *sc_csv_demand_table(const json_t *body)
{
    json_t *rows = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(body, "items"), i, it)
    {
        json_t *r = json_pack("{s:O, s:O}", "code", json_object_get(it, "code"), "name",
                              json_object_get(it, "name"));
        size_t k;
        json_t *cell;
        json_array_foreach(json_object_get(it, "values"), k, cell) json_object_set(
            r, json_string_value(json_object_get(cell, "quarter")), json_object_get(cell, "value"));
        json_array_append_new(rows, r);
    }
    return rows;
}
