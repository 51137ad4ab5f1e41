/* demand.c - demand measures, values and % changes (see demand.h). */
#include "demand.h"

#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"
#include "num.h"

const char *const sc_demand_kind_keys[SC_DEMAND_KIND_N] = {"flow", "snapshot"};

long sc_demand_measures_find(const sc_demand_measures *m, const char *code)
{
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->items[i].code, code) == 0)
            return (long)i;
    return -1;
}

void sc_demand_measures_clear(sc_demand_measures *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->count; i++) {
        free(m->items[i].code);
        free(m->items[i].name);
    }
    free(m->items);
    m->items = NULL;
    m->count = 0;
}

json_t *sc_demand_measure_to_json(const sc_demand_measure *m)
{
    return json_pack("{s:s, s:s, s:i, s:s}", "code", m->code, "name", m->name, "position",
                     m->position, "kind", sc_demand_kind_keys[m->kind]);
}

sc_rc sc_demand_measure_from_json(const json_t *doc, const char *code, const char **name,
                                  int *position, int *kind, sc_errors *errs)
{
    return sc_jv_named_enum(doc, code, "kind", sc_demand_kind_keys, SC_DEMAND_KIND_N, name,
                            position, kind, errs);
}

sc_rc sc_demand_value_from_json(const json_t *doc, const char *base, const char *extra_member,
                                int64_t *value, sc_errors *errs)
{
    const char *const members[] = {"value", extra_member, NULL};
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    sc_jv_int(doc, base, "value", true, 0, SC_DEMAND_MAX_VALUE, value, errs);
    return errs->count > before ? SC_EINVALID : SC_OK;
}

bool sc_demand_change(bool has_value, int64_t value, bool has_base, int64_t base, int decimals,
                      double *out)
{
    int64_t scaled;
    if (!has_value || !has_base || base == 0 ||
        !sc_num_div_scaled((value - base) * 100, base, decimals, &scaled))
        return false;
    *out = sc_num_unscale(scaled, decimals);
    return true;
}

static json_t *count_or_null(bool has, int64_t v)
{
    return has ? json_integer(v) : json_null();
}

bool sc_demand_row_change(const sc_demand_row *row, int base, int decimals, double *out)
{
    return sc_demand_change(row->has[0], row->value[0], row->has[base], row->value[base], decimals,
                            out);
}

static json_t *change_json(const sc_demand_row *row, int base, int decimals)
{
    double pct;
    if (!sc_demand_row_change(row, base, decimals, &pct))
        return json_null();
    return decimals == 0 ? json_integer((json_int_t)pct) : json_real(pct);
}

json_t *sc_demand_row_to_json(const sc_demand_row *row, int decimals)
{
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "code",
                     row->measure->code, "name", row->measure->name, "value",
                     count_or_null(row->has[0], row->value[0]), "previous_quarter_value",
                     count_or_null(row->has[1], row->value[1]), "same_quarter_last_year_value",
                     count_or_null(row->has[2], row->value[2]), "change_vs_previous_quarter_pct",
                     change_json(row, 1, decimals), "change_vs_same_quarter_last_year_pct",
                     change_json(row, 2, decimals), "restated", row->restated,
                     "first_reported_value",
                     row->restated ? json_integer(row->first_value) : json_null(), "rate_per_10k",
                     row->has_rate ? json_real(row->rate) : json_null(), "benchmarks",
                     row->benchmark ? sc_benchmark_rates_to_json(row->benchmark,
                                                                 row->has_rate ? &row->rate : NULL)
                                    : json_null());
}
