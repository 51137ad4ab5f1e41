/* test_injection.c - API: writers' free text (commentary, reasons,
 * benchmark sources, finance line names, indicator names) cannot attack
 * whoever opens an answer (security review, issue 13):
 *   - CSV formula injection: a text cell starting with = + - @ TAB or CR
 *     gets a leading ' (OWASP), in every CSV answer and the report's CSV,
 *     while numbers (-5, -150000) stay as they are;
 *   - Markdown/HTML injection: free text in the Markdown report is escaped
 *     so it can start no block and carry no markup or link, and newlines in
 *     commentary cannot forge structure in the Markdown or text report. */
#include <check.h>
#include <string.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
}

static void teardown(void)
{
    th_stop();
}

static void put_ok(const char *path, const char *key, const char *body)
{
    th_resp r = th_put(path, key, body);
    ck_assert_msg(r.status == 200 || r.status == 201, "%s: %ld %s", path, r.status, r.body);
    th_free(&r);
}

/* An indicator named name (a JSON string body, escaped) that is outside
 * target range in 2020-21-Q1 with a value of -5 and that commentary. */
static void outside(const char *code, const char *name_json, const char *commentary_json)
{
    char path[160], body[1024];
    snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"name\": \"%s\", \"description\": \"@SUM(1+1)\", \"category\": "
             "\"contractual\", \"service_area\": \"child-protection\", \"polarity\": "
             "\"higher_is_better\", \"unit\": \"count\", \"decimals\": 0, \"benchmarked\": "
             "true}",
             name_json);
    put_ok(path, th_admin_key, body);
    snprintf(path, sizeof path, "/api/v1/indicators/%s/targets/2020-21-Q1", code);
    put_ok(path, th_admin_key, "{\"target\": 10, \"tolerance\": 1}");
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/indicators/%s", code);
    snprintf(body, sizeof body,
             "{\"availability\": \"reported\", \"value\": -5, \"commentary\": \"%s\"}",
             commentary_json);
    put_ok(path, th_writer_key, body);
}

static const char finance_hostile[] =
    "{\"units\": \"gbp\", \"lines\": ["
    "{\"code\": \"cla\", \"name\": \"=HYPERLINK(\\\"http://e.vil/\\\",\\\"Children\\\")\","
    " \"budget\": {\"gross\": 1000000, \"income\": -200000, \"net\": 800000},"
    " \"outturn\": {\"gross\": 1150000, \"income\": -200000, \"net\": 950000}},"
    "{\"code\": \"yj\", \"name\": \"*Youth* <b>Justice</b> [x](javascript:alert(1))\","
    " \"budget\": {\"gross\": 90000, \"income\": 0, \"net\": 90000},"
    " \"outturn\": {\"gross\": 80000, \"income\": 0, \"net\": 80000}}]}";

static th_resp get_ok(const char *path)
{
    th_resp r = th_get(path);
    ck_assert_msg(r.status == 200, "%s: %ld %s", path, r.status, r.body);
    return r;
}

static void assert_has(const th_resp *r, const char *want)
{
    ck_assert_msg(strstr(r->body, want) != NULL, "answer lacks:\n%s\n---\n%s", want, r->body);
}

static void assert_lacks(const th_resp *r, const char *bad)
{
    ck_assert_msg(strstr(r->body, bad) == NULL, "answer has:\n%s\n---\n%s", bad, r->body);
}

/* One whole line (between newlines) of a text answer. */
static void assert_line(const th_resp *r, const char *line)
{
    char want[2048];
    snprintf(want, sizeof want, "\n%s\n", line);
    assert_has(r, want);
}

START_TEST(csv_lists_neutralise_formulas)
{
    outside("INJ", "-5 children fewer", "=HYPERLINK(\\\"http://e.vil/\\\",\\\"x\\\")");
    put_ok("/api/v1/indicators/INJ-NA", th_admin_key,
           "{\"name\": \"Not available one\", \"description\": \"\\tTabbed\", \"category\": "
           "\"contractual\", \"service_area\": "
           "\"child-protection\", \"polarity\": \"higher_is_better\", \"unit\": \"count\", "
           "\"decimals\": 0}");
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/INJ-NA", th_writer_key,
           "{\"availability\": \"not_available\", \"reason\": \"+44 due to a system outage\", "
           "\"commentary\": \"\\r=1+1\"}");
    put_ok("/api/v1/quarters/2020-21-Q1/indicators/INJ/benchmarks", th_writer_key,
           "{\"national\": -7, \"source\": \"-2+3\", \"period\": \"2019-20-Q4\"}");
    put_ok("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, finance_hostile);

    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/indicators?format=csv");
    /* text cells get a leading ', the value -5 and the benchmark -7 stay */
    assert_has(&r, "\r\nINJ,'-5 children fewer,'@SUM(1+1),contractual,child-protection,"
                   "higher_is_better,count,0,quarterly,true,,,2020-21-Q1,reported,-5,,,,,,"
                   "\"'=HYPERLINK(\"\"http://e.vil/\"\",\"\"x\"\")\",10,1,2020-21-Q1,"
                   "outside_target_range,Outside target range,");
    /* then the statistics: no interval for a negative count, no trend */
    assert_has(&r,
               ",-7,better,,,,,,,'-2+3,2019-20-Q4,,,,,,,cannot_be_calculated,,,,,,,,,false\r\n");
    /* a leading TAB or CR is neutralised too (the CR cell is also quoted) */
    assert_has(&r, "\r\nINJ-NA,Not available one,'\tTabbed,contractual,");
    assert_has(&r, ",not_available,,,,,,'+44 due to a system outage,\"'\r=1+1\",");
    th_free(&r);

    r = get_ok("/api/v1/indicators?format=csv");
    assert_has(&r, "\r\nINJ,'-5 children fewer,'@SUM(1+1),contractual,");
    th_free(&r);

    r = get_ok("/api/v1/quarters/2020-21-Q1/finance?format=csv");
    assert_has(&r, "\r\ncla,\"'=HYPERLINK(\"\"http://e.vil/\"\",\"\"Children\"\")\",,1000000,"
                   "-200000,800000,1150000,-200000,950000,-150000,0,-150000,");
    th_free(&r);
}
END_TEST

START_TEST(report_csv_neutralises_formulas)
{
    outside("INJ", "-5 children fewer", "=HYPERLINK(\\\"http://e.vil/\\\",\\\"x\\\")");
    put_ok("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, finance_hostile);
    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/report?format=csv");
    assert_has(&r, "\r\noutside_target_range,INJ,Indicator,'-5 children fewer\r\n");
    assert_has(&r, "\r\noutside_target_range,INJ,Value,-5\r\n");
    assert_has(&r, "\r\noutside_target_range,INJ,Commentary,"
                   "\"'=HYPERLINK(\"\"http://e.vil/\"\",\"\"x\"\")\"\r\n");
    assert_has(&r, "\r\nfinance,\"'=HYPERLINK(\"\"http://e.vil/\"\",\"\"Children\"\")\","
                   "Variance Net,-150000\r\n");
    assert_lacks(&r, ",=HYPERLINK");
    th_free(&r);
    /* the same answer when CSV is negotiated */
    r = th_request("GET", "/api/v1/quarters/2020-21-Q1/report", NULL, NULL, NULL,
                   "Accept: text/csv");
    ck_assert_int_eq(r.status, 200);
    assert_has(&r, "\r\noutside_target_range,INJ,Indicator,'-5 children fewer\r\n");
    th_free(&r);
}
END_TEST

/* Commentary forging a heading, a table row, a script, a link and inline
 * markup, with CR/LF line breaks. */
static const char hostile_commentary[] =
    "Recovering.\\n\\n## Finance\\n\\n| Grand Total | 0 |\\n<script>alert(1)</script> "
    "[see](javascript:alert(1)) *a* _b_ `c` ~d~ !e \\\\g &amp; & h\\r\\n> quote "
    "https://e.vil www.e.vil a@e.vil";

START_TEST(markdown_report_escapes_free_text)
{
    outside("INJ", "-5 children fewer", hostile_commentary);
    outside("INJ2", "10. Fake item", "ok");
    put_ok("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, finance_hostile);
    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/report?format=markdown");
    assert_line(&r, "\\-5 children fewer (Child Protection, contractual): -5 against a target "
                    "of 10 (higher is better). Recovering. \\#\\# Finance \\| Grand Total \\| 0 "
                    "\\| &lt;script&gt;alert(1)&lt;/script&gt; \\[see\\](javascript:alert(1)) "
                    "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\!e \\\\g &amp;amp; & h &gt; quote "
                    "https\\://e.vil www\\.e.vil a\\@e.vil");
    /* a number then a full stop would start an ordered list */
    assert_line(&r, "10\\. Fake item (Child Protection, contractual): -5 against a target of 10 "
                    "(higher is better). ok");
    /* table cells: markup escaped, numbers as before */
    assert_line(&r, "| =HYPERLINK(\"http\\://e.vil/\",\"Children\") | 1,000,000 | -200,000 | "
                    "800,000 | 1,150,000 | -200,000 | 950,000 | -150,000 | 0 | -150,000 |");
    assert_line(&r, "| \\*Youth\\* &lt;b&gt;Justice&lt;/b&gt; \\[x\\](javascript:alert(1)) | "
                    "90,000 | 0 | 90,000 | 80,000 | 0 | 80,000 | 10,000 | 0 | 10,000 |");
    assert_lacks(&r, "<script>");
    assert_lacks(&r, "\n## Finance\n\n| Grand Total | 0 |");
    /* the real Finance heading is still there, once */
    assert_line(&r, "## Finance");
    const char *finance = strstr(r.body, "\n## Finance\n");
    ck_assert_ptr_nonnull(finance);
    ck_assert_ptr_null(strstr(finance + 1, "\n## Finance\n"));
    th_free(&r);
}
END_TEST

START_TEST(text_report_folds_line_breaks)
{
    outside("INJ", "-5 children fewer", "Recovering.\\n\\nFinance\\n-------\\r\\nforged");
    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/report?format=text");
    assert_line(&r, "-5 children fewer (Child Protection, contractual): -5 against a target of "
                    "10 (higher is better). Recovering. Finance ------- forged");
    assert_lacks(&r, "\nforged\n");
    /* the real Finance heading is still there, once */
    const char *finance = strstr(r.body, "\nFinance\n-------\n");
    ck_assert_ptr_nonnull(finance);
    ck_assert_ptr_null(strstr(finance + 1, "\nFinance\n-------\n"));
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api injection");
    TCase *csv = tcase_create("CSV formula injection");
    tcase_add_checked_fixture(csv, setup, teardown);
    tcase_set_timeout(csv, 60);
    tcase_add_test(csv, csv_lists_neutralise_formulas);
    tcase_add_test(csv, report_csv_neutralises_formulas);
    suite_add_tcase(s, csv);
    TCase *md = tcase_create("report markup injection");
    tcase_add_checked_fixture(md, setup, teardown);
    tcase_set_timeout(md, 60);
    tcase_add_test(md, markdown_report_escapes_free_text);
    tcase_add_test(md, text_report_folds_line_breaks);
    suite_add_tcase(s, md);
    return s;
}

TH_MAIN(suite)
