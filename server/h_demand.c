/* h_demand.c - demand measures, quarterly counts and the demand tables
 * (docs/API.md §15). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "demand_view.h"
#include "handlers.h"
#include "jv.h"
#include "store_demand.h"

#define MAX_TABLE_QUARTERS 200
#define DEFAULT_TABLE_QUARTERS 5 /* the papers show five quarters */

void sc_h_demand_measures(sc_req *req)
{
    sc_demand_measures m;
    sc_rc rc = sc_store_demand_measures(req->db, &m);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < m.count; i++)
        json_array_append_new(items, sc_demand_measure_to_json(&m.items[i]));
    sc_demand_measures_clear(&m);
    sc_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void sc_h_demand_measure_put(sc_req *req)
{
    const char *code = req->params[0];
    if (!sc_jv_code_valid(code)) {
        sc_reply_problem(req, 400, "bad-code", "Bad code", "codes are " SC_CODE_RULE);
        return;
    }
    sc_errors errs = SC_ERRORS_INIT;
    const char *name = NULL;
    int position = -1, kind = -1;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_demand_measure_from_json(req->body, code, &name, &position, &kind, &errs);
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_demand_measure_put(req->db, code, name, position, kind, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    sc_demand_measures m = {0};
    if (rc == SC_OK)
        rc = sc_store_demand_measures(req->db, &m);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, &errs, NULL);
        sc_errors_clear(&errs);
        return;
    }
    for (size_t i = 0; i < m.count; i++) {
        if (strcmp(m.items[i].code, code) == 0) {
            char loc[128];
            snprintf(loc, sizeof loc, "/api/v1/demand-measures/%s", code);
            sc_reply_written(req, what == SC_WRITE_CREATED, sc_demand_measure_to_json(&m.items[i]),
                             loc);
        }
    }
    sc_demand_measures_clear(&m);
}

/* The per-quarter view for every measure, or only `only` when not NULL. */
static void reply_quarter_view(sc_req *req, sc_period q, const char *only, int decimals,
                               bool written, bool created)
{
    sc_demand_view v;
    sc_rc rc = sc_demand_view_read(req->db, q, &v);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    rc = sc_demand_view_restated(req->db, &v, only);
    json_t *items = json_array();
    json_t *one = NULL;
    for (size_t i = 0; rc == SC_OK && i < v.measures.count; i++) {
        if (!only)
            json_array_append_new(items, sc_demand_row_to_json(&v.rows[i], decimals));
        else if (strcmp(only, v.measures.items[i].code) == 0)
            one = sc_demand_row_to_json(&v.rows[i], decimals);
    }
    char qs[SC_PERIOD_ID_LEN];
    sc_period_format(q, qs);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
    } else if (!only) {
        sc_reply_json(
            req, 200,
            json_pack("{s:s, s:i, s:O}", "quarter", qs, "decimals", decimals, "items", items));
    } else if (!one) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no demand measure \"%.64s\"", only);
    } else if (written) {
        char loc[160];
        snprintf(loc, sizeof loc, "/api/v1/quarters/%s/demand/%s", qs, only);
        json_object_set_new(one, "quarter", json_string(qs));
        sc_reply_written(req, created, one, loc);
        one = NULL;
    } else {
        json_object_set_new(one, "quarter", json_string(qs));
        sc_reply_json(req, 200, one);
        one = NULL;
    }
    json_decref(one);
    json_decref(items);
    sc_demand_view_clear(&v);
}

void sc_h_demand_quarter(sc_req *req)
{
    sc_period q;
    int decimals;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 1, &decimals))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_DEMAND))
        return;
    reply_quarter_view(req, q, NULL, decimals, false, false);
}

void sc_h_demand_get(sc_req *req)
{
    sc_period q;
    int decimals;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 1, &decimals))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_DEMAND))
        return;
    reply_quarter_view(req, q, req->params[1], decimals, false, false);
}

void sc_h_demand_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    const char *code = req->params[1];
    int decimals;
    if (!sc_req_query_int(req, "decimals", 0, 2, 1, &decimals))
        return;
    /* a value is written to a measure that exists, so a code no measure
     * can have names none: 404, as for any unknown measure */
    if (!sc_jv_code_valid(code)) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no demand measure \"%.64s\"", code);
        return;
    }
    sc_errors errs = SC_ERRORS_INIT;
    int64_t value;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_demand_value_from_json(req->body, "", "code", &value, &errs);
    /* null is not taken as absent here (the spec says so): a client that
     * sends code means to name the measure, and null names none */
    const json_t *sent = json_object_get(req->body, "code");
    if (sent && (!json_is_string(sent) || strcmp(json_string_value(sent), code) != 0)) {
        sc_errors_add(&errs, "/code", "code, when given, must be the measure code in the path");
        rc = SC_EINVALID;
    }
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_demand_put(req->db, q, code, value, req->key_name, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_quarter_view(req, q, code, decimals, true, what == SC_WRITE_CREATED);
    else if (rc == SC_ENOTFOUND)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no demand measure \"%.64s\"", code);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

/* Builds the multi-quarter table: items[measure].values[quarter]. */
typedef struct {
    sc_demand_measures *measures;
    json_t *items;
    sc_period from;
} table_fill;

static void fill_table(void *cls, const char *code, sc_period p, int64_t value)
{
    table_fill *tf = cls;
    for (size_t i = 0; i < tf->measures->count; i++) {
        if (strcmp(tf->measures->items[i].code, code) == 0) {
            json_t *values = json_object_get(json_array_get(tf->items, i), "values");
            json_t *cell = json_array_get(values, (size_t)(p - tf->from));
            json_object_set_new(cell, "value", json_integer(value));
        }
    }
}

static bool table_bounds(sc_req *req, sc_period *from, sc_period *to)
{
    const char *f = sc_req_query(req, "from"), *t = sc_req_query(req, "to");
    char hint[200];
    if (t && !sc_period_parse(t, to, hint, sizeof hint)) {
        sc_reply_problem(req, 400, "bad-quarter", "Bad quarter id", "to \"%.40s\" is %s", t, hint);
        return false;
    }
    if (f && !sc_period_parse(f, from, hint, sizeof hint)) {
        sc_reply_problem(req, 400, "bad-quarter", "Bad quarter id", "from \"%.40s\" is %s", f,
                         hint);
        return false;
    }
    if (!t) {
        /* default: up to the latest quarter with figures, or from + 4 */
        sc_rc rc = f ? SC_ENOTFOUND : sc_store_demand_latest(req->db, to);
        if (rc == SC_ENOTFOUND && f)
            *to = *from + DEFAULT_TABLE_QUARTERS - 1 > SC_PERIOD_LAST
                      ? SC_PERIOD_LAST
                      : *from + DEFAULT_TABLE_QUARTERS - 1;
        else if (rc == SC_ENOTFOUND)
            *to = SC_PERIOD_NONE;
        else if (rc != SC_OK) {
            sc_reply_rc(req, rc, NULL, NULL);
            return false;
        }
    }
    /* the default span stops at the ends of the quarter range */
    if (!f && *to != SC_PERIOD_NONE)
        *from = *to - (DEFAULT_TABLE_QUARTERS - 1) < SC_PERIOD_FIRST
                    ? SC_PERIOD_FIRST
                    : *to - (DEFAULT_TABLE_QUARTERS - 1);
    if (*to != SC_PERIOD_NONE && *from > *to) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter", "from must not be after to");
        return false;
    }
    if (*to != SC_PERIOD_NONE && *to - *from + 1 > MAX_TABLE_QUARTERS) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "the table spans at most %d quarters", MAX_TABLE_QUARTERS);
        return false;
    }
    return true;
}

void sc_h_demand_table(sc_req *req)
{
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_DEMAND))
        return;
    sc_period from = SC_PERIOD_NONE, to = SC_PERIOD_NONE;
    if (!table_bounds(req, &from, &to))
        return;
    sc_demand_measures m;
    sc_rc rc = sc_store_demand_measures(req->db, &m);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *quarters = json_array(), *items = json_array();
    int span = to == SC_PERIOD_NONE ? 0 : to - from + 1;
    for (int i = 0; i < span; i++)
        json_array_append_new(quarters, sc_jv_new_period(from + i));
    for (size_t i = 0; i < m.count; i++) {
        json_t *values = json_array();
        for (int k = 0; k < span; k++)
            json_array_append_new(
                values, json_pack("{s:o, s:n}", "quarter", sc_jv_new_period(from + k), "value"));
        json_array_append_new(items, json_pack("{s:s, s:s, s:o}", "code", m.items[i].code, "name",
                                               m.items[i].name, "values", values));
    }
    table_fill tf = {&m, items, from};
    if (span)
        rc = sc_store_demand_values(req->db, from, to, fill_table, &tf);
    if (rc == SC_OK)
        sc_reply_json(req, 200,
                      json_pack("{s:o, s:o, s:o, s:o}", "from",
                                sc_jv_new_period(span ? from : SC_PERIOD_NONE), "to",
                                sc_jv_new_period(to), "quarters", quarters, "items", items));
    else {
        json_decref(quarters);
        json_decref(items);
        sc_reply_rc(req, rc, NULL, NULL);
    }
    sc_demand_measures_clear(&m);
}

void sc_h_demand_measure_get(sc_req *req)
{
    sc_demand_measures m;
    sc_rc rc = sc_store_demand_measures(req->db, &m);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    for (size_t i = 0; i < m.count; i++) {
        if (strcmp(m.items[i].code, req->params[0]) == 0) {
            sc_reply_json(req, 200, sc_demand_measure_to_json(&m.items[i]));
            sc_demand_measures_clear(&m);
            return;
        }
    }
    sc_demand_measures_clear(&m);
    sc_reply_problem(req, 404, "not-found", "Not Found", "no demand measure \"%.64s\"",
                     req->params[0]);
}
