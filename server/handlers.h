/* handlers.h - the endpoint handlers named in the route table. */
#ifndef SC_HANDLERS_H
#define SC_HANDLERS_H

#include "indicator.h"
#include "lock.h"
#include "req.h"

/* h_orgs.c */
void sc_h_orgs_list(sc_req *req);
void sc_h_orgs_post(sc_req *req);

/* h_meta.c */
void sc_h_healthz(sc_req *req);
void sc_h_metrics(sc_req *req);
void sc_h_index(sc_req *req);
void sc_h_areas_list(sc_req *req);
void sc_h_area_get(sc_req *req);
void sc_h_area_put(sc_req *req);

/* h_indicators.c */
void sc_h_indicators_list(sc_req *req);
void sc_h_indicator_get(sc_req *req);
void sc_h_indicator_put(sc_req *req);
void sc_h_indicator_delete(sc_req *req);
void sc_h_targets_list(sc_req *req);
void sc_h_target_get(sc_req *req);
void sc_h_target_put(sc_req *req);
void sc_h_target_delete(sc_req *req);

/* h_quarters.c */
void sc_h_quarter_indicators(sc_req *req);
void sc_h_result_get(sc_req *req);
void sc_h_result_put(sc_req *req);
void sc_h_summary(sc_req *req);

/* h_explain.c */
void sc_h_explanation(sc_req *req);
void sc_h_changes(sc_req *req);
/* h_cycle.c */
void sc_h_calendar_get(sc_req *req);
void sc_h_calendar_put(sc_req *req);
void sc_h_questions_list(sc_req *req);
void sc_h_question_get(sc_req *req);
void sc_h_question_post(sc_req *req);
void sc_h_question_answer(sc_req *req);

/* h_webhooks.c */
void sc_h_webhooks_list(sc_req *req);
void sc_h_webhook_get(sc_req *req);
void sc_h_webhook_post(sc_req *req);
void sc_h_webhook_delete(sc_req *req);
void sc_h_webhook_deliveries(sc_req *req);

/* h_demand.c */
void sc_h_demand_measures(sc_req *req);
void sc_h_demand_measure_get(sc_req *req);
void sc_h_demand_measure_put(sc_req *req);
void sc_h_demand_quarter(sc_req *req);
void sc_h_demand_get(sc_req *req);
void sc_h_demand_put(sc_req *req);
void sc_h_demand_table(sc_req *req);

/* h_placements.c */
void sc_h_placement_types(sc_req *req);
void sc_h_placement_type_get(sc_req *req);
void sc_h_placement_type_put(sc_req *req);
void sc_h_placements_quarter(sc_req *req);
void sc_h_placement_get(sc_req *req);
void sc_h_placement_put(sc_req *req);
void sc_h_populations(sc_req *req);
void sc_h_population_get(sc_req *req);
void sc_h_population_put(sc_req *req);
void sc_h_demand_benchmarks_get(sc_req *req);
void sc_h_demand_benchmarks_put(sc_req *req);

/* h_finance.c */
void sc_h_finance_get(sc_req *req);
void sc_h_finance_put(sc_req *req);

/* h_risk_shares.c */
void sc_h_risk_shares_list(sc_req *req);
void sc_h_risk_share_get(sc_req *req);
void sc_h_risk_share_put(sc_req *req);

/* h_return.c */
void sc_h_return_put(sc_req *req);
void sc_h_return_template(sc_req *req);

/* h_docs.c */
void sc_h_openapi(sc_req *req);
void sc_h_docs(sc_req *req);
void sc_h_docs_css(sc_req *req);
void sc_h_docs_js(sc_req *req);

/* h_dashboard.c */
void sc_h_dashboard(sc_req *req);
void sc_h_dashboard_js(sc_req *req);
void sc_h_dashboard_css(sc_req *req);

/* h_history.c */
void sc_h_history(sc_req *req);
void sc_h_revisions(sc_req *req);

/* h_benchmarks.c */
void sc_h_benchmarks_get(sc_req *req);
void sc_h_benchmarks_put(sc_req *req);

/* h_locks.c */
void sc_h_quarters_list(sc_req *req);
void sc_h_outturns_list(sc_req *req);
void sc_h_outturn_get(sc_req *req);
void sc_h_outturn_put(sc_req *req);
/* The indicator named code into *ind (clear it), or false after a 404 (or
 * a failure) reply. */
bool sc_h_load_indicator(sc_req *req, const char *code, sc_indicator *ind);
void sc_h_quarter_get(sc_req *req);
/* The quarter resource as GET /quarters/{q} answers it: q, its lock *l,
 * the pack of that lock and its state in the scrutiny cycle on the
 * request's day. SC_OK with a new reference in *out, else SC_EDB /
 * SC_ENOMEM and *out NULL. Shared by the quarter, its lock and the list. */
sc_rc sc_h_quarter_json(sc_req *req, sc_period q, const sc_lock *l, json_t **out);
void sc_h_quarter_lock(sc_req *req);
void sc_h_quarter_unlock(sc_req *req);

/* h_report.c */
void sc_h_report(sc_req *req);

/* Shared by handlers: parse the category / service_area query filters.
 * On a bad value replies 400 and returns false. */
bool sc_h_filters(sc_req *req, int *category, const char **service_area);

#endif
