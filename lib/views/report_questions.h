/* report_questions.h - the committee report's members' questions: those
 * still outstanding and those answered since the last pack went to
 * committee (docs/API.md §18, §19b). */
#ifndef SC_REPORT_QUESTIONS_H
#define SC_REPORT_QUESTIONS_H

#include "errors.h"
#include "period.h"
#include "report_doc.h"
#include "store.h"

/* Appends the section for quarter q to d when there is a question to list:
 * a heading, the paragraph "questions" and the table "questions" (every
 * question of q or an earlier quarter that is outstanding, or was
 * answered on or after the last meeting of the previous quarter's calendar,
 * when the previous pack went to committee; with no such calendar, every
 * answer). SC_EDB / SC_ENOMEM from the store. */
sc_rc sc_report_questions_section(sc_report_doc *d, sc_db *db, sc_period q);

#endif
