/* test_cycle.c - API: the scrutiny cycle (docs/API.md §19a, §19b, issue
 * 18 items 1 and 3): a quarter's calendar and its state on the day
 * (awaiting_return, overdue with the indicators not submitted, submitted,
 * signed_off; the next meeting's missing and stale figures), members'
 * questions and the trust's answers (JSON, CSV, revisions, the report),
 * on the demo data. The state depends on the real day, so the dates sent
 * are placed around today. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* Today plus days, as YYYY-MM-DD (UTC). */
static void day(int days, char out[11])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static th_resp call(const char *method, const char *path, const char *key, const char *body)
{
    return th_request(method, path, key, body, NULL, NULL);
}

static const char *str(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

static void put_calendar(const char *q, const char *due, const char *meeting, long status)
{
    char path[80], body[400];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/calendar", q);
    snprintf(body, sizeof body,
             "{\"return_due\": \"%s\", \"meetings\": [{\"date\": \"%s\", \"kind\": "
             "\"scrutiny\", \"name\": \"Overview and Scrutiny Management Committee\"}, "
             "{\"date\": \"2020-11-05\", \"kind\": \"challenge\"}]}",
             due, meeting);
    th_resp r = th_put(path, th_admin_key, body);
    ck_assert_msg(r.status == status, "%ld %s", r.status, r.body);
    th_free(&r);
}

START_TEST(calendar_and_states)
{
    char past[11], soon[11], later[11];
    day(-1, past);
    day(10, soon);
    day(20, later);
    /* no calendar: Q1 has every result, Q2 none and is not yet overdue */
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str(r.json, "state"), "submitted");
    ck_assert(json_is_null(json_object_get(r.json, "calendar")));
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "not_submitted")), 0);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q2");
    ck_assert_str_eq(str(r.json, "state"), "awaiting_return");
    size_t missing = json_array_size(json_object_get(r.json, "not_submitted"));
    ck_assert_uint_eq(missing, 42);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q2/calendar");
    th_assert_problem(&r, 404);
    th_free(&r);

    /* the return was due yesterday: overdue, the missing indicators listed */
    put_calendar("2020-21-Q2", past, soon, 201);
    put_calendar("2020-21-Q2", past, soon, 200);
    r = th_get("/api/v1/quarters/2020-21-Q2");
    ck_assert_str_eq(str(r.json, "state"), "overdue");
    json_t *codes = json_object_get(r.json, "not_submitted");
    ck_assert_uint_eq(json_array_size(codes), 42);
    ck_assert_str_eq(json_string_value(json_array_get(codes, 0)), "CFA-SA-TIMELY");
    json_t *next = json_object_get(r.json, "next_meeting");
    ck_assert_str_eq(str(next, "date"), soon);
    ck_assert_str_eq(str(next, "kind"), "scrutiny");
    /* every result and the finance statement will be missing by then */
    json_t *nm = json_object_get(next, "missing");
    ck_assert_uint_eq(json_array_size(nm), 43);
    ck_assert_str_eq(str(json_array_get(nm, 42), "figure"), "finance");
    ck_assert_str_eq(str(json_object_get(r.json, "calendar"), "return_due"), past);
    /* meetings kept in date order */
    ck_assert_str_eq(
        str(json_array_get(json_object_get(json_object_get(r.json, "calendar"), "meetings"), 0),
            "date"),
        "2020-11-05");
    th_free(&r);

    /* due later: awaiting the return */
    put_calendar("2020-21-Q2", later, later, 200);
    r = th_get("/api/v1/quarters/2020-21-Q2");
    ck_assert_str_eq(str(r.json, "state"), "awaiting_return");
    th_free(&r);

    /* Q1: submitted; its June statement is stale for a meeting this year */
    put_calendar("2020-21-Q1", past, soon, 201);
    r = th_get("/api/v1/quarters/2020-21-Q1");
    ck_assert_str_eq(str(r.json, "state"), "submitted");
    next = json_object_get(r.json, "next_meeting");
    ck_assert_uint_eq(json_array_size(json_object_get(next, "missing")), 0);
    json_t *stale = json_array_get(json_object_get(next, "stale"), 0);
    ck_assert_str_eq(str(stale, "figure"), "finance");
    ck_assert_str_eq(str(stale, "as_at"), "2020-06");
    th_free(&r);

    /* signed off */
    r = call("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key,
             "{\"reason\": \"Signed off by OSMC\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(str(r.json, "state"), "signed_off");
    ck_assert(json_is_null(json_object_get(r.json, "next_meeting")));
    th_free(&r);
    /* the calendar of a signed-off quarter is fixed with it */
    r = th_put("/api/v1/quarters/2020-21-Q1/calendar", th_admin_key,
               "{\"return_due\": \"2020-07-31\", \"meetings\": []}");
    th_assert_problem(&r, 409);
    th_free(&r);

    /* every edit is a revision */
    r = th_get("/api/v1/quarters/2020-21-Q2/revisions?kind=calendar");
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 2);
    th_free(&r);
}
END_TEST

START_TEST(calendar_refused)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q2/calendar", th_writer_key,
                       "{\"return_due\": \"2020-10-20\", \"meetings\": []}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);
    r = th_put("/api/v1/quarters/2020-21-Q2/calendar", th_admin_key,
               "{\"return_due\": \"2020-10-32\", \"meetings\": [{\"date\": \"2020-11-05\","
               " \"kind\": \"lunch\"}, {\"kind\": \"scrutiny\"}], \"venue\": \"Civic\"}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 4);
    ck_assert(th_has_error_pointer(&r, "/return_due"));
    ck_assert(th_has_error_pointer(&r, "/meetings/0/kind"));
    ck_assert(th_has_error_pointer(&r, "/meetings/1/date"));
    ck_assert(th_has_error_pointer(&r, "/venue"));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q2/calendar");
    th_assert_problem(&r, 404);
    th_free(&r);
}
END_TEST

static long ask(const char *q, const char *body, json_t **out)
{
    char path[80];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/questions", q);
    th_resp r = call("POST", path, th_admin_key, body);
    long status = r.status;
    if (out)
        *out = json_incref(r.json);
    th_free(&r);
    return status;
}

START_TEST(questions_asked_and_answered)
{
    json_t *q1 = NULL;
    ck_assert_int_eq(ask("2020-21-Q1",
                         "{\"text\": \"Why have re-referrals risen?\", \"asked_by\": \"Cllr "
                         "Smith\", \"indicator\": \"CFA-REREFERRALS\", \"due_by\": \"2020-11-05\"}",
                         &q1),
                     201);
    ck_assert_int_eq(json_integer_value(json_object_get(q1, "id")), 1);
    ck_assert_str_eq(str(q1, "status"), "outstanding");
    ck_assert(json_is_null(json_object_get(q1, "answer")));
    json_decref(q1);
    ck_assert_int_eq(ask("2020-21-Q1",
                         "{\"text\": \"What is driving the placements overspend?\", "
                         "\"asked_by\": \"Cllr Jones\", \"line\": \"children-looked-after\", "
                         "\"due_by\": \"2020-11-05\"}",
                         NULL),
                     201);
    /* unknown references and bad members: 422, nothing stored */
    th_resp r = call("POST", "/api/v1/quarters/2020-21-Q1/questions", th_admin_key,
                     "{\"text\": \"?\", \"asked_by\": \"Cllr Smith\", \"indicator\": \"NO-SUCH\","
                     " \"due_by\": \"2020-11-05\"}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/indicator"));
    th_free(&r);
    r = call("POST", "/api/v1/quarters/2020-21-Q1/questions", th_writer_key,
             "{\"text\": \"?\", \"asked_by\": \"x\", \"due_by\": \"2020-11-05\"}");
    ck_assert_int_eq(r.status, 403);
    th_free(&r);

    /* the trust answers, citing the revision that corrected a figure */
    r = call("PUT", "/api/v1/quarters/2020-21-Q1/questions/1/answer", th_writer_key,
             "{\"text\": \"A data correction; see the restated figure.\", \"revision\": 1}");
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    json_t *a = json_object_get(r.json, "answer");
    ck_assert_str_eq(str(r.json, "status"), "answered");
    ck_assert_str_eq(str(a, "by"), "test-writer");
    ck_assert_int_eq(json_integer_value(json_object_get(a, "revision")), 1);
    th_free(&r);
    r = call("PUT", "/api/v1/quarters/2020-21-Q1/questions/1/answer", th_writer_key,
             "{\"text\": \"x\", \"revision\": 999999}");
    ck_assert_uint_eq(th_assert_problem(&r, 422), 1);
    ck_assert(th_has_error_pointer(&r, "/revision"));
    th_free(&r);
    r = call("PUT", "/api/v1/quarters/2020-21-Q1/questions/9/answer", th_writer_key,
             "{\"text\": \"x\"}");
    th_assert_problem(&r, 404);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/questions/abc");
    th_assert_problem(&r, 404);
    th_free(&r);

    /* answers stay open after sign-off */
    r = call("POST", "/api/v1/quarters/2020-21-Q1/lock", th_admin_key, "{\"reason\": \"OSMC\"}");
    th_free(&r);
    r = call("PUT", "/api/v1/quarters/2020-21-Q1/questions/1/answer", th_writer_key,
             "{\"text\": \"A data correction: referrals were restated from 949 to 946.\"}");
    ck_assert_int_eq(r.status, 200);
    ck_assert(json_is_null(json_object_get(json_object_get(r.json, "answer"), "revision")));
    th_free(&r);

    r = th_get("/api/v1/quarters/2020-21-Q1/questions");
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "outstanding")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "answered")), 1);
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/questions?format=csv");
    ck_assert_str_eq(r.content_type, "text/csv; charset=utf-8; header=present");
    ck_assert(strncmp(r.body,
                      "id,quarter,text,asked_by,indicator,line,due_by,asked_at,status,"
                      "answer_text,answer_by,answer_at,answer_revision\r\n",
                      strlen("id,quarter,text,asked_by,indicator,line,due_by,asked_at,status,"
                             "answer_text,answer_by,answer_at,answer_revision\r\n")) == 0);
    ck_assert_ptr_nonnull(strstr(r.body, ",outstanding,,,,\r\n"));
    th_free(&r);

    /* ask, answer, answer again: three revisions of question 1 */
    r = th_get("/api/v1/quarters/2020-21-Q1/revisions?kind=question&code=1");
    ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 3);
    th_free(&r);

    /* the report lists both: one outstanding, one answered */
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=text");
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "Members' questions"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "1 question is outstanding; 1 answered since they were asked."));
    th_free(&r);
    r = th_get("/api/v1/quarters/2020-21-Q1/report?format=csv");
    ck_assert_ptr_nonnull(strstr(r.body, "questions,2,Status,outstanding"));
    th_free(&r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cycle");
    TCase *tc = tcase_create("calendar and questions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, calendar_and_states);
    tcase_add_test(tc, calendar_refused);
    tcase_add_test(tc, questions_asked_and_answered);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
