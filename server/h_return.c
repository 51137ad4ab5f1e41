/* h_return.c - the trust's quarterly return (docs/API.md §17): one document,
 * validated whole, applied in one transaction; ?dry_run=true answers
 * exactly as a real push would and stores nothing. */
#include <string.h>

#include "handlers.h"
#include "jv.h"
#include "return.h"
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

static json_t *answer(sc_period q, bool dry_run, const sc_return_outcome *o, json_t *summary)
{
    const sc_counts *c[] = {&o->indicators, &o->demand, &o->finance};
    int created = 0, updated = 0, unchanged = 0;
    for (int i = 0; i < 3; i++) {
        created += c[i]->created;
        updated += c[i]->updated;
        unchanged += c[i]->unchanged;
    }
    return json_pack("{s:o, s:b, s:b, s:i, s:i, s:i, s:o, s:o}", "quarter", sc_jv_new_period(q),
                     "dry_run", dry_run, "stored", !dry_run, "created", created, "updated", updated,
                     "unchanged", unchanged, "counts", sc_return_outcome_to_json(o), "summary",
                     summary);
}

void sc_h_return_put(sc_req *req)
{
    sc_period q;
    bool dry_run;
    if (!sc_req_quarter(req, 0, &q) || !read_dry_run(req, &dry_run))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    json_t *summary = NULL;
    /* a dry run goes through the same transaction and is rolled back, so
     * its counts and summary are exactly what the push would give */
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK)
        rc = sc_return_apply(req->db, q, req->body, req->key_name, &out, &errs);
    if (rc == SC_OK)
        rc = sc_summary_json(req->db, q, 1, &summary);
    if (rc == SC_OK) {
        if (dry_run)
            sc_db_rollback(req->db);
        else
            rc = sc_db_commit(req->db);
    }
    if (rc == SC_OK) {
        sc_reply_json(req, 200, answer(q, dry_run, &out, summary));
    } else {
        json_decref(summary);
        sc_reply_rc(req, rc, &errs, NULL);
    }
    sc_errors_clear(&errs);
}
