/* routes.c - the route table of API v1 (contract §4-6, §11). */
#include "routes.h"

#include "handlers.h"

static const char *const q_filters[] = {"category", "service_area", NULL};
static const char *const q_quarter_list[] = {"category", "service_area", "status", NULL};
static const char *const q_decimals[] = {"decimals", NULL};
static const char *const q_range[] = {"from", "to", NULL};
static const char *const q_threshold[] = {"threshold", NULL};
static const char *const q_dry_run[] = {"dry_run", NULL};
static const char *const q_report[] = {"format", "decimals", NULL};

#define R SC_ROLE_READER
#define W SC_ROLE_WRITER
#define A SC_ROLE_ADMIN

const sc_route sc_routes[] = {
    /* health and metrics answer without a key even with --private-read:
     * load balancers and Prometheus probe them */
    {"GET", "/healthz", sc_h_healthz, SC_ROLE_NONE, false, NULL},
    {"GET", "/metrics", sc_h_metrics, SC_ROLE_NONE, false, NULL},
    {"GET", "/api/v1", sc_h_index, R, false, NULL},
    {"GET", "/api/v1/service-areas", sc_h_areas_list, R, false, NULL},
    {"GET", "/api/v1/service-areas/{}", sc_h_area_get, R, false, NULL},
    {"PUT", "/api/v1/service-areas/{}", sc_h_area_put, A, true, NULL},
    {"GET", "/api/v1/indicators", sc_h_indicators_list, R, false, q_filters},
    {"GET", "/api/v1/indicators/{}", sc_h_indicator_get, R, false, NULL},
    {"PUT", "/api/v1/indicators/{}", sc_h_indicator_put, A, true, NULL},
    {"DELETE", "/api/v1/indicators/{}", sc_h_indicator_delete, A, false, NULL},
    {"GET", "/api/v1/indicators/{}/targets", sc_h_targets_list, R, false, NULL},
    {"GET", "/api/v1/indicators/{}/targets/{}", sc_h_target_get, R, false, NULL},
    {"PUT", "/api/v1/indicators/{}/targets/{}", sc_h_target_put, A, true, NULL},
    {"DELETE", "/api/v1/indicators/{}/targets/{}", sc_h_target_delete, A, false, NULL},
    {"GET", "/api/v1/quarters/{}/indicators", sc_h_quarter_indicators, R, false,
     q_quarter_list},
    {"GET", "/api/v1/quarters/{}/indicators/{}", sc_h_result_get, R, false, NULL},
    {"PUT", "/api/v1/quarters/{}/indicators/{}", sc_h_result_put, W, true, NULL},
    {"GET", "/api/v1/quarters/{}/summary", sc_h_summary, R, false, q_decimals},
    {"GET", "/api/v1/demand-measures", sc_h_demand_measures, R, false, NULL},
    {"GET", "/api/v1/demand-measures/{}", sc_h_demand_measure_get, R, false, NULL},
    {"PUT", "/api/v1/demand-measures/{}", sc_h_demand_measure_put, A, true, NULL},
    {"GET", "/api/v1/quarters/{}/demand", sc_h_demand_quarter, R, false, q_decimals},
    {"GET", "/api/v1/quarters/{}/demand/{}", sc_h_demand_get, R, false, q_decimals},
    {"PUT", "/api/v1/quarters/{}/demand/{}", sc_h_demand_put, W, true, q_decimals},
    {"GET", "/api/v1/demand", sc_h_demand_table, R, false, q_range},
    {"GET", "/api/v1/quarters/{}/finance", sc_h_finance_get, R, false, q_threshold},
    {"PUT", "/api/v1/quarters/{}/finance", sc_h_finance_put, W, true, q_threshold},
    {"PUT", "/api/v1/quarters/{}/return", sc_h_return_put, W, true, q_dry_run},
    {"GET", "/api/v1/quarters/{}/report", sc_h_report, R, false, q_report},
};

const size_t sc_route_count = sizeof sc_routes / sizeof *sc_routes;
