/* changes.c - a quarter at two instants, compared (see changes.h). */
#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclose.h"
#include "jv.h"
#include "report_doc.h"
#include "revision.h"
#include "revision_link.h"
#include "sbuf.h"
#include "store_demand.h"
#include "store_finance.h"
#include "store_kpi.h"

const char *const sc_change_cause_keys[SC_CAUSE_N] = {
    "revised", "target_changed", "definition_changed", "newly_reported", "withdrawn"};

/* ---- reading one instant ---- */

typedef struct {
    const sc_demand_measures *m;
    sc_changes_state *s;
} demand_read;

static void take_value(void *cls, const char *code, sc_period q, int64_t value)
{
    demand_read *d = cls;
    (void)q;
    long i = sc_demand_measures_find(d->m, code);
    if (i >= 0) {
        d->s->has_demand[i] = true;
        d->s->demand[i] = value;
    }
}

static sc_rc read_state(sc_db *db, sc_period q, const sc_demand_measures *m, sc_changes_state *s)
{
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.lean = true;
    size_t n = m->count ? m->count : 1;
    s->has_demand = calloc(n, sizeof *s->has_demand);
    s->demand = calloc(n, sizeof *s->demand);
    if (!s->has_demand || !s->demand)
        return SC_ENOMEM;
    sc_rc rc = sc_store_quarter(db, q, &f, &s->kpi);
    demand_read d = {m, s};
    if (rc == SC_OK)
        rc = sc_store_demand_values(db, q, q, take_value, &d);
    if (rc == SC_OK) {
        rc = sc_store_finance_get(db, q, &s->finance);
        s->has_finance = rc == SC_OK;
        if (rc == SC_ENOTFOUND)
            rc = SC_OK;
    }
    return rc;
}

/* Reads the state at utc ("" for now). */
static sc_rc read_at(sc_db *db, sc_period q, const char *utc, const sc_demand_measures *m,
                     sc_changes_state *s)
{
    if (!*utc)
        return read_state(db, q, m, s);
    sc_rc rc = sc_revision_as_of_push(db, utc, SC_AS_OF_ALL);
    if (rc != SC_OK)
        return rc;
    rc = read_state(db, q, m, s);
    sc_rc pop = sc_revision_as_of_pop(db);
    return rc != SC_OK ? rc : pop;
}

static void state_clear(sc_changes_state *s)
{
    sc_quarter_clear(&s->kpi);
    free(s->has_demand);
    free(s->demand);
    if (s->has_finance)
        sc_finance_clear(&s->finance);
    memset(s, 0, sizeof *s);
}

/* ---- comparing ---- */

static bool reported(const sc_quarter_row *r)
{
    return r->has_result && r->res.availability == SC_AVAIL_REPORTED;
}

/* The figures of two results, commentary aside: a changed commentary
 * alone is not a changed figure. */
static bool figures_equal(const sc_result *a, const sc_result *b)
{
    sc_result x = *a, y = *b;
    x.commentary = y.commentary = NULL;
    return sc_result_equal(&x, &y);
}

static bool targets_equal(const sc_quarter_row *a, const sc_quarter_row *b)
{
    return a->has_target == b->has_target &&
           (!a->has_target ||
            (a->target.from_quarter == b->target.from_quarter &&
             a->target.target == b->target.target && a->target.tolerance == b->target.tolerance));
}

/* What makes a figure's presence or value differ between the instants. */
static unsigned presence(bool before, bool after, bool equal)
{
    if (!before && after)
        return SC_CAUSE_NEWLY_REPORTED;
    if (before && !after)
        return SC_CAUSE_WITHDRAWN;
    return before && !equal ? SC_CAUSE_REVISED : 0;
}

static unsigned indicator_causes(sc_db *db, const sc_changes *c, const sc_quarter_row *a,
                                 const sc_quarter_row *b, sc_rc *rc)
{
    unsigned causes;
    if (a->has_result && b->has_result && reported(a) == reported(b))
        causes = figures_equal(&a->res, &b->res) ? 0 : SC_CAUSE_REVISED;
    else if (a->has_result && b->has_result)
        causes = reported(a) ? SC_CAUSE_WITHDRAWN : SC_CAUSE_NEWLY_REPORTED;
    else
        causes = presence(a->has_result, b->has_result, true);
    if (!targets_equal(a, b))
        causes |= SC_CAUSE_TARGET_CHANGED;
    bool defined;
    *rc = sc_store_indicator_changed(db, a->ind.code, c->from, *c->to ? c->to : NULL, &defined);
    if (defined)
        causes |= SC_CAUSE_DEFINITION_CHANGED;
    return causes;
}

static bool money_equal(sc_money3 a, sc_money3 b)
{
    return a.gross == b.gross && a.income == b.income && a.net == b.net;
}

static bool lines_equal(const sc_finance_line *a, const sc_finance_line *b)
{
    return strcmp(a->name, b->name) == 0 && money_equal(a->budget, b->budget) &&
           money_equal(a->outturn, b->outturn) &&
           money_equal(sc_finance_line_variance(a), sc_finance_line_variance(b)) &&
           a->has_covid == b->has_covid &&
           (!a->has_covid || a->covid_variance_net == b->covid_variance_net);
}

static long line_index(const sc_changes_state *s, const char *code)
{
    for (size_t i = 0; s->has_finance && i < s->finance.count; i++)
        if (strcmp(s->finance.lines[i].code, code) == 0)
            return (long)i;
    return -1;
}

static sc_rc add_change(sc_changes *c, size_t *cap, sc_change_kind kind, long a, long b,
                        unsigned causes)
{
    if (!causes)
        return SC_OK;
    if (c->count == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        sc_change *items = realloc(c->items, n * sizeof *items);
        if (!items)
            return SC_ENOMEM;
        c->items = items;
        *cap = n;
    }
    c->items[c->count++] = (sc_change){kind, a, b, causes};
    return SC_OK;
}

static sc_rc compare(sc_db *db, sc_changes *c)
{
    size_t cap = 0;
    sc_rc rc = SC_OK;
    const sc_changes_state *x = &c->before, *y = &c->after;
    /* both views list the indicators as defined now, in the same order */
    for (size_t i = 0; rc == SC_OK && i < x->kpi.count && i < y->kpi.count; i++) {
        unsigned causes = indicator_causes(db, c, &x->kpi.rows[i], &y->kpi.rows[i], &rc);
        if (rc == SC_OK)
            rc = add_change(c, &cap, SC_CHANGE_INDICATOR, (long)i, (long)i, causes);
    }
    for (size_t i = 0; rc == SC_OK && i < c->measures.count; i++)
        rc = add_change(c, &cap, SC_CHANGE_DEMAND, (long)i, (long)i,
                        presence(x->has_demand[i], y->has_demand[i], x->demand[i] == y->demand[i]));
    for (size_t i = 0; rc == SC_OK && y->has_finance && i < y->finance.count; i++) {
        long a = line_index(x, y->finance.lines[i].code);
        rc =
            add_change(c, &cap, SC_CHANGE_FINANCE_LINE, a, (long)i,
                       presence(a >= 0, true,
                                a >= 0 && lines_equal(&x->finance.lines[a], &y->finance.lines[i])));
    }
    for (size_t i = 0; rc == SC_OK && x->has_finance && i < x->finance.count; i++)
        if (line_index(y, x->finance.lines[i].code) < 0)
            rc = add_change(c, &cap, SC_CHANGE_FINANCE_LINE, (long)i, -1, SC_CAUSE_WITHDRAWN);
    return rc;
}

sc_rc sc_changes_compute(sc_db *db, sc_period q, const char *from, const char *to, sc_changes *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    snprintf(out->from, sizeof out->from, "%s", from);
    snprintf(out->to, sizeof out->to, "%s", to ? to : "");
    sc_rc rc = sc_store_demand_measures(db, &out->measures);
    if (rc == SC_OK)
        rc = read_at(db, q, out->from, &out->measures, &out->before);
    if (rc == SC_OK)
        rc = read_at(db, q, out->to, &out->measures, &out->after);
    if (rc == SC_OK)
        rc = compare(db, out);
    if (rc != SC_OK)
        sc_changes_clear(out);
    return rc;
}

void sc_changes_clear(sc_changes *c)
{
    if (!c)
        return;
    sc_demand_measures_clear(&c->measures);
    state_clear(&c->before);
    state_clear(&c->after);
    free(c->items);
    memset(c, 0, sizeof *c);
}

/* ---- presenting ---- */

static const char *const kind_keys[] = {"indicator", "demand", "finance_line"};

static json_t *causes_json(unsigned causes)
{
    json_t *a = json_array();
    for (int k = 0; a && k < SC_CAUSE_N; k++)
        if (causes & (1u << k))
            json_array_append_new(a, json_string(sc_change_cause_keys[k]));
    return a;
}

/* One side of a change: every member present (null where it does not
 * apply), so that every item has the same columns in CSV. */
static json_t *side(void)
{
    return json_pack("{s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "value",
                     "status", "target", "tolerance", "target_from", "budget_net", "variance_net",
                     "covid_variance_net", "revision", "target_revision", "numerator",
                     "denominator", "count");
}

static sc_rc indicator_side(sc_db *db, const sc_changes *c, const sc_quarter_row *r, const char *at,
                            json_t *o)
{
    json_object_set_new(
        o, "value", reported(r) && r->res.has_value ? sc_jv_new_number(r->res.value) : json_null());
    json_object_set_new(o, "status", json_string(sc_status_key(r->status)));
    /* the counts behind the value: also what disclosure control judges
     * each side by, as the quarter read at that instant would be judged */
    if (reported(r) && r->res.has_ratio) {
        json_object_set_new(o, "numerator", json_integer(r->res.numerator));
        json_object_set_new(o, "denominator", json_integer(r->res.denominator));
    }
    if (reported(r) && r->res.has_count)
        json_object_set_new(o, "count", json_integer(r->res.count));
    if (r->has_target) {
        json_object_set_new(o, "target", sc_jv_new_number(r->target.target));
        json_object_set_new(o, "tolerance", sc_jv_new_number(r->target.tolerance));
        json_object_set_new(o, "target_from", sc_jv_new_period(r->target.from_quarter));
    }
    json_t *link = NULL, *tlink = NULL;
    sc_rc rc = sc_revision_link_json(db, SC_REV_RESULT, c->quarter, r->ind.code, at, &link);
    if (rc == SC_OK && r->has_target)
        rc = sc_revision_link_json(db, SC_REV_TARGET, r->target.from_quarter, r->ind.code, at,
                                   &tlink);
    json_object_set_new(o, "revision", link ? link : json_null());
    json_object_set_new(o, "target_revision", tlink ? tlink : json_null());
    return rc;
}

static sc_rc demand_side(sc_db *db, const sc_changes *c, const sc_changes_state *s, size_t i,
                         const char *at, json_t *o)
{
    if (!s->has_demand[i])
        return SC_OK;
    json_object_set_new(o, "value", json_integer(s->demand[i]));
    json_t *link = NULL;
    sc_rc rc =
        sc_revision_link_json(db, SC_REV_DEMAND, c->quarter, c->measures.items[i].code, at, &link);
    json_object_set_new(o, "revision", link ? link : json_null());
    return rc;
}

static sc_rc line_side(sc_db *db, const sc_changes *c, const sc_changes_state *s, long i,
                       const char *at, json_t *o)
{
    if (i < 0)
        return SC_OK;
    const sc_finance_line *l = &s->finance.lines[i];
    json_object_set_new(o, "value", sc_jv_new_number(l->outturn.net));
    json_object_set_new(o, "budget_net", sc_jv_new_number(l->budget.net));
    json_object_set_new(o, "variance_net", sc_jv_new_number(sc_finance_line_variance(l).net));
    json_object_set_new(o, "covid_variance_net",
                        l->has_covid ? sc_jv_new_number(l->covid_variance_net) : json_null());
    json_t *link = NULL;
    sc_rc rc = sc_revision_link_json(db, SC_REV_FINANCE, c->quarter, NULL, at, &link);
    json_object_set_new(o, "revision", link ? link : json_null());
    return rc;
}

/* The code and name of a change, from whichever instant has it. */
static void names(const sc_changes *c, const sc_change *ch, const char **code, const char **name)
{
    if (ch->kind == SC_CHANGE_INDICATOR) {
        *code = c->after.kpi.rows[ch->b].ind.code;
        *name = c->after.kpi.rows[ch->b].ind.name;
    } else if (ch->kind == SC_CHANGE_DEMAND) {
        *code = c->measures.items[ch->b].code;
        *name = c->measures.items[ch->b].name;
    } else {
        const sc_finance_line *l =
            ch->b >= 0 ? &c->after.finance.lines[ch->b] : &c->before.finance.lines[ch->a];
        *code = l->code;
        *name = l->name;
    }
}

static sc_rc item_json(sc_db *db, const sc_changes *c, const sc_change *ch, json_t **out)
{
    const char *code, *name;
    names(c, ch, &code, &name);
    json_t *before = side(), *after = side();
    const char *to = *c->to ? c->to : NULL;
    sc_rc rc = before && after ? SC_OK : SC_ENOMEM;
    if (rc == SC_OK && ch->kind == SC_CHANGE_INDICATOR) {
        rc = indicator_side(db, c, &c->before.kpi.rows[ch->a], c->from, before);
        if (rc == SC_OK)
            rc = indicator_side(db, c, &c->after.kpi.rows[ch->b], to, after);
    } else if (rc == SC_OK && ch->kind == SC_CHANGE_DEMAND) {
        rc = demand_side(db, c, &c->before, (size_t)ch->a, c->from, before);
        if (rc == SC_OK)
            rc = demand_side(db, c, &c->after, (size_t)ch->b, to, after);
    } else if (rc == SC_OK) {
        rc = line_side(db, c, &c->before, ch->a, c->from, before);
        if (rc == SC_OK)
            rc = line_side(db, c, &c->after, ch->b, to, after);
    }
    if (rc != SC_OK) {
        json_decref(before);
        json_decref(after);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "kind", kind_keys[ch->kind], "code", code,
                     "name", name, "causes", causes_json(ch->causes), "before", before, "after",
                     after);
    return *out ? SC_OK : SC_ENOMEM;
}

sc_rc sc_changes_json(sc_db *db, const sc_changes *c, json_t **out)
{
    json_t *items = json_array();
    sc_rc rc = items ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; rc == SC_OK && i < c->count; i++) {
        json_t *it = NULL;
        rc = item_json(db, c, &c->items[i], &it);
        if (rc == SC_OK && json_array_append_new(items, it) != 0)
            rc = SC_ENOMEM;
    }
    *out = rc == SC_OK
               ? json_pack("{s:o, s:s, s:o, s:I, s:o}", "quarter", sc_jv_new_period(c->quarter),
                           "from", c->from, "to", sc_jv_new_string_or_null(*c->to ? c->to : NULL),
                           "count", (json_int_t)c->count, "items", json_incref(items))
               : NULL;
    json_decref(items);
    if (rc == SC_OK && !*out)
        rc = SC_ENOMEM;
    return rc;
}

/* ---- the report's sentence ---- */

static void value_of(const sc_quarter_row *r, char *buf, size_t n)
{
    if (reported(r) && r->res.has_value)
        sc_indicator_figure_text(&r->ind, r->res.value, buf, n);
    else
        sc_status_phrase(r->status, buf, n);
}

/* A result the public may not see (disclose.h): the sentence says [c]. */
static bool confidential(const sc_changes *c, const sc_quarter_row *r)
{
    return c->suppress_below > 0 && r->has_result &&
           sc_disclose_result(&r->ind, &r->res, c->suppress_below);
}

static void say_indicator(sc_sbuf *s, const sc_changes *c, const sc_change *ch)
{
    const sc_quarter_row *a = &c->before.kpi.rows[ch->a], *b = &c->after.kpi.rows[ch->b];
    char va[64], vb[64], la[64], lb[64];
    value_of(a, va, sizeof va);
    value_of(b, vb, sizeof vb);
    if (confidential(c, a))
        snprintf(va, sizeof va, "[c]");
    if (confidential(c, b))
        snprintf(vb, sizeof vb, "[c]");
    sc_status_phrase(a->status, la, sizeof la);
    sc_status_phrase(b->status, lb, sizeof lb);
    const char *sep = " ";
    sc_sbuf_puts(s, b->ind.name);
    if (ch->causes & SC_CAUSE_NEWLY_REPORTED)
        sc_sbuf_printf(s, "%snewly reported %s %s", sep, reported(b) ? "at" : "as", vb), sep = ", ";
    if (ch->causes & SC_CAUSE_WITHDRAWN)
        sc_sbuf_printf(s, "%swithdrawn (was %s)", sep, va), sep = ", ";
    if (ch->causes & SC_CAUSE_REVISED)
        sc_sbuf_printf(s, "%srevised from %s to %s", sep, va, vb), sep = ", ";
    if (ch->causes & SC_CAUSE_TARGET_CHANGED) {
        char ta[64] = "", tb[64] = "";
        if (a->has_target)
            sc_indicator_figure_text(&a->ind, a->target.target, ta, sizeof ta);
        if (b->has_target)
            sc_indicator_figure_text(&b->ind, b->target.target, tb, sizeof tb);
        if (!a->has_target)
            sc_sbuf_printf(s, "%starget set at %s", sep, tb);
        else if (!b->has_target)
            sc_sbuf_printf(s, "%starget removed (was %s)", sep, ta);
        else
            sc_sbuf_printf(s, "%starget changed from %s to %s", sep, ta, tb);
        sep = ", ";
    }
    if (ch->causes & SC_CAUSE_DEFINITION_CHANGED)
        sc_sbuf_printf(s, "%sdefinition changed", sep);
    if (a->status != b->status)
        sc_sbuf_printf(s, ", now %s (was %s)", lb, la);
}

static void say_figure(sc_sbuf *s, const char *name, const char *when, unsigned causes,
                       const char *a, const char *b)
{
    if (causes & SC_CAUSE_NEWLY_REPORTED)
        sc_sbuf_printf(s, "%s%s newly reported at %s", name, when, b);
    else if (causes & SC_CAUSE_WITHDRAWN)
        sc_sbuf_printf(s, "%s%s withdrawn (was %s)", name, when, a);
    else
        sc_sbuf_printf(s, "%s%s revised from %s to %s", name, when, a, b);
}

static void say_demand(sc_sbuf *s, const sc_changes *c, const sc_change *ch, const char *ql)
{
    char a[32] = "", b[32] = "", when[64];
    if (c->before.has_demand[ch->a])
        snprintf(a, sizeof a, "%lld", (long long)c->before.demand[ch->a]);
    if (c->after.has_demand[ch->b])
        snprintf(b, sizeof b, "%lld", (long long)c->after.demand[ch->b]);
    if (c->suppress_below > 0) {
        if (*a && sc_disclose_count((double)c->before.demand[ch->a], c->suppress_below))
            snprintf(a, sizeof a, "[c]");
        if (*b && sc_disclose_count((double)c->after.demand[ch->b], c->suppress_below))
            snprintf(b, sizeof b, "[c]");
    }
    char *ga = sc_report_doc_grouped(a), *gb = sc_report_doc_grouped(b);
    snprintf(when, sizeof when, " for %s", ql);
    say_figure(s, c->measures.items[ch->b].name, when, ch->causes, ga ? ga : "", gb ? gb : "");
    s->oom |= !ga || !gb;
    free(ga);
    free(gb);
}

static void say_line(sc_sbuf *s, const sc_changes *c, const sc_change *ch)
{
    const char *code, *name;
    names(c, ch, &code, &name);
    char *a = ch->a >= 0 ? sc_report_doc_money(c->before.finance.lines[ch->a].outturn.net,
                                               c->before.finance.units)
                         : NULL;
    char *b = ch->b >= 0 ? sc_report_doc_money(c->after.finance.lines[ch->b].outturn.net,
                                               c->after.finance.units)
                         : NULL;
    say_figure(s, name, " forecast outturn", ch->causes, a ? a : "", b ? b : "");
    free(a);
    free(b);
}

/* "18 August 2020" from an instant (UTC date). */
static void date_words(const char *utc, char *buf, size_t n)
{
    const char *month = sc_report_doc_month_name(atoi(utc + 5));
    snprintf(buf, n, "%d %s %.4s", atoi(utc + 8), month ? month : "", utc);
}

char *sc_changes_sentence(const sc_changes *c)
{
    char date[48];
    date_words(c->from, date, sizeof date);
    char *ql = sc_report_doc_quarter_label(c->quarter);
    if (!ql)
        return NULL;
    sc_sbuf s = {0};
    if (!c->count)
        sc_sbuf_printf(&s, "Since the pack of %s, no figure for %s has changed.", date, ql);
    else
        sc_sbuf_printf(&s, "Since the pack of %s: ", date);
    for (size_t i = 0; i < c->count; i++) {
        const sc_change *ch = &c->items[i];
        if (i)
            sc_sbuf_puts(&s, "; ");
        if (ch->kind == SC_CHANGE_INDICATOR)
            say_indicator(&s, c, ch);
        else if (ch->kind == SC_CHANGE_DEMAND)
            say_demand(&s, c, ch, ql);
        else
            say_line(&s, c, ch);
    }
    if (c->count)
        sc_sbuf_puts(&s, ".");
    free(ql);
    if (s.oom) {
        free(s.buf);
        return NULL;
    }
    return s.buf;
}
