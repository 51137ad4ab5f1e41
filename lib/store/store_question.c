/* store_question.c - members' questions and their answers
 * (store_question.h). */
#include "store_question.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "figure.h"
#include "revision.h"

#define QUESTION_COLS                                                                              \
    "id, quarter, text, asked_by, indicator_code, line_code, due_by, asked_at, answer,"            \
    " answered_by, answered_at, answer_revision"

static sc_rc read_row(sc_stmt *st, sc_question *out)
{
    memset(out, 0, sizeof *out);
    out->id = sc_stmt_int64(st, 0);
    out->quarter = sc_stmt_int(st, 1);
    out->text = sc_stmt_strdup(st, 2);
    out->asked_by = sc_stmt_strdup(st, 3);
    out->indicator = sc_stmt_strdup(st, 4);
    out->line = sc_stmt_strdup(st, 5);
    const char *due = sc_stmt_text(st, 6);
    strncpy(out->due_by, due ? due : "", SC_DATE_LEN - 1);
    out->asked_at = sc_stmt_strdup(st, 7);
    out->answer = sc_stmt_strdup(st, 8);
    out->answered_by = sc_stmt_strdup(st, 9);
    out->answered_at = sc_stmt_strdup(st, 10);
    out->answer_revision = sc_stmt_null(st, 11) ? 0 : sc_stmt_int64(st, 11);
    if (!out->text || !out->asked_by) {
        sc_question_clear(out);
        return SC_ENOMEM;
    }
    return SC_OK;
}

/* Appends every row st yields to out. */
static sc_rc read_rows(sc_stmt *st, sc_questions *out)
{
    size_t cap = 0;
    int rc;
    sc_rc r = SC_OK;
    while (r == SC_OK && (rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            sc_question *n = realloc(out->items, ncap * sizeof *n);
            if (!n) {
                r = SC_ENOMEM;
                break;
            }
            out->items = n;
            cap = ncap;
        }
        if ((r = read_row(st, &out->items[out->count])) == SC_OK)
            out->count++;
    }
    sc_stmt_reset(st);
    if (r == SC_OK && rc != SC_STEP_DONE)
        r = SC_EDB;
    if (r != SC_OK)
        sc_questions_clear(out);
    return r;
}

static const char sql_question[] = "SELECT " QUESTION_COLS " FROM questions"
                                   " WHERE quarter = ?1 AND id = ?2";

sc_rc sc_store_question_get(sc_db *db, sc_period q, int64_t id, sc_question *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_question);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_int64(st, 2, id);
    int rc = sc_stmt_step(st);
    sc_rc r = rc == SC_STEP_ROW ? read_row(st, out) : rc == SC_STEP_DONE ? SC_ENOTFOUND : SC_EDB;
    sc_stmt_reset(st);
    return r;
}

static const char sql_questions[] = "SELECT " QUESTION_COLS " FROM questions WHERE quarter = ?1"
                                    " ORDER BY id";

sc_rc sc_store_questions(sc_db *db, sc_period q, sc_questions *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_questions);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    return read_rows(st, out);
}

static const char sql_report[] =
    "SELECT " QUESTION_COLS " FROM questions WHERE quarter <= ?1"
    " AND (answer IS NULL OR ?2 IS NULL OR answered_at >= ?2) ORDER BY quarter, id";

sc_rc sc_store_questions_report(sc_db *db, sc_period q, const char *since, sc_questions *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_report);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, since);
    return read_rows(st, out);
}

/* ---- writes ---- */

static const char sql_exists_indicator[] = "SELECT 1 FROM indicators WHERE code = ?1";
static const char sql_exists_line[] = "SELECT 1 FROM finance_lines WHERE code = ?1";
static const char sql_exists_revision[] = "SELECT 1 FROM revisions WHERE id = ?1";

/* SC_OK when sql (one text or integer parameter) finds a row, SC_ENOTFOUND
 * when not, SC_EDB. */
static sc_rc exists(sc_db *db, const char *sql, const char *text, int64_t id)
{
    sc_stmt *st = sc_db_stmt(db, sql);
    if (!st)
        return SC_EDB;
    if (text)
        sc_stmt_bind_text(st, 1, text);
    else
        sc_stmt_bind_int64(st, 1, id);
    int rc = sc_stmt_step(st);
    sc_stmt_reset(st);
    return rc == SC_STEP_ROW ? SC_OK : rc == SC_STEP_DONE ? SC_ENOTFOUND : SC_EDB;
}

/* Questions stay open to answers after sign-off: the trust answers at a
 * later meeting, often once the quarter is locked. */
static sc_rc question_lock_check(sc_db *db, const sc_figure_change *c)
{
    (void)db;
    (void)c;
    return SC_OK;
}

static sc_rc question_compare(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    const sc_question *nq = c->figure;
    if (!nq->id) {
        *what = SC_WRITE_CREATED;
        return SC_OK;
    }
    sc_question old;
    sc_rc rc = sc_store_question_get(db, c->q, nq->id, &old);
    if (rc != SC_OK)
        return rc;
    bool same = old.answer && strcmp(old.answer, nq->answer) == 0 &&
                old.answer_revision == nq->answer_revision;
    *what = same ? SC_WRITE_UNCHANGED : SC_WRITE_UPDATED;
    sc_question_clear(&old);
    return SC_OK;
}

static const char sql_question_add[] =
    "INSERT INTO questions (id, quarter, text, asked_by, indicator_code, line_code, due_by,"
    " asked_at, recorded_by) VALUES (CAST(?2 AS INTEGER), ?1, ?3, ?4, ?5, ?6, ?7,"
    " strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?8)";
static const char sql_answer[] =
    "UPDATE questions SET answer = ?3, answer_revision = ?4, answered_by = ?5,"
    " answered_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
    " WHERE quarter = ?1 AND id = CAST(?2 AS INTEGER)";

static sc_rc question_write(sc_db *db, const sc_figure_change *c)
{
    const sc_question *nq = c->figure;
    sc_stmt *st = sc_db_stmt(db, nq->id ? sql_answer : sql_question_add);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, c->q);
    sc_stmt_bind_text(st, 2, c->code);
    if (nq->id) {
        sc_stmt_bind_text(st, 3, nq->answer);
        if (nq->answer_revision)
            sc_stmt_bind_int64(st, 4, nq->answer_revision);
        sc_stmt_bind_text(st, 5, c->by);
    } else {
        sc_stmt_bind_text(st, 3, nq->text);
        sc_stmt_bind_text(st, 4, nq->asked_by);
        sc_stmt_bind_text(st, 5, nq->indicator);
        sc_stmt_bind_text(st, 6, nq->line);
        sc_stmt_bind_text(st, 7, nq->due_by);
        sc_stmt_bind_text(st, 8, c->by);
    }
    return sc_stmt_run(st);
}

static sc_rc write_question(sc_db *db, sc_period q, const sc_question *nq, int64_t id,
                            const char *by, sc_write *what)
{
    char code[24];
    snprintf(code, sizeof code, "%" PRId64, id);
    sc_figure_change c = {.kind = SC_REV_QUESTION,
                          .q = q,
                          .code = code,
                          .by = by,
                          .figure = nq,
                          .lock_check = question_lock_check,
                          .compare = question_compare,
                          .write = question_write};
    return sc_figure_write(db, &c, what);
}

static const char sql_next_id[] = "SELECT coalesce(max(id), 0) + 1 FROM questions";

sc_rc sc_store_question_add(sc_db *db, sc_period q, sc_question *asked, const char *by,
                            sc_errors *errs)
{
    sc_rc rc = SC_OK;
    if (asked->indicator &&
        (rc = exists(db, sql_exists_indicator, asked->indicator, 0)) == SC_ENOTFOUND)
        sc_errors_add(errs, "/indicator", "no indicator \"%.64s\"", asked->indicator);
    if (rc == SC_OK && asked->line &&
        (rc = exists(db, sql_exists_line, asked->line, 0)) == SC_ENOTFOUND)
        sc_errors_add(errs, "/line", "no finance line \"%.64s\" in any statement", asked->line);
    if (rc == SC_ENOTFOUND)
        return SC_EINVALID;
    if (rc != SC_OK)
        return rc;
    sc_stmt *st = sc_db_stmt(db, sql_next_id);
    if (!st)
        return SC_EDB;
    int step = sc_stmt_step(st);
    int64_t id = step == SC_STEP_ROW ? sc_stmt_int64(st, 0) : 0;
    sc_stmt_reset(st);
    if (step != SC_STEP_ROW)
        return SC_EDB;
    asked->id = 0; /* compare: a new question */
    sc_write what;
    rc = write_question(db, q, asked, id, by, &what);
    if (rc == SC_OK)
        asked->id = id;
    return rc;
}

sc_rc sc_store_question_answer(sc_db *db, sc_period q, int64_t id, const sc_question *answer,
                               const char *by, sc_write *what, sc_errors *errs)
{
    sc_rc rc = SC_OK;
    if (answer->answer_revision &&
        (rc = exists(db, sql_exists_revision, NULL, answer->answer_revision)) == SC_ENOTFOUND) {
        sc_errors_add(errs, "/revision", "no revision %" PRId64, answer->answer_revision);
        return SC_EINVALID;
    }
    if (rc != SC_OK)
        return rc;
    sc_question nq = *answer;
    nq.id = id;
    return write_question(db, q, &nq, id, by, what);
}
