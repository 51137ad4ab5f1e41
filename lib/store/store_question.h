/* store_question.h - members' questions in the store (question.h). Asking
 * and answering go through the one write path, so every edit is a
 * revision (kind "question", code the question's id). */
#ifndef SC_STORE_QUESTION_H
#define SC_STORE_QUESTION_H

#include "errors.h"
#include "period.h"
#include "question.h"
#include "store.h"

/* Records the question asked (from sc_question_from_json) for quarter q
 * inside the caller's write transaction; sets asked->id. SC_EINVALID with
 * errs filled when its indicator or line is unknown, SC_EDB, SC_ENOMEM. */
sc_rc sc_store_question_add(sc_db *db, sc_period q, sc_question *asked, const char *by,
                            sc_errors *errs);

/* Stores answer->answer and answer->answer_revision as the answer to
 * question id of q, by `by`; *what is updated or unchanged. SC_ENOTFOUND
 * for no such question, SC_EINVALID with errs filled when the revision does
 * not exist, SC_EDB, SC_ENOMEM. */
sc_rc sc_store_question_answer(sc_db *db, sc_period q, int64_t id, const sc_question *answer,
                               const char *by, sc_write *what, sc_errors *errs);

/* Question id of q (clear with sc_question_clear()); SC_ENOTFOUND, SC_EDB. */
sc_rc sc_store_question_get(sc_db *db, sc_period q, int64_t id, sc_question *out);

/* The questions of q, by id (clear with sc_questions_clear()). SC_EDB,
 * SC_ENOMEM. */
sc_rc sc_store_questions(sc_db *db, sc_period q, sc_questions *out);

/* The questions of quarters up to q that are outstanding, or were
 * answered at or after since (an RFC 3339 instant or a date; NULL: every
 * answer), by quarter then id, for the report. SC_EDB, SC_ENOMEM. */
sc_rc sc_store_questions_report(sc_db *db, sc_period q, const char *since, sc_questions *out);

#endif
