/* h_meta.c - health, metrics, the API index and service areas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "area.h"
#include "handlers.h"
#include "http.h"
#include "jv.h"
#include "store_kpi.h"

void sc_h_healthz(sc_req *req)
{
    if (sc_db_exec(req->db, "SELECT 1") != SC_OK) {
        sc_reply_problem(req, 503, "unhealthy", "Service Unavailable",
                         "the database does not answer");
        return;
    }
    sc_reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

void sc_h_metrics(sc_req *req)
{
    sc_server_stats s;
    sc_server_get_stats(req->server, &s);
    char buf[2048];
    size_t n = (size_t)snprintf(buf, sizeof buf,
                                "# HELP scrutiny_requests_total HTTP requests answered.\n"
                                "# TYPE scrutiny_requests_total counter\n");
    for (int c = 1; c < 6; c++)
        n += (size_t)snprintf(buf + n, sizeof buf - n,
                              "scrutiny_requests_total{code=\"%dxx\"} %llu\n", c, s.by_class[c]);
    snprintf(buf + n, sizeof buf - n,
             "# HELP scrutiny_requests_in_flight Requests being handled now.\n"
             "# TYPE scrutiny_requests_in_flight gauge\n"
             "scrutiny_requests_in_flight %llu\n"
             "# HELP scrutiny_uptime_seconds Seconds since the server started.\n"
             "# TYPE scrutiny_uptime_seconds gauge\n"
             "scrutiny_uptime_seconds %.3f\n"
             "# HELP scrutiny_worker_threads HTTP worker threads.\n"
             "# TYPE scrutiny_worker_threads gauge\n"
             "scrutiny_worker_threads %d\n"
             "# HELP scrutiny_cache_hits_total GET answers served from the render cache.\n"
             "# TYPE scrutiny_cache_hits_total counter\n"
             "scrutiny_cache_hits_total %llu\n"
             "# HELP scrutiny_cache_misses_total GET answers rendered afresh.\n"
             "# TYPE scrutiny_cache_misses_total counter\n"
             "scrutiny_cache_misses_total %llu\n"
             "# HELP scrutiny_cache_bytes Bytes the render cache holds: answers, their "
             "gzip forms, keys and each entry's own size.\n"
             "# TYPE scrutiny_cache_bytes gauge\n"
             "scrutiny_cache_bytes %zu\n"
             "# HELP scrutiny_cache_entries Answers the render cache holds.\n"
             "# TYPE scrutiny_cache_entries gauge\n"
             "scrutiny_cache_entries %zu\n",
             s.in_flight, s.uptime_seconds, s.threads, s.cache_hits, s.cache_misses, s.cache_bytes,
             s.cache_entries);
    sc_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", buf);
    req->volatile_body = true;
}

void sc_h_index(sc_req *req)
{
    static const char *const links[][2] = {
        {"service_areas", "/api/v1/service-areas"},
        {"indicators", "/api/v1/indicators"},
        {"quarter_indicators", "/api/v1/quarters/{quarter}/indicators"},
        {"quarter_summary", "/api/v1/quarters/{quarter}/summary"},
        {"demand_measures", "/api/v1/demand-measures"},
        {"quarter_demand", "/api/v1/quarters/{quarter}/demand"},
        {"demand_table", "/api/v1/demand"},
        {"quarter_finance", "/api/v1/quarters/{quarter}/finance"},
        {"quarter_return", "/api/v1/quarters/{quarter}/return"},
        {"quarter_report", "/api/v1/quarters/{quarter}/report"},
        {"quarters", "/api/v1/quarters"},
        {"quarter", "/api/v1/quarters/{quarter}"},
        {"history", "/api/v1/indicators/{code}/history"},
        {"revisions", "/api/v1/quarters/{quarter}/revisions"},
        {"benchmarks", "/api/v1/quarters/{quarter}/indicators/{code}/benchmarks"},
        {"health", "/healthz"},
        {"metrics", "/metrics"},
    };
    json_t *obj = json_object();
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        char buf[160];
        json_object_set_new(obj, links[i][0],
                            json_string(sc_req_link(req, links[i][1], buf, sizeof buf)));
    }
    sc_reply_json(
        req, 200,
        json_pack("{s:s, s:s, s:o}", "service", "scrutiny", "version", "v1", "links", obj));
}

void sc_h_areas_list(sc_req *req)
{
    sc_area_list areas;
    sc_rc rc = sc_store_areas(req->db, &areas);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < areas.count; i++)
        json_array_append_new(items, sc_area_to_json(&areas.items[i]));
    sc_area_list_clear(&areas);
    sc_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

void sc_h_area_put(sc_req *req)
{
    const char *code = req->params[0];
    sc_errors errs = SC_ERRORS_INIT;
    if (!sc_jv_code_valid(code)) {
        sc_reply_problem(req, 400, "bad-code", "Bad code", "codes are " SC_CODE_RULE);
        return;
    }
    const char *name = NULL;
    int position = -1;
    sc_rc rc = sc_area_from_json(req->body, code, &name, &position, &errs);
    sc_write what = SC_WRITE_UNCHANGED;
    if (rc == SC_OK && (rc = sc_db_begin_write(req->db)) == SC_OK) {
        rc = sc_store_area_put(req->db, code, name, position, &what);
        if (rc == SC_OK)
            rc = sc_db_commit(req->db);
    }
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, &errs, NULL);
        sc_errors_clear(&errs);
        return;
    }
    sc_area_list areas;
    rc = sc_store_areas(req->db, &areas);
    int i = rc == SC_OK ? sc_area_find(&areas, code) : -1;
    if (i < 0) {
        sc_reply_rc(req, rc == SC_OK ? SC_EDB : rc, NULL, NULL);
    } else {
        char loc[128];
        snprintf(loc, sizeof loc, "/api/v1/service-areas/%s", code);
        sc_reply_written(req, what == SC_WRITE_CREATED, sc_area_to_json(&areas.items[i]), loc);
    }
    if (rc == SC_OK)
        sc_area_list_clear(&areas);
}

void sc_h_area_get(sc_req *req)
{
    sc_area_list areas;
    sc_rc rc = sc_store_areas(req->db, &areas);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    int i = sc_area_find(&areas, req->params[0]);
    if (i < 0)
        sc_reply_problem(req, 404, "not-found", "Not Found", "no service area \"%.64s\"",
                         req->params[0]);
    else
        sc_reply_json(req, 200, sc_area_to_json(&areas.items[i]));
    sc_area_list_clear(&areas);
}
