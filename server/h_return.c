/* h_return.c - the trust's quarterly return (docs/API.md §17): one document,
 * validated whole, applied in one transaction; ?dry_run=true answers
 * exactly as a real push would and stores nothing. The return may come as
 * JSON or as the long-form CSV (model/csv_return.h), whose problems point
 * at their CSV row and column as well. */
#include <string.h>

#include "csv_return.h"
#include "events.h"
#include "handlers.h"
#include "jv.h"
#include "return.h"
#include "return_template.h"
#include "return_warnings.h"
#include "summary.h"

static bool read_dry_run(sc_req *req, bool *out)
{
    const char *v = sc_req_query(req, "dry_run");
    *out = false;
    if (!v)
        return true;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return true;
    sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                     "dry_run must be true or false (got \"%.20s\")", v);
    return false;
}

static json_t *answer(sc_period q, bool dry_run, const sc_return_outcome *o, json_t *summary,
                      json_t *warnings)
{
    const sc_counts *c[] = {&o->indicators, &o->demand,     &o->finance,          &o->outturns,
                            &o->placements, &o->population, &o->demand_benchmarks};
    int created = 0, updated = 0, unchanged = 0;
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        created += c[i]->created;
        updated += c[i]->updated;
        unchanged += c[i]->unchanged;
    }
    return json_pack("{s:o, s:b, s:b, s:i, s:i, s:i, s:o, s:o, s:o}", "quarter",
                     sc_jv_new_period(q), "dry_run", dry_run, "stored", !dry_run, "created",
                     created, "updated", updated, "unchanged", unchanged, "counts",
                     sc_return_outcome_to_json(o), "summary", summary, "warnings", warnings);
}

/* Replies with the problems of a CSV return, each with its pointer and,
 * where it has one, its row and column: 400 when the body is not CSV of
 * the layout, 422 otherwise. */
static void reply_csv_problems(sc_req *req, const sc_csv_problems *p)
{
    json_t *list = json_array();
    for (size_t i = 0; i < p->count; i++) {
        const sc_csv_problem *it = &p->items[i];
        json_t *e = json_pack("{s:s, s:s}", "pointer", it->pointer, "detail", it->detail);
        if (e && it->at.row)
            json_object_set_new(e, "row", json_integer((json_int_t)it->at.row));
        if (e && it->at.row && it->at.column)
            json_object_set_new(e, "column", json_string(it->at.column));
        json_array_append_new(list, e);
    }
    if (p->malformed)
        sc_reply_problem(req, 400, "malformed-csv", "Malformed CSV",
                         "the CSV has %zu problem%s; nothing was stored", p->count,
                         p->count == 1 ? "" : "s");
    else
        sc_reply_problem(req, 422, "validation", "Unprocessable Content",
                         "the request has %zu problem%s; nothing was stored", p->count,
                         p->count == 1 ? "" : "s");
    /* the problem document sc_reply_problem made, with the list added */
    if (req->json)
        json_object_set_new(req->json, "errors", list);
    else
        json_decref(list);
}

/* The return's warnings as JSON, each at its CSV cell too when the
 * return came as CSV; new reference. */
static json_t *warnings_json(const sc_warnings *w, const sc_csv_origins *origins)
{
    json_t *arr = sc_warnings_to_json(w);
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        sc_csv_cell at =
            origins ? sc_csv_origin_of(origins, w->items[i].pointer) : (sc_csv_cell){0};
        if (at.row)
            json_object_set_new(it, "row", json_integer((json_int_t)at.row));
        if (at.row && at.column)
            json_object_set_new(it, "column", json_string(at.column));
    }
    return arr;
}

void sc_h_return_put(sc_req *req)
{
    sc_period q;
    bool dry_run;
    if (!sc_req_quarter(req, 0, &q) || !read_dry_run(req, &dry_run))
        return;
    /* a CSV return becomes the JSON document, with the cell of each value */
    json_t *csv_doc = NULL;
    sc_csv_origins *origins = NULL;
    if (req->csv_body) {
        sc_csv_problems cp = {0};
        sc_rc prc = sc_csv_return_parse(req->csv_body, req->csv_len, &csv_doc, &origins, &cp);
        if (prc == SC_EINVALID)
            reply_csv_problems(req, &cp);
        else if (prc != SC_OK)
            sc_reply_rc(req, prc, NULL, NULL);
        sc_csv_problems_clear(&cp);
        if (prc != SC_OK)
            return;
    }
    const json_t *doc = csv_doc ? csv_doc : req->body;
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    sc_warnings warns = {0};
    json_t *summary = NULL;
    /* a dry run goes through the same transaction and is rolled back, so
     * its counts and summary are exactly what the push would give; the
     * warnings are against what was stored before it */
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK)
        rc = sc_return_warnings(req->db, q, doc, &warns);
    if (rc == SC_OK)
        rc = sc_return_apply(req->db, q, doc, req->key_name, &out, &errs);
    if (rc == SC_OK && !dry_run)
        rc = sc_events_return(req->db, q, doc, &out);
    if (rc == SC_OK)
        rc = sc_summary_json(req->db, q, 1, &summary);
    if (rc == SC_OK) {
        if (dry_run)
            sc_db_rollback(req->db);
        else
            rc = sc_db_commit(req->db);
    }
    if (rc == SC_OK) {
        sc_reply_json(req, 200, answer(q, dry_run, &out, summary, warnings_json(&warns, origins)));
    } else if (rc == SC_EINVALID && origins && errs.count && !sc_errors_malformed(&errs)) {
        /* the validation's problems, each at its CSV cell */
        sc_csv_problems cp = {0};
        if (sc_csv_problems_locate(origins, &errs, &cp))
            reply_csv_problems(req, &cp);
        else
            sc_reply_rc(req, SC_ENOMEM, NULL, NULL);
        sc_csv_problems_clear(&cp);
    } else {
        json_decref(summary);
        sc_reply_rc(req, rc, &errs, NULL);
    }
    sc_errors_clear(&errs);
    sc_warnings_clear(&warns);
    json_decref(csv_doc);
    sc_csv_origins_free(origins);
}

void sc_h_return_template(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    json_t *body = NULL;
    sc_rc rc = sc_db_begin_read(req->db);
    if (rc == SC_OK)
        rc = sc_return_template_json(req->db, q, &body);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, body);
}
