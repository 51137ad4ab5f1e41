/* public_view.c - disclosure control over an answer (public_view.h). */
#include "public_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclose.h"
#include "indicator.h"
#include "quarter.h"
#include "store_kpi.h"

/* A result met in the answer or looked up: whether it is confidential. */
typedef struct {
    char code[65]; /* codes are 1-64 characters (docs/API.md §3) */
    sc_period q;
    bool small;
} seen;

typedef struct {
    sc_db *db;
    int threshold;
    seen *known;
    size_t count, cap;
    sc_rc rc; /* the first failure */
} walk_ctx;

/* What travels down the tree: the indicator an object is about, its unit
 * and the quarter. */
typedef struct {
    const char *code;
    const char *unit;
    sc_period q;
} scope;

static const char *str(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

/* Nulls member name of o when it holds something, and lists it in o's
 * "suppressed" array. */
static void suppress(walk_ctx *c, json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    if (!v || json_is_null(v))
        return;
    json_t *list = json_object_get(o, "suppressed");
    if (!list) {
        list = json_array();
        if (json_object_set_new(o, "suppressed", list) != 0)
            list = NULL;
    }
    if (!list || json_array_append_new(list, json_string(name)) != 0 ||
        json_object_set_new(o, name, json_null()) != 0)
        c->rc = SC_ENOMEM;
}

static void remember(walk_ctx *c, const char *code, sc_period q, bool small)
{
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        seen *k = realloc(c->known, cap * sizeof *k);
        if (!k) {
            c->rc = SC_ENOMEM;
            return;
        }
        c->known = k;
        c->cap = cap;
    }
    seen *s = &c->known[c->count++];
    snprintf(s->code, sizeof s->code, "%s", code);
    s->q = q;
    s->small = small;
}

/* Whether code's result in quarter q is confidential: from the answer
 * when it holds it, else from the store (as the caller's transaction
 * reads it, as_of included). */
static bool known_small(walk_ctx *c, const char *code, sc_period q)
{
    for (size_t i = 0; i < c->count; i++)
        if (c->known[i].q == q && strcmp(c->known[i].code, code) == 0)
            return c->known[i].small;
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.code = code;
    f.lean = true;
    sc_quarter view;
    sc_rc rc = sc_store_quarter(c->db, q, &f, &view);
    if (rc != SC_OK) {
        c->rc = rc;
        return true;
    }
    bool small = view.count == 1 && view.rows[0].has_result &&
                 sc_disclose_result(&view.rows[0].ind, &view.rows[0].res, c->threshold);
    sc_quarter_clear(&view);
    remember(c, code, q, small);
    return small;
}

/* The unit of indicator code, from the store, into buf. */
static const char *unit_of(walk_ctx *c, const char *code, char *buf, size_t n)
{
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(c->db, code, &ind);
    if (rc == SC_ENOTFOUND)
        return NULL;
    if (rc != SC_OK) {
        c->rc = rc;
        return NULL;
    }
    snprintf(buf, n, "%s", sc_unit_keys[ind.unit]);
    sc_indicator_clear(&ind);
    return buf;
}

static bool json_count_small(const json_t *v, int threshold)
{
    return json_is_number(v) && sc_disclose_count(json_number_value(v), threshold);
}

/* A result object (or a result's revision snapshot) under the rules. */
static bool result_small(walk_ctx *c, const json_t *o, const char *unit)
{
    const char *avail = str(o, "availability");
    if (avail && strcmp(avail, "reported") != 0)
        return false;
    const json_t *num = json_object_get(o, "numerator"), *den = json_object_get(o, "denominator");
    if (json_is_integer(num) && json_is_integer(den) &&
        sc_disclose_ratio(json_integer_value(num), json_integer_value(den), c->threshold))
        return true;
    if (json_count_small(json_object_get(o, "count"), c->threshold))
        return true;
    return unit && strcmp(unit, sc_unit_keys[SC_UNIT_COUNT]) == 0 &&
           json_count_small(json_object_get(o, "value"), c->threshold);
}

static void result(walk_ctx *c, json_t *o, scope s)
{
    static const char *const derived[] = {
        "value",        "numerator", "denominator",    "confidence_interval",
        "significance", "change",    "previous_value", "first_reported_value",
        "commentary",   "count",     "judged_value",   NULL};
    char buf[32];
    const char *unit = s.unit ? s.unit : s.code ? unit_of(c, s.code, buf, sizeof buf) : NULL;
    bool small = result_small(c, o, unit);
    if (s.code && s.q)
        remember(c, s.code, s.q, small);
    if (small) {
        for (const char *const *m = derived; *m; m++)
            suppress(c, o, *m);
        return;
    }
    /* the previous quarter's confidential value must not come back as
     * this quarter's previous_value, nor as value - change */
    json_t *prev = json_object_get(o, "previous_value");
    if (prev && !json_is_null(prev) && s.code && s.q &&
        known_small(c, s.code, sc_period_previous(s.q))) {
        suppress(c, o, "previous_value");
        suppress(c, o, "change");
    }
}

/* A quarter's demand item: each count, and the changes computed from it. */
static void demand_item(walk_ctx *c, json_t *o)
{
    int n = c->threshold;
    bool v = json_count_small(json_object_get(o, "value"), n);
    bool p = json_count_small(json_object_get(o, "previous_quarter_value"), n);
    bool y = json_count_small(json_object_get(o, "same_quarter_last_year_value"), n);
    if (json_count_small(json_object_get(o, "first_reported_value"), n) || v)
        suppress(c, o, "first_reported_value");
    if (v)
        suppress(c, o, "value");
    if (p)
        suppress(c, o, "previous_quarter_value");
    if (y)
        suppress(c, o, "same_quarter_last_year_value");
    if (v || p)
        suppress(c, o, "change_vs_previous_quarter_pct");
    if (v || y)
        suppress(c, o, "change_vs_same_quarter_last_year_pct");
}

static void count_member(walk_ctx *c, json_t *o, const char *name)
{
    if (o && json_count_small(json_object_get(o, name), c->threshold))
        suppress(c, o, name);
}

static void walk(walk_ctx *c, json_t *v, scope s);

/* A revision: its snapshots are figures of its kind, code and quarter. */
static bool revision(walk_ctx *c, json_t *o, scope s)
{
    const char *kind = str(o, "kind");
    if (!kind || !json_object_get(o, "new"))
        return false;
    if (strcmp(kind, "demand") == 0) {
        count_member(c, json_object_get(o, "old"), "value");
        count_member(c, json_object_get(o, "new"), "value");
    } else if (strcmp(kind, "result") == 0) {
        scope r = {str(o, "code"), NULL, s.q};
        /* a snapshot's own quarter is the revision's; it has no
         * previous_value, so no lookup of the quarter before is made */
        json_t *old = json_object_get(o, "old"), *new_ = json_object_get(o, "new");
        if (json_is_object(old))
            result(c, old, r);
        if (json_is_object(new_))
            result(c, new_, r);
    }
    return true;
}

/* A change between two packs (changes.h): an indicator's before and
 * after values are withheld when its result in the quarter is
 * confidential (the one state the quarter view shows), a demand figure's
 * by their own counts. */
static bool change_item(walk_ctx *c, json_t *o, scope s)
{
    const char *kind = str(o, "kind"), *code = str(o, "code");
    json_t *before = json_object_get(o, "before"), *after = json_object_get(o, "after");
    if (!kind || !code || !json_is_object(before) || !json_is_object(after))
        return false;
    if (strcmp(kind, "indicator") == 0) {
        /* each side by its own counts (the quarter as read at from, and at
         * to), and both when the quarter now is confidential */
        static const char *const figures[] = {"value", "numerator", "denominator", "count", NULL};
        char buf[32];
        const char *unit = unit_of(c, code, buf, sizeof buf);
        bool now = s.q && known_small(c, code, s.q);
        json_t *sides[] = {before, after};
        for (int i = 0; i < 2; i++)
            if (now || result_small(c, sides[i], unit))
                for (const char *const *m = figures; *m; m++)
                    suppress(c, sides[i], *m);
    } else if (strcmp(kind, "demand") == 0) {
        count_member(c, before, "value");
        count_member(c, after, "value");
    }
    return true;
}

/* A line of the return's template: its previous_value is the quarter
 * before's figure. */
static bool template_item(walk_ctx *c, json_t *o, scope s)
{
    const char *section = str(o, "section"), *field = str(o, "field");
    if (!section || !field)
        return false;
    if (strcmp(section, "demand") == 0)
        count_member(c, o, "previous_value");
    else if (strcmp(section, "indicator") == 0 && strcmp(field, "value") == 0 && s.code && s.q &&
             known_small(c, s.code, sc_period_previous(s.q)))
        suppress(c, o, "previous_value");
    return true;
}

/* The history's forecast and stretch check come from the values in its
 * items: a forecast through a suppressed value would give it back. */
static void history_tail(walk_ctx *c, json_t *o)
{
    json_t *items = json_object_get(o, "items"), *it;
    size_t i;
    bool any = false;
    const char *best = str(json_object_get(o, "stretch_check"), "best_quarter");
    json_array_foreach(items, i, it)
    {
        if (!json_object_get(it, "suppressed"))
            continue;
        any = true;
        const char *q = str(it, "quarter");
        if (best && q && strcmp(best, q) == 0)
            suppress(c, json_object_get(o, "stretch_check"), "best_value");
    }
    if (any && json_is_object(json_object_get(o, "forecast")))
        suppress(c, json_object_get(o, "forecast"), "value");
}

/* A placement type's derived figures: each is its count times a cost or
 * less a budget, so it gives the count back. */
static const char *const placement_derived[] = {"count",
                                                "count_vs_budget",
                                                "count_vs_contract",
                                                "volume_effect_weekly",
                                                "volume_effect_quarter",
                                                "cost_effect_weekly",
                                                "cost_effect_quarter",
                                                "change_vs_previous_quarter",
                                                "change_vs_previous_quarter_pct",
                                                NULL};

static void placement_hide(walk_ctx *c, json_t *it)
{
    for (const char *const *m = placement_derived; *m; m++)
        suppress(c, it, *m);
}

/* A quarter's placements: each count below the threshold (primary), and,
 * since the counts add up to the total shown, the smallest other count
 * when only one was suppressed (secondary), so that no count is the total
 * less the others; the fostering split goes whole when either side is
 * confidential (its two counts and two shares give each other). */
static void placements(walk_ctx *c, json_t *o)
{
    json_t *items = json_object_get(o, "items"), *it, *smallest = NULL;
    size_t i, hidden = 0;
    json_array_foreach(items, i, it)
    {
        if (json_count_small(json_object_get(it, "previous_quarter_count"), c->threshold)) {
            suppress(c, it, "previous_quarter_count");
            suppress(c, it, "change_vs_previous_quarter");
            suppress(c, it, "change_vs_previous_quarter_pct");
        }
        json_t *n = json_object_get(it, "count");
        if (json_count_small(n, c->threshold)) {
            placement_hide(c, it);
            hidden++;
        } else if (json_is_number(n) &&
                   (!smallest ||
                    json_number_value(n) < json_number_value(json_object_get(smallest, "count")))) {
            smallest = it;
        }
    }
    if (hidden == 1 && smallest)
        placement_hide(c, smallest);
    static const char *const split[] = {"in_house_count", "agency_count", "in_house_share_pct",
                                        "agency_share_pct", NULL};
    json_t *f = json_object_get(o, "fostering");
    if (json_count_small(json_object_get(f, "in_house_count"), c->threshold) ||
        json_count_small(json_object_get(f, "agency_count"), c->threshold))
        for (const char *const *m = split; *m; m++)
            suppress(c, f, *m);
}

static void walk_object(walk_ctx *c, json_t *o, scope s)
{
    if (json_is_object(json_object_get(o, "fostering")) && json_object_get(o, "items"))
        placements(c, o);
    const json_t *ind = json_object_get(o, "indicator");
    if (json_is_object(ind)) {
        s.code = str(ind, "code");
        s.unit = str(ind, "unit");
    }
    if (str(o, "code") && !str(o, "kind"))
        s.code = str(o, "code");
    if (str(o, "unit"))
        s.unit = str(o, "unit");
    sc_period q;
    if (str(o, "quarter") && sc_period_parse(str(o, "quarter"), &q, NULL, 0))
        s.q = q;
    if (revision(c, o, s) || template_item(c, o, s) || change_item(c, o, s))
        return;
    /* an outturn (outturns.h) is a result for a year: it names its
     * indicator by code and carries value, numerator and denominator */
    bool outturn = str(o, "year") && str(o, "indicator") && json_object_get(o, "numerator");
    if (outturn)
        s.code = str(o, "indicator");
    if (json_object_get(o, "availability") || outturn)
        result(c, o, s);
    else if (json_object_get(o, "previous_quarter_value"))
        demand_item(c, o);
    else if (json_object_size(o) == 2 && json_object_get(o, "quarter"))
        count_member(c, o, "value"); /* a cell of the demand table */
    const char *key;
    json_t *m;
    json_object_foreach(o, key, m)
    {
        if (strcmp(key, "indicator") != 0 && (json_is_object(m) || json_is_array(m)))
            walk(c, m, s);
    }
    if (json_object_get(o, "forecast"))
        history_tail(c, o);
    /* an explanation: its gap and sentence state the judged value */
    if (json_object_get(json_object_get(o, "inputs"), "suppressed")) {
        suppress(c, o, "gap");
        suppress(c, o, "sentence");
    }
}

static void walk(walk_ctx *c, json_t *v, scope s)
{
    size_t i;
    json_t *e;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e)
        {
            walk(c, e, s);
        }
    } else if (json_is_object(v)) {
        walk_object(c, v, s);
    }
}

sc_rc sc_public_suppress(sc_db *db, json_t *answer, int threshold)
{
    if (threshold <= 0 || !answer)
        return SC_OK;
    walk_ctx c = {.db = db, .threshold = threshold, .rc = SC_OK};
    walk(&c, answer, (scope){0});
    free(c.known);
    return c.rc;
}

void sc_public_mark(json_t *answer)
{
    size_t i;
    json_t *e;
    if (json_is_array(answer)) {
        json_array_foreach(answer, i, e)
        {
            sc_public_mark(e);
        }
        return;
    }
    if (!json_is_object(answer))
        return;
    json_array_foreach(json_object_get(answer, "suppressed"), i, e)
    {
        if (json_string_value(e))
            json_object_set_new(answer, json_string_value(e), json_string(SC_DISCLOSE_SYMBOL));
    }
    /* the cells say it themselves: no column of its own in a sheet */
    json_object_del(answer, "suppressed");
    const char *key;
    json_t *m;
    json_object_foreach(answer, key, m)
    {
        sc_public_mark(m);
    }
}
