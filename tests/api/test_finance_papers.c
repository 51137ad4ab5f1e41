/* test_finance_papers.c - acceptance: the finance sections of the three
 * finance papers (data/demo; docs/API.md §16) as the API and the report
 * give them: every cell of the 2020/21 Q1 and 2019/20 Q3 tables with the
 * Grand Total rows as printed, the key variances' sub-headings, the line
 * left out of the key variances with its reason, the movements and the
 * risk shares; then the new inputs' 422s, statements by as_at month,
 * risk shares by year, locks and as_of. */
#include <check.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static th_resp get_ok(const char *path)
{
    th_resp r = th_get(path);
    ck_assert_msg(r.status == 200, "%s: %ld %s", path, r.status, r.body);
    return r;
}

static double num(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (b)
        v = json_object_get(v, b);
    ck_assert_msg(json_is_number(v), "%s/%s is not a number", a, b ? b : "");
    return json_number_value(v);
}

/* A row of a paper's table: budget, outturn and variance (gross, income,
 * net) and the Covid-19 column (covid false when the paper has none). */
typedef struct {
    const char *code; /* NULL: the Grand Total */
    double cells[10];
} paper_row;

static int cells_compared;

static void assert_row(const json_t *row, const json_t *covid, const paper_row *p, bool has_covid)
{
    static const char *const objs[] = {"budget", "outturn", "variance"};
    static const char *const parts[] = {"gross", "income", "net"};
    for (int o = 0; o < 3; o++)
        for (int k = 0; k < 3; k++) {
            double got = num(row, objs[o], parts[k]);
            ck_assert_msg(got == p->cells[o * 3 + k], "%s %s %s: %g, the paper prints %g",
                          p->code ? p->code : "Grand Total", objs[o], parts[k], got,
                          p->cells[o * 3 + k]);
            cells_compared++;
        }
    if (has_covid) {
        ck_assert_msg(json_number_value(covid) == p->cells[9], "%s covid: %g, printed %g",
                      p->code ? p->code : "Grand Total", json_number_value(covid), p->cells[9]);
        cells_compared++;
    }
}

static void assert_table(const char *quarter, const paper_row *rows, size_t n, bool has_covid)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", quarter);
    th_resp r = get_ok(path);
    json_t *lines = json_object_get(r.json, "lines");
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].code) {
            json_t *t = json_object_get(r.json, "totals");
            assert_row(t, json_object_get(t, "covid_variance_net"), &rows[i], has_covid);
            continue;
        }
        json_t *line = NULL, *l;
        size_t k;
        json_array_foreach(lines, k, l) if (strcmp(json_string_value(json_object_get(l, "code")),
                                                   rows[i].code) == 0) line = l;
        ck_assert_msg(line != NULL, "%s has no line %s", quarter, rows[i].code);
        assert_row(line, json_object_get(line, "covid_variance_net"), &rows[i], has_covid);
    }
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "totals_source")), "published");
    th_free(&r);
}

/* 2020/21 Q1 ¶33, every cell as printed (the Grand Total's "-0" is 0). */
static const paper_row table_2020_21_q1[] = {
    {"children-looked-after", {32411, -3948, 28463, 34657, -3932, 30725, -2246, -15, -2262, -974}},
    {"other-children-family-services", {1544, 0, 1544, 1557, 0, 1557, -13, 0, -13, 0}},
    {"family-support-services", {3086, 0, 3086, 2981, 0, 2981, 105, 0, 105, 0}},
    {"youth-justice", {1846, 0, 1846, 1808, 0, 1808, 38, 0, 38, 0}},
    {"safeguarding", {13197, -39, 13159, 13510, -40, 13470, -313, 1, -312, -26}},
    {"services-for-young-people", {292, 0, 292, 307, 0, 307, -15, 0, -15, 0}},
    {"contract-value", {0, -51468, -51468, 0, -51490, -51490, 0, 22, 22, 0}},
    {"support-services-management", {4670, -1591, 3079, 4751, -1200, 3551, -81, -391, -473, -161}},
    {NULL, {57045, -57045, 0, 59572, -56662, 2910, -2527, -383, -2910, -1161}},
};

/* 2019/20 Q3 ¶33 (no Covid-19 column). */
static const paper_row table_2019_20_q3[] = {
    {"children-looked-after", {32483, -3458, 29024, 32030, -3810, 28219, 453, 352, 805}},
    {"other-children-family-services", {1876, 0, 1876, 1743, 0, 1743, 133, 0, 133}},
    {"family-support-services", {2984, 0, 2984, 2856, -3, 2853, 128, 3, 131}},
    {"youth-justice", {1790, 0, 1790, 1697, 0, 1697, 92, 0, 92}},
    {"safeguarding", {12841, -115, 12726, 13196, -100, 13095, -355, -15, -370}},
    {"services-for-young-people", {560, 0, 560, 430, 0, 430, 131, 0, 131}},
    {"contract-value", {0, -51642, -51642, 0, -51765, -51765, 0, 123, 123}},
    {"support-services-management", {4747, -2066, 2681, 4648, -1946, 2702, 100, -120, -20}},
    {NULL, {57281, -57281, 0, 56599, -57625, -1025, 682, 343, 1025}},
};

/* A breakdown line's net variance and Covid-19 part as ¶44-59 and ¶35
 * print them (covid 1 when the paper gives none). */
static void assert_breakdown(const json_t *answer, const char *code, double net, double covid)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(answer, "lines"), i, l)
    {
        if (strcmp(json_string_value(json_object_get(l, "code")), code) != 0)
            continue;
        ck_assert_str_eq(json_string_value(json_object_get(l, "parent")), "children-looked-after");
        ck_assert(json_is_null(json_object_get(l, "budget")));
        ck_assert_msg(num(l, "variance", "net") == net, "%s: %g", code, num(l, "variance", "net"));
        cells_compared++;
        if (covid != 1) {
            ck_assert(num(l, "covid_variance_net", NULL) == covid);
            ck_assert(num(l, "operating_variance_net", NULL) == net - covid);
            cells_compared += 2;
        }
        return;
    }
    ck_abort_msg("no breakdown line %s", code);
}

START_TEST(printed_tables)
{
    cells_compared = 0;
    assert_table("2020-21-Q1", table_2020_21_q1, 9, true);
    assert_table("2019-20-Q3", table_2019_20_q3, 9, false);
    ck_assert_int_eq(cells_compared, 90 + 81);

    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/finance");
    /* ¶48: £0.58m operating, £1.3m total (0.58 + 0.74), £0.74m Covid-19 */
    assert_breakdown(r.json, "lac-out-of-area", -1320, -740);
    assert_breakdown(r.json, "lac-in-house-residential", -270, 1);
    assert_breakdown(r.json, "lac-ifa", -220, -170);
    assert_breakdown(r.json, "lac-in-house-fostering", -190, -70);
    assert_breakdown(r.json, "lac-cao-sgo", -200, 1);
    assert_breakdown(r.json, "lac-allowances-savings", -200, 1);
    /* the sub-headings are not in the totals: still four key variances */
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "key_variances")), 4);
    th_free(&r);
    r = get_ok("/api/v1/quarters/2019-20-Q3/finance");
    assert_breakdown(r.json, "lac-out-of-area", -840, 1);
    assert_breakdown(r.json, "lac-ifa", 306, 1);
    assert_breakdown(r.json, "lac-cao-sgo", 265, 1);
    assert_breakdown(r.json, "lac-asylum-seekers", 143, 1);
    assert_breakdown(r.json, "lac-in-house-residential", -152, 1);
    assert_breakdown(r.json, "lac-satellite-homes", 246, 1);
    /* "five (excluding the pending contract variance for ICT)" */
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "key_variances")), 5);
    json_t *ex = json_array_get(json_object_get(r.json, "excluded_variances"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(ex, "code")), "contract-value");
    ck_assert_str_eq(json_string_value(json_object_get(ex, "reason")),
                     "pending contract variance for ICT");
    th_free(&r);
}
END_TEST

static void assert_movement(const char *quarter, const char *as_at, double then, double change)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", quarter);
    th_resp r = get_ok(path);
    json_t *m = json_object_get(r.json, "movement");
    ck_assert_str_eq(json_string_value(json_object_get(m, "as_at")), as_at);
    ck_assert(num(m, "total_variance_net", NULL) == then);
    ck_assert_msg(num(m, "change", NULL) == change, "%s change %g", quarter,
                  num(m, "change", NULL));
    th_free(&r);
}

/* A statement for 2018/19, a year without a risk share. */
static th_resp put_year_without_share(void)
{
    th_resp r = th_put("/api/v1/quarters/2018-19-Q1/finance", th_writer_key,
                       "{\"units\":\"gbp\",\"lines\":[{\"code\":\"a\",\"name\":\"A\","
                       "\"budget\":{\"gross\":1,\"income\":0,\"net\":1},"
                       "\"outturn\":{\"gross\":2,\"income\":0,\"net\":2}}]}");
    ck_assert_int_eq(r.status, 201);
    return r;
}

static void assert_risk_share(const char *quarter, double council, double trust)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", quarter);
    th_resp r = get_ok(path);
    json_t *rs = json_object_get(json_object_get(r.json, "position"), "risk_share");
    ck_assert_msg(num(rs, "council", NULL) == council && num(rs, "trust", NULL) == trust, "%s: %s",
                  quarter, r.body);
    th_free(&r);
}

/* "a reduction of £0.13m since month two" (2020/21 Q1), "a decrease of
 * £0.1m since Quarter 2" (2019/20 Q3), "a reduction of £0.23m since
 * quarter 1" (2017/18 Q2); "The Council overspend is £1.1m (70%/30% risk
 * share)" of £1.63m. */
START_TEST(movements_and_risk_shares)
{
    assert_movement("2020-21-Q1", "2020-05", -3040, 130);
    assert_movement("2019-20-Q3", "2019-09", 1125, -100);
    assert_movement("2017-18-Q2", "2017-06", -1860, 230);
    th_resp r = get_ok("/api/v1/quarters/2017-18-Q1/finance");
    ck_assert(json_is_null(json_object_get(r.json, "movement"))); /* the year's first */
    th_free(&r);
    assert_risk_share("2017-18-Q2", -1141, -489);
    assert_risk_share("2020-21-Q1", -2182.5, -727.5);
    r = put_year_without_share();
    ck_assert(json_is_null(json_object_get(json_object_get(r.json, "position"), "risk_share")));
    th_free(&r);
    r = get_ok("/api/v1/risk-shares/2017-18");
    ck_assert(num(r.json, "council_pct", NULL) == 70 && num(r.json, "trust_pct", NULL) == 30);
    th_free(&r);
    r = get_ok("/api/v1/risk-shares?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "year,council_pct,trust_pct\r\n2017-18,70,30\r\n"));
    th_free(&r);
}
END_TEST

static void assert_has(const th_resp *r, const char *text)
{
    ck_assert_msg(strstr(r->body, text) != NULL, "report lacks:\n%s\n---\n%s", text, r->body);
}

START_TEST(report_sentences)
{
    th_resp r = get_ok("/api/v1/quarters/2020-21-Q1/report?format=markdown");
    assert_has(&r, "\n| Grand Total | 57,045 | -57,045 | 0 | 59,572 | -56,662 | 2,910 | -2,527 | "
                   "-383 | -2,910 | -1,161 |\n");
    assert_has(&r, "The forecast overspend shows a reduction of £0.13m since month two.");
    assert_has(&r, "Out of Area Placements £580k operating overspend (£1,320k total overspend "
                   "including £740k due to Covid-19)");
    assert_has(&r, "Under the 75/25 risk share, £2.2m of the overspend falls to the council and "
                   "£0.73m to the trust.");
    th_free(&r);
    r = get_ok("/api/v1/quarters/2019-20-Q3/report?format=markdown");
    assert_has(&r, "\n| Grand Total | 57,281 | -57,281 | 0 | 56,599 | -57,625 | -1,025 | 682 | "
                   "343 | 1,025 |\n");
    assert_has(&r, "The forecast underspend shows a reduction of £0.1m since quarter 2.");
    assert_has(&r, "Contract Value (£123k underspend) is not counted as a key variance: pending "
                   "contract variance for ICT.");
    assert_has(&r, "Out of Area Placements £840k overspend; Independent Fostering Agencies £306k "
                   "underspend; Child Arrangement Orders and Special Guardianship Orders £265k "
                   "underspend; Asylum Seekers £143k underspend.");
    th_free(&r);
    r = get_ok("/api/v1/quarters/2017-18-Q2/report?format=markdown");
    assert_has(&r, "The forecast as at September 2017 is a total overspend of £1,630k.");
    assert_has(&r, "The forecast overspend shows a reduction of £0.23m since quarter 1.");
    assert_has(&r, "Within Children's Services Trust contract: Out of Area Placements £1,500k "
                   "overspend.");
    assert_has(&r, "Under the 70/30 risk share, £1.1m of the overspend falls to the council and "
                   "£0.49m to the trust.");
    th_free(&r);
    /* a position that changed sides since the previous statement */
    r = th_put("/api/v1/quarters/2019-20-Q2/finance", th_writer_key,
               "{\"units\":\"gbp_thousands\",\"as_at\":\"2019-09\",\"lines\":[{\"code\":"
               "\"a\",\"name\":\"A\",\"budget\":{\"gross\":100,\"income\":0,\"net\":100},"
               "\"outturn\":{\"gross\":300,\"income\":0,\"net\":300}}]}");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = get_ok("/api/v1/quarters/2019-20-Q3/report?format=markdown");
    assert_has(&r, "The forecast has moved by £1.2m since quarter 2, from an overspend of £0.2m.");
    th_free(&r);
    /* the variance-only lines are not rows of the table */
    r = get_ok("/api/v1/quarters/2020-21-Q1/report?format=csv");
    ck_assert_ptr_null(strstr(r.body, "\r\nfinance,Allowances Savings"));
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nfinance,Grand Total,Budget Gross,57045\r\n"));
    th_free(&r);
}
END_TEST

static const char q1_body[] =
    "{\"units\":\"gbp_thousands\",\"as_at\":\"%s\",\"lines\":[{\"code\":\"a\",\"name\":\"A\","
    "\"budget\":{\"gross\":100,\"income\":0,\"net\":100},\"outturn\":{\"gross\":%d,"
    "\"income\":0,\"net\":%d}}]%s}";

static th_resp put_q1(const char *as_at, int outturn, const char *extra)
{
    char body[1024];
    snprintf(body, sizeof body, q1_body, as_at, outturn, outturn, extra);
    return th_put("/api/v1/quarters/2020-21-Q1/finance", th_writer_key, body);
}

/* Bad totals, as_at and risk shares: 422 with every pointer, nothing kept. */
START_TEST(refused_inputs)
{
    th_resp r = put_q1("2020-06", 90,
                       ",\"totals\":{\"budget\":{\"gross\":105,\"income\":0,\"net\":105},"
                       "\"outturn\":{\"gross\":90,\"income\":0,\"net\":90},"
                       "\"variance\":{\"gross\":15,\"income\":0,\"net\":15}}");
    ck_assert_uint_ge(th_assert_problem(&r, 422), 2);
    ck_assert(th_has_error_pointer(&r, "/totals/budget/gross"));
    ck_assert(th_has_error_pointer(&r, "/totals/variance/net"));
    th_free(&r);
    r = put_q1("2020-10", 90, "");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/as_at"));
    th_free(&r);
    /* listed with the statement's other problems */
    r = put_q1("2020-10", -5, "");
    ck_assert(th_has_error_pointer(&r, "/as_at"));
    ck_assert(th_has_error_pointer(&r, "/lines/0/outturn/gross"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q1/return", th_writer_key,
               "{\"finance\":{\"units\":\"gbp\",\"as_at\":\"2020-03\",\"lines\":[{\"code\":"
               "\"a\",\"name\":\"A\",\"parent\":\"a\",\"variance\":{\"net\":1},"
               "\"exclusion_reason\":\"x\"}]}}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/finance/lines/0/exclusion_reason"));
    ck_assert(th_has_error_pointer(&r, "/finance/as_at"));
    ck_assert(th_has_error_pointer(&r, "/finance/lines/0/parent"));
    th_free(&r);
    r = th_put("/api/v1/risk-shares/2020-21", th_admin_key,
               "{\"council_pct\":101,\"trust_pct\":\"25\",\"x\":1}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 3);
    ck_assert(th_has_error_pointer(&r, "/council_pct"));
    ck_assert(th_has_error_pointer(&r, "/trust_pct"));
    th_free(&r);
    r = th_put("/api/v1/risk-shares/2020-21", th_admin_key,
               "{\"council_pct\":80,\"trust_pct\":25}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 1);
    th_free(&r);
    r = th_put("/api/v1/risk-shares/2020-21", th_writer_key,
               "{\"council_pct\":80,\"trust_pct\":20}");
    th_assert_problem(&r, 403);
    th_free(&r);
    r = th_put("/api/v1/risk-shares/2020", th_admin_key, "{\"council_pct\":80,\"trust_pct\":20}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_get("/api/v1/risk-shares/2016-17");
    th_assert_problem(&r, 404);
    th_free(&r);
    /* nothing changed */
    assert_table("2020-21-Q1", table_2020_21_q1, 9, true);
    assert_risk_share("2020-21-Q1", -2182.5, -727.5);
}
END_TEST

/* Statements by month: an earlier month is kept beside the latest. */
START_TEST(statements_by_month)
{
    th_resp r = put_q1("2020-04", 150, "");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, "/api/v1/quarters/2020-21-Q1/finance");
    ck_assert(json_is_null(json_object_get(r.json, "movement"))); /* the year's first */
    th_free(&r);
    r = get_ok("/api/v1/quarters/2020-21-Q1/finance");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "as_at")), "2020-06");
    th_free(&r);
    r = get_ok("/api/v1/quarters/2020-21-Q1/finance?as_at=2020-04");
    ck_assert(num(json_object_get(r.json, "position"), "total_variance_net", NULL) == -50);
    th_free(&r);
    r = get_ok("/api/v1/quarters/2020-21-Q1/finance?as_at=2020-05");
    ck_assert(num(json_object_get(r.json, "movement"), "change", NULL) == -2990);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?as_at=2020-07");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/finance?as_at=June");
    th_assert_problem(&r, 400);
    th_free(&r);
    /* the same month again replaces it */
    r = put_q1("2020-04", 160, "");
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = get_ok("/api/v1/quarters/2020-21-Q1/finance?as_at=2020-04&format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "\r\na,A,,100,0,100,160,0,160,-60,0,-60,computed,"));
    th_free(&r);
}
END_TEST

/* A lock stops every statement of the quarter but no risk share; as_of
 * reads an earlier share. */
START_TEST(locks_and_as_of)
{
    th_resp r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                           "{\"reason\":\"signed off\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = put_q1("2020-04", 150, "");
    th_assert_problem(&r, 409);
    th_free(&r);
    /* a risk share's revisions are listed under its year's first quarter */
    r = get_ok("/api/v1/quarters/2020-21-Q1/revisions?kind=risk_share&limit=1");
    const char *then = json_string_value(
        json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "at"));
    char at[64];
    snprintf(at, sizeof at, "%s", then);
    th_free(&r);
    usleep(3000);
    r = th_put("/api/v1/risk-shares/2020-21", th_admin_key,
               "{\"council_pct\":80,\"trust_pct\":20}");
    ck_assert_int_eq(r.status, 200);
    ck_assert(num(r.json, "council_pct", NULL) == 80);
    th_free(&r);
    assert_risk_share("2020-21-Q1", -2328, -582);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/risk-shares/2020-21?as_of=%s", at);
    r = get_ok(path);
    ck_assert(num(r.json, "council_pct", NULL) == 75);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/finance?as_of=%s", at);
    r = get_ok(path);
    ck_assert(num(json_object_get(json_object_get(r.json, "position"), "risk_share"), "council",
                  NULL) == -2182.5);
    th_free(&r);
    /* the published totals and sub-headings as they stood, after a
     * statement without them replaced the 2019/20 Q3 one */
    r = th_put("/api/v1/quarters/2019-20-Q3/finance", th_writer_key,
               "{\"units\":\"gbp_thousands\",\"as_at\":\"2019-12\",\"lines\":[{\"code\":"
               "\"a\",\"name\":\"A\",\"budget\":{\"gross\":1,\"income\":0,\"net\":1},"
               "\"outturn\":{\"gross\":1,\"income\":0,\"net\":1}}]}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "totals_source")), "computed");
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/finance?as_of=%s", at);
    r = get_ok(path);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "totals_source")), "published");
    ck_assert(num(json_object_get(r.json, "totals"), "outturn", "gross") == 56599);
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "excluded_variances")), 1);
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "lines")), 14);
    th_free(&r);
    r = get_ok("/api/v1/quarters/2020-21-Q1/revisions?kind=risk_share&limit=1");
    json_t *rev = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(rev, "by")), "test-admin");
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("finance papers");
    TCase *tc = tcase_create("finance papers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, printed_tables);
    tcase_add_test(tc, movements_and_risk_shares);
    tcase_add_test(tc, report_sentences);
    tcase_add_test(tc, refused_inputs);
    tcase_add_test(tc, statements_by_month);
    tcase_add_test(tc, locks_and_as_of);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
