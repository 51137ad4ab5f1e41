/* h_risk_shares.c - the contract's risk share per financial year
 * (docs/API.md §16): read by anyone with a key, set by an admin. */
#include <stdio.h>
#include <stdlib.h>

#include "handlers.h"
#include "population.h"
#include "risk_share.h"
#include "store_risk_share.h"

void sc_h_risk_shares_list(sc_req *req)
{
    if (!sc_req_begin_read(req, SC_AS_OF_FINANCE))
        return;
    sc_risk_share *all;
    size_t n;
    sc_rc rc = sc_store_risk_share_list(req->db, &all, &n);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, sc_risk_share_to_json(&all[i]));
    free(all);
    sc_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void sc_h_risk_share_get(sc_req *req)
{
    sc_period year;
    if (!sc_req_year(req, 0, &year) || !sc_req_begin_read(req, SC_AS_OF_FINANCE))
        return;
    sc_risk_share rs;
    sc_rc rc = sc_store_risk_share_get(req->db, year, &rs);
    if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no risk share is set for %s",
                         req->params[0]);
    else if (rc != SC_OK)
        sc_reply_rc(req, rc, NULL, NULL);
    else
        sc_reply_json(req, 200, sc_risk_share_to_json(&rs));
}

void sc_h_risk_share_put(sc_req *req)
{
    sc_period year;
    if (!sc_req_year(req, 0, &year))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_risk_share rs = {.year = year};
    sc_rc rc = sc_risk_share_from_json(req->body, "", &rs, &errs);
    sc_write what = SC_WRITE_UNCHANGED;
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_risk_share_put(req->db, &rs, req->key_name, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK) {
        char loc[64], y[SC_POPULATION_YEAR_LEN];
        snprintf(loc, sizeof loc, "/api/v1/risk-shares/%s", sc_population_year_format(year, y));
        sc_reply_written(req, what == SC_WRITE_CREATED, sc_risk_share_to_json(&rs), loc);
    } else {
        sc_reply_rc(req, rc, &errs, NULL);
    }
    sc_errors_clear(&errs);
}
