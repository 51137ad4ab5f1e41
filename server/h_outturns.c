/* h_outturns.c - a KPI's outturns per financial year (docs/API.md §12,
 * "Outturns"): GET /api/v1/indicators/{code}/outturns and GET and PUT
 * /api/v1/indicators/{code}/outturns/{year}. */
#include <stdio.h>

#include "handlers.h"
#include "outturn.h"
#include "outturns.h"
#include "store_outturn.h"

static bool read_year(sc_req *req, sc_period *q4)
{
    char hint[200];
    if (sc_outturn_year_parse(req->params[1], q4, hint, sizeof hint))
        return true;
    sc_reply_problem(req, 400, "bad-year", "Bad financial year", "\"%.40s\" is %s", req->params[1],
                     hint);
    return false;
}

static void reply_outturns(sc_req *req, const char *code, sc_period q4, bool written, bool created)
{
    json_t *items = NULL;
    sc_rc rc = sc_outturns_json(req->db, code, q4, &items);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no outturn of %s for %s", code,
                         req->params[1]);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    if (q4 == SC_PERIOD_NONE) {
        sc_reply_json(req, 200, json_pack("{s:s, s:o}", "indicator", code, "items", items));
        return;
    }
    json_t *one = json_incref(json_array_get(items, 0));
    json_decref(items);
    char loc[200];
    snprintf(loc, sizeof loc, "/api/v1/indicators/%s/outturns/%s", code, req->params[1]);
    if (written)
        sc_reply_written(req, created, one, loc);
    else
        sc_reply_json(req, 200, one);
}

/* Opens the read (with as_of) and loads the indicator. */
static bool outturn_read(sc_req *req, sc_indicator *ind)
{
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return false;
    }
    return sc_req_as_of(req, SC_AS_OF_KPI) && sc_h_load_indicator(req, req->params[0], ind);
}

void sc_h_outturns_list(sc_req *req)
{
    sc_indicator ind;
    if (!outturn_read(req, &ind))
        return;
    reply_outturns(req, ind.code, SC_PERIOD_NONE, false, false);
    sc_indicator_clear(&ind);
}

void sc_h_outturn_get(sc_req *req)
{
    sc_period q4;
    sc_indicator ind;
    if (!read_year(req, &q4) || !outturn_read(req, &ind))
        return;
    reply_outturns(req, ind.code, q4, false, false);
    sc_indicator_clear(&ind);
}

void sc_h_outturn_put(sc_req *req)
{
    sc_period q4;
    sc_indicator ind;
    if (!read_year(req, &q4))
        return;
    if (sc_db_begin_write(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_h_load_indicator(req, req->params[0], &ind))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_result res = {0};
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = SC_EINVALID;
    if (!sc_indicator_active(&ind, q4)) {
        char qs[SC_PERIOD_ID_LEN];
        sc_errors_add(&errs, "", "indicator %s does not count in %s, the last quarter of %s",
                      ind.code, sc_period_format(q4, qs), req->params[1]);
    } else {
        rc = sc_outturn_from_json(req->body, &ind, "", NULL, &res, &errs);
    }
    if (rc == SC_OK)
        rc = sc_store_outturn_put(req->db, q4, ind.code, &res, req->key_name, &what);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_outturns(req, ind.code, q4, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_result_clear(&res);
    sc_errors_clear(&errs);
    sc_indicator_clear(&ind);
}
