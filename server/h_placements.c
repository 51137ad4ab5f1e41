/* h_placements.c - the care ladder and child populations (docs/API.md
 * §15a): placement types, a quarter's placement figures, populations per
 * financial year, and the comparator rates of a demand value. */
#include <stdio.h>
#include <string.h>

#include "benchmark.h"
#include "demand.h"
#include "handlers.h"
#include "jv.h"
#include "placement.h"
#include "placement_view.h"
#include "population.h"
#include "store_benchmark.h"
#include "store_demand.h"
#include "store_placement.h"

static void missing(sc_req *req, const char *what, const char *code)
{
    sc_reply_problem(req, 404, "not-found", "Not Found", "no %s \"%.64s\"", what, code);
}

/* ---- placement types ---- */

void sc_h_placement_types(sc_req *req)
{
    sc_placement_types t;
    sc_rc rc = sc_store_placement_types(req->db, &t);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < t.count; i++)
        json_array_append_new(items, sc_placement_type_to_json(&t.items[i]));
    sc_placement_types_clear(&t);
    sc_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* Replies with the type coded code (written: 200/201 with a Location). */
static void reply_type(sc_req *req, const char *code, bool written, bool created)
{
    sc_placement_types t;
    sc_rc rc = sc_store_placement_types(req->db, &t);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *one = NULL;
    for (size_t i = 0; i < t.count && !one; i++)
        if (strcmp(t.items[i].code, code) == 0)
            one = sc_placement_type_to_json(&t.items[i]);
    sc_placement_types_clear(&t);
    char loc[128];
    snprintf(loc, sizeof loc, "/api/v1/placement-types/%s", code);
    if (!one)
        missing(req, "placement type", code);
    else if (written)
        sc_reply_written(req, created, one, loc);
    else
        sc_reply_json(req, 200, one);
}

void sc_h_placement_type_get(sc_req *req)
{
    reply_type(req, req->params[0], false, false);
}

void sc_h_placement_type_put(sc_req *req)
{
    const char *code = req->params[0];
    if (!sc_jv_code_valid(code)) {
        sc_reply_problem(req, 400, "bad-code", "Bad code", "codes are " SC_CODE_RULE);
        return;
    }
    sc_errors errs = SC_ERRORS_INIT;
    const char *name = NULL;
    int position = -1, group = -1;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_placement_type_from_json(req->body, code, &name, &position, &group, &errs);
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_placement_type_put(req->db, code, name, position, group, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_type(req, code, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

/* ---- a quarter's placements ---- */

/* The quarter's ladder, or the one rung coded only. */
static void reply_placements(sc_req *req, sc_period q, const char *only, int decimals, bool written,
                             bool created)
{
    sc_placement_view v;
    sc_rc rc = sc_placement_view_read(req->db, q, &v);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    char qs[SC_PERIOD_ID_LEN], loc[160];
    sc_period_format(q, qs);
    if (!only) {
        sc_reply_json(req, 200, sc_placement_view_to_json(&v, decimals));
    } else {
        json_t *one = sc_placement_view_item(&v, only);
        snprintf(loc, sizeof loc, "/api/v1/quarters/%s/placements/%s", qs, only);
        if (one)
            json_object_set_new(one, "quarter", json_string(qs));
        if (!one)
            missing(req, "placement type", only);
        else if (written)
            sc_reply_written(req, created, one, loc);
        else
            sc_reply_json(req, 200, one);
    }
    sc_placement_view_clear(&v);
}

void sc_h_placements_quarter(sc_req *req)
{
    sc_period q;
    int decimals;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 1, &decimals) ||
        !sc_req_begin_read(req, SC_AS_OF_PLACEMENT))
        return;
    reply_placements(req, q, NULL, decimals, false, false);
}

void sc_h_placement_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_begin_read(req, SC_AS_OF_PLACEMENT))
        return;
    reply_placements(req, q, req->params[1], 1, false, false);
}

/* A code or the body's "code" member, when sent, must be the path's. */
static void check_code_member(const json_t *body, const char *code, sc_errors *errs)
{
    const json_t *sent = json_object_get(body, "code");
    if (json_is_object(body) && sent &&
        (!json_is_string(sent) || strcmp(json_string_value(sent), code) != 0))
        sc_errors_add(errs, "/code", "code, when given, must be the code in the path");
}

void sc_h_placement_put(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    const char *code = req->params[1];
    if (!sc_jv_code_valid(code)) {
        missing(req, "placement type", code);
        return;
    }
    sc_errors errs = SC_ERRORS_INIT;
    sc_placement p;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_placement_from_json(req->body, "", "code", &p, &errs);
    check_code_member(req->body, code, &errs);
    if (errs.count)
        rc = SC_EINVALID;
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_placement_put(req->db, q, code, &p, req->key_name, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_placements(req, q, code, 1, true, what == SC_WRITE_CREATED);
    else if (rc == SC_ENOTFOUND)
        missing(req, "placement type", code);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

/* ---- populations ---- */

static void add_population(void *cls, sc_period first, int64_t children)
{
    json_array_append_new(cls, sc_population_to_json(first, children));
}

void sc_h_populations(sc_req *req)
{
    if (!sc_req_begin_read(req, SC_AS_OF_DEMAND))
        return;
    json_t *items = json_array();
    sc_rc rc = sc_store_populations(req->db, add_population, items);
    if (rc != SC_OK) {
        json_decref(items);
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

static void reply_population(sc_req *req, sc_period first, bool written, bool created)
{
    int64_t children;
    sc_rc rc = sc_store_population_get(req->db, first, &children);
    char y[SC_POPULATION_YEAR_LEN], loc[96];
    sc_population_year_format(first, y);
    snprintf(loc, sizeof loc, "/api/v1/populations/%s", y);
    if (rc == SC_ENOTFOUND)
        missing(req, "population for", y);
    else if (rc != SC_OK)
        sc_reply_rc(req, rc, NULL, NULL);
    else if (written)
        sc_reply_written(req, created, sc_population_to_json(first, children), loc);
    else
        sc_reply_json(req, 200, sc_population_to_json(first, children));
}

void sc_h_population_get(sc_req *req)
{
    sc_period first;
    if (!sc_req_year(req, 0, &first) || !sc_req_begin_read(req, SC_AS_OF_DEMAND))
        return;
    reply_population(req, first, false, false);
}

void sc_h_population_put(sc_req *req)
{
    sc_period first;
    if (!sc_req_year(req, 0, &first))
        return;
    sc_errors errs = SC_ERRORS_INIT;
    int64_t children = 0;
    sc_write what = SC_WRITE_UNCHANGED;
    sc_rc rc = sc_population_from_json(req->body, "", req->params[0], &children, &errs);
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_store_population_put(req->db, first, children, req->key_name, &what)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK)
        reply_population(req, first, true, what == SC_WRITE_CREATED);
    else
        sc_reply_rc(req, rc, &errs, NULL);
    sc_errors_clear(&errs);
}

/* ---- comparator rates of a demand value ---- */

static bool measure_exists(sc_req *req, const char *code)
{
    sc_demand_measures m;
    sc_rc rc = sc_store_demand_measures(req->db, &m);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return false;
    }
    bool found = false;
    for (size_t i = 0; i < m.count && !found; i++)
        found = strcmp(m.items[i].code, code) == 0;
    sc_demand_measures_clear(&m);
    if (!found)
        missing(req, "demand measure", code);
    return found;
}

static void reply_demand_benchmarks(sc_req *req, sc_period q, const char *code, bool written,
                                    bool created)
{
    sc_benchmark b;
    sc_rc rc = sc_store_demand_benchmark_get(req->db, q, code, &b);
    char qs[SC_PERIOD_ID_LEN], loc[200];
    sc_period_format(q, qs);
    if (rc == SC_ENOTFOUND) {
        sc_reply_problem(req, 404, "not-found", "Not Found", "no benchmarks for %s in %s", code,
                         qs);
        return;
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *body = sc_benchmark_rates_to_json(&b, NULL);
    sc_benchmark_clear(&b);
    json_object_set_new(body, "measure", json_string(code));
    json_object_set_new(body, "quarter", json_string(qs));
    snprintf(loc, sizeof loc, "/api/v1/quarters/%s/demand/%s/benchmarks", qs, code);
    if (written)
        sc_reply_written(req, created, body, loc);
    else
        sc_reply_json(req, 200, body);
}

void sc_h_demand_benchmarks_get(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_begin_read(req, SC_AS_OF_DEMAND) ||
        !measure_exists(req, req->params[1]))
        return;
    reply_demand_benchmarks(req, q, req->params[1], false, false);
}

void sc_h_demand_benchmarks_put(sc_req *req)
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
    const char *code = req->params[1];
    sc_write what = SC_WRITE_UNCHANGED;
    if (sc_db_begin_write(req->db) != SC_OK)
        sc_reply_rc(req, SC_EDB, NULL, NULL);
    else if (measure_exists(req, code)) {
        rc = sc_store_demand_benchmark_put(req->db, q, code, &b, req->key_name, &what);
        if (rc == SC_OK)
            rc = sc_db_commit(req->db);
        if (rc == SC_OK)
            reply_demand_benchmarks(req, q, code, true, what == SC_WRITE_CREATED);
        else
            sc_reply_rc(req, rc, NULL, NULL);
    }
    sc_benchmark_clear(&b);
}
