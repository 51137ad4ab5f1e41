/* placement.c - placement types, placement figures and the care ladder's
 * arithmetic (see placement.h). */
#include "placement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "jv.h"
#include "num.h"

const char *const sc_placement_group_keys[SC_PLACEMENT_GROUP_N] = {"other", "fostering_in_house",
                                                                   "fostering_agency"};

void sc_placement_types_clear(sc_placement_types *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        free(t->items[i].code);
        free(t->items[i].name);
    }
    free(t->items);
    t->items = NULL;
    t->count = 0;
}

json_t *sc_placement_type_to_json(const sc_placement_type *t)
{
    return json_pack("{s:s, s:s, s:i, s:s}", "code", t->code, "name", t->name, "position",
                     t->position, "group", sc_placement_group_keys[t->group]);
}

sc_rc sc_placement_type_from_json(const json_t *doc, const char *code, const char **name,
                                  int *position, int *group, sc_errors *errs)
{
    return sc_jv_named_enum(doc, code, "group", sc_placement_group_keys, SC_PLACEMENT_GROUP_N, name,
                            position, group, errs);
}

/* A cost in pounds with at most two decimals, as pence. */
static bool cost(const json_t *doc, const char *base, const char *key, int64_t *pence,
                 sc_errors *errs)
{
    double x;
    if (sc_jv_number(doc, base, key, false, &x, errs) != SC_JV_OK)
        return false;
    int64_t milli;
    char ptr[256];
    snprintf(ptr, sizeof ptr, "%s/%s", base, key);
    if (x < 0 || x > SC_PLACEMENT_MAX_COST) {
        sc_errors_add(errs, ptr, "%s must be between 0 and %.0f pounds a week", key,
                      SC_PLACEMENT_MAX_COST);
        return false;
    }
    if (!sc_num_scale(x, 3, &milli) || milli % 10 != 0) {
        sc_errors_add(errs, ptr, "%s is in pounds and pence: at most two decimals", key);
        return false;
    }
    *pence = milli / 10;
    return true;
}

sc_rc sc_placement_from_json(const json_t *doc, const char *base, const char *extra_member,
                             sc_placement *out, sc_errors *errs)
{
    const char *const members[] = {"count",
                                   "budgeted_count",
                                   "contract_count",
                                   "average_weekly_cost",
                                   "budgeted_weekly_cost",
                                   extra_member,
                                   NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    sc_jv_int(doc, base, "count", true, 0, SC_PLACEMENT_MAX_COUNT, &out->count, errs);
    out->has_budgeted_count =
        sc_jv_int(doc, base, "budgeted_count", false, 0, SC_PLACEMENT_MAX_COUNT,
                  &out->budgeted_count, errs) == SC_JV_OK;
    out->has_contract_count =
        sc_jv_int(doc, base, "contract_count", false, 0, SC_PLACEMENT_MAX_COUNT,
                  &out->contract_count, errs) == SC_JV_OK;
    out->has_cost = cost(doc, base, "average_weekly_cost", &out->cost, errs);
    out->has_budgeted_cost = cost(doc, base, "budgeted_weekly_cost", &out->budgeted_cost, errs);
    return errs->count > before ? SC_EINVALID : SC_OK;
}

bool sc_placement_equal(const sc_placement *a, const sc_placement *b)
{
    return a->count == b->count && a->has_budgeted_count == b->has_budgeted_count &&
           (!a->has_budgeted_count || a->budgeted_count == b->budgeted_count) &&
           a->has_contract_count == b->has_contract_count &&
           (!a->has_contract_count || a->contract_count == b->contract_count) &&
           a->has_cost == b->has_cost && (!a->has_cost || a->cost == b->cost) &&
           a->has_budgeted_cost == b->has_budgeted_cost &&
           (!a->has_budgeted_cost || a->budgeted_cost == b->budgeted_cost);
}

void sc_placement_effects_of(const sc_placement *p, sc_placement_effects *out)
{
    memset(out, 0, sizeof *out);
    /* counts <= 1e6 and costs <= 1e8 pence: products fit in int64 */
    out->has_volume = p->has_budgeted_count && p->has_budgeted_cost;
    if (out->has_volume)
        out->volume = (p->count - p->budgeted_count) * p->budgeted_cost;
    out->has_price = p->has_cost && p->has_budgeted_cost;
    if (out->has_price)
        out->price = (p->cost - p->budgeted_cost) * p->count;
}

json_t *sc_placement_money_json(int64_t pence)
{
    return sc_jv_new_number(sc_num_unscale(pence, 2));
}

static json_t *int_or_null(bool has, int64_t v)
{
    return has ? json_integer(v) : json_null();
}

static json_t *money_or_null(bool has, int64_t pence, int64_t times)
{
    return has ? sc_placement_money_json(pence * times) : json_null();
}

static void set_effects(json_t *row, const sc_placement *p)
{
    sc_placement_effects e = {0};
    if (p)
        sc_placement_effects_of(p, &e);
    bool both = e.has_volume && e.has_price;
    static const char *const names[3][2] = {
        {"volume_effect_weekly", "volume_effect_quarter"},
        {"price_effect_weekly", "price_effect_quarter"},
        {"cost_effect_weekly", "cost_effect_quarter"},
    };
    const bool has[3] = {e.has_volume, e.has_price, both};
    const int64_t v[3] = {e.volume, e.price, e.volume + e.price};
    for (int i = 0; i < 3; i++) {
        json_object_set_new(row, names[i][0], money_or_null(has[i], v[i], 1));
        json_object_set_new(row, names[i][1],
                            money_or_null(has[i], v[i], SC_PLACEMENT_WEEKS_PER_QUARTER));
    }
}

json_t *sc_placement_row_to_json(const sc_placement_type *t, const sc_placement *now,
                                 const sc_placement *prev)
{
    const sc_placement none = {0};
    const sc_placement *p = now ? now : &none;
    json_t *row = sc_placement_type_to_json(t);
    json_object_set_new(row, "count", int_or_null(now != NULL, p->count));
    json_object_set_new(row, "budgeted_count",
                        int_or_null(p->has_budgeted_count, p->budgeted_count));
    json_object_set_new(row, "contract_count",
                        int_or_null(p->has_contract_count, p->contract_count));
    json_object_set_new(row, "average_weekly_cost", money_or_null(p->has_cost, p->cost, 1));
    json_object_set_new(row, "budgeted_weekly_cost",
                        money_or_null(p->has_budgeted_cost, p->budgeted_cost, 1));
    json_object_set_new(row, "count_vs_budget",
                        int_or_null(p->has_budgeted_count, p->count - p->budgeted_count));
    json_object_set_new(row, "count_vs_contract",
                        int_or_null(p->has_contract_count, p->count - p->contract_count));
    set_effects(row, now);
    json_object_set_new(row, "previous_quarter_count",
                        int_or_null(prev != NULL, prev ? prev->count : 0));
    json_object_set_new(row, "change_vs_previous_quarter",
                        int_or_null(now && prev, p->count - (prev ? prev->count : 0)));
    double pct;
    json_object_set_new(
        row, "change_vs_previous_quarter_pct",
        sc_demand_change(now != NULL, p->count, prev != NULL, prev ? prev->count : 0, 1, &pct)
            ? sc_jv_new_number(pct)
            : json_null());
    return row;
}

void sc_placement_split_add(sc_placement_split *split, const sc_placement_type *t,
                            const sc_placement *p, bool budgeted)
{
    if (t->group == SC_PLACEMENT_OTHER)
        return;
    if (budgeted && !p->has_budgeted_count) {
        split->partial = true;
        return;
    }
    int64_t n = budgeted ? p->budgeted_count : p->count;
    split->has = true;
    if (t->group == SC_PLACEMENT_FOSTERING_IN_HOUSE)
        split->in_house += n;
    else
        split->agency += n;
}

bool sc_placement_split_share(const sc_placement_split *s, int decimals, double *out)
{
    int64_t scaled, total = s->in_house + s->agency;
    if (!s->has || s->partial || total == 0 ||
        !sc_num_div_scaled(s->in_house * 100, total, decimals, &scaled))
        return false;
    *out = sc_num_unscale(scaled, decimals);
    return true;
}
