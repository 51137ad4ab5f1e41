/* placement_view.c - one quarter's care ladder, read through the store
 * (see placement_view.h). */
#include "placement_view.h"

#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"
#include "store_placement.h"

typedef struct {
    sc_placement_view *v;
    const sc_period *slots;
} fill_cls;

static void fill_slots(void *cls, const char *code, sc_period q, const sc_placement *p)
{
    fill_cls *f = cls;
    for (size_t i = 0; i < f->v->types.count; i++) {
        if (strcmp(f->v->types.items[i].code, code) != 0)
            continue;
        for (int s = 0; s < SC_PLACEMENT_SLOTS; s++) {
            if (f->slots[s] == q) {
                f->v->has[i][s] = true;
                f->v->fig[i][s] = *p;
                f->v->any |= s == SC_PLACEMENT_NOW;
            }
        }
    }
}

sc_rc sc_placement_view_read(sc_db *db, sc_period q, sc_placement_view *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    sc_rc rc = sc_store_placement_types(db, &out->types);
    if (rc != SC_OK)
        return rc;
    size_t n = out->types.count ? out->types.count : 1;
    out->has = calloc(n, sizeof *out->has);
    out->fig = calloc(n, sizeof *out->fig);
    const sc_period slots[SC_PLACEMENT_SLOTS] = {q, sc_period_previous(q),
                                                 sc_period_same_last_year(q)};
    fill_cls f = {out, slots};
    if (!out->has || !out->fig)
        rc = SC_ENOMEM;
    else
        rc = sc_store_placements(db, slots[SC_PLACEMENT_LAST_YEAR], q, fill_slots, &f);
    if (rc != SC_OK)
        sc_placement_view_clear(out);
    return rc;
}

void sc_placement_view_clear(sc_placement_view *v)
{
    if (!v)
        return;
    free(v->has);
    free(v->fig);
    sc_placement_types_clear(&v->types);
    memset(v, 0, sizeof *v);
}

sc_placement_split sc_placement_view_split(const sc_placement_view *v, int slot, bool budgeted)
{
    sc_placement_split s = {0};
    for (size_t i = 0; i < v->types.count; i++)
        if (v->has[i][slot])
            sc_placement_split_add(&s, &v->types.items[i], &v->fig[i][slot], budgeted);
    return s;
}

static json_t *item(const sc_placement_view *v, size_t i)
{
    return sc_placement_row_to_json(
        &v->types.items[i], v->has[i][SC_PLACEMENT_NOW] ? &v->fig[i][SC_PLACEMENT_NOW] : NULL,
        v->has[i][SC_PLACEMENT_PREVIOUS] ? &v->fig[i][SC_PLACEMENT_PREVIOUS] : NULL);
}

json_t *sc_placement_view_item(const sc_placement_view *v, const char *code)
{
    for (size_t i = 0; i < v->types.count; i++)
        if (strcmp(v->types.items[i].code, code) == 0)
            return item(v, i);
    return NULL;
}

/* Sums of the rungs that have each figure this quarter. */
static json_t *totals(const sc_placement_view *v)
{
    int64_t count = 0, budgeted = 0, volume = 0, price = 0, previous = 0;
    bool any_budgeted = false, any_volume = false, any_price = false, any_previous = false;
    for (size_t i = 0; i < v->types.count; i++) {
        if (v->has[i][SC_PLACEMENT_PREVIOUS]) {
            previous += v->fig[i][SC_PLACEMENT_PREVIOUS].count;
            any_previous = true;
        }
        if (!v->has[i][SC_PLACEMENT_NOW])
            continue;
        const sc_placement *p = &v->fig[i][SC_PLACEMENT_NOW];
        sc_placement_effects e;
        sc_placement_effects_of(p, &e);
        count += p->count;
        if (p->has_budgeted_count) {
            budgeted += p->budgeted_count;
            any_budgeted = true;
        }
        volume += e.has_volume ? e.volume : 0;
        price += e.has_price ? e.price : 0;
        any_volume |= e.has_volume;
        any_price |= e.has_price;
    }
    const int64_t weeks = SC_PLACEMENT_WEEKS_PER_QUARTER;
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "count", v->any ? json_integer(count) : json_null(),
        "budgeted_count", any_budgeted ? json_integer(budgeted) : json_null(),
        "previous_quarter_count", any_previous ? json_integer(previous) : json_null(),
        "volume_effect_weekly", any_volume ? sc_placement_money_json(volume) : json_null(),
        "volume_effect_quarter", any_volume ? sc_placement_money_json(volume * weeks) : json_null(),
        "price_effect_weekly", any_price ? sc_placement_money_json(price) : json_null(),
        "price_effect_quarter", any_price ? sc_placement_money_json(price * weeks) : json_null());
}

static json_t *share_json(const sc_placement_split *s, int decimals, bool agency)
{
    double pct;
    if (!sc_placement_split_share(s, decimals, &pct))
        return json_null();
    return sc_jv_new_number(agency ? sc_num_round(100.0 - pct, decimals) : pct);
}

static json_t *fostering(const sc_placement_view *v, int decimals)
{
    sc_placement_split now = sc_placement_view_split(v, SC_PLACEMENT_NOW, false);
    sc_placement_split bud = sc_placement_view_split(v, SC_PLACEMENT_NOW, true);
    sc_placement_split prev = sc_placement_view_split(v, SC_PLACEMENT_PREVIOUS, false);
    sc_placement_split last = sc_placement_view_split(v, SC_PLACEMENT_LAST_YEAR, false);
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "in_house_count",
        now.has ? json_integer(now.in_house) : json_null(), "agency_count",
        now.has ? json_integer(now.agency) : json_null(), "in_house_share_pct",
        share_json(&now, decimals, false), "agency_share_pct", share_json(&now, decimals, true),
        "budgeted_in_house_share_pct", share_json(&bud, decimals, false),
        "budgeted_agency_share_pct", share_json(&bud, decimals, true),
        "previous_quarter_in_house_share_pct", share_json(&prev, decimals, false),
        "same_quarter_last_year_in_house_share_pct", share_json(&last, decimals, false));
}

json_t *sc_placement_view_to_json(const sc_placement_view *v, int decimals)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < v->types.count; i++)
        json_array_append_new(items, item(v, i));
    char qs[SC_PERIOD_ID_LEN];
    return json_pack("{s:s, s:i, s:o, s:o, s:o}", "quarter", sc_period_format(v->quarter, qs),
                     "decimals", decimals, "items", items, "totals", totals(v), "fostering",
                     fostering(v, decimals));
}
