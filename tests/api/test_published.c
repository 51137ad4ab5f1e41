/* test_published.c - API: the papers as first published. The demo records
 * each return at its paper's date (data/demo/manifest.json recorded_at),
 * so as_of on a paper's day reproduces that paper's figures and a later
 * instant the restated ones; the list of quarters (GET /quarters). */
#include <check.h>
#include <stdio.h>
#include <string.h>

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

/* The 2019/20 Q3 paper (para 17) prints referrals 949, +3% against the
 * previous quarter; the 2020/21 Q1 paper (para 19) restates it as 946. */
START_TEST(referrals_as_first_published_and_restated)
{
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-27T17:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 949);
    ck_assert(json_equal(json_object_get(r.json, "restated"), json_false()));
    th_free(&r);
    r = th_get(
        "/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-27T17:00:00Z&decimals=0");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_number_value(json_object_get(r.json, "change_vs_previous_quarter_pct")) == 3);
    th_free(&r);
    r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-09-01T00:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "value")), 946);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "first_reported_value")), 949);
    th_free(&r);
    /* before the paper: nothing had been published */
    r = th_get("/api/v1/quarters/2019-20-Q3/demand/referrals?as_of=2020-01-26T00:00:00Z");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
    /* the 2020/21 Q1 figures were not published on the Q3 paper's day */
    r = th_get("/api/v1/quarters/2020-21-Q1/demand/referrals?as_of=2020-01-27T17:00:00Z");
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
}
END_TEST

/* GET /quarters: every quarter holding a figure, what it holds, and as
 * first published (the 2019/20 Q3 paper knew 2018/19 Q1 to 2019/20 Q3). */
START_TEST(quarters_list)
{
    th_resp r = th_get("/api/v1/quarters");
    ck_assert_int_eq(r.status, 200);
    json_t *items = json_object_get(r.json, "items");
    /* the care ladder's populations (2016/17 Q1, 2017/18 Q1, each year's Q1)
     * and counts (2016/17 Q4, 2017/18 Q2), then 2018/19 Q1 to 2020/21 Q1 */
    ck_assert_int_eq(json_array_size(items), 13);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 13);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "quarter")),
                     "2016-17-Q1");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 4), "quarter")),
                     "2018-19-Q1");
    json_t *q4 = json_array_get(items, 11); /* the outturns and the implied results */
    ck_assert_int_eq(json_integer_value(json_object_get(q4, "indicators_reported")), 5);
    json_t *q3 = json_array_get(items, 10);
    ck_assert_str_eq(json_string_value(json_object_get(q3, "quarter")), "2019-20-Q3");
    ck_assert_str_eq(json_string_value(json_object_get(q3, "label")), "Quarter 3 2019/20");
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "indicators_active")), 40);
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "indicators_reported")), 38);
    ck_assert_int_eq(json_integer_value(json_object_get(q3, "demand_measures")), 4);
    ck_assert(json_is_true(json_object_get(q3, "finance")));
    ck_assert(json_is_false(json_object_get(q3, "locked")));
    /* each item is the quarter resource: its pack and its state in the cycle */
    ck_assert(json_is_null(json_object_get(q3, "pack")));
    ck_assert_str_eq(json_string_value(json_object_get(q3, "state")), "submitted");
    th_free(&r);

    r = th_get("/api/v1/quarters?as_of=2020-01-27T17:00:00Z&format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.content_type, "text/csv"));
    ck_assert_ptr_nonnull(strstr(r.body, "\r\n2019-20-Q3,Quarter 3 2019/20,2019-10-01,2019-12-31,"
                                         "false,,,,,submitted,,[],,40,38,4,true\r\n"));
    ck_assert_ptr_null(strstr(r.body, "2019-20-Q4"));
    th_free(&r);

    /* a lock shows in the list; the index links to it */
    r = th_request("POST", "/api/v1/quarters/2019-20-Q3/lock", th_admin_key,
                   "{\"reason\":\"Signed off 27 January 2020\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_get("/api/v1/quarters");
    q3 = json_array_get(json_object_get(r.json, "items"), 10);
    ck_assert(json_is_true(json_object_get(q3, "locked")));
    ck_assert_str_eq(json_string_value(json_object_get(q3, "lock_reason")),
                     "Signed off 27 January 2020");
    ck_assert_str_eq(json_string_value(json_object_get(q3, "state")), "signed_off");
    ck_assert(json_is_string(
        json_object_get(json_object_get(json_object_get(q3, "pack"), "sha256"), "figures")));
    th_free(&r);
    r = th_get("/api/v1");
    json_t *links = json_object_get(r.json, "links");
    ck_assert_str_eq(json_string_value(json_object_get(links, "quarters")), "/api/v1/quarters");
    ck_assert_str_eq(json_string_value(json_object_get(links, "history")),
                     "/api/v1/indicators/{code}/history");
    th_free(&r);
}
END_TEST

/* The warning of one code at one pointer in a return's answer, or NULL. */
static const json_t *warning_at(const th_resp *r, const char *code, const char *pointer)
{
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(r->json, "warnings"), i, w)
    {
        if (strcmp(json_string_value(json_object_get(w, "code")), code) == 0 &&
            strcmp(json_string_value(json_object_get(w, "pointer")), pointer) == 0)
            return w;
    }
    return NULL;
}

static th_resp put_return(const char *quarter, const char *query, const char *body,
                          const char *type)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/return%s", quarter, query);
    th_resp r = th_request("PUT", path, th_writer_key, body, type, NULL);
    ck_assert_msg(r.status == 200, "%s: %ld %s", path, r.status, r.body);
    return r;
}

/* A value one off its own ratio (14 for 134/1000 = 13.4%, as the paper's
 * -14% for -13.4%) is stored with a warning; a clean return has none. */
START_TEST(warning_value_off_ratio)
{
    th_resp r = put_return(
        "2020-21-Q2", "?dry_run=true",
        "{\"indicators\":[{\"code\":\"CFA-SA-TIMELY\",\"availability\":\"reported\",\"value\":14,"
        "\"numerator\":134,\"denominator\":1000}]}",
        NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "warnings")), 1);
    const json_t *w = warning_at(&r, "value_off_ratio", "/indicators/0/value");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(json_string_value(json_object_get(w, "detail")),
                     "value 14 is not numerator/denominator 134/1000 = 13.40 rounded to 0 "
                     "decimals (13)");
    th_free(&r);
    r = put_return(
        "2020-21-Q2", "",
        "{\"indicators\":[{\"code\":\"CFA-SA-TIMELY\",\"availability\":\"reported\",\"value\":13,"
        "\"numerator\":134,\"denominator\":1000}]}",
        NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "warnings")), 0);
    th_free(&r);
}
END_TEST

/* A value far outside its last quarters: the modified z-score, named. */
START_TEST(warning_value_outlier)
{
    static const char *const quarters[] = {"2020-21-Q2", "2020-21-Q3", "2020-21-Q4", "2021-22-Q1"};
    static const int values[] = {94, 96, 93, 97};
    for (int i = 0; i < 4; i++) {
        char body[96];
        snprintf(body, sizeof body,
                 "{\"indicators\":[{\"code\":\"CFA-SA-TIMELY\",\"availability\":\"reported\","
                 "\"value\":%d}]}",
                 values[i]);
        th_resp r = put_return(quarters[i], "", body, NULL);
        th_free(&r);
    }
    th_resp r = put_return("2021-22-Q2", "?dry_run=true",
                           "{\"indicators\":[{\"code\":\"CFA-SA-TIMELY\",\"availability\":"
                           "\"reported\",\"value\":40}]}",
                           NULL);
    const json_t *w = warning_at(&r, "value_outlier", "/indicators/0/value");
    ck_assert_ptr_nonnull(w);
    /* history 96 (2019/20 Q3) and 95 (2020/21 Q1) of the demo, 94, 96, 93, 97:
     * median 95.5, MAD 1, 0.6745 (40 - 95.5) / 1 = -37.4 */
    ck_assert_str_eq(json_string_value(json_object_get(w, "detail")),
                     "CFA-SA-TIMELY 40 is 37.4 robust z-scores below the median 95.5 of its last 6 "
                     "reported quarters (MAD 1.0; modified z-score 0.6745 (x - median) / MAD over "
                     "the last 8 quarters, warned above 3.5)");
    th_free(&r);
    r = put_return("2021-22-Q2", "?dry_run=true",
                   "{\"indicators\":[{\"code\":\"CFA-SA-TIMELY\",\"availability\":\"reported\","
                   "\"value\":92}]}",
                   NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "warnings")), 0);
    th_free(&r);
}
END_TEST

/* A demand count that jumps beyond the measure's usual change, in JSON and
 * at its CSV cell. */
START_TEST(warning_demand_jump)
{
    th_resp r = put_return("2020-21-Q2", "?dry_run=true",
                           "{\"demand\":[{\"code\":\"referrals\",\"value\":1100},"
                           "{\"code\":\"contacts\",\"value\":15000}]}",
                           NULL);
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "warnings")), 1);
    const json_t *w = warning_at(&r, "demand_jump", "/demand/1/value");
    ck_assert_ptr_nonnull(w);
    const char *d = json_string_value(json_object_get(w, "detail"));
    ck_assert_msg(
        strncmp(d, "contacts moves +180.4% on the previous quarter (5349 to 15000), ", 64) == 0,
        "%s", d);
    ck_assert_ptr_nonnull(strstr(d, "over 8 changes; modified z-score"));
    th_free(&r);
    r = put_return("2020-21-Q2", "?dry_run=true",
                   "section,code,field,value\r\ndemand,referrals,value,1100\r\n"
                   "demand,contacts,value,15000\r\n",
                   "text/csv");
    w = warning_at(&r, "demand_jump", "/demand/1/value");
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(json_integer_value(json_object_get(w, "row")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(w, "column")), "value");
    th_free(&r);
}
END_TEST

/* Restating a quarter once signed off: 949 again for 2019/20 Q3 referrals
 * after the 946 of the later paper, and the 511 / 513 children in care of
 * the 2020/21 Q1 paper (paras 19 and 36). */
START_TEST(warning_restates_signed_off)
{
    th_resp r = th_request("POST", "/api/v1/quarters/2019-20-Q3/lock", th_admin_key,
                           "{\"reason\":\"Signed off by Cabinet\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2019-20-Q3/unlock", th_admin_key,
                   "{\"reason\":\"Referrals restated\"}", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    r = put_return("2019-20-Q3", "?dry_run=true",
                   "{\"demand\":[{\"code\":\"referrals\",\"value\":949}]}", NULL);
    const json_t *w = warning_at(&r, "restates_signed_off", "/demand/0/value");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(w, "detail")),
                                 "restates referrals for 2019-20-Q3, signed off at "));
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(w, "detail")), ": 946 stored, 949 now"));
    th_free(&r);
    /* a quarter never signed off: no such warning */
    r = put_return("2020-21-Q1", "?dry_run=true",
                   "{\"demand\":[{\"code\":\"looked-after-children\",\"value\":511}]}", NULL);
    ck_assert_ptr_null(warning_at(&r, "restates_signed_off", "/demand/0/value"));
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
                   "{\"reason\":\"Signed off by OSMC\"}", NULL, NULL);
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2020-21-Q1/unlock", th_admin_key,
                   "{\"reason\":\"Children in care restated\"}", NULL, NULL);
    th_free(&r);
    r = put_return("2020-21-Q1", "",
                   "{\"demand\":[{\"code\":\"looked-after-children\",\"value\":511}]}", NULL);
    w = warning_at(&r, "restates_signed_off", "/demand/0/value");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(w, "detail")), ": 513 stored, 511 now"));
    ck_assert(json_is_true(json_object_get(r.json, "stored"))); /* nothing is refused for it */
    th_free(&r);
}
END_TEST

static json_t *row_of(th_resp *r, const char *quarter, const char *code)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/%s", quarter, code);
    *r = th_get(path);
    ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
    return r->json;
}

/* The 2020/21 Q1 paper's sentences about quarter 4 (paras 22 and 26) and
 * its comparators, as the demo reads them: 13 figures, all matching. */
START_TEST(paper_sentences)
{
    static const struct {
        const char *code;
        double change; /* against quarter 4 */
        int streak;
    } ctx[] = {
        {"CFA-CIN-2Y-PLUS", -1, 3},      /* "decreasing by 1% since quarter 4" */
        {"LAC-PROCEEDINGS-26WK", -5, 3}, /* "decreasing by 5% since quarter 4" */
        {"LAC-STABILITY-LONG", -1, 3},   /* "a 1% reduction on quarter 4" */
        {"LAC-PLACEMENTS-3PLUS", 0, 3},  /* "better than target for three consecutive quarters" */
    };
    th_resp r;
    for (size_t i = 0; i < sizeof ctx / sizeof *ctx; i++) {
        json_t *row = row_of(&r, "2020-21-Q1", ctx[i].code);
        ck_assert_msg(json_number_value(json_object_get(row, "change")) == ctx[i].change, "%s",
                      ctx[i].code);
        ck_assert_int_eq(json_integer_value(json_object_get(row, "streak")), ctx[i].streak);
        th_free(&r);
    }
    json_t *row = row_of(&r, "2020-21-Q1", "LAC-PLACEMENTS-3PLUS");
    ck_assert_str_eq(json_string_value(json_object_get(row, "status")), "better_than_target");
    th_free(&r);
    /* "reducing from 106 days in quarter 4" */
    row = row_of(&r, "2020-21-Q1", "PLC-ORDER-TO-MATCH");
    ck_assert(json_number_value(json_object_get(row, "previous_value")) == 106);
    /* "137 days less than the latest regional outturns where Doncaster is
     * ranked the 4th highest performer across the fifteen" */
    json_t *reg = json_object_get(json_object_get(row, "benchmarks"), "regional");
    ck_assert(json_number_value(json_object_get(reg, "value")) == 55 + 137);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "rank")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "count")), 15);
    ck_assert_str_eq(json_string_value(json_object_get(reg, "comparison")), "better");
    th_free(&r);
    /* "the average timeliness ... is 81%, Doncaster ranked 6th of the 15 LAs
     * across the region, and now 14% above this average" */
    row = row_of(&r, "2020-21-Q1", "CFA-SA-TIMELY");
    reg = json_object_get(json_object_get(row, "benchmarks"), "regional");
    ck_assert(json_number_value(json_object_get(reg, "value")) == 81);
    ck_assert(json_number_value(json_object_get(row, "value")) -
                  json_number_value(json_object_get(reg, "value")) ==
              14);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "rank")), 6);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "count")), 15);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(row, "benchmarks"), "period")),
        "2019-20-Q4");
    th_free(&r);
    /* "ranked 7th of the fifteen Local Authorities ... higher than the
     * regional average of 14.1%", the regional dataset for quarter 4 */
    row = row_of(&r, "2019-20-Q4", "PLC-ADOPTED");
    reg = json_object_get(json_object_get(row, "benchmarks"), "regional");
    ck_assert(json_number_value(json_object_get(reg, "value")) == 14.1);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "rank")), 7);
    ck_assert_int_eq(json_integer_value(json_object_get(reg, "count")), 15);
    th_free(&r);
    /* none of it was published on the 2019/20 Q3 paper's day */
    r = th_get("/api/v1/quarters/2019-20-Q4/indicators/CFA-CIN-2Y-PLUS?as_of=2020-01-27T17:00:00Z");
    ck_assert(json_is_null(json_object_get(r.json, "value")));
    th_free(&r);
}
END_TEST

static int locally_derived(const char *quarter)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators?category=strategic_partnership",
             quarter);
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    int n = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it) n +=
        json_is_false(json_object_get(it, "benchmarked"));
    th_free(&r);
    return n;
}

/* "Some indicators are locally derived (10 of the 28)" (2019/20 Q3 paper,
 * para 14): the suite the paper defines has 9 (docs/SOURCES.md); "10 of
 * the 30" (2020/21 Q1 paper, para 14) matches. */
START_TEST(locally_derived_counts)
{
    ck_assert_int_eq(locally_derived("2019-20-Q3"), 9);
    ck_assert_int_eq(locally_derived("2020-21-Q1"), 10);
}
END_TEST

/* A result may carry its year to date figure: stored, shown, kept as of
 * an instant, taken from a CSV return, and refused where it cannot be. */
START_TEST(year_to_date)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY", th_writer_key,
                       "{\"availability\":\"reported\",\"value\":93,\"year_to_date\":94}");
    ck_assert_int_eq(r.status, 201);
    ck_assert(json_number_value(json_object_get(r.json, "year_to_date")) == 94);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY");
    ck_assert(json_number_value(json_object_get(r.json, "year_to_date")) == 94);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/indicators/CFA-SA-TIMELY");
    ck_assert(json_is_null(json_object_get(r.json, "year_to_date")));
    th_free(&r);
    /* a change of it alone is a revision; as_of reads the earlier one */
    r = th_get("/api/v1/quarters/2020-21-Q2/revisions?kind=result&code=CFA-SA-TIMELY");
    const char *at = json_string_value(
        json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "at"));
    char then[64];
    snprintf(then, sizeof then, "%s", at);
    th_free(&r);
    r = put_return("2020-21-Q2", "",
                   "section,code,field,value\r\nindicator,CFA-SA-TIMELY,availability,reported\r\n"
                   "indicator,CFA-SA-TIMELY,value,93\r\nindicator,CFA-SA-TIMELY,year_to_date,"
                   "93.5\r\n",
                   "text/csv");
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "updated")), 1);
    th_free(&r);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY?as_of=%s",
             then);
    r = th_get(path);
    ck_assert(json_number_value(json_object_get(r.json, "year_to_date")) == 94);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY");
    ck_assert(json_number_value(json_object_get(r.json, "year_to_date")) == 93.5);
    th_free(&r);
    /* only with a reported result, and a number */
    r = th_put("/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY", th_writer_key,
               "{\"availability\":\"not_available\",\"reason\":\"Covid-19\",\"year_to_date\":94}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/year_to_date"));
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q2/indicators/CFA-SA-TIMELY", th_writer_key,
               "{\"availability\":\"reported\",\"value\":93,\"year_to_date\":\"94\"}");
    th_assert_problem(&r, 422);
    ck_assert(th_has_error_pointer(&r, "/year_to_date"));
    th_free(&r);
}
END_TEST

/* The 2019/20 outturns the 2020/21 Q1 paper quotes (paras 22 and 26), as
 * the demo's 2020/21 Q1 return carries them; an outturn per year, judged
 * against the target of the year's Q4, kept as of an instant, guarded by
 * Q4's lock. */
START_TEST(outturns)
{
    static const struct {
        const char *code;
        double value;
        double target;
    } paper[] = {
        {"CFA-SA-TIMELY", 91, 90},         /* "at 91%, better than target" */
        {"LAC-PLACEMENTS-3PLUS", 8.5, 10}, /* "is 8.5%, better than target" */
        {"LAC-REVIEWS", 99, 95},           /* "99% ... 4% better than target" */
        {"LAC-STABILITY-LONG", 60.4, 60},  /* "at 60.4%, better than target" */
    };
    th_resp r;
    char path[128];
    for (size_t i = 0; i < sizeof paper / sizeof *paper; i++) {
        snprintf(path, sizeof path, "/api/v1/indicators/%s/outturns/2019-20", paper[i].code);
        r = th_get(path);
        ck_assert_msg(r.status == 200, "%s: %ld", path, r.status);
        ck_assert(json_number_value(json_object_get(r.json, "value")) == paper[i].value);
        ck_assert(json_number_value(json_object_get(r.json, "target")) == paper[i].target);
        ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")),
                         "better_than_target");
        ck_assert_str_eq(json_string_value(json_object_get(r.json, "quarter")), "2019-20-Q4");
        th_free(&r);
    }
    /* the history shows them beside the quarters */
    r = th_get("/api/v1/indicators/CFA-SA-TIMELY/history");
    json_t *o = json_array_get(json_object_get(r.json, "outturns"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(o, "year")), "2019-20");
    ck_assert(json_number_value(json_object_get(o, "value")) == 91);
    th_free(&r);
    /* and the report's commentary line of an indicator outside target */
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=text");
    ck_assert_ptr_nonnull(
        strstr(r.body, "\n2019/20 outturn: 60.4%, better than target (target 60%).\n"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=text&as_of=2020-08-17T00:00:00Z");
    ck_assert_ptr_null(strstr(r.body, "2019/20 outturn:"));
    th_free(&r);
    /* with numerator and denominator: CIN 2+ years, lower is better */
    const char *cin = "/api/v1/indicators/CFA-CIN-2Y-PLUS/outturns/2019-20";
    r = th_put(cin, th_writer_key, "{\"numerator\":700,\"denominator\":2264}");
    ck_assert_int_eq(r.status, 201);
    ck_assert_str_eq(r.location, cin);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "year")), "2019-20");
    ck_assert(json_number_value(json_object_get(r.json, "value")) == 31);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "outside_target_range");
    /* the Wilson interval of 700/2264 (30.92%): 29.05% to 32.85%, at one
     * place finer than the indicator's; it reaches the target of 30%, so
     * outside the range yet not significantly different from it */
    json_t *ci = json_object_get(r.json, "confidence_interval");
    ck_assert(json_number_value(json_object_get(ci, "lower")) == 29.0);
    ck_assert(json_number_value(json_object_get(ci, "upper")) == 32.9);
    ck_assert_str_eq(json_string_value(json_object_get(ci, "method")), "wilson_score");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r.json, "significance"), "vs_target")),
        "not_significant");
    th_free(&r);
    r = th_put(cin, th_writer_key, "{\"numerator\":700,\"denominator\":2264}");
    ck_assert_int_eq(r.status, 200); /* unchanged */
    th_free(&r);
    r = th_get("/api/v1/indicators/CFA-SA-TIMELY/outturns?format=csv");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\r\nCFA-SA-TIMELY,2019-20,2019-20-Q4,91,,,"));
    th_free(&r);
    /* every problem, nothing stored */
    const char *path0 = "/api/v1/indicators/CFA-SA-TIMELY/outturns/2019-20";
    r = th_put(path0, th_writer_key, "{\"value\":\"x\",\"reason\":\"y\",\"numerator\":5}");
    ck_assert_int_eq(th_assert_problem(&r, 422), 3);
    ck_assert(th_has_error_pointer(&r, "/value"));
    ck_assert(th_has_error_pointer(&r, "/reason"));
    ck_assert(th_has_error_pointer(&r, "/denominator"));
    th_free(&r);
    r = th_put("/api/v1/indicators/CFA-SA-TIMELY/outturns/2019-21", th_writer_key, "{\"value\":1}");
    th_assert_problem(&r, 400);
    th_free(&r);
    r = th_put("/api/v1/indicators/GOV-APPRAISALS/outturns/2020-21", th_writer_key,
               "{\"value\":1}");
    th_assert_problem(&r, 422); /* not active in 2020-21-Q4 */
    th_free(&r);
    r = th_put("/api/v1/indicators/NOPE/outturns/2019-20", th_writer_key, "{\"value\":1}");
    th_assert_problem(&r, 404);
    th_free(&r);
    /* revisions under Q4 (the demo's five and one); recorded at the paper's
     * date, so the day before does not know them; Q4's lock guards them */
    r = th_get("/api/v1/quarters/2019-20-Q4/revisions?kind=outturn");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 6);
    th_free(&r);
    r = th_get("/api/v1/indicators/CFA-SA-TIMELY/outturns/2019-20?as_of=2020-08-17T00:00:00Z");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/indicators/CFA-SA-TIMELY/outturns?as_of=2020-09-01T00:00:00Z");
    ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 1);
    th_free(&r);
    r = th_request("POST", "/api/v1/quarters/2019-20-Q4/lock", th_admin_key,
                   "{\"reason\":\"Signed off\"}", NULL, NULL);
    th_free(&r);
    r = th_put(path0, th_writer_key, "{\"value\":92}");
    ck_assert_int_eq(r.status, 409);
    th_free(&r);
    r = th_get(path0);
    ck_assert(json_number_value(json_object_get(r.json, "value")) == 91);
    th_free(&r);
}
END_TEST

/* Outturns in the quarterly return: the 2020/21 Q1 return carries the
 * 2019/20 outturns the paper quotes; every problem is listed, nothing
 * stored. */
START_TEST(outturns_in_the_return)
{
    th_resp r =
        put_return("2020-21-Q1", "",
                   "{\"outturns\":[{\"code\":\"CP-SEEN\",\"year\":\"2019-20\",\"value\":94},"
                   "{\"code\":\"CL-IN-TOUCH\",\"year\":\"2019-20\",\"value\":97}]}",
                   NULL);
    json_t *c = json_object_get(json_object_get(r.json, "counts"), "outturns");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "created")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "created")), 2);
    th_free(&r);
    r = th_get("/api/v1/indicators/CL-IN-TOUCH/outturns/2019-20");
    ck_assert(json_number_value(json_object_get(r.json, "value")) == 97);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "status")), "better_than_target");
    th_free(&r);
    r = th_request("PUT", "/api/v1/quarters/2020-21-Q1/return", th_writer_key,
                   "{\"outturns\":[{\"code\":\"NOPE\",\"year\":\"2019-20\",\"value\":1},"
                   "{\"code\":\"CFA-SA-TIMELY\",\"year\":\"2021-22\",\"value\":1},"
                   "{\"code\":\"CFA-SA-TIMELY\",\"year\":\"2019/20\",\"value\":1},"
                   "{\"code\":\"CFA-SA-TIMELY\",\"year\":\"2019-20\",\"value\":92},"
                   "{\"code\":\"CFA-SA-TIMELY\",\"year\":\"2019-20\",\"value\":93}],"
                   "\"demand\":[{\"code\":\"contacts\",\"value\":1}]}",
                   NULL, NULL);
    ck_assert_int_eq(th_assert_problem(&r, 422), 4);
    ck_assert(th_has_error_pointer(&r, "/outturns/0/code"));
    ck_assert(th_has_error_pointer(&r, "/outturns/1/year"));
    ck_assert(th_has_error_pointer(&r, "/outturns/2/year"));
    ck_assert(th_has_error_pointer(&r, "/outturns/4/code"));
    th_free(&r);
    r = th_get("/api/v1/indicators/CFA-SA-TIMELY/outturns/2019-20");
    ck_assert(json_number_value(json_object_get(r.json, "value")) == 91);
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("api published");
    TCase *tc = tcase_create("published");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, referrals_as_first_published_and_restated);
    tcase_add_test(tc, quarters_list);
    tcase_add_test(tc, paper_sentences);
    tcase_add_test(tc, locally_derived_counts);
    tcase_add_test(tc, year_to_date);
    tcase_add_test(tc, outturns);
    tcase_add_test(tc, outturns_in_the_return);
    tcase_add_test(tc, warning_value_off_ratio);
    tcase_add_test(tc, warning_value_outlier);
    tcase_add_test(tc, warning_demand_jump);
    tcase_add_test(tc, warning_restates_signed_off);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
