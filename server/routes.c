/* routes.c - the route table of API v1 (docs/API.md). */
#include "routes.h"

#include "handlers.h"

static const char *const q_format[] = {"format", NULL};
static const char *const q_filters[] = {"category", "service_area", "format", NULL};
static const char *const q_quarter_list[] = {"category", "service_area", "status",
                                             "format",   "as_of",        NULL};
static const char *const q_as_of[] = {"as_of", NULL};
static const char *const q_format_as_of[] = {"format", "as_of", NULL};
static const char *const q_decimals[] = {"decimals", NULL};
static const char *const q_decimals_as_of[] = {"decimals", "as_of", NULL};
static const char *const q_decimals_csv[] = {"decimals", "format", "as_of", NULL};
static const char *const q_range[] = {"from", "to", "format", "as_of", NULL};
static const char *const q_history[] = {"from", "to", "format", NULL};
static const char *const q_revisions[] = {"kind", "code", "limit", "before", NULL};
static const char *const q_threshold[] = {"threshold", NULL};
static const char *const q_threshold_csv[] = {"threshold", "format", "as_of", "as_at", NULL};
static const char *const q_limit[] = {"limit", NULL};
static const char *const q_dry_run[] = {"dry_run", NULL};
static const char *const q_changes[] = {"from", "to", "format", NULL};
static const char *const q_report[] = {"format", "decimals", "change_decimals", "quarters", "as_of",
                                       "since",  NULL};
static const char *const q_dashboard[] = {"view",         "quarter", "indicator", "category",
                                          "service_area", "status",  "as_of",     NULL};

#define N SC_ROLE_NONE
#define R SC_ROLE_READER
#define W SC_ROLE_WRITER
#define A SC_ROLE_ADMIN

const sc_route sc_routes[] = {
    /* health, metrics and the API's own description answer without a key
     * even with --private-read: load balancers, Prometheus and client
     * generators need them */
    {"GET", "/healthz", sc_h_healthz, N, false, NULL, NULL, false},
    {"GET", "/metrics", sc_h_metrics, N, false, NULL, NULL, false},
    {"GET", "/api/v1/openapi.json", sc_h_openapi, N, false, NULL, NULL, false},
    {"GET", "/docs", sc_h_docs, N, false, NULL, NULL, false},
    {"GET", "/docs/swagger-ui.css", sc_h_docs_css, N, false, NULL, NULL, false},
    {"GET", "/docs/swagger-ui-bundle.js", sc_h_docs_js, N, false, NULL, NULL, false},
    /* the committee dashboard: a public page whose data reads need a key
     * like any other client's */
    {"GET", "/dashboard", sc_h_dashboard, N, false, q_dashboard, NULL, false},
    {"GET", "/dashboard/dashboard.js", sc_h_dashboard_js, N, false, NULL, NULL, false},
    {"GET", "/dashboard/dashboard.css", sc_h_dashboard_css, N, false, NULL, NULL, false},
    {"GET", "/api/v1", sc_h_index, R, false, NULL, NULL, false},
    {"GET", "/api/v1/service-areas", sc_h_areas_list, R, false, q_format, sc_csv_items, false},
    {"GET", "/api/v1/service-areas/{}", sc_h_area_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/service-areas/{}", sc_h_area_put, A, true, NULL, NULL, false},
    {"GET", "/api/v1/indicators", sc_h_indicators_list, R, false, q_filters, sc_csv_items, false},
    {"GET", "/api/v1/indicators/{}", sc_h_indicator_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/indicators/{}", sc_h_indicator_put, A, true, NULL, NULL, false},
    {"DELETE", "/api/v1/indicators/{}", sc_h_indicator_delete, A, false, NULL, NULL, false},
    {"GET", "/api/v1/indicators/{}/history", sc_h_history, R, false, q_history, sc_csv_history,
     false},
    {"GET", "/api/v1/indicators/{}/outturns", sc_h_outturns_list, R, false, q_format_as_of,
     sc_csv_items, false},
    {"GET", "/api/v1/indicators/{}/outturns/{}", sc_h_outturn_get, R, false, q_as_of, NULL, false},
    {"PUT", "/api/v1/indicators/{}/outturns/{}", sc_h_outturn_put, W, true, NULL, NULL, false},
    {"GET", "/api/v1/indicators/{}/targets", sc_h_targets_list, R, false, q_format, sc_csv_items,
     false},
    {"GET", "/api/v1/indicators/{}/targets/{}", sc_h_target_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/indicators/{}/targets/{}", sc_h_target_put, A, true, NULL, NULL, false},
    {"DELETE", "/api/v1/indicators/{}/targets/{}", sc_h_target_delete, A, false, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/indicators", sc_h_quarter_indicators, R, false, q_quarter_list,
     sc_csv_results, false},
    {"GET", "/api/v1/quarters", sc_h_quarters_list, R, false, q_format_as_of, sc_csv_items, false},
    {"GET", "/api/v1/quarters/{}", sc_h_quarter_get, R, false, NULL, NULL, false},
    {"POST", "/api/v1/quarters/{}/lock", sc_h_quarter_lock, A, true, NULL, NULL, false},
    {"POST", "/api/v1/quarters/{}/unlock", sc_h_quarter_unlock, A, true, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/calendar", sc_h_calendar_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/quarters/{}/calendar", sc_h_calendar_put, A, true, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/questions", sc_h_questions_list, R, false, q_format,
     sc_csv_questions, false},
    {"POST", "/api/v1/quarters/{}/questions", sc_h_question_post, A, true, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/questions/{}", sc_h_question_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/quarters/{}/questions/{}/answer", sc_h_question_answer, W, true, NULL, NULL,
     false},
    {"GET", "/api/v1/quarters/{}/revisions", sc_h_revisions, R, false, q_revisions, NULL, false},
    {"GET", "/api/v1/quarters/{}/changes", sc_h_changes, R, false, q_changes, sc_csv_changes,
     false},
    {"GET", "/api/v1/quarters/{}/indicators/{}", sc_h_result_get, R, false, q_as_of, NULL, false},
    {"PUT", "/api/v1/quarters/{}/indicators/{}", sc_h_result_put, W, true, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/indicators/{}/explanation", sc_h_explanation, R, false, q_as_of,
     NULL, false},
    {"GET", "/api/v1/quarters/{}/indicators/{}/benchmarks", sc_h_benchmarks_get, R, false, NULL,
     NULL, false},
    {"PUT", "/api/v1/quarters/{}/indicators/{}/benchmarks", sc_h_benchmarks_put, W, true, NULL,
     NULL, false},
    {"GET", "/api/v1/quarters/{}/summary", sc_h_summary, R, false, q_decimals_csv, sc_csv_summary,
     false},
    {"GET", "/api/v1/demand-measures", sc_h_demand_measures, R, false, q_format, sc_csv_items,
     false},
    {"GET", "/api/v1/demand-measures/{}", sc_h_demand_measure_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/demand-measures/{}", sc_h_demand_measure_put, A, true, NULL, NULL, false},
    /* items with benchmarks, like a quarter's results: the same fixed columns */
    {"GET", "/api/v1/quarters/{}/demand", sc_h_demand_quarter, R, false, q_decimals_csv,
     sc_csv_results, false},
    {"GET", "/api/v1/quarters/{}/demand/{}", sc_h_demand_get, R, false, q_decimals_as_of, NULL,
     false},
    {"PUT", "/api/v1/quarters/{}/demand/{}", sc_h_demand_put, W, true, q_decimals, NULL, false},
    {"GET", "/api/v1/quarters/{}/demand/{}/benchmarks", sc_h_demand_benchmarks_get, R, false,
     q_as_of, NULL, false},
    {"PUT", "/api/v1/quarters/{}/demand/{}/benchmarks", sc_h_demand_benchmarks_put, W, true, NULL,
     NULL, false},
    {"GET", "/api/v1/populations", sc_h_populations, R, false, q_format_as_of, sc_csv_items, false},
    {"GET", "/api/v1/populations/{}", sc_h_population_get, R, false, q_as_of, NULL, false},
    {"PUT", "/api/v1/populations/{}", sc_h_population_put, W, true, NULL, NULL, false},
    {"GET", "/api/v1/placement-types", sc_h_placement_types, R, false, q_format, sc_csv_items,
     false},
    {"GET", "/api/v1/placement-types/{}", sc_h_placement_type_get, R, false, NULL, NULL, false},
    {"PUT", "/api/v1/placement-types/{}", sc_h_placement_type_put, A, true, NULL, NULL, false},
    {"GET", "/api/v1/quarters/{}/placements", sc_h_placements_quarter, R, false, q_decimals_csv,
     sc_csv_items, false},
    {"GET", "/api/v1/quarters/{}/placements/{}", sc_h_placement_get, R, false, q_as_of, NULL,
     false},
    {"PUT", "/api/v1/quarters/{}/placements/{}", sc_h_placement_put, W, true, NULL, NULL, false},
    {"GET", "/api/v1/demand", sc_h_demand_table, R, false, q_range, sc_csv_demand_table, false},
    {"GET", "/api/v1/quarters/{}/finance", sc_h_finance_get, R, false, q_threshold_csv,
     sc_csv_finance, false},
    {"PUT", "/api/v1/quarters/{}/finance", sc_h_finance_put, W, true, q_threshold, NULL, false},
    {"GET", "/api/v1/risk-shares", sc_h_risk_shares_list, R, false, q_format_as_of, sc_csv_items,
     false},
    {"GET", "/api/v1/risk-shares/{}", sc_h_risk_share_get, R, false, q_as_of, NULL, false},
    {"PUT", "/api/v1/risk-shares/{}", sc_h_risk_share_put, A, true, NULL, NULL, false},
    {"PUT", "/api/v1/quarters/{}/return", sc_h_return_put, W, true, q_dry_run, NULL, true},
    {"GET", "/api/v1/quarters/{}/return/template", sc_h_return_template, R, false, q_format,
     sc_csv_items, false},
    {"GET", "/api/v1/webhooks", sc_h_webhooks_list, A, false, NULL, NULL, false},
    {"POST", "/api/v1/webhooks", sc_h_webhook_post, A, true, NULL, NULL, false},
    {"GET", "/api/v1/webhooks/{}", sc_h_webhook_get, A, false, NULL, NULL, false},
    {"DELETE", "/api/v1/webhooks/{}", sc_h_webhook_delete, A, false, NULL, NULL, false},
    {"GET", "/api/v1/webhooks/{}/deliveries", sc_h_webhook_deliveries, A, false, q_limit, NULL,
     false},
    {"GET", "/api/v1/quarters/{}/report", sc_h_report, R, false, q_report, NULL, false},
    /* the deployment's own routes (never under an organisation's prefix:
     * dispatch.c): GET as public as the reads, POST for a deployment key */
    {"GET", "/api/v1/orgs", sc_h_orgs_list, R, false, NULL, NULL, false},
    {"POST", "/api/v1/orgs", sc_h_orgs_post, A, true, NULL, NULL, false},
};

const size_t sc_route_count = sizeof sc_routes / sizeof *sc_routes;
