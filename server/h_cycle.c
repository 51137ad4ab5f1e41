/* h_cycle.c - the scrutiny cycle (docs/API.md §19a, §19b): a quarter's
 * calendar, and members' questions with the trust's answers. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "events.h"
#include "handlers.h"
#include "jv.h"
#include "question.h"
#include "store_calendar.h"
#include "store_question.h"

/* ---- the calendar ---- */

static json_t *calendar_body(sc_period q, const sc_calendar *cal)
{
    json_t *body = sc_calendar_to_json(cal);
    json_object_set_new(body, "quarter", sc_jv_new_period(q));
    return body;
}

void sc_h_calendar_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_calendar cal;
    sc_rc rc = sc_store_calendar_get(req->db, q, &cal);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, "no calendar has been set for this quarter");
        return;
    }
    sc_reply_json(req, 200, calendar_body(q, &cal));
    sc_calendar_clear(&cal);
}

void sc_h_calendar_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_calendar cal;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_calendar_from_json(req->body, &cal, &errs);
    if (rc == SC_OK) {
        rc = sc_db_begin_write(req->db);
        if (rc == SC_OK)
            rc = sc_store_calendar_put(req->db, q, &cal, req->key_name, &what);
        if (rc == SC_OK)
            rc = sc_db_commit(req->db);
    }
    if (rc == SC_OK) {
        char loc[80], qs[SC_PERIOD_ID_LEN];
        snprintf(loc, sizeof loc, "/api/v1/quarters/%s/calendar", sc_period_format(q, qs));
        sc_reply_written(req, what == SC_WRITE_CREATED, calendar_body(q, &cal), loc);
    } else {
        sc_reply_rc(req, rc, &errs, NULL);
    }
    if (rc != SC_EINVALID)
        sc_calendar_clear(&cal);
    sc_errors_clear(&errs);
}

/* ---- questions ---- */

/* Path parameter i as a question id; replies 404 when it is not one. */
static bool question_id(sc_req *req, int i, int64_t *id)
{
    const char *s = req->params[i];
    char *end = NULL;
    long long v = s && *s >= '1' && *s <= '9' && strlen(s) <= 18 ? strtoll(s, &end, 10) : 0;
    if (v > 0 && end && !*end) {
        *id = v;
        return true;
    }
    sc_reply_problem(req, 404, "not-found", "Not Found", "no question \"%.40s\"", s ? s : "");
    return false;
}

static void reply_question(sc_req *req, sc_period q, int64_t id, bool created)
{
    sc_question qu;
    sc_rc rc = sc_store_question_get(req->db, q, id, &qu);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, "no such question in this quarter");
        return;
    }
    char loc[120], qs[SC_PERIOD_ID_LEN];
    snprintf(loc, sizeof loc, "/api/v1/quarters/%s/questions/%" PRId64, sc_period_format(q, qs),
             id);
    sc_reply_written(req, created, sc_question_to_json(&qu), loc);
    sc_question_clear(&qu);
}

void sc_h_questions_list(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_questions qs;
    sc_rc rc = sc_store_questions(req->db, q, &qs);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    int outstanding = 0;
    for (size_t i = 0; i < qs.count; i++) {
        json_array_append_new(items, sc_question_to_json(&qs.items[i]));
        outstanding += !qs.items[i].answer;
    }
    sc_reply_json(req, 200,
                  json_pack("{s:o, s:o, s:i, s:i, s:i}", "quarter", sc_jv_new_period(q), "items",
                            items, "count", (int)qs.count, "outstanding", outstanding, "answered",
                            (int)qs.count - outstanding));
    sc_questions_clear(&qs);
}

void sc_h_question_get(sc_req *req)
{
    sc_period q;
    int64_t id;
    if (sc_req_quarter(req, 0, &q) && question_id(req, 1, &id))
        reply_question(req, q, id, false);
}

void sc_h_question_post(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_question qu;
    sc_rc rc = sc_question_from_json(req->body, &qu, &errs);
    if (rc == SC_OK) {
        rc = sc_db_begin_write(req->db);
        if (rc == SC_OK)
            rc = sc_store_question_add(req->db, q, &qu, req->key_name, &errs);
        if (rc == SC_OK)
            rc = sc_db_commit(req->db);
    }
    if (rc == SC_OK)
        reply_question(req, q, qu.id, true);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_question_clear(&qu);
    sc_errors_clear(&errs);
}

void sc_h_question_answer(sc_req *req)
{
    sc_period q;
    int64_t id;
    if (!sc_req_quarter(req, 0, &q) || !question_id(req, 1, &id))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_question ans = {0};
    sc_write what;
    sc_rc rc = sc_question_answer_from_json(req->body, &ans, &errs);
    if (rc == SC_OK) {
        rc = sc_db_begin_write(req->db);
        if (rc == SC_OK)
            rc = sc_store_question_answer(req->db, q, id, &ans, req->key_name, &what, &errs);
        ans.id = id;
        if (rc == SC_OK && what != SC_WRITE_UNCHANGED)
            rc = sc_events_answer(req->db, q, &ans);
        if (rc == SC_OK)
            rc = sc_db_commit(req->db);
    }
    if (rc == SC_OK)
        reply_question(req, q, id, false);
    else
        sc_reply_rc(req, rc, &errs, "no such question in this quarter");
    sc_question_clear(&ans);
    sc_errors_clear(&errs);
}
