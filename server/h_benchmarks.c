/* h_benchmarks.c - benchmarks on a result (docs/API.md §19): GET and PUT
 * /api/v1/quarters/{quarter}/indicators/{code}/benchmarks. */
#include <stdio.h>

#include "benchmark.h"
#include "handlers.h"
#include "store_benchmark.h"
#include "store_kpi.h"

bool sc_h_load_indicator(sc_req *req, const char *code, sc_indicator *ind)
{
    sc_rc rc = sc_store_indicator_get(req->db, code, ind);
    if (rc == SC_OK)
        return true;
    if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"", code);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    return false;
}

static void reply_benchmarks(sc_req *req, sc_period q, const sc_indicator *ind, bool written,
                             bool created)
{
    sc_benchmark b;
    sc_rc rc = sc_store_benchmark_get(req->db, q, ind->code, &b);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no benchmarks for %s in %s",
                         ind->code, req->params[0]);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_quarter_filter f = {-1, NULL, ind->code, true};
    sc_quarter view;
    const sc_result *res = NULL;
    rc = sc_store_quarter(req->db, q, &f, &view);
    if (rc == SC_OK && view.count == 1 && view.rows[0].has_result)
        res = &view.rows[0].res;
    json_t *body = sc_benchmark_to_json(&b, ind, res);
    if (rc == SC_OK)
        sc_quarter_clear(&view);
    sc_benchmark_clear(&b);
    char qs[SC_PERIOD_ID_LEN], loc[200];
    json_object_set_new(body, "indicator", json_string(ind->code));
    json_object_set_new(body, "quarter", json_string(sc_period_format(q, qs)));
    snprintf(loc, sizeof loc, "/api/v1/quarters/%s/indicators/%s/benchmarks", qs, ind->code);
    if (written)
        sc_reply_written(req, created, body, loc);
    else
        sc_reply_json(req, 200, body);
}

void sc_h_benchmarks_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    sc_indicator ind;
    if (!sc_h_load_indicator(req, req->params[1], &ind))
        return;
    reply_benchmarks(req, q, &ind, false, false);
    sc_indicator_clear(&ind);
}

void sc_h_benchmarks_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_benchmark b;
    sc_rc rc = sc_benchmark_from_json(req->body, &b, &errs);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, &errs, NULL);
        sc_errors_clear(&errs);
        return;
    }
    sc_indicator ind;
    if (sc_db_begin_write(req->db) != SC_OK) {
        sc_benchmark_clear(&b);
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_h_load_indicator(req, req->params[1], &ind)) {
        sc_benchmark_clear(&b);
        return;
    }
    sc_write what;
    rc = sc_store_benchmark_put(req->db, q, ind.code, &b, req->key_name, &what);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_benchmarks(req, q, &ind, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    sc_benchmark_clear(&b);
    sc_indicator_clear(&ind);
}
