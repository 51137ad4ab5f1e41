/* h_finance.c - a quarter's finance statement (docs/API.md §16). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "finance.h"
#include "handlers.h"
#include "store_finance.h"

/* threshold: a number >= 0; absent means the units' default. */
static bool read_threshold(sc_req *req, sc_units units, double *out)
{
    const char *v = sc_req_query(req, "threshold");
    if (!v) {
        *out = sc_finance_default_threshold(units);
        return true;
    }
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(d) || d < 0 || d > 1e12) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "threshold must be a number of zero or more, in the statement's "
                         "units (got \"%.40s\")",
                         v);
        return false;
    }
    *out = d;
    return true;
}

static void reply_statement(sc_req *req, sc_period q, bool written, bool created)
{
    sc_finance f;
    sc_rc rc = sc_store_finance_get(req->db, q, &f);
    char qs[SC_PERIOD_ID_LEN];
    sc_period_format(q, qs);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "no finance statement has been pushed for %s", qs);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    double threshold;
    if (read_threshold(req, f.units, &threshold)) {
        json_t *body = sc_finance_to_json(&f, q, threshold);
        if (written) {
            char loc[96];
            snprintf(loc, sizeof loc, "/api/v1/quarters/%s/finance", qs);
            sc_reply_written(req, created, body, loc);
        } else {
            sc_reply_json(req, 200, body);
        }
    }
    sc_finance_clear(&f);
}

void sc_h_finance_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_FINANCE))
        return;
    reply_statement(req, q, false, false);
}

void sc_h_finance_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_finance f;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_finance_from_json(req->body, "", &f, &errs);
    double threshold;
    if (rc == SC_OK && !read_threshold(req, f.units, &threshold)) {
        sc_finance_clear(&f);
        sc_errors_clear(&errs);
        return;
    }
    if (rc == SC_OK) {
        if ((rc = sc_db_begin_write(req->db)) == SC_OK &&
            (rc = sc_store_finance_put(req->db, q, &f, req->key_name, &what)) == SC_OK)
            rc = sc_db_commit(req->db);
        sc_finance_clear(&f);
    }
    if (rc == SC_OK)
        reply_statement(req, q, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}
