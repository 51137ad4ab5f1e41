/* test_sentences.c - API: the sentences the papers write by hand, drafted
 * from the figures in the committee report (issue 17 item 6): the demo's
 * 2020/21 Q1 summary, exceptions (counts, changes in percentage points,
 * streaks) and demand sentences with the paper's numbers, each marked
 * generated in the JSON form while commentary is not; the finance
 * movement; ?since= appending the changes since a pack. */
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

/* The paragraph of the JSON report whose text is text, or NULL. */
static const json_t *paragraph(const th_resp *r, const char *text)
{
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(r->json, "blocks"), i, b)
    {
        const char *t = json_string_value(json_object_get(b, "text"));
        if (t && strcmp(t, text) == 0)
            return b;
    }
    return NULL;
}

static void assert_generated(const th_resp *r, const char *name, const char *text)
{
    const json_t *b = paragraph(r, text);
    ck_assert_msg(b != NULL, "no paragraph \"%s\"", text);
    ck_assert_str_eq(json_string_value(json_object_get(b, "type")), "paragraph");
    ck_assert(json_is_true(json_object_get(b, "generated")));
    ck_assert_str_eq(json_string_value(json_object_get(b, "name")), name);
}

static const char summary[] = "Of the measures reported this quarter, 17 out of the 21 (81%) are "
                              "within or better than target range.";
static const char demand[] =
    "In comparison to the same period last year there were 6% (338) fewer contacts to CSC, 7% "
    "(83) fewer referrals, 8% (202) fewer children in need and 2% (10) fewer looked after "
    "children.";

START_TEST(demo_report_drafts_the_papers_sentences)
{
    th_load_demo();
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/report?format=json");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "quarter")), "2020-21-Q1");
    assert_generated(&r, "strategic_reported", summary);
    assert_generated(&r, "strategic_outside", "4 measures sit outside target range.");
    assert_generated(&r, "strategic_excluded",
                     "Of the 30 strategic partnership indicators, 2 are annual measures not yet "
                     "due, 2 are not available and 5 have a target figure to be confirmed; these "
                     "are not included in the measures reported.");
    /* the paper: "Performance at 31%, decreasing by 1% since quarter 4" */
    assert_generated(&r, "exception",
                     "Percentage of children in need for two or more years: performance at 31% "
                     "(726), decreasing by 1 percentage point since quarter 4. This has been "
                     "outside target range for three consecutive quarters.");
    assert_generated(&r, "exception",
                     "Care Proceedings on Track to be completed within 26 weeks: performance at "
                     "56% (98), decreasing by 5 percentage points since quarter 4. This has been "
                     "outside target range for three consecutive quarters.");
    /* "95% (891) completed in timescale": a count without its denominator */
    assert_generated(&r, "exception",
                     "Timeliness of single assessments: performance at 95% (891).");
    assert_generated(&r, "exception",
                     "Proportion of children in care experiencing three or more placements in a "
                     "12 month period: performance at 9%, unchanged since quarter 4. This has been "
                     "better than target for three consecutive quarters.");
    assert_generated(&r, "demand", demand);
    assert_generated(&r, "position",
                     "The forecast as at June 2020 is a total overspend of £2,910k. Excluding "
                     "£1,161k due to Covid-19, the operating position is an overspend of "
                     "£1,749k.");
    /* a paragraph quoting the trust's commentary is not generated */
    size_t i, quoting = 0;
    json_t *b;
    json_array_foreach(json_object_get(r.json, "blocks"), i, b)
    {
        const char *t = json_string_value(json_object_get(b, "text"));
        if (t && strstr(t, "Although one percent higher than the current target")) {
            ck_assert(json_is_false(json_object_get(b, "generated")));
            ck_assert(json_is_null(json_object_get(b, "name")));
            quoting++;
        }
    }
    ck_assert_uint_eq(quoting, 1);
    th_free(&r);
    /* the same sentences in the text forms and the CSV's statements */
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=markdown");
    ck_assert_ptr_nonnull(strstr(r.body, summary));
    ck_assert_ptr_nonnull(strstr(r.body, demand));
    th_free(&r);
    /* the return's template asks for a count where there is a percentage */
    r = th_get("/api/v1/quarters/2020-21-Q2/return/template?format=csv");
    ck_assert_ptr_nonnull(
        strstr(r.body, "\r\nindicator,CFA-SA-TIMELY,Timeliness of single assessments,count,,\r\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nindicator,PLC-ORDER-TO-MATCH,"));
    ck_assert_ptr_null(strstr(r.body, "\r\nindicator,PLC-ORDER-TO-MATCH,Average time in days "
                                      "between the Local Authority receiving a court order to "
                                      "placing a child and deciding on a match to an adoptive "
                                      "family,count,"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nstatements,strategic_reported,text,\"Of the measures "
                                         "reported this quarter, 17 out of the 21 (81%)"));
    th_free(&r);
}
END_TEST

static void put_statement(const char *quarter, const char *as_at, int outturn)
{
    char path[96], body[512];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", quarter);
    snprintf(body, sizeof body,
             "{\"units\": \"gbp_thousands\", \"as_at\": \"%s\", \"lines\": [{\"code\": "
             "\"cla\", \"name\": \"Children Looked After\", \"budget\": {\"gross\": 1000, "
             "\"income\": 0, \"net\": 1000}, \"outturn\": {\"gross\": %d, \"income\": 0, "
             "\"net\": %d}}]}",
             as_at, outturn, outturn);
    th_resp r = th_put(path, th_writer_key, body);
    ck_assert_msg(r.status == 200 || r.status == 201, "%s", r.body);
    th_free(&r);
}

START_TEST(finance_movement)
{
    put_statement("2020-21-Q1", "2020-06", 1100);
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/report?format=json");
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(r.json, "blocks"), i, b)
    {
        const char *name = json_string_value(json_object_get(b, "name"));
        ck_assert(!name || strcmp(name, "movement") != 0);
    }
    th_free(&r);
    put_statement("2020-21-Q2", "2020-09", 1050);
    r = th_get("/api/v1/quarters/2020-21-Q2/report?format=json");
    assert_generated(&r, "movement",
                     "The forecast overspend shows a reduction of £0.05m since quarter 1.");
    th_free(&r);
    put_statement("2020-21-Q3", "2020-12", 1200);
    r = th_get("/api/v1/quarters/2020-21-Q3/report?format=text");
    ck_assert_ptr_nonnull(
        strstr(r.body, "The forecast overspend shows an increase of £0.15m since quarter 2."));
    th_free(&r);
}
END_TEST

START_TEST(since_a_pack)
{
    th_load_demo();
    char at[32], restated[32], path[160], want[160];
    th_demo_restatement_instants(at, restated);
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    snprintf(want, sizeof want,
             "Since the pack of %d %s %.4s: Referrals for 2019/20 Q3 revised from 949 to 946.",
             atoi(at + 8), months[atoi(at + 5) - 1], at);
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/report?format=json&since=%s", at);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "since")), at);
    assert_generated(&r, "since", want);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/report?format=csv&since=%s", at);
    r = th_get(path);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nstatements,since,text,Since the pack of "));
    th_free(&r);
    /* as it stood at the pack: everything was new since 2020, the
     * restatement not yet made */
    snprintf(path, sizeof path,
             "/api/v1/quarters/2019-20-Q3/report?format=text&since=2020-01-01T00:00:00Z&as_of=%s",
             at);
    r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "Since the pack of 1 January 2020: "));
    ck_assert_ptr_nonnull(strstr(r.body, "; Referrals for 2019/20 Q3 newly reported at 949;"));
    ck_assert_ptr_nonnull(strstr(r.body, "; Percentage of staff who would recommend the Trust as "
                                         "a good place to work (annual staff survey) newly "
                                         "reported as annual KPI not yet due, target set at 70%,"));
    ck_assert_ptr_null(strstr(r.body, "revised from 949 to 946"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/report?since=yesterday");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/report?format=xlsx&since=2020-01-01T00:00:00Z");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get(
        "/api/v1/quarters/2019-20-Q3/report?since=2020-01-01T00:00:00Z&as_of=2019-01-01T00:00:00Z");
    th_assert_problem(&r, 400);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api sentences");
    TCase *tc = tcase_create("sentences");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, demo_report_drafts_the_papers_sentences);
    tcase_add_test(tc, finance_movement);
    tcase_add_test(tc, since_a_pack);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
