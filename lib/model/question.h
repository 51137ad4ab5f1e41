/* question.h - members' questions (docs/API.md §19b): a question a council
 * officer records for a quarter, optionally about one indicator or one
 * finance line, due to be answered by a meeting date, and the trust's
 * answer, which may point at the revision that corrected a figure
 * (paper 003: what members ask about). */
#ifndef SC_QUESTION_H
#define SC_QUESTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "errors.h"
#include "period.h"

#define SC_QUESTION_TEXT_MAX 4000
#define SC_QUESTION_ASKED_BY_MAX 200
#define SC_ANSWER_TEXT_MAX 20000

/* Strings owned; clear with sc_question_clear(). */
typedef struct {
    int64_t id;
    sc_period quarter;
    char *text;
    char *asked_by;
    char *indicator; /* indicator code, or NULL */
    char *line;      /* finance line code, or NULL */
    char due_by[SC_DATE_LEN];
    char *asked_at; /* when it was recorded (UTC) */
    char *answer;   /* NULL while outstanding */
    char *answered_by;
    char *answered_at;
    int64_t answer_revision; /* the revision that corrected a figure; 0 for none */
} sc_question;

/* Validates the POST body { text, asked_by, indicator?, line?, due_by }
 * into out (text, asked_by, indicator, line, due_by). SC_EINVALID with
 * every problem in errs, SC_ENOMEM. */
sc_rc sc_question_from_json(const json_t *doc, sc_question *out, sc_errors *errs);

/* Validates the answer PUT body { text, revision? } into out->answer and
 * out->answer_revision. SC_EINVALID with errs filled, SC_ENOMEM. */
sc_rc sc_question_answer_from_json(const json_t *doc, sc_question *out, sc_errors *errs);

/* The question as the API shows it: id, quarter, text, asked_by,
 * indicator, line, due_by, asked_at, status ("outstanding" | "answered"),
 * answer { text, by, at, revision } or null; new reference. */
json_t *sc_question_to_json(const sc_question *q);

void sc_question_clear(sc_question *q);

/* An array of questions; free with sc_questions_free(). */
typedef struct {
    sc_question *items;
    size_t count;
} sc_questions;

void sc_questions_clear(sc_questions *qs);

#endif
