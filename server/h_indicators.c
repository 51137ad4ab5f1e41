/* h_indicators.c - indicator definitions and their targets (docs/API.md §10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "jv.h"
#include "store_kpi.h"

bool sc_h_filters(sc_req *req, int *category, const char **service_area)
{
    *category = -1;
    *service_area = sc_req_query(req, "service_area");
    const char *c = sc_req_query(req, "category");
    if (c) {
        for (int i = 0; i < SC_CAT_COUNT; i++)
            if (strcmp(c, sc_category_keys[i]) == 0)
                *category = i;
        if (*category < 0) {
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "category must be contractual or strategic_partnership "
                             "(got \"%.60s\")",
                             c);
            return false;
        }
    }
    if (*service_area) {
        sc_area_list areas;
        sc_rc rc = sc_store_areas(req->db, &areas);
        if (rc != SC_OK) {
            sc_reply_rc(req, rc, NULL, NULL);
            return false;
        }
        int found = sc_area_find(&areas, *service_area);
        sc_area_list_clear(&areas);
        if (found < 0) {
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "no service area \"%.60s\"; see /api/v1/service-areas", *service_area);
            return false;
        }
    }
    return true;
}

/* True when the service area exists (a store failure counts as known: the
 * write that follows will report it). */
static bool area_known(sc_req *req, const char *code)
{
    sc_area_list areas;
    if (sc_store_areas(req->db, &areas) != SC_OK)
        return true;
    bool found = sc_area_find(&areas, code) >= 0;
    sc_area_list_clear(&areas);
    return found;
}

/* Replies 400 and returns false unless code is a valid indicator code. */
static bool check_code(sc_req *req, const char *code)
{
    if (sc_jv_code_valid(code))
        return true;
    sc_reply_problem(req, 400, "bad-code", "Bad code", "indicator codes are " SC_CODE_RULE);
    return false;
}

static void not_found(sc_req *req, const char *code)
{
    sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\"", code);
}

void sc_h_indicators_list(sc_req *req)
{
    int category;
    const char *area;
    if (!sc_h_filters(req, &category, &area))
        return;
    sc_indicator *inds;
    size_t n;
    sc_rc rc = sc_store_indicators(req->db, category, area, &inds, &n);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, sc_indicator_to_json(&inds[i]));
    sc_indicators_free(inds, n);
    sc_reply_json(req, 200, json_pack("{s:o, s:i}", "items", items, "count", (int)n));
}

void sc_h_indicator_get(sc_req *req)
{
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(req->db, req->params[0], &ind);
    if (rc == SC_ENOTFOUND) {
        not_found(req, req->params[0]);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, sc_indicator_to_json(&ind));
    sc_indicator_clear(&ind);
}

void sc_h_indicator_put(sc_req *req)
{
    const char *code = req->params[0];
    if (!check_code(req, code))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_indicator_from_json(req->body, code, "", &ind, &errs);
    const char *area = json_string_value(json_object_get(req->body, "service_area"));
    if (rc == SC_EINVALID && area && !area_known(req, area))
        sc_errors_add(&errs, "/service_area",
                      "no service area \"%.64s\"; see GET "
                      "/api/v1/service-areas",
                      area);
    sc_period locked = SC_PERIOD_NONE;
    if (rc == SC_OK) {
        if ((rc = sc_db_begin_write(req->db)) == SC_OK &&
            (rc = sc_store_indicator_lock_check(req->db, &ind, &locked)) == SC_OK &&
            (rc = sc_store_indicator_put(req->db, &ind, &what, &errs)) == SC_OK)
            rc = sc_db_commit(req->db);
        if (rc == SC_OK) {
            char loc[128];
            snprintf(loc, sizeof loc, "/api/v1/indicators/%s", code);
            sc_reply_written(req, what == SC_WRITE_CREATED, sc_indicator_to_json(&ind), loc);
        }
        sc_indicator_clear(&ind);
    }
    char q[SC_PERIOD_ID_LEN];
    if (rc == SC_ELOCKED)
        sc_reply_problem(req, 409, "quarter-locked", "Quarter locked",
                         "indicator %s is active in %s, which has been signed off and is "
                         "locked: only its name and description may change; an admin can "
                         "unlock the quarter with a reason, or the indicator can start after it",
                         code, sc_period_format(locked, q));
    else if (rc != SC_OK)
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

void sc_h_indicator_delete(sc_req *req)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_period locked = SC_PERIOD_NONE;
    char q[SC_PERIOD_ID_LEN];
    sc_rc rc = sc_db_begin_write(req->db);
    if (rc == SC_OK && (rc = sc_store_indicator_delete(req->db, req->params[0], req->key_name,
                                                       &locked, &errs)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        sc_reply_json(req, 204, NULL);
    else if (rc == SC_ENOTFOUND)
        not_found(req, req->params[0]);
    else if (rc == SC_ELOCKED)
        sc_reply_problem(req, 409, "quarter-locked", "Quarter locked",
                         "indicator %s is active in %s, which has been signed off and is "
                         "locked: deleting it would change that quarter; an admin can unlock "
                         "the quarter with a reason",
                         req->params[0], sc_period_format(locked, q));
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

/* Loads the indicator named in the path or replies 404; true when found. */
static bool indicator_exists(sc_req *req, const char *code)
{
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(req->db, code, &ind);
    if (rc == SC_OK) {
        sc_indicator_clear(&ind);
        return true;
    }
    if (rc == SC_ENOTFOUND)
        not_found(req, code);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    return false;
}

/* Replies 409 naming the signed-off quarter a change of the target
 * starting at from would re-judge, and returns false; true when none. */
static bool target_open(sc_req *req, const char *code, sc_period from)
{
    sc_period locked = SC_PERIOD_NONE;
    sc_rc rc = sc_store_target_lock_check(req->db, code, from, &locked);
    if (rc == SC_OK)
        return true;
    char q[SC_PERIOD_ID_LEN], lq[SC_PERIOD_ID_LEN];
    if (rc == SC_ELOCKED)
        sc_reply_problem(req, 409, "quarter-locked", "Quarter locked",
                         "the target of %s starting at %s decides how %s is judged, and %s has "
                         "been signed off and is locked; an admin can unlock it with a reason, "
                         "or start the new target after it",
                         code, sc_period_format(from, q), sc_period_format(locked, lq), lq);
    else
        sc_reply_rc(req, rc, NULL, NULL);
    return false;
}

void sc_h_targets_list(sc_req *req)
{
    const char *code = req->params[0];
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!indicator_exists(req, code))
        return;
    sc_target *ts;
    size_t n;
    sc_rc rc = sc_store_targets(req->db, code, &ts, &n);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, sc_target_to_json(&ts[i]));
    sc_targets_free(ts, n);
    sc_reply_json(req, 200, json_pack("{s:s, s:o}", "indicator", code, "items", items));
}

void sc_h_target_put(sc_req *req)
{
    const char *code = req->params[0];
    sc_period from;
    if (!sc_req_quarter(req, 1, &from))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    sc_target t;
    sc_rc rc = sc_target_from_json(req->body, from, "", &t, &errs);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, &errs, NULL);
        sc_errors_clear(&errs);
        return;
    }
    if (sc_db_begin_write(req->db) != SC_OK) {
        sc_target_clear(&t);
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!indicator_exists(req, code) || !target_open(req, code, from)) {
        sc_target_clear(&t);
        return;
    }
    sc_write what;
    rc = sc_store_target_put(req->db, code, &t, req->key_name, &what);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc != SC_OK) {
        sc_target_clear(&t);
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    char loc[160], q[SC_PERIOD_ID_LEN];
    snprintf(loc, sizeof loc, "/api/v1/indicators/%s/targets/%s", code, sc_period_format(from, q));
    json_t *body = sc_target_to_json(&t);
    sc_target_clear(&t);
    json_object_set_new(body, "indicator", json_string(code));
    sc_reply_written(req, what == SC_WRITE_CREATED, body, loc);
}

void sc_h_target_delete(sc_req *req)
{
    const char *code = req->params[0];
    sc_period from;
    if (!sc_req_quarter(req, 1, &from))
        return;
    if (sc_db_begin_write(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!indicator_exists(req, code) || !target_open(req, code, from))
        return;
    sc_rc rc = sc_store_target_delete(req->db, code, from, req->key_name);
    if (rc == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        sc_reply_json(req, 204, NULL);
    else if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "indicator %s has no target starting at %s", code, req->params[1]);
    else
        sc_reply_rc(req, rc, NULL, NULL);
}

void sc_h_target_get(sc_req *req)
{
    const char *code = req->params[0];
    sc_period from;
    if (!sc_req_quarter(req, 1, &from))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!indicator_exists(req, code))
        return;
    sc_target *ts;
    size_t n;
    sc_rc rc = sc_store_targets(req->db, code, &ts, &n);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (ts[i].from_quarter == from) {
            json_t *body = sc_target_to_json(&ts[i]);
            json_object_set_new(body, "indicator", json_string(code));
            sc_reply_json(req, 200, body);
        }
    }
    sc_targets_free(ts, n);
    if (!req->status)
        sc_reply_problem(req, 404, "not-found", "Not Found",
                         "indicator %s has no target starting at %s", code, req->params[1]);
}
