/* figure.c - the registry of figure kinds and the one write path
 * (figure.h). */
#include "figure.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "lock.h"

/* ---- how each kind is snapshot ---- */

#define RESULT_JSON                                                                          \
    "json_object('availability', availability, 'value', value, 'value_given', value_given,"  \
    " 'numerator', numerator, 'denominator', denominator, 'reason', reason,"                 \
    " 'commentary', commentary, 'created_at', created_at, 'updated_at', updated_at,"         \
    " 'updated_by', updated_by)"

static const char snap_result[] = "SELECT " RESULT_JSON " FROM results"
                                  " WHERE quarter = ?1 AND indicator_code = ?2";
static const char snap_target[] =
    "SELECT json_object('target', target, 'tolerance', tolerance, 'updated_at', updated_at,"
    " 'updated_by', updated_by) FROM targets WHERE from_quarter = ?1 AND indicator_code = ?2";
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
    "  'variance_net', l.variance_net, 'covid_variance_net', l.covid_variance_net))"
    "  FROM (SELECT * FROM finance_lines WHERE quarter = s.quarter ORDER BY position) l))"
    " FROM finance_statements s WHERE s.quarter = ?1 AND ?2 IS ?2";
static const char snap_benchmark[] =
    "SELECT json_object('national', national, 'regional', regional,"
    " 'statistical_neighbours', statistical_neighbours, 'regional_rank', regional_rank,"
    " 'regional_count', regional_count, 'source', source, 'period', period,"
    " 'updated_at', updated_at, 'updated_by', updated_by)"
    " FROM benchmarks WHERE quarter = ?1 AND indicator_code = ?2";

/* ---- how each kind is read as of an instant ----
 *
 * Each revision knows the interval in which it was in force: from its own
 * time (at) to the time of the next revision of the same figure (valid_to,
 * NULL while it is the latest; migration 7). A TEMP view named like a
 * figure table and holding the revisions in force at the instant in
 * temp.as_of_at then stands in for the table: SQLite (and PostgreSQL's
 * pg_temp) resolves unqualified names to the temporary schema first, so
 * every ordinary query reads the past through the revisions' indexes, and
 * nothing is copied. Rolling the read transaction back drops the views. */
#define AT "(SELECT t FROM temp.as_of_at)"
#define IN_FORCE(kind)                                                                       \
    " FROM main.revisions r WHERE r.kind = '" kind "' AND r.new IS NOT NULL"                 \
    " AND r.at <= " AT " AND (r.valid_to IS NULL OR r.valid_to > " AT ")"
#define J(member) "json_extract(r.new, '$." member "')"

static const char *const views_result[] = {
    "CREATE TEMP VIEW results AS SELECT r.quarter AS quarter, r.code AS indicator_code, " J(
        "availability") " AS availability, " J("value") " AS value, " J(
        "value_given") " AS value_given, " J("numerator") " AS numerator, " J(
        "denominator") " AS denominator, " J("reason") " AS reason, " J(
        "commentary") " AS commentary, " J("created_at") " AS created_at, " J(
        "updated_at") " AS updated_at, " J("updated_by") " AS updated_by" IN_FORCE("result"),
    NULL};
static const char *const views_target[] = {
    "CREATE TEMP VIEW targets AS SELECT r.code AS indicator_code, r.quarter AS from_quarter, " J(
        "target") " AS target, " J("tolerance") " AS tolerance, " J(
        "updated_at") " AS updated_at, " J("updated_by") " AS updated_by" IN_FORCE("target"),
    NULL};
static const char *const views_demand[] = {
    "CREATE TEMP VIEW demand_values AS SELECT r.quarter AS quarter, r.code AS measure_code, " J(
        "value") " AS value, " J("updated_at") " AS updated_at, " J(
        "updated_by") " AS updated_by" IN_FORCE("demand"),
    NULL};
#define L(member) "json_extract(l.value, '$." member "') AS " member
static const char *const views_finance[] = {
    "CREATE TEMP VIEW finance_statements AS SELECT r.quarter AS quarter, " J(
        "units") " AS units, " J("as_at") " AS as_at, " J("updated_at") " AS updated_at, " J(
        "updated_by") " AS updated_by" IN_FORCE("finance"),
    "CREATE TEMP VIEW finance_lines AS SELECT r.quarter AS quarter, " L("position") ", " L(
        "code") ", " L("name") ", " L("parent") ", " L("budget_gross") ", " L(
        "budget_income") ", " L("budget_net") ", " L("outturn_gross") ", " L(
        "outturn_income") ", " L("outturn_net") ", " L("variance_gross") ", " L(
        "variance_income") ", " L("variance_net") ", " L("covid_variance_net")
    " FROM main.revisions r, json_each(r.new, '$.lines') l WHERE r.kind = 'finance'"
    " AND r.new IS NOT NULL AND r.at <= " AT " AND (r.valid_to IS NULL OR r.valid_to > " AT
    ")",
    NULL};
static const char *const views_benchmark[] = {
    "CREATE TEMP VIEW benchmarks AS SELECT r.quarter AS quarter, r.code AS indicator_code, " J(
        "national") " AS national, " J("regional") " AS regional, " J(
        "statistical_neighbours") " AS statistical_neighbours, " J(
        "regional_rank") " AS regional_rank, " J("regional_count") " AS regional_count, " J(
        "source") " AS source, " J("period") " AS period, " J(
        "updated_at") " AS updated_at, " J("updated_by") " AS updated_by" IN_FORCE("benchmark"),
    NULL};

static const char locks_now[] =
    "a sign-off is about the quarter now: a read as of an earlier instant still says "
    "whether the quarter is locked today";

const sc_figure_kind sc_figure_kinds[SC_REV_N] = {
    [SC_REV_RESULT] = {"result", snap_result, SC_AS_OF_KPI, views_result, NULL},
    [SC_REV_TARGET] = {"target", snap_target, SC_AS_OF_KPI, views_target, NULL},
    [SC_REV_DEMAND] = {"demand", snap_demand, SC_AS_OF_DEMAND, views_demand, NULL},
    [SC_REV_FINANCE] = {"finance", snap_finance, SC_AS_OF_FINANCE, views_finance, NULL},
    [SC_REV_BENCHMARK] = {"benchmark", snap_benchmark, SC_AS_OF_KPI, views_benchmark, NULL},
    [SC_REV_LOCK] = {"lock", NULL, 0, NULL, locks_now},
    [SC_REV_UNLOCK] = {"unlock", NULL, 0, NULL, locks_now},
};

sc_rc sc_figure_kinds_check(sc_errors *errs)
{
    for (int i = 0; i < SC_REV_N; i++) {
        const sc_figure_kind *k = &sc_figure_kinds[i];
        bool views = k->as_of_views && k->as_of_views[0];
        if (!k->key || views == (k->as_of_now_because != NULL) || (views && !k->as_of)) {
            sc_errors_set_message(errs,
                                  "figure kind %d (%s) has no as_of rule, or two: give it "
                                  "TEMP views or the reason reads show it as it is now",
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
    if (rc == SC_OK && c->remove)
        *what = SC_WRITE_UPDATED;
    free(old);
    free(now);
    return rc;
}
