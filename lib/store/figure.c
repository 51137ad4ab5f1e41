/* figure.c - the registry of figure kinds and the one write path
 * (figure.h). */
#include "figure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "lock.h"

/* ---- how each kind is snapshot ---- */

#define RESULT_JSON                                                                                \
    "json_object('availability', availability, 'value', value, 'value_given', value_given,"        \
    " 'numerator', numerator, 'denominator', denominator, 'count', count, 'reason', reason,"       \
    " 'commentary', commentary, 'created_at', created_at, 'updated_at', updated_at,"               \
    " 'updated_by', updated_by, 'year_to_date', year_to_date)"

static const char snap_result[] = "SELECT " RESULT_JSON " FROM results"
                                  " WHERE quarter = ?1 AND indicator_code = ?2";
static const char snap_target[] =
    "SELECT json_object('target', target, 'tolerance', tolerance, 'source', source,"
    " 'rationale', rationale, 'approved_by', approved_by, 'review_by', review_by,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM targets WHERE from_quarter = ?1 AND indicator_code = ?2";
static const char snap_demand[] =
    "SELECT json_object('value', value, 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM demand_values WHERE quarter = ?1 AND measure_code = ?2";
static const char snap_finance[] =
    "SELECT json_object('units', s.units, 'as_at', s.as_at, 'updated_at', s.updated_at,"
    " 'updated_by', s.updated_by, 'lines', (SELECT json_group_array(json_object("
    "  'position', l.position, 'code', l.code, 'name', l.name, 'parent', l.parent,"
    "  'budget_gross', l.budget_gross, 'budget_income', l.budget_income,"
    "  'budget_net', l.budget_net, 'outturn_gross', l.outturn_gross,"
    "  'outturn_income', l.outturn_income, 'outturn_net', l.outturn_net,"
    "  'variance_gross', l.variance_gross, 'variance_income', l.variance_income,"
    "  'variance_net', l.variance_net, 'covid_variance_net', l.covid_variance_net,"
    "  'variance_only', l.variance_only, 'exclusion_reason', l.exclusion_reason))"
    "  FROM (SELECT * FROM finance_lines WHERE quarter = s.quarter AND month = s.month"
    "  ORDER BY position) l),"
    " 'totals', CASE WHEN s.total_budget_gross IS NULL THEN NULL ELSE json_object("
    "  'budget_gross', s.total_budget_gross, 'budget_income', s.total_budget_income,"
    "  'budget_net', s.total_budget_net, 'outturn_gross', s.total_outturn_gross,"
    "  'outturn_income', s.total_outturn_income, 'outturn_net', s.total_outturn_net,"
    "  'variance_gross', s.total_variance_gross, 'variance_income', s.total_variance_income,"
    "  'variance_net', s.total_variance_net, 'covid_variance_net', s.total_covid_variance_net)"
    " END)"
    " FROM finance_statements s WHERE s.quarter = ?1 AND s.month = ?2";
static const char snap_risk_share[] =
    "SELECT json_object('council_pct', council_pct, 'trust_pct', trust_pct,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM risk_shares WHERE year = ?1 AND ?2 IS ?2";
static const char snap_benchmark[] =
    "SELECT json_object('national', national, 'regional', regional,"
    " 'statistical_neighbours', statistical_neighbours, 'regional_rank', regional_rank,"
    " 'regional_count', regional_count, 'source', source, 'period', period,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM benchmarks WHERE quarter = ?1 AND indicator_code = ?2";
static const char snap_placement[] =
    "SELECT json_object('count', count, 'budgeted_count', budgeted_count, 'contract_count',"
    " contract_count, 'average_weekly_cost', average_weekly_cost, 'budgeted_weekly_cost',"
    " budgeted_weekly_cost, 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM placements WHERE quarter = ?1 AND type_code = ?2";
static const char snap_population[] =
    "SELECT json_object('children', children, 'updated_at', updated_at, 'updated_by',"
    " updated_by) FROM populations WHERE first_quarter = ?1 AND ?2 IS ?2";
static const char snap_demand_benchmark[] =
    "SELECT json_object('national', national, 'regional', regional,"
    " 'statistical_neighbours', statistical_neighbours, 'regional_rank', regional_rank,"
    " 'regional_count', regional_count, 'source', source, 'period', period,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM demand_benchmarks WHERE quarter = ?1 AND measure_code = ?2";

static const char snap_outturn[] =
    "SELECT json_object('value', value, 'value_given', value_given, 'numerator', numerator,"
    " 'denominator', denominator, 'commentary', commentary, 'updated_at', updated_at,"
    " 'updated_by', updated_by) FROM outturns WHERE quarter = ?1 AND indicator_code = ?2";

/* ---- every version of a figure, and reading it as of an instant ----
 *
 * Each figure table has a history table (migration 7) holding every
 * version of its rows with the interval in which it was in force: from
 * the time of the write that made it (valid_from, the time of its
 * revision) to the time of the next (valid_to, NULL while it is current).
 * Every write closes the figure's current versions and copies its rows as
 * they now are (the statements below, with ?1 quarter, ?2 code, ?3 the id
 * of the write's revision, whose time dates both: an as_of at that
 * millisecond sees the revision and the version, or neither).
 *
 * An as_of read creates TEMP views named like the figure tables that
 * select the versions in force at the instant in temp.as_of_at: SQLite
 * resolves unqualified names to the temporary schema first (PostgreSQL
 * once sc_db_shadow puts pg_temp first in its search path), so every ordinary query reads the past
 * through the history's indexes, as fast as a read of now, and nothing is copied. Rolling the read
 * transaction back drops the views. */
#define IN_FORCE                                                                                   \
    " WHERE valid_from <= (SELECT t FROM temp.as_of_at)"                                           \
    " AND (valid_to IS NULL OR valid_to > (SELECT t FROM temp.as_of_at))"
#define AT_OF_REVISION "(SELECT at FROM revisions WHERE id = ?3)"
#define CLOSE(table, key)                                                                          \
    "UPDATE " table "_history SET valid_to = " AT_OF_REVISION " WHERE " key " AND valid_to IS "    \
    "NULL"
#define COPY(table, cols, key)                                                                     \
    "INSERT INTO " table "_history (" cols ", valid_from) SELECT " cols ", " AT_OF_REVISION        \
    " FROM " table " WHERE " key
#define VIEW(table, cols)                                                                          \
    "CREATE TEMP VIEW " table " AS SELECT " cols " FROM main." table "_history" IN_FORCE

#define RESULT_COLS                                                                                \
    "quarter, indicator_code, availability, value, value_given, numerator, denominator,"           \
    " reason, commentary, created_at, updated_at, updated_by, count, year_to_date"
#define RESULT_KEY "quarter = ?1 AND indicator_code = ?2"
#define TARGET_COLS                                                                                \
    "indicator_code, from_quarter, target, tolerance, updated_at, updated_by, source, rationale,"  \
    " approved_by, review_by"
#define TARGET_KEY "from_quarter = ?1 AND indicator_code = ?2"
#define DEMAND_COLS "quarter, measure_code, value, updated_at, updated_by"
#define DEMAND_KEY "quarter = ?1 AND measure_code = ?2"
#define STATEMENT_COLS                                                                             \
    "quarter, month, units, as_at, updated_at, updated_by, total_budget_gross,"                    \
    " total_budget_income,"                                                                        \
    " total_budget_net, total_outturn_gross, total_outturn_income, total_outturn_net,"             \
    " total_variance_gross, total_variance_income, total_variance_net, total_covid_variance_net"
#define LINE_COLS                                                                                  \
    "quarter, month, position, code, name, parent, budget_gross, budget_income, budget_net,"       \
    " outturn_gross, outturn_income, outturn_net, variance_gross, variance_income,"                \
    " variance_net, covid_variance_net, variance_only, exclusion_reason"
#define FINANCE_KEY "quarter = ?1 AND month = ?2"
#define RISK_SHARE_COLS "year, council_pct, trust_pct, updated_at, updated_by"
#define RISK_SHARE_KEY "year = ?1 AND ?2 IS ?2"
#define BENCHMARK_COLS                                                                             \
    "quarter, indicator_code, national, regional, statistical_neighbours, regional_rank,"          \
    " regional_count, source, period, updated_at, updated_by"
#define BENCHMARK_KEY "quarter = ?1 AND indicator_code = ?2"
#define PLACEMENT_COLS                                                                             \
    "quarter, type_code, count, budgeted_count, contract_count, average_weekly_cost,"              \
    " budgeted_weekly_cost, updated_at, updated_by"
#define PLACEMENT_KEY "quarter = ?1 AND type_code = ?2"
#define POPULATION_COLS "first_quarter, children, updated_at, updated_by"
#define POPULATION_KEY "first_quarter = ?1 AND ?2 IS ?2"
#define DEMAND_BENCHMARK_COLS                                                                      \
    "quarter, measure_code, national, regional, statistical_neighbours, regional_rank,"            \
    " regional_count, source, period, updated_at, updated_by"
#define DEMAND_BENCHMARK_KEY "quarter = ?1 AND measure_code = ?2"
#define OUTTURN_COLS                                                                               \
    "quarter, indicator_code, value, value_given, numerator, denominator, commentary,"             \
    " updated_at, updated_by"
#define OUTTURN_KEY "quarter = ?1 AND indicator_code = ?2"

static const char *const history_result[] = {CLOSE("results", RESULT_KEY),
                                             COPY("results", RESULT_COLS, RESULT_KEY), NULL};
static const char *const views_result[] = {VIEW("results", RESULT_COLS), NULL};
static const char *const history_target[] = {CLOSE("targets", TARGET_KEY),
                                             COPY("targets", TARGET_COLS, TARGET_KEY), NULL};
static const char *const views_target[] = {VIEW("targets", TARGET_COLS), NULL};
static const char *const history_demand[] = {CLOSE("demand_values", DEMAND_KEY),
                                             COPY("demand_values", DEMAND_COLS, DEMAND_KEY), NULL};
static const char *const views_demand[] = {VIEW("demand_values", DEMAND_COLS), NULL};
static const char *const history_finance[] = {
    CLOSE("finance_statements", FINANCE_KEY),
    COPY("finance_statements", STATEMENT_COLS, FINANCE_KEY), CLOSE("finance_lines", FINANCE_KEY),
    COPY("finance_lines", LINE_COLS, FINANCE_KEY), NULL};
static const char *const views_finance[] = {VIEW("finance_statements", STATEMENT_COLS),
                                            VIEW("finance_lines", LINE_COLS), NULL};
static const char *const history_benchmark[] = {
    CLOSE("benchmarks", BENCHMARK_KEY), COPY("benchmarks", BENCHMARK_COLS, BENCHMARK_KEY), NULL};
static const char *const views_benchmark[] = {VIEW("benchmarks", BENCHMARK_COLS), NULL};
static const char *const history_placement[] = {
    CLOSE("placements", PLACEMENT_KEY), COPY("placements", PLACEMENT_COLS, PLACEMENT_KEY), NULL};
static const char *const views_placement[] = {VIEW("placements", PLACEMENT_COLS), NULL};
static const char *const history_population[] = {
    CLOSE("populations", POPULATION_KEY), COPY("populations", POPULATION_COLS, POPULATION_KEY),
    NULL};
static const char *const views_population[] = {VIEW("populations", POPULATION_COLS), NULL};
static const char *const history_demand_benchmark[] = {
    CLOSE("demand_benchmarks", DEMAND_BENCHMARK_KEY),
    COPY("demand_benchmarks", DEMAND_BENCHMARK_COLS, DEMAND_BENCHMARK_KEY), NULL};
static const char *const views_demand_benchmark[] = {
    VIEW("demand_benchmarks", DEMAND_BENCHMARK_COLS), NULL};
static const char *const history_outturn[] = {CLOSE("outturns", OUTTURN_KEY),
                                              COPY("outturns", OUTTURN_COLS, OUTTURN_KEY), NULL};
static const char *const views_outturn[] = {VIEW("outturns", OUTTURN_COLS), NULL};

static const char *const history_risk_share[] = {
    CLOSE("risk_shares", RISK_SHARE_KEY), COPY("risk_shares", RISK_SHARE_COLS, RISK_SHARE_KEY),
    NULL};
static const char *const views_risk_share[] = {VIEW("risk_shares", RISK_SHARE_COLS), NULL};
/* the cycle (store_calendar.c, store_question.c): the snapshot is the row
 * as JSON, so every edit of a calendar or a question leaves its before and
 * after in the revisions */
static const char snap_calendar[] =
    "SELECT json_object('return_due', c.return_due, 'updated_at', c.updated_at,"
    " 'updated_by', c.updated_by, 'meetings', (SELECT json_group_array(json_object("
    "  'date', m.date, 'kind', m.kind, 'name', m.name))"
    "  FROM (SELECT * FROM quarter_meetings WHERE quarter = c.quarter ORDER BY position) m))"
    " FROM quarter_calendars c WHERE c.quarter = ?1 AND ?2 IS ?2";
static const char snap_question[] =
    "SELECT json_object('text', text, 'asked_by', asked_by, 'indicator', indicator_code,"
    " 'line', line_code, 'due_by', due_by, 'asked_at', asked_at, 'answer', answer,"
    " 'answered_by', answered_by, 'answered_at', answered_at,"
    " 'answer_revision', answer_revision)"
    " FROM questions WHERE quarter = ?1 AND id = CAST(?2 AS INTEGER)";
static const char cycle_now[] =
    "the cycle (when returns are due, meetings, questions and answers) is about what is to be "
    "done now: every edit is a revision, and reads as of an earlier instant show it as it is";

static const char locks_now[] =
    "a sign-off is about the quarter now: a read as of an earlier instant still says "
    "whether the quarter is locked today";

const sc_figure_kind sc_figure_kinds[SC_REV_N] = {
    [SC_REV_RESULT] = {"result", snap_result, history_result, SC_AS_OF_KPI, views_result, NULL},
    [SC_REV_TARGET] = {"target", snap_target, history_target, SC_AS_OF_KPI, views_target, NULL},
    [SC_REV_DEMAND] = {"demand", snap_demand, history_demand, SC_AS_OF_DEMAND, views_demand, NULL},
    [SC_REV_FINANCE] = {"finance", snap_finance, history_finance, SC_AS_OF_FINANCE, views_finance,
                        NULL},
    [SC_REV_BENCHMARK] = {"benchmark", snap_benchmark, history_benchmark, SC_AS_OF_KPI,
                          views_benchmark, NULL},
    [SC_REV_OUTTURN] = {"outturn", snap_outturn, history_outturn, SC_AS_OF_KPI, views_outturn,
                        NULL},
    [SC_REV_LOCK] = {"lock", NULL, NULL, 0, NULL, locks_now},
    [SC_REV_UNLOCK] = {"unlock", NULL, NULL, 0, NULL, locks_now},
    [SC_REV_PLACEMENT] = {"placement", snap_placement, history_placement, SC_AS_OF_PLACEMENT,
                          views_placement, NULL},
    /* populations and comparator rates are read with the demand view */
    [SC_REV_POPULATION] = {"population", snap_population, history_population, SC_AS_OF_DEMAND,
                           views_population, NULL},
    [SC_REV_DEMAND_BENCHMARK] = {"demand_benchmark", snap_demand_benchmark,
                                 history_demand_benchmark, SC_AS_OF_DEMAND, views_demand_benchmark,
                                 NULL},
    [SC_REV_RISK_SHARE] = {"risk_share", snap_risk_share, history_risk_share, SC_AS_OF_FINANCE,
                           views_risk_share, NULL},
    [SC_REV_CALENDAR] = {"calendar", snap_calendar, NULL, 0, NULL, cycle_now},
    [SC_REV_QUESTION] = {"question", snap_question, NULL, 0, NULL, cycle_now},
};

sc_rc sc_figure_kinds_check(sc_errors *errs)
{
    for (int i = 0; i < SC_REV_N; i++) {
        const sc_figure_kind *k = &sc_figure_kinds[i];
        bool views = k->as_of_views && k->as_of_views[0];
        bool history = k->history && k->history[0];
        if (!k->key || views == (k->as_of_now_because != NULL) || (views && !k->as_of) ||
            views != history) {
            sc_errors_set_message(errs,
                                  "figure kind %d (%s) has no as_of rule, or two: give it "
                                  "history statements and TEMP views, or the reason reads "
                                  "show it as it is now",
                                  i, k->key ? k->key : "no key");
            return SC_EINVALID;
        }
    }
    return SC_OK;
}

/* ---- the write path ---- */

/* The stored figure as JSON text (caller frees); *out NULL when none. */
static sc_rc snapshot(sc_db *db, const sc_figure_change *c, char **out)
{
    *out = NULL;
    return sc_revision_snapshot(db, c->kind, c->q, c->code, out);
}

static sc_rc record_history(sc_db *db, const sc_figure_change *c, int64_t revision)
{
    const char *const *sql = sc_figure_kinds[c->kind].history;
    for (; sql && *sql; sql++) {
        sc_stmt *st = sc_db_stmt(db, *sql);
        if (!st)
            return SC_EDB;
        sc_stmt_bind_int(st, 1, c->q);
        sc_stmt_bind_text(st, 2, c->code);
        sc_stmt_bind_int64(st, 3, revision);
        if (sc_stmt_run(st) != SC_OK)
            return SC_EDB;
    }
    return SC_OK;
}

sc_rc sc_figure_write(sc_db *db, const sc_figure_change *c, sc_write *what)
{
    char *old = NULL, *now = NULL;
    sc_rc rc = c->lock_check ? c->lock_check(db, c) : sc_lock_check(db, c->q);
    if (rc == SC_OK && !c->remove)
        rc = c->compare(db, c, what);
    if (rc != SC_OK || (!c->remove && *what == SC_WRITE_UNCHANGED))
        return rc;
    rc = snapshot(db, c, &old);
    if (rc == SC_OK && c->remove && !old && sc_figure_kinds[c->kind].snapshot)
        rc = SC_ENOTFOUND;
    if (rc == SC_OK)
        rc = c->write(db, c);
    if (rc == SC_OK)
        rc = snapshot(db, c, &now);
    if (rc == SC_OK)
        rc = sc_revision_add(db, c->kind, c->q, c->code, c->by, old,
                             sc_figure_kinds[c->kind].snapshot ? now : c->note);
    if (rc == SC_OK)
        rc = record_history(db, c, sc_db_last_id(db));
    if (rc == SC_OK && c->remove)
        *what = SC_WRITE_UPDATED;
    free(old);
    free(now);
    return rc;
}
