/* h_finance.c - a quarter's finance statement (docs/API.md §16). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "finance.h"
#include "handlers.h"
#include "store_finance.h"
#include "store_risk_share.h"

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

/* position.risk_share: the year's share of the total variance, or null
 * when no share is set for the quarter's year. */
static sc_rc add_risk_share(sc_db *db, sc_period q, const sc_finance *f, json_t *body)
{
    sc_risk_share rs;
    sc_rc rc = sc_store_risk_share_get(db, sc_period_make(sc_period_year(q), 1), &rs);
    if (rc != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    sc_finance_totals t;
    sc_finance_totals_shown(f, &t);
    json_object_set_new(json_object_get(body, "position"), "risk_share",
                        rc == SC_OK ? sc_risk_share_position_json(&rs, t.variance.net)
                                    : json_null());
    return SC_OK;
}

/* The movement since the most recent earlier statement of the year, or
 * null when this is the year's first. */
static sc_rc add_movement(sc_db *db, sc_period q, const sc_finance *f, json_t *body)
{
    sc_finance_earlier e;
    sc_rc rc = sc_store_finance_earlier(db, q, f, &e);
    if (rc == SC_ENOTFOUND) {
        json_object_set_new(body, "movement", json_null());
        return SC_OK;
    }
    if (rc != SC_OK)
        return rc;
    sc_finance_totals t;
    sc_finance_totals_shown(f, &t);
    json_object_set_new(
        body, "movement",
        sc_finance_movement_json(t.variance.net, e.month, e.quarter, e.variance_net));
    return SC_OK;
}

/* ?as_at=YYYY-MM (NULL when absent); false after a 400. */
static bool read_as_at(sc_req *req, const char **out)
{
    *out = sc_req_query(req, "as_at");
    if (!*out || sc_finance_month_valid(*out))
        return true;
    sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                     "as_at is the month of a statement, written YYYY-MM (got \"%.40s\")", *out);
    return false;
}

static void reply_statement(sc_req *req, sc_period q, const char *as_at, bool written, bool created)
{
    sc_finance f;
    sc_rc rc = sc_store_finance_get_at(req->db, q, as_at, &f);
    char qs[SC_PERIOD_ID_LEN];
    sc_period_format(q, qs);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "no finance statement has been pushed for %s%s%s", qs,
                         as_at ? " as at " : "", as_at ? as_at : "");
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    double threshold;
    if (read_threshold(req, f.units, &threshold)) {
        json_t *body = sc_finance_to_json(&f, q, threshold);
        rc = add_risk_share(req->db, q, &f, body);
        if (rc == SC_OK)
            rc = add_movement(req->db, q, &f, body);
        if (rc != SC_OK) {
            json_decref(body);
            sc_reply_rc(req, rc, NULL, NULL);
        } else if (written) {
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
    const char *as_at;
    if (!sc_req_as_of(req, SC_AS_OF_FINANCE) || !read_as_at(req, &as_at))
        return;
    reply_statement(req, q, as_at, false, false);
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
    sc_finance_check_as_at(req->body, q, "", &errs);
    if (rc == SC_OK && errs.count) {
        sc_finance_clear(&f);
        rc = SC_EINVALID;
    }
    double threshold;
    if (rc == SC_OK && !read_threshold(req, f.units, &threshold)) {
        sc_finance_clear(&f);
        sc_errors_clear(&errs);
        return;
    }
    char f_month[SC_FINANCE_MONTH_LEN] = "";
    if (rc == SC_OK) {
        sc_finance_month(&f, q, f_month);
        if ((rc = sc_db_begin_write(req->db)) == SC_OK &&
            (rc = sc_store_finance_put(req->db, q, &f, req->key_name, &what)) == SC_OK)
            rc = sc_db_commit(req->db);
        sc_finance_clear(&f);
    }
    if (rc == SC_OK)
        reply_statement(req, q, f_month, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}
