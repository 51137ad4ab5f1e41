/* test_sheets.c - API: spreadsheets (issue 16). XLSX answers of the lists
 * and of the committee report, each read back with a reader nobody here
 * wrote (Python's zipfile and xml.etree, tests/api/check_xlsx.py): valid
 * workbooks, numbers as numeric cells with their formats, frozen header
 * rows, the formula rule on text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_main.h"

#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void setup(void)
{
    th_start(NULL);
}

static void setup_demo(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

/* The workbook in r's body as check_xlsx.py reads it: { sheets: [{ name,
 * frozen_rows, cells: { A1: { type, value, format } } }] }. Fails the test
 * when the reader refuses the file. */
static json_t *read_workbook(const th_resp *r)
{
    char path[] = "/tmp/scrutiny-test-xlsx-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, r->body, r->len), (ssize_t)r->len);
    close(fd);
    const char *root = getenv("SCRUTINY_SOURCE_ROOT");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "python3 '%s/tests/api/check_xlsx.py' '%s'", root ? root : ".", path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    json_error_t err;
    json_t *book = json_loadf(p, 0, &err);
    int rc = pclose(p);
    unlink(path);
    ck_assert_msg(rc == 0 && book, "check_xlsx.py refused the workbook (exit %d): %s", rc,
                  book ? "" : err.text);
    return book;
}

static json_t *sheet(const json_t *book, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(book, "sheets"), i,
                       s) if (strcmp(json_string_value(json_object_get(s, "name")), name) ==
                              0) return s;
    ck_abort_msg("no sheet %s", name);
    return NULL;
}

static json_t *cell(const json_t *sh, const char *ref)
{
    json_t *c = json_object_get(json_object_get(sh, "cells"), ref);
    ck_assert_msg(c != NULL, "no cell %s on sheet %s", ref,
                  json_string_value(json_object_get(sh, "name")));
    return c;
}

static const char *cell_type(const json_t *sh, const char *ref)
{
    return json_string_value(json_object_get(cell(sh, ref), "type"));
}

static const char *cell_format(const json_t *sh, const char *ref)
{
    return json_string_value(json_object_get(cell(sh, ref), "format"));
}

static double cell_number(const json_t *sh, const char *ref)
{
    ck_assert_str_eq(cell_type(sh, ref), "n");
    return json_number_value(json_object_get(cell(sh, ref), "value"));
}

static const char *cell_text(const json_t *sh, const char *ref)
{
    ck_assert_str_eq(cell_type(sh, ref), "s");
    return json_string_value(json_object_get(cell(sh, ref), "value"));
}

/* The reference of the header cell named name on row 1 ("D1"), or fails. */
static void column_of(const json_t *sh, const char *name, char out[4])
{
    for (char c = 'A'; c <= 'Z'; c++) {
        char ref[4] = {c, '1', '\0'};
        json_t *h = json_object_get(json_object_get(sh, "cells"), ref);
        if (h && strcmp(json_string_value(json_object_get(h, "value")), name) == 0) {
            out[0] = c;
            out[1] = '\0';
            return;
        }
    }
    ck_abort_msg("no column %s", name);
}

static void assert_xlsx_answer(const th_resp *r, const char *file)
{
    ck_assert_int_eq(r->status, 200);
    ck_assert_str_eq(r->content_type, XLSX);
    char want[200];
    snprintf(want, sizeof want, "attachment; filename=\"%s\"", file);
    ck_assert_str_eq(r->content_disposition, want);
    ck_assert_int_eq(strlen(r->etag), 34);
}

START_TEST(finance_list_xlsx)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/finance?format=xlsx");
    assert_xlsx_answer(&r, "scrutiny-quarters-2020-21-Q1-finance.xlsx");
    json_t *book = read_workbook(&r);
    ck_assert_int_eq(json_array_size(json_object_get(book, "sheets")), 1);
    json_t *sh = sheet(book, "finance");
    ck_assert_int_eq(json_integer_value(json_object_get(sh, "frozen_rows")), 1);
    ck_assert_str_eq(cell_text(sh, "A1"), "code");
    ck_assert_str_eq(cell_text(sh, "A2"), "children-looked-after");
    char col[4], ref[8];
    /* money: numeric, £ with thousands separators, k for £000 */
    column_of(sh, "budget_gross", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_double_eq(cell_number(sh, ref), 32411);
    ck_assert_str_eq(cell_format(sh, ref), "\xc2\xa3#,##0\"k\"");
    column_of(sh, "variance_net", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_double_eq(cell_number(sh, ref), -2262);
    ck_assert_ptr_nonnull(strstr(cell_format(sh, ref), "#,##0"));
    column_of(sh, "variance_source", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_str_eq(cell_text(sh, ref), "published");
    json_decref(book);
    th_free(&r);
}
END_TEST

START_TEST(demand_percentages_at_decimals)
{
    /* by Accept, percentages as fractions with a % format at ?decimals */
    th_resp r = th_request("GET", "/api/v1/quarters/2020-21-Q1/demand?decimals=2", NULL, NULL, NULL,
                           "Accept: " XLSX);
    assert_xlsx_answer(&r, "scrutiny-quarters-2020-21-Q1-demand.xlsx");
    json_t *book = read_workbook(&r);
    json_t *sh = sheet(book, "demand");
    ck_assert_int_eq(json_integer_value(json_object_get(sh, "frozen_rows")), 1);
    ck_assert_str_eq(cell_text(sh, "A2"), "contacts");
    char col[4], ref[8];
    column_of(sh, "value", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_double_eq(cell_number(sh, ref), 5349);
    ck_assert_str_eq(cell_format(sh, ref), "General");
    column_of(sh, "change_vs_previous_quarter_pct", col);
    snprintf(ref, sizeof ref, "%s3", col); /* referrals 1052 -> 1117: +6.18 % */
    ck_assert_double_eq_tol(cell_number(sh, ref), 0.0618, 1e-12);
    ck_assert_str_eq(cell_format(sh, ref), "0.00%");
    column_of(sh, "restated", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_str_eq(cell_type(sh, ref), "b");
    json_decref(book);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand?decimals=0&format=xlsx");
    book = read_workbook(&r);
    sh = sheet(book, "demand");
    column_of(sh, "change_vs_previous_quarter_pct", col);
    snprintf(ref, sizeof ref, "%s3", col);
    ck_assert_double_eq_tol(cell_number(sh, ref), 0.06, 1e-12);
    ck_assert_str_eq(cell_format(sh, ref), "0%");
    json_decref(book);
    th_free(&r);
}
END_TEST

/* Every list that answers CSV answers a workbook whose header row is the
 * CSV's. */
START_TEST(every_csv_list_answers_xlsx)
{
    static const char *const paths[] = {"/api/v1/service-areas",
                                        "/api/v1/indicators",
                                        "/api/v1/indicators/CP-SEEN/history",
                                        "/api/v1/indicators/CP-SEEN/targets",
                                        "/api/v1/quarters/2020-21-Q1/indicators",
                                        "/api/v1/quarters/2020-21-Q1/summary",
                                        "/api/v1/demand-measures",
                                        "/api/v1/quarters/2020-21-Q1/demand",
                                        "/api/v1/demand",
                                        "/api/v1/quarters/2020-21-Q1/finance"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        char path[200];
        snprintf(path, sizeof path, "%s?format=csv", paths[i]);
        th_resp c = th_get(path);
        ck_assert_int_eq(c.status, 200);
        snprintf(path, sizeof path, "%s?format=xlsx", paths[i]);
        th_resp r = th_get(path);
        ck_assert_msg(r.status == 200 && strcmp(r.content_type, XLSX) == 0, "%s: %ld %s", path,
                      r.status, r.content_type);
        size_t n = strlen(r.content_disposition);
        ck_assert_msg(n > 6 && strcmp(r.content_disposition + n - 6, ".xlsx\"") == 0, "%s",
                      r.content_disposition);
        json_t *book = read_workbook(&r);
        json_t *sh = json_array_get(json_object_get(book, "sheets"), 0);
        ck_assert_int_eq(json_integer_value(json_object_get(sh, "frozen_rows")), 1);
        /* the first header names are the CSV's */
        size_t first = strcspn(c.body, ",\r");
        ck_assert_msg(strncmp(cell_text(sh, "A1"), c.body, first) == 0, "%s: %s", path,
                      cell_text(sh, "A1"));
        json_decref(book);
        th_free(&r);
        th_free(&c);
    }
    /* a format the lists do not have is a 400 naming the ones they do */
    th_resp r = th_get("/api/v1/indicators?format=xls");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "json, csv or xlsx"));
    th_free(&r);
}
END_TEST

START_TEST(report_xlsx_one_sheet_per_table)
{
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/report?format=xlsx&decimals=1");
    assert_xlsx_answer(&r, "scrutiny-report-2020-21-Q1.xlsx");
    json_t *book = read_workbook(&r);
    static const char *const names[] = {"statements", "strategic", "outside_target_range",
                                        "demand",     "finance",   "placements"};
    json_t *sheets = json_object_get(book, "sheets");
    ck_assert_int_eq(json_array_size(sheets), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *sh = json_array_get(sheets, i);
        ck_assert_str_eq(json_string_value(json_object_get(sh, "name")), names[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(sh, "frozen_rows")), 1);
    }
    json_t *st = sheet(book, "statements");
    ck_assert_str_eq(cell_text(st, "A2"), "contractual");
    ck_assert_ptr_nonnull(strstr(cell_text(st, "B2"), "Of the 12 contractual indicators"));
    /* the strategic table: counts numeric (zero counts hidden by the
     * format, as the papers leave them blank), the % rows percentages */
    json_t *sg = sheet(book, "strategic");
    ck_assert_str_eq(cell_text(sg, "A2"), "Parent & Family Support");
    ck_assert_double_eq(cell_number(sg, "B2"), 0);
    ck_assert_str_eq(cell_format(sg, "B2"), "#,##0;-#,##0;;@");
    ck_assert_str_eq(cell_text(sg, "A12"), "% of reported");
    ck_assert_str_eq(cell_format(sg, "D12"), "0.0%");
    /* the paper's 62% better than target, here at one decimal: 61.9 % */
    ck_assert_double_eq_tol(cell_number(sg, "D12"), 0.619, 1e-12);
    ck_assert_str_eq(cell_text(sg, "E12"), "-");
    /* demand: whole numbers with separators */
    json_t *dm = sheet(book, "demand");
    ck_assert_double_eq(cell_number(dm, "B2"), 5687);
    ck_assert_str_eq(cell_format(dm, "B2"), "#,##0");
    ck_assert_str_eq(cell_format(dm, "G2"), "0.0%");
    /* finance: the Grand Total's net variance, money in £000 */
    json_t *fi = sheet(book, "finance");
    int total_row = 0;
    for (int row = 2; row < 20 && !total_row; row++) {
        char ref[8];
        snprintf(ref, sizeof ref, "A%d", row);
        json_t *c = json_object_get(json_object_get(fi, "cells"), ref);
        if (c && strcmp(json_string_value(json_object_get(c, "value")), "Grand Total") == 0)
            total_row = row;
    }
    ck_assert_int_gt(total_row, 0);
    char ref[8];
    snprintf(ref, sizeof ref, "J%d", total_row);
    ck_assert_double_eq(cell_number(fi, ref), -2910);
    ck_assert_str_eq(cell_format(fi, ref), "\xc2\xa3#,##0\"k\"");
    json_decref(book);
    th_free(&r);
    /* the percentages follow ?decimals; Accept asks for a workbook too */
    r = th_request("GET", "/api/v1/quarters/2020-21-Q1/report", NULL, NULL, NULL, "Accept: " XLSX);
    assert_xlsx_answer(&r, "scrutiny-report-2020-21-Q1.xlsx");
    book = read_workbook(&r);
    sg = sheet(book, "strategic");
    ck_assert_str_eq(cell_format(sg, "D12"), "0%");
    ck_assert_double_eq_tol(cell_number(sg, "D12"), 0.62, 1e-12);
    json_decref(book);
    th_free(&r);
}
END_TEST

/* XLSX answers are cached and revalidated like every other GET. */
START_TEST(xlsx_etag_revalidates)
{
    th_resp a = th_get("/api/v1/quarters/2020-21-Q1/report?format=xlsx");
    ck_assert_int_eq(a.status, 200);
    th_resp b = th_get("/api/v1/quarters/2020-21-Q1/report?format=xlsx");
    ck_assert_str_eq(a.etag, b.etag); /* from the cache: the same bytes */
    ck_assert_int_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.body, b.body, a.len), 0);
    char inm[120];
    snprintf(inm, sizeof inm, "If-None-Match: %s", a.etag);
    th_resp c =
        th_request("GET", "/api/v1/quarters/2020-21-Q1/report?format=xlsx", NULL, NULL, NULL, inm);
    ck_assert_int_eq(c.status, 304);
    /* the CSV of the same path is another representation */
    th_resp d = th_get("/api/v1/quarters/2020-21-Q1/report?format=csv");
    ck_assert_str_ne(a.etag, d.etag);
    th_free(&a);
    th_free(&b);
    th_free(&c);
    th_free(&d);
}
END_TEST

/* Text a spreadsheet could evaluate gets the CSV's leading ', in the lists
 * and in the report; a negative number stays a number. */
START_TEST(xlsx_text_neutralised)
{
    th_resp r = th_put("/api/v1/indicators/INJ", th_admin_key,
                       "{\"name\": \"=HYPERLINK(\\\"http://x\\\")\", \"category\": "
                       "\"contractual\", \"service_area\": \"child-protection\", "
                       "\"polarity\": \"higher_is_better\", \"unit\": \"count\", \"decimals\": 0}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_put("/api/v1/indicators/INJ/targets/2020-21-Q1", th_admin_key,
               "{\"target\": 10, \"tolerance\": 1}");
    ck_assert_int_lt(r.status, 300);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/INJ", th_writer_key,
               "{\"availability\": \"reported\", \"value\": -12, \"commentary\": \"-5 "
               "children fewer\"}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators?format=xlsx");
    json_t *book = read_workbook(&r);
    json_t *sh = sheet(book, "indicators");
    char name[4], value[4], commentary[4], ref[8];
    column_of(sh, "name", name);
    column_of(sh, "value", value);
    column_of(sh, "commentary", commentary);
    snprintf(ref, sizeof ref, "%s2", name);
    ck_assert_str_eq(cell_text(sh, ref), "'=HYPERLINK(\"http://x\")");
    snprintf(ref, sizeof ref, "%s2", commentary);
    ck_assert_str_eq(cell_text(sh, ref), "'-5 children fewer");
    snprintf(ref, sizeof ref, "%s2", value);
    ck_assert_double_eq(cell_number(sh, ref), -12);
    json_decref(book);
    th_free(&r);
    /* in the report too: outside target range lists it by name */
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=xlsx");
    book = read_workbook(&r);
    sh = sheet(book, "outside_target_range");
    ck_assert_str_eq(cell_text(sh, "B2"), "'=HYPERLINK(\"http://x\")");
    ck_assert_str_eq(cell_text(sh, "H2"), "'-5 children fewer");
    ck_assert_double_eq(cell_number(sh, "E2"), -12);
    json_decref(book);
    th_free(&r);
    /* a statement in pounds: money with pence, a hostile line name */
    r = th_put("/api/v1/quarters/2020-21-Q1/finance", th_writer_key,
               "{\"units\": \"gbp\", \"lines\": [{\"code\": \"cla\", \"name\": \"@SUM(1+1)\","
               " \"budget\": {\"gross\": 1000000, \"income\": -200000, \"net\": 800000},"
               " \"outturn\": {\"gross\": 1150000.5, \"income\": -200000, \"net\": 950000.5}}]}");
    ck_assert_int_eq(r.status, 201);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?format=xlsx");
    book = read_workbook(&r);
    sh = sheet(book, "finance");
    ck_assert_str_eq(cell_text(sh, "B2"), "'@SUM(1+1)");
    char col[4];
    column_of(sh, "outturn_net", col);
    snprintf(ref, sizeof ref, "%s2", col);
    ck_assert_double_eq(cell_number(sh, ref), 950000.5);
    ck_assert_str_eq(cell_format(sh, ref), "\xc2\xa3#,##0.00");
    json_decref(book);
    th_free(&r);
}
END_TEST

/* ---- the return as CSV ---- */

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_value(FILE *f, const json_t *v)
{
    if (json_is_string(v)) {
        csv_field(f, json_string_value(v));
    } else {
        char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
        fputs(t, f);
        free(t);
    }
}

static void csv_row(FILE *f, const char *section, const char *code, const char *field,
                    const json_t *v)
{
    if (!v || json_is_null(v))
        return;
    fprintf(f, "%s,", section);
    csv_field(f, code);
    fprintf(f, ",%s,", field);
    csv_value(f, v);
    fputs("\r\n", f);
}

/* A return document (data/demo/return-*.json) in the long-form CSV layout
 * of docs/API.md, written here independently of the server's parser;
 * malloc'd. */
static char *return_to_csv(const json_t *doc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fputs("section,code,field,value\r\n", f);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(doc, "indicators"), i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        const char *key;
        json_t *v;
        json_object_foreach(it, key, v) if (strcmp(key, "code") != 0)
            csv_row(f, "indicator", code, key, v);
    }
    json_array_foreach(json_object_get(doc, "demand"), i, it)
        csv_row(f, "demand", json_string_value(json_object_get(it, "code")), "value",
                json_object_get(it, "value"));
    static const char *const coded[][2] = {{"placements", "placement"},
                                           {"demand_benchmarks", "demand_benchmark"}};
    for (size_t k = 0; k < 2; k++) {
        json_array_foreach(json_object_get(doc, coded[k][0]), i, it)
        {
            const char *code = json_string_value(json_object_get(it, "code"));
            const char *key;
            json_t *v;
            json_object_foreach(it, key, v) if (strcmp(key, "code") != 0)
                csv_row(f, coded[k][1], code, key, v);
        }
    }
    json_t *pop = json_object_get(doc, "population");
    if (pop)
        csv_row(f, "population", "", "children", json_object_get(pop, "children"));
    json_t *fin = json_object_get(doc, "finance");
    if (fin) {
        csv_row(f, "finance", "", "units", json_object_get(fin, "units"));
        csv_row(f, "finance", "", "as_at", json_object_get(fin, "as_at"));
        json_t *tot = json_object_get(fin, "totals");
        static const char *const tobjs[] = {"budget", "outturn", "variance"};
        static const char *const tparts[] = {"gross", "income", "net"};
        for (int o = 0; tot && o < 3; o++)
            for (int p = 0; p < 3; p++) {
                char field[40];
                snprintf(field, sizeof field, "total_%s_%s", tobjs[o], tparts[p]);
                csv_row(f, "finance", "", field,
                        json_object_get(json_object_get(tot, tobjs[o]), tparts[p]));
            }
        if (tot)
            csv_row(f, "finance", "", "total_covid_variance_net",
                    json_object_get(tot, "covid_variance_net"));
        json_array_foreach(json_object_get(fin, "lines"), i, it)
        {
            const char *code = json_string_value(json_object_get(it, "code"));
            csv_row(f, "finance_line", code, "name", json_object_get(it, "name"));
            csv_row(f, "finance_line", code, "parent", json_object_get(it, "parent"));
            static const char *const objs[] = {"budget", "outturn", "variance"};
            static const char *const parts[] = {"gross", "income", "net"};
            for (int o = 0; o < 3; o++)
                for (int p = 0; p < 3; p++) {
                    char field[40];
                    snprintf(field, sizeof field, "%s_%s", objs[o], parts[p]);
                    csv_row(f, "finance_line", code, field,
                            json_object_get(json_object_get(it, objs[o]), parts[p]));
                }
            csv_row(f, "finance_line", code, "covid_variance_net",
                    json_object_get(it, "covid_variance_net"));
            csv_row(f, "finance_line", code, "exclusion_reason",
                    json_object_get(it, "exclusion_reason"));
        }
    }
    fclose(f);
    return buf;
}

static void strip_times(json_t *v)
{
    if (json_is_object(v)) {
        json_object_del(v, "updated_at");
        const char *k;
        json_t *c;
        json_object_foreach(v, k, c) strip_times(c);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c) strip_times(c);
    }
}

/* Every stored figure of quarter q, as the API shows it (without the
 * times at which they were stored). */
static json_t *figures(const char *q)
{
    static const char *const parts[] = {"indicators", "demand", "finance", "placements"};
    json_t *all = json_object();
    for (int i = 0; i < 4; i++) {
        char path[160];
        snprintf(path, sizeof path, "/api/v1/quarters/%s/%s", q, parts[i]);
        th_resp r = th_get(path);
        ck_assert_msg(r.status == 200 || r.status == 404, "%s: %ld", path, r.status);
        json_t *v = r.status == 200 ? json_incref(r.json) : json_null();
        strip_times(v);
        json_object_set_new(all, parts[i], v);
        th_free(&r);
    }
    return all;
}

/* A folder like data/demo with the definitions but none of the returns. */
static void load_definitions_only(void)
{
    const char *root = getenv("SCRUTINY_SOURCE_ROOT");
    char dir[] = "/tmp/scrutiny-test-defs-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    json_t *m = th_load_source_json("data/demo/manifest.json");
    char path[1200], target[1200];
    size_t i;
    json_t *d;
    json_t *files = json_array();
    json_array_extend(files, json_object_get(m, "definitions"));
    json_array_extend(files, json_object_get(m, "care_ladder"));
    json_array_foreach(files, i, d)
    {
        snprintf(path, sizeof path, "%s/%s", dir, json_string_value(d));
        snprintf(target, sizeof target, "%s/data/demo/%s", root ? root : ".", json_string_value(d));
        ck_assert_int_eq(symlink(target, path), 0);
    }
    json_t *defs = json_pack("{s:O, s:O, s:[]}", "definitions", json_object_get(m, "definitions"),
                             "care_ladder", json_object_get(m, "care_ladder"), "returns");
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    ck_assert_int_eq(json_dump_file(defs, path, 0), 0);
    th_load_demo_dir(dir);
    json_array_foreach(files, i, d)
    {
        snprintf(path, sizeof path, "%s/%s", dir, json_string_value(d));
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    unlink(path);
    rmdir(dir);
    json_decref(defs);
    json_decref(files);
    json_decref(m);
}

/* Pushes every demo return (as JSON or as CSV) into a fresh server with
 * the demo's definitions and gives the figures stored, by quarter. */
static json_t *push_demo_returns(bool as_csv)
{
    th_start(NULL);
    load_definitions_only();
    json_t *m = th_load_source_json("data/demo/manifest.json");
    json_t *out = json_object();
    size_t i;
    json_t *ret;
    json_array_foreach(json_object_get(m, "returns"), i, ret)
    {
        const char *q = json_string_value(json_object_get(ret, "quarter"));
        char rel[200], path[160];
        snprintf(rel, sizeof rel, "data/demo/%s", json_string_value(json_object_get(ret, "file")));
        json_t *doc = th_load_source_json(rel);
        snprintf(path, sizeof path, "/api/v1/quarters/%s/return", q);
        th_resp r;
        if (as_csv) {
            char *csv = return_to_csv(doc);
            r = th_request("PUT", path, th_writer_key, csv, "text/csv", NULL);
            free(csv);
        } else {
            r = th_put_json(path, th_writer_key, doc);
        }
        ck_assert_msg(r.status == 200, "%s %s: %ld %s", as_csv ? "CSV" : "JSON", q, r.status,
                      r.body);
        th_free(&r);
        json_object_set_new(out, q, figures(q));
        json_decref(doc);
    }
    json_decref(m);
    th_stop();
    return out;
}

START_TEST(csv_return_round_trips_the_demo)
{
    json_t *by_json = push_demo_returns(false);
    json_t *by_csv = push_demo_returns(true);
    /* nine quarters of returns, the care ladder's 2016-17-Q4 and 2017-18-Q2, and the
     * finance of 2017-18-Q1 */
    ck_assert_int_eq(json_object_size(by_json), 12);
    const char *q;
    json_t *v;
    json_object_foreach(by_json, q, v)
    {
        json_t *c = json_object_get(by_csv, q);
        char *a = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT);
        char *b = json_dumps(c, JSON_SORT_KEYS | JSON_COMPACT);
        ck_assert_msg(json_equal(v, c), "%s differs:\nJSON %.400s\nCSV  %.400s", q, a, b);
        free(a);
        free(b);
    }
    /* the 2020/21 Q1 return stores figures in every part */
    json_t *q1 = json_object_get(by_csv, "2020-21-Q1");
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(q1, "finance"), "lines")), 14);
    /* and the 2017/18 Q2 one a rate per 10,000 with its comparators */
    json_t *lac = json_array_get(
        json_object_get(json_object_get(json_object_get(by_csv, "2017-18-Q2"), "demand"), "items"),
        3);
    ck_assert(json_real_value(json_object_get(lac, "rate_per_10k")) == 82.3);
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_object_get(json_object_get(lac, "benchmarks"), "national"), "value")),
                     60);
    json_t *ladder = json_object_get(json_object_get(q1, "placements"), "items");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ladder, 4), "count")), 44);
    json_decref(by_json);
    json_decref(by_csv);
}
END_TEST

static th_resp put_csv(const char *query, const char *csv)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/return%s", query);
    return th_request("PUT", path, th_writer_key, csv, "text/csv; charset=utf-8", NULL);
}

static json_t *error_at(const th_resp *r, const char *pointer)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i,
                       e) if (strcmp(json_string_value(json_object_get(e, "pointer")), pointer) ==
                              0) return e;
    ck_abort_msg("no problem at %s: %s", pointer, r->body);
    return NULL;
}

START_TEST(csv_return_problems_point_at_cells)
{
    json_t *before = figures("2020-21-Q1");
    th_resp r = put_csv("", "section,code,name,field,previous_value,value\r\n"
                            "demand,contacts,Contacts,value,6150,-1\r\n"
                            "indicator,CP-SEEN,Seen,availability,reported,reportd\r\n"
                            "indicator,NOPE,,value,,3\r\n"
                            "finance,,,units,,gbp_thousands\r\n"
                            "finance_line,cla,,name,,Children Looked After\r\n"
                            "finance_line,cla,,budget_gross,,100\r\n");
    /* the line also lacks its outturn and net: every problem is listed */
    ck_assert_int_ge(th_assert_problem(&r, 422), 5);
    json_t *e = error_at(&r, "/demand/0/value");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "row")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(e, "column")), "value");
    e = error_at(&r, "/indicators/0/availability");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "row")), 3);
    e = error_at(&r, "/indicators/1/code");
    ck_assert_int_eq(json_integer_value(json_object_get(e, "row")), 4);
    ck_assert_str_eq(json_string_value(json_object_get(e, "column")), "code");
    /* a part of the line never given: its first row */
    json_t *errs = json_object_get(r.json, "errors");
    size_t i;
    bool line = false;
    json_array_foreach(errs, i, e) if (strncmp(json_string_value(json_object_get(e, "pointer")),
                                               "/finance/lines/0", 16) == 0)
    {
        line = true;
        ck_assert_int_ge(json_integer_value(json_object_get(e, "row")), 6);
    }
    ck_assert(line);
    th_free(&r);
    /* not CSV of the layout: 400 naming the row; nothing changed */
    r = put_csv("", "section,code,field,value\r\ndemand,\"contacts,value,1\r\n");
    ck_assert_int_eq(th_assert_problem(&r, 400), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_array_get(json_object_get(r.json, "errors"), 0), "row")),
                     2);
    ck_assert_ptr_nonnull(strstr(r.body, "malformed-csv"));
    th_free(&r);
    r = put_csv("", "section,code,field\r\ndemand,contacts,value\r\n");
    th_assert_problem(&r, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "no column \\\"value\\\""));
    th_free(&r);
    r = put_csv(
        "", "section,code,field,value\r\ndemand,contacts,value,1\r\ndemand,contacts,value,2\r\n");
    th_assert_problem(&r, 422);
    ck_assert_ptr_nonnull(strstr(r.body, "first on row 2"));
    th_free(&r);
    /* a dry run stores nothing, and answers as the push would */
    r = put_csv("?dry_run=true", "section,code,field,value\r\ndemand,contacts,value,1\r\n");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_false(json_object_get(r.json, "stored")));
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "updated")), 1);
    th_free(&r);
    json_t *after = figures("2020-21-Q1");
    ck_assert(json_equal(before, after));
    json_decref(after);
    /* and a real one stores */
    r = put_csv("", "section,code,field,value\r\ndemand,contacts,value,5350\r\n");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/contacts");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 5350);
    th_free(&r);
    /* a media type the route does not take names both it takes */
    r = th_request("PUT", "/api/v1/quarters/2020-21-Q1/return", th_writer_key, "x", "text/plain",
                   NULL);
    th_assert_problem(&r, 415);
    ck_assert_ptr_nonnull(strstr(r.body, "application/json or text/csv"));
    th_free(&r);
    json_decref(before);
}
END_TEST

/* The template: the return as a form, the value empty and last quarter's
 * figure beside it; filled in and pushed back it is a return. */
static void fill_line(const char *line, size_t n, FILE *out)
{
    /* ...,field,value,previous_value: the last three columns, from the
     * right (names before them may be quoted and hold commas) */
    const char *p1 = NULL, *p0 = NULL, *pf = NULL;
    for (const char *c = line + n; c-- > line;)
        if (*c == ',') {
            if (!p1)
                p1 = c;
            else if (!p0)
                p0 = c;
            else {
                pf = c;
                break;
            }
        }
    ck_assert_ptr_nonnull(pf);
    char field[40] = "";
    snprintf(field, sizeof field, "%.*s", (int)(p0 - pf - 1), pf + 1);
    bool empty = p1 == p0 + 1;
    const char *fill = NULL;
    if (empty && strncmp(line, "demand,", 7) == 0)
        fill = "PREV+1";
    else if (empty && strncmp(line, "finance_line,", 13) == 0 && strcmp(field, "parent") != 0)
        fill = strstr(field, "income") ? "0" : "100";
    if (!fill) {
        fprintf(out, "%.*s\r\n", (int)n, line);
        return;
    }
    if (strcmp(fill, "PREV+1") == 0) {
        long prev = strtol(p1 + 1, NULL, 10);
        fprintf(out, "%.*s%ld%.*s\r\n", (int)(p0 + 1 - line), line, prev + 1, (int)(line + n - p1),
                p1);
    } else {
        fprintf(out, "%.*s%s%.*s\r\n", (int)(p0 + 1 - line), line, fill, (int)(line + n - p1), p1);
    }
}

START_TEST(template_filled_in_is_a_return)
{
    th_resp t = th_get("/api/v1/quarters/2020-21-Q1/return/template?format=csv");
    ck_assert_int_eq(t.status, 200);
    ck_assert_str_eq(t.content_type, "text/csv; charset=utf-8; header=present");
    ck_assert(strncmp(t.body, "section,code,name,field,value,previous_value\r\n", 46) == 0);
    ck_assert_ptr_nonnull(strstr(t.body, "\r\ndemand,contacts,Contacts to CSC,value,,6150\r\n"));
    ck_assert_ptr_nonnull(strstr(t.body, "\r\nfinance,,,units,gbp_thousands,\r\n"));
    th_resp j = th_get("/api/v1/quarters/2020-21-Q1/return/template");
    ck_assert_int_eq(j.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(j.json, "previous_quarter")), "2019-20-Q4");
    th_free(&j);
    char *filled = NULL;
    size_t flen = 0;
    FILE *out = open_memstream(&filled, &flen);
    const char *line = strstr(t.body, "\r\n") + 2;
    fputs("section,code,name,field,value,previous_value\r\n", out);
    for (const char *e; (e = strstr(line, "\r\n")); line = e + 2)
        fill_line(line, (size_t)(e - line), out);
    fclose(out);
    th_free(&t);
    th_resp dry = put_csv("?dry_run=true", filled);
    ck_assert_msg(dry.status == 200, "%ld %s", dry.status, dry.body);
    th_free(&dry);
    th_resp r = put_csv("", filled);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    th_free(&r);
    free(filled);
    th_resp d = th_get("/api/v1/quarters/2020-21-Q1/demand/contacts");
    ck_assert_int_eq(d.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(d.json, "value")), 6151);
    th_free(&d);
    th_resp x = th_get("/api/v1/quarters/2020-21-Q1/return/template?format=xlsx");
    assert_xlsx_answer(&x, "scrutiny-quarters-2020-21-Q1-return-template.xlsx");
    th_free(&x);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("api_sheets");
    TCase *tc = tcase_create("xlsx");
    tcase_add_checked_fixture(tc, setup_demo, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, finance_list_xlsx);
    tcase_add_test(tc, demand_percentages_at_decimals);
    tcase_add_test(tc, every_csv_list_answers_xlsx);
    tcase_add_test(tc, report_xlsx_one_sheet_per_table);
    tcase_add_test(tc, xlsx_etag_revalidates);
    suite_add_tcase(s, tc);
    TCase *inj = tcase_create("injection");
    tcase_add_checked_fixture(inj, setup, teardown);
    tcase_add_test(inj, xlsx_text_neutralised);
    suite_add_tcase(s, inj);
    TCase *ret = tcase_create("csv_return");
    tcase_set_timeout(ret, 240);
    tcase_add_test(ret, csv_return_round_trips_the_demo);
    suite_add_tcase(s, ret);
    TCase *bad = tcase_create("csv_return_problems");
    tcase_add_checked_fixture(bad, setup_demo, teardown);
    tcase_add_test(bad, csv_return_problems_point_at_cells);
    tcase_add_test(bad, template_filled_in_is_a_return);
    suite_add_tcase(s, bad);
    return s;
}

TH_MAIN(make_suite)
