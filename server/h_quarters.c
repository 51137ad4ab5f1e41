/* h_quarters.c - a quarter's results, statuses and summary (docs/API.md §6, §14). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enumkey.h"
#include "events.h"
#include "handlers.h"
#include "history.h"
#include "jv.h"
#include "quarter.h"
#include "store_kpi.h"
#include "summary.h"

static void reply_quarter_rc(sc_req *req, sc_rc rc)
{
    sc_reply_rc(req, rc, NULL, NULL);
}

void sc_h_quarter_indicators(sc_req *req)
{
    sc_period q;
    int category;
    const char *area;
    if (!sc_req_quarter(req, 0, &q) || !sc_h_filters(req, &category, &area))
        return;
    const char *status_key = sc_req_query(req, "status");
    sc_status status = SC_STATUS_COUNT;
    if (status_key && !sc_status_from_key(status_key, &status)) {
        char keys[320];
        sc_enumkey_list(sc_status_keys, SC_STATUS_COUNT, keys, sizeof keys);
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "status must be one of %s (got \"%.60s\")", keys, status_key);
        return;
    }
    if (sc_db_begin_read(req->db) != SC_OK) {
        reply_quarter_rc(req, SC_EDB);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_KPI))
        return;
    sc_quarter_filter f = {category, area, NULL, false};
    sc_quarter view;
    sc_rc rc = sc_store_quarter(req->db, q, &f, &view);
    if (rc == SC_OK && (rc = sc_history_contexts(req->db, &view)) != SC_OK)
        sc_quarter_clear(&view);
    if (rc != SC_OK) {
        reply_quarter_rc(req, rc);
        return;
    }
    json_t *items = json_array();
    int n = 0;
    for (size_t i = 0; i < view.count; i++) {
        if (status_key && view.rows[i].status != status)
            continue;
        json_array_append_new(items, sc_quarter_row_to_json(&view.rows[i], q));
        n++;
    }
    sc_quarter_clear(&view);
    sc_reply_json(
        req, 200,
        json_pack("{s:o, s:o, s:i}", "quarter", sc_jv_new_period(q), "items", items, "count", n));
}

/* Replies with the one row for (q, code), or 404 saying whether the
 * indicator is unknown or just not active in q. */
static void reply_row(sc_req *req, sc_period q, const char *code, bool created, bool written)
{
    sc_quarter_filter f = {-1, NULL, code, false};
    sc_quarter view;
    sc_rc rc = sc_store_quarter(req->db, q, &f, &view);
    if (rc == SC_OK && (rc = sc_history_contexts(req->db, &view)) != SC_OK)
        sc_quarter_clear(&view);
    if (rc != SC_OK) {
        reply_quarter_rc(req, rc);
        return;
    }
    if (view.count == 1) {
        json_t *row = sc_quarter_row_to_json(&view.rows[0], q);
        if (written) {
            char loc[200], qs[SC_PERIOD_ID_LEN];
            snprintf(loc, sizeof loc, "/api/v1/quarters/%s/indicators/%s", sc_period_format(q, qs),
                     code);
            sc_reply_written(req, created, row, loc);
        } else {
            sc_reply_json(req, 200, row);
        }
    } else {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"", code);
    }
    sc_quarter_clear(&view);
}

/* Loads the indicator for a quarter request, replying 404 when it does not
 * exist and 404 / 422 when it does not count in quarter q. */
static bool active_indicator(sc_req *req, sc_period q, const char *code, bool writing,
                             sc_indicator *ind)
{
    sc_rc rc = sc_store_indicator_get(req->db, code, ind);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"", code);
        return false;
    }
    if (rc != SC_OK) {
        reply_quarter_rc(req, rc);
        return false;
    }
    if (sc_indicator_active(ind, q))
        return true;
    char from[SC_PERIOD_ID_LEN] = "the start", to[SC_PERIOD_ID_LEN] = "now", qs[SC_PERIOD_ID_LEN];
    if (ind->active_from != SC_PERIOD_NONE)
        sc_period_format(ind->active_from, from);
    if (ind->active_to != SC_PERIOD_NONE)
        sc_period_format(ind->active_to, to);
    sc_period_format(q, qs);
    if (writing) {
        sc_errors errs = SC_ERRORS_INIT;
        sc_errors_add(&errs, "", "indicator %s does not count in %s: it is active from %s to %s",
                      code, qs, from, to);
        sc_reply_invalid(req, &errs);
        sc_errors_clear(&errs);
    } else {
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "indicator %s does not count in %s: it is active from %s to %s", code, qs,
                         from, to);
    }
    sc_indicator_clear(ind);
    return false;
}

void sc_h_result_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        reply_quarter_rc(req, SC_EDB);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_KPI))
        return;
    sc_indicator ind;
    if (!active_indicator(req, q, req->params[1], false, &ind))
        return;
    sc_indicator_clear(&ind);
    reply_row(req, q, req->params[1], false, false);
}

void sc_h_result_put(sc_req *req)
{
    sc_period q;
    const char *code = req->params[1];
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_write(req->db) != SC_OK) {
        reply_quarter_rc(req, SC_EDB);
        return;
    }
    sc_indicator ind;
    if (!active_indicator(req, q, code, true, &ind))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_result res;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_result_from_json(req->body, &ind, "", "code", &res, &errs);
    const json_t *sent_code = json_object_get(req->body, "code");
    if (rc == SC_OK && sent_code &&
        (!json_is_string(sent_code) || strcmp(json_string_value(sent_code), code) != 0)) {
        sc_errors_add(&errs, "/code", "code differs from the indicator code in the path");
        sc_result_clear(&res);
        rc = SC_EINVALID;
    }
    if (rc == SC_OK) {
        rc = sc_store_result_put(req->db, q, code, &res, req->key_name, &what);
        sc_result_clear(&res);
    }
    if (rc == SC_OK)
        rc = sc_events_result(req->db, q, code, what);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_row(req, q, code, what == SC_WRITE_CREATED, true);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
    sc_indicator_clear(&ind);
}

void sc_h_summary(sc_req *req)
{
    sc_period q;
    int decimals;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 1, &decimals))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        reply_quarter_rc(req, SC_EDB);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_KPI))
        return;
    json_t *summary = NULL;
    sc_rc rc = sc_summary_json(req->db, q, decimals, &summary);
    if (rc == SC_OK)
        sc_reply_json(req, 200, summary);
    else
        reply_quarter_rc(req, rc);
}
