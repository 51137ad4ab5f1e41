/* test_calendar.c - lib/model calendar and question: validation of the
 * calendar and question bodies (every problem with its pointer), the
 * meetings kept in date order, the state of a quarter on a given day
 * (signed off, submitted, overdue only after return_due), the next and
 * last meeting around a day, and when a finance statement is stale. */
#include <check.h>
#include <string.h>

#include "calendar.h"
#include "question.h"
#include "unit.h"

START_TEST(calendar_valid_sorted)
{
    json_t *doc = unit_json("{'return_due': '2020-10-20', 'meetings': ["
                            "{'date': '2020-12-17', 'kind': 'scrutiny', 'name': 'OSMC'},"
                            "{'date': '2020-11-05', 'kind': 'challenge'}]}");
    sc_errors errs = SC_ERRORS_INIT;
    sc_calendar c;
    ck_assert_int_eq(sc_calendar_from_json(doc, &c, &errs), SC_OK);
    ck_assert_str_eq(c.return_due, "2020-10-20");
    ck_assert_uint_eq(c.count, 2);
    ck_assert_str_eq(c.meetings[0].date, "2020-11-05");
    ck_assert_int_eq(c.meetings[0].kind, SC_MEETING_CHALLENGE);
    ck_assert_ptr_null(c.meetings[0].name);
    ck_assert_str_eq(c.meetings[1].name, "OSMC");
    ck_assert_str_eq(sc_calendar_next_meeting(&c, "2020-11-05")->date, "2020-11-05");
    ck_assert_str_eq(sc_calendar_next_meeting(&c, "2020-11-06")->date, "2020-12-17");
    ck_assert_ptr_null(sc_calendar_next_meeting(&c, "2020-12-18"));
    ck_assert_ptr_null(sc_calendar_last_meeting(&c, "2020-11-05"));
    ck_assert_str_eq(sc_calendar_last_meeting(&c, "2020-12-18")->date, "2020-12-17");
    sc_calendar d;
    ck_assert_int_eq(sc_calendar_from_json(doc, &d, &errs), SC_OK);
    ck_assert(sc_calendar_equal(&c, &d));
    d.meetings[1].kind = SC_MEETING_FINANCE_REVIEW;
    ck_assert(!sc_calendar_equal(&c, &d));
    json_t *back = sc_calendar_to_json(&c);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(back, "meetings"), 1), "kind")),
                     "scrutiny");
    json_decref(back);
    sc_calendar_clear(&c);
    sc_calendar_clear(&d);
    json_decref(doc);
}
END_TEST

START_TEST(calendar_every_problem)
{
    json_t *doc = unit_json("{'return_due': '2020-02-30', 'x': 1, 'meetings': ["
                            "{'date': '2020-11-05', 'kind': 'lunch'},"
                            "{'kind': 'challenge', 'name': ''}]}");
    sc_errors errs = SC_ERRORS_INIT;
    sc_calendar c;
    ck_assert_int_eq(sc_calendar_from_json(doc, &c, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/x");
    UNIT_ASSERT_ONE_AT(&errs, "/return_due");
    UNIT_ASSERT_ONE_AT(&errs, "/meetings/0/kind");
    UNIT_ASSERT_ONE_AT(&errs, "/meetings/1/date");
    UNIT_ASSERT_ONE_AT(&errs, "/meetings/1/name");
    ck_assert_uint_eq(errs.count, 5);
    ck_assert_ptr_null(c.meetings);
    sc_errors_clear(&errs);
    json_decref(doc);

    doc = unit_json("{'return_due': '2020-10-20'}");
    ck_assert_int_eq(sc_calendar_from_json(doc, &c, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/meetings");
    sc_errors_clear(&errs);
    json_decref(doc);
}
END_TEST

START_TEST(cycle_states)
{
    sc_calendar c = {.return_due = "2020-10-20"};
    ck_assert_int_eq(sc_cycle_state_on(&c, true, 5, "2021-01-01"), SC_CYCLE_SIGNED_OFF);
    ck_assert_int_eq(sc_cycle_state_on(&c, false, 0, "2021-01-01"), SC_CYCLE_SUBMITTED);
    ck_assert_int_eq(sc_cycle_state_on(&c, false, 3, "2020-10-20"), SC_CYCLE_AWAITING_RETURN);
    ck_assert_int_eq(sc_cycle_state_on(&c, false, 3, "2020-10-21"), SC_CYCLE_OVERDUE);
    ck_assert_int_eq(sc_cycle_state_on(NULL, false, 3, "2099-01-01"), SC_CYCLE_AWAITING_RETURN);
    ck_assert_str_eq(sc_cycle_state_keys[SC_CYCLE_OVERDUE], "overdue");
}
END_TEST

START_TEST(finance_staleness)
{
    /* a meeting reads last month's statement or a later one */
    ck_assert(!sc_calendar_finance_stale("2020-10", "2020-11-05"));
    ck_assert(!sc_calendar_finance_stale("2020-11", "2020-11-05"));
    ck_assert(sc_calendar_finance_stale("2020-09", "2020-11-05"));
    ck_assert(!sc_calendar_finance_stale("2019-12", "2020-01-15"));
    ck_assert(sc_calendar_finance_stale("2019-11", "2020-01-15"));
    ck_assert(!sc_calendar_finance_stale(NULL, "2020-01-15"));
}
END_TEST

START_TEST(question_valid_and_problems)
{
    json_t *doc = unit_json("{'text': 'Why have re-referrals risen?', 'asked_by': 'Cllr Smith',"
                            " 'indicator': 'CFA-REREFERRALS', 'due_by': '2020-11-05'}");
    sc_errors errs = SC_ERRORS_INIT;
    sc_question q;
    ck_assert_int_eq(sc_question_from_json(doc, &q, &errs), SC_OK);
    ck_assert_str_eq(q.indicator, "CFA-REREFERRALS");
    ck_assert_ptr_null(q.line);
    ck_assert_str_eq(q.due_by, "2020-11-05");
    json_decref(doc);
    doc = unit_json("{'text': 'Answered.', 'revision': 0}");
    ck_assert_int_eq(sc_question_answer_from_json(doc, &q, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/revision");
    sc_errors_clear(&errs);
    json_decref(doc);
    doc = unit_json("{'text': 'Answered.', 'revision': 7}");
    ck_assert_int_eq(sc_question_answer_from_json(doc, &q, &errs), SC_OK);
    ck_assert_str_eq(q.answer, "Answered.");
    ck_assert_int_eq(q.answer_revision, 7);
    json_t *j = sc_question_to_json(&q);
    ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "answered");
    json_decref(j);
    json_decref(doc);
    sc_question_clear(&q);

    doc = unit_json("{'text': '', 'asked_by': 'a\\nb', 'indicator': 'bad code', 'line': 'L1',"
                    " 'due_by': '5 Nov'}");
    ck_assert_int_eq(sc_question_from_json(doc, &q, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/text");
    UNIT_ASSERT_ONE_AT(&errs, "/asked_by");
    UNIT_ASSERT_ONE_AT(&errs, "/indicator");
    UNIT_ASSERT_ONE_AT(&errs, "/line");
    UNIT_ASSERT_ONE_AT(&errs, "/due_by");
    sc_errors_clear(&errs);
    json_decref(doc);
}
END_TEST

static Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, calendar_valid_sorted);
    tcase_add_test(tc, calendar_every_problem);
    tcase_add_test(tc, cycle_states);
    tcase_add_test(tc, finance_staleness);
    tcase_add_test(tc, question_valid_and_problems);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(calendar_suite());
}
