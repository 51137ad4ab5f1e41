/* question.c - members' questions and the trust's answers (question.h). */
#include "question.h"

#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "utc.h"

static char *copy_text(const char *s, bool *oom)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *oom = true;
    return d;
}

sc_rc sc_question_from_json(const json_t *doc, sc_question *out, sc_errors *errs)
{
    static const char *const members[] = {"text", "asked_by", "indicator", "line", "due_by", NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    const char *text = NULL, *by = NULL, *ind = NULL, *line = NULL, *due = NULL;
    sc_jv_string(doc, "", "text", true, 1, SC_QUESTION_TEXT_MAX, false, &text, errs);
    sc_jv_string(doc, "", "asked_by", true, 1, SC_QUESTION_ASKED_BY_MAX, true, &by, errs);
    if (sc_jv_string(doc, "", "indicator", false, 1, 64, true, &ind, errs) == SC_JV_OK &&
        !sc_jv_code_valid(ind))
        sc_errors_add(errs, "/indicator", "indicator must be a code: " SC_CODE_RULE);
    if (sc_jv_string(doc, "", "line", false, 1, 64, true, &line, errs) == SC_JV_OK &&
        !sc_jv_code_valid(line))
        sc_errors_add(errs, "/line", "line must be a finance line code: " SC_CODE_RULE);
    if (ind && line)
        sc_errors_add(errs, "/line",
                      "a question concerns an indicator or a finance line, not both");
    if (sc_jv_string(doc, "", "due_by", true, 10, 10, true, &due, errs) == SC_JV_OK &&
        !sc_utc_date_valid(due))
        sc_errors_add(errs, "/due_by", "due_by must be a date written YYYY-MM-DD");
    if (errs->count > before)
        return SC_EINVALID;
    bool oom = false;
    out->text = copy_text(text, &oom);
    out->asked_by = copy_text(by, &oom);
    out->indicator = copy_text(ind, &oom);
    out->line = copy_text(line, &oom);
    memcpy(out->due_by, due, SC_DATE_LEN);
    if (oom) {
        sc_question_clear(out);
        return SC_ENOMEM;
    }
    return SC_OK;
}

sc_rc sc_question_answer_from_json(const json_t *doc, sc_question *out, sc_errors *errs)
{
    static const char *const members[] = {"text", "revision", NULL};
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    const char *text = NULL;
    int64_t rev = 0;
    sc_jv_string(doc, "", "text", true, 1, SC_ANSWER_TEXT_MAX, false, &text, errs);
    sc_jv_int(doc, "", "revision", false, 1, INT64_MAX, &rev, errs);
    if (errs->count > before)
        return SC_EINVALID;
    free(out->answer);
    if (!(out->answer = strdup(text)))
        return SC_ENOMEM;
    out->answer_revision = rev;
    return SC_OK;
}

json_t *sc_question_to_json(const sc_question *q)
{
    json_t *answer = json_null();
    if (q->answer)
        answer = json_pack("{s:s, s:o, s:o, s:o}", "text", q->answer, "by",
                           sc_jv_new_string_or_null(q->answered_by), "at",
                           sc_jv_new_string_or_null(q->answered_at), "revision",
                           q->answer_revision ? json_integer(q->answer_revision) : json_null());
    return json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:o}", "id", (json_int_t)q->id,
                     "quarter", sc_jv_new_period(q->quarter), "text", q->text, "asked_by",
                     q->asked_by, "indicator", sc_jv_new_string_or_null(q->indicator), "line",
                     sc_jv_new_string_or_null(q->line), "due_by", q->due_by, "asked_at",
                     sc_jv_new_string_or_null(q->asked_at), "status",
                     q->answer ? "answered" : "outstanding", "answer", answer);
}

void sc_question_clear(sc_question *q)
{
    if (!q)
        return;
    free(q->text);
    free(q->asked_by);
    free(q->indicator);
    free(q->line);
    free(q->asked_at);
    free(q->answer);
    free(q->answered_by);
    free(q->answered_at);
    memset(q, 0, sizeof *q);
}

void sc_questions_clear(sc_questions *qs)
{
    if (!qs)
        return;
    for (size_t i = 0; i < qs->count; i++)
        sc_question_clear(&qs->items[i]);
    free(qs->items);
    memset(qs, 0, sizeof *qs);
}
