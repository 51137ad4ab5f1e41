/* report_questions.c - members' questions in the committee report
 * (report_questions.h). */
#include "report_questions.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "question.h"
#include "store_calendar.h"
#include "store_question.h"

/* The date the previous quarter's pack went to committee: its calendar's
 * last meeting; "" when it has none. */
static sc_rc last_pack(sc_db *db, sc_period q, char out[SC_DATE_LEN])
{
    sc_calendar cal;
    out[0] = '\0';
    sc_rc rc = sc_store_calendar_get(db, sc_period_previous(q), &cal);
    if (rc == SC_ENOTFOUND)
        return SC_OK;
    if (rc != SC_OK)
        return rc;
    if (cal.count)
        memcpy(out, cal.meetings[cal.count - 1].date, SC_DATE_LEN);
    sc_calendar_clear(&cal);
    return SC_OK;
}

static void question_row(sc_report_doc *d, sc_report_block *t, const sc_question *qu)
{
    char qs[SC_PERIOD_ID_LEN];
    const char *about = qu->indicator ? qu->indicator : qu->line ? qu->line : "";
    char *cells[SC_REPORT_DOC_MAX_COLS] = {
        sc_report_doc_fmt("%" PRId64, qu->id),
        strdup(sc_period_format(qu->quarter, qs)),
        sc_report_doc_folded(qu->asked_by),
        strdup(about),
        sc_report_doc_folded(qu->text),
        strdup(qu->due_by),
        strdup(qu->answer ? "answered" : "outstanding"),
        qu->answer ? sc_report_doc_folded(qu->answer) : strdup(""),
    };
    sc_report_doc_row(d, t, cells);
}

sc_rc sc_report_questions_section(sc_report_doc *d, sc_db *db, sc_period q)
{
    char since[SC_DATE_LEN];
    sc_questions qs;
    sc_rc rc = last_pack(db, q, since);
    if (rc == SC_OK)
        rc = sc_store_questions_report(db, q, since[0] ? since : NULL, &qs);
    if (rc != SC_OK || !qs.count) {
        if (rc == SC_OK)
            sc_questions_clear(&qs);
        return rc;
    }
    size_t outstanding = 0;
    for (size_t i = 0; i < qs.count; i++)
        outstanding += !qs.items[i].answer;
    sc_report_doc_heading(d, 2, strdup("Members' questions"));
    sc_report_doc_para(d, "questions",
                       sc_report_doc_fmt("%zu %s outstanding; %zu answered since %s.", outstanding,
                                         outstanding == 1 ? "question is" : "questions are",
                                         qs.count - outstanding,
                                         since[0] ? "the last pack" : "they were asked"));
    if (since[0])
        sc_report_doc_para(d, NULL,
                           sc_report_doc_fmt("The last pack went to committee on %s.", since));
    static const char *const cols[] = {"i:Id",       "t:Quarter", "t:Asked by", "t:Concerns",
                                       "t:Question", "t:Due by",  "t:Status",   "t:Answer"};
    sc_report_block *t = sc_report_doc_table(d, "questions", 8, cols);
    for (size_t i = 0; i < qs.count; i++)
        question_row(d, t, &qs.items[i]);
    sc_questions_clear(&qs);
    return SC_OK;
}
