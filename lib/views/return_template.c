/* return_template.c - the quarterly return as a form (return_template.h). */
#include "return_template.h"

#include <string.h>

#include "demand.h"
#include "finance.h"
#include "history.h"
#include "jv.h"
#include "placement_view.h"
#include "quarter.h"
#include "store_demand.h"
#include "store_finance.h"
#include "store_kpi.h"

/* How many quarters back a finance statement is looked for. */
#define FINANCE_LOOKBACK 4

static int add(json_t *items, const char *section, const char *code, const char *name,
               const char *field, json_t *value, json_t *previous)
{
    json_t *it = json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "section", section, "code",
                           sc_jv_new_string_or_null(code), "name", sc_jv_new_string_or_null(name),
                           "field", field, "value", value ? value : json_null(), "previous_value",
                           previous ? previous : json_null());
    return it ? json_array_append_new(items, it) : -1;
}

static sc_rc add_indicators(sc_db *db, sc_period q, json_t *items)
{
    sc_quarter view;
    sc_rc rc = sc_store_quarter(db, q, NULL, &view);
    if (rc != SC_OK)
        return rc;
    rc = sc_history_contexts(db, &view);
    /* count (the number behind a percentage) only where there is a percentage */
    static const char *const fields[] = {"value", "numerator", "denominator", "count",
                                         "commentary"};
    for (size_t i = 0; rc == SC_OK && i < view.count; i++) {
        const sc_quarter_row *r = &view.rows[i];
        for (size_t f = 0; rc == SC_OK && f < sizeof fields / sizeof *fields; f++) {
            if (strcmp(fields[f], "count") == 0 && r->ind.unit != SC_UNIT_PERCENT)
                continue;
            json_t *prev =
                f == 0 && r->ctx.has_previous ? sc_jv_new_number(r->ctx.previous_value) : NULL;
            if (add(items, "indicator", r->ind.code, r->ind.name, fields[f], NULL, prev) != 0)
                rc = SC_ENOMEM;
        }
    }
    sc_quarter_clear(&view);
    return rc;
}

typedef struct {
    const char *code;
    sc_period q;
    bool found;
    int64_t value;
} demand_find;

static void find_value(void *cls, const char *code, sc_period p, int64_t value)
{
    demand_find *d = cls;
    if (p == d->q && strcmp(code, d->code) == 0) {
        d->found = true;
        d->value = value;
    }
}

static sc_rc add_demand(sc_db *db, sc_period q, json_t *items)
{
    sc_demand_measures m = {0};
    sc_rc rc = sc_store_demand_measures(db, &m);
    for (size_t i = 0; rc == SC_OK && i < m.count; i++) {
        demand_find d = {m.items[i].code, q - 1, false, 0};
        rc = sc_store_demand_values(db, q - 1, q - 1, find_value, &d);
        if (rc == SC_OK && add(items, "demand", m.items[i].code, m.items[i].name, "value", NULL,
                               d.found ? json_integer(d.value) : NULL) != 0)
            rc = SC_ENOMEM;
    }
    sc_demand_measures_clear(&m);
    return rc;
}

static const sc_finance_line *line_of(const sc_finance *f, const char *code)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (strcmp(f->lines[i].code, code) == 0)
            return &f->lines[i];
    return NULL;
}

/* One line's rows; prev is the same line in last quarter's statement. */
static sc_rc add_line(json_t *items, const sc_finance_line *l, const sc_finance_line *prev)
{
    static const char *const money[] = {"budget_gross",  "budget_income",  "budget_net",
                                        "outturn_gross", "outturn_income", "outturn_net"};
    int bad = add(items, "finance_line", l->code, l->name, "name", json_string(l->name), NULL);
    if (l->parent)
        bad |= add(items, "finance_line", l->code, l->name, "parent", json_string(l->parent), NULL);
    if (!l->has_budget) {
        /* a sub-heading that carries only its variance: that is what to fill in */
        bool was = prev && prev->has_variance;
        bad |= add(items, "finance_line", l->code, l->name, "variance_net", NULL,
                   was ? sc_jv_new_number(prev->variance.net) : NULL);
        bad |= add(items, "finance_line", l->code, l->name, "covid_variance_net", NULL,
                   was && prev->has_covid ? sc_jv_new_number(prev->covid_variance_net) : NULL);
        return bad ? SC_ENOMEM : SC_OK;
    }
    for (size_t k = 0; k < sizeof money / sizeof *money; k++) {
        double was = 0;
        if (prev) {
            const double vals[] = {prev->budget.gross,  prev->budget.income,  prev->budget.net,
                                   prev->outturn.gross, prev->outturn.income, prev->outturn.net};
            was = vals[k];
        }
        bad |= add(items, "finance_line", l->code, l->name, money[k], NULL,
                   prev ? sc_jv_new_number(was) : NULL);
    }
    return bad ? SC_ENOMEM : SC_OK;
}

/* The statement's lines: those of the latest statement at or before q,
 * each with its figures in last quarter's statement beside it. */
static sc_rc add_finance(sc_db *db, sc_period q, json_t *items)
{
    sc_finance prev = {0};
    sc_rc rc = sc_store_finance_get(db, q - 1, &prev);
    bool has_prev = rc == SC_OK;
    if (rc != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    rc = SC_OK;
    for (sc_period p = q; p >= q - FINANCE_LOOKBACK && p >= SC_PERIOD_FIRST; p--) {
        sc_finance f;
        sc_rc got = sc_store_finance_get(db, p, &f);
        if (got == SC_ENOTFOUND)
            continue;
        if (got != SC_OK) {
            rc = got;
            break;
        }
        if (add(items, "finance", NULL, NULL, "units", json_string(sc_units_keys[f.units]), NULL) !=
                0 ||
            add(items, "finance", NULL, NULL, "as_at", NULL, NULL) != 0)
            rc = SC_ENOMEM;
        for (size_t i = 0; rc == SC_OK && i < f.count; i++)
            rc = add_line(items, &f.lines[i], has_prev ? line_of(&prev, f.lines[i].code) : NULL);
        sc_finance_clear(&f);
        break;
    }
    if (has_prev)
        sc_finance_clear(&prev);
    return rc;
}

/* Each rung's figures, beside last quarter's. */
static sc_rc add_placements(sc_db *db, sc_period q, json_t *items)
{
    static const char *const fields[] = {"count", "budgeted_count", "contract_count",
                                         "average_weekly_cost", "budgeted_weekly_cost"};
    sc_placement_view v;
    sc_rc rc = sc_placement_view_read(db, q, &v);
    for (size_t i = 0; rc == SC_OK && i < v.types.count; i++) {
        const sc_placement_type *t = &v.types.items[i];
        json_t *prev = v.has[i][SC_PLACEMENT_PREVIOUS]
                           ? sc_placement_row_to_json(t, &v.fig[i][SC_PLACEMENT_PREVIOUS], NULL)
                           : NULL;
        for (size_t f = 0; rc == SC_OK && f < sizeof fields / sizeof *fields; f++) {
            json_t *pv = json_object_get(prev, fields[f]);
            if (add(items, "placement", t->code, t->name, fields[f], NULL,
                    pv && !json_is_null(pv) ? json_incref(pv) : NULL) != 0)
                rc = SC_ENOMEM;
        }
        json_decref(prev);
    }
    sc_placement_view_clear(&v); /* zeroed when the read failed */
    return rc;
}

sc_rc sc_return_template_json(sc_db *db, sc_period q, json_t **out)
{
    json_t *items = json_array();
    if (!items)
        return SC_ENOMEM;
    sc_rc rc = add_indicators(db, q, items);
    if (rc == SC_OK)
        rc = add_demand(db, q, items);
    if (rc == SC_OK)
        rc = add_finance(db, q, items);
    if (rc == SC_OK)
        rc = add_placements(db, q, items);
    *out = rc == SC_OK ? json_pack("{s:o, s:o, s:o}", "quarter", sc_jv_new_period(q),
                                   "previous_quarter", sc_jv_new_period(q - 1), "items", items)
                       : NULL;
    if (rc != SC_OK)
        json_decref(items);
    return rc == SC_OK && !*out ? SC_ENOMEM : rc;
}
