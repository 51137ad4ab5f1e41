/* report.c - building the committee report (see report.h): its sections,
 * in the papers' order, as a document of blocks (report_doc.h) from the
 * model structs the store and the views read, then rendered in the asked
 * format (report_render.h).
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand.h"
#include "demand_view.h"
#include "finance.h"
#include "quarter.h"
#include "report_disclose.h"
#include "report_doc.h"
#include "report_finance.h"
#include "report_outturns.h"
#include "report_placements.h"
#include "report_questions.h"
#include "report_render.h"
#include "report_sentences.h"
#include "report_stats.h"
#include "sbuf.h"
#include "store_finance.h"
#include "store_kpi.h"
#include "summary.h"

const char *const sc_report_format_keys[SC_REPORT_N] = {"text", "markdown", "csv"};

/* ---- sections ---- */

static void contractual_sentence(sc_report_doc *d, const sc_summary_table *t)
{
    static const struct {
        sc_status status;
        const char *one;
        const char *many;
    } clauses[] = {
        {SC_STATUS_BETTER, "is currently performing better than target",
         "are currently performing better than target"},
        {SC_STATUS_WITHIN, "is reporting within target range", "are reporting within target range"},
        {SC_STATUS_OUTSIDE, "is reporting outside target range",
         "are reporting outside target range"},
        {SC_STATUS_SUSPENDED, "has been suspended", "have been suspended"},
        {SC_STATUS_NOT_AVAILABLE, "is not available", "are not available"},
        {SC_STATUS_ANNUAL_NOT_DUE, "is an annual KPI not yet due", "are annual KPIs not yet due"},
        {SC_STATUS_TARGET_TBC, "has a target figure to be confirmed",
         "have a target figure to be confirmed"},
        {SC_STATUS_NOT_SUBMITTED, "has not been submitted", "have not been submitted"},
    };
    int total = t->total;
    char *s = sc_report_doc_fmt("Of the %d contractual indicator%s:", total, total == 1 ? "" : "s");
    bool first = true;
    for (size_t i = 0; s && i < sizeof clauses / sizeof *clauses; i++) {
        int n = t->totals[clauses[i].status];
        if (!n)
            continue;
        char *next = sc_report_doc_fmt("%s%s %d %s", s, first ? "" : ";", n,
                                       n == 1 ? clauses[i].one : clauses[i].many);
        free(s);
        s = next;
        first = false;
    }
    if (s) {
        char *next = sc_report_doc_fmt(first ? "%s none are active in this quarter." : "%s.", s);
        free(s);
        s = next;
    }
    sc_report_doc_para(d, "contractual", s);
}

/* Columns with any count are shown; the six the papers print always are. */
static bool show_status(const sc_summary_table *t, int s)
{
    return s < 6 || t->totals[s] > 0;
}

static void strategic_table(sc_report_doc *d, const sc_summary_table *t, const sc_area_list *areas,
                            int decimals)
{
    const char *cols[SC_REPORT_DOC_MAX_COLS] = {"t:Service Area"};
    char names[SC_STATUS_COUNT][64]; /* "i:" and the status's label (status.h) */
    int map[SC_STATUS_COUNT];
    size_t nc = 1;
    for (int s = 0; s < SC_STATUS_COUNT; s++)
        if (show_status(t, s)) {
            map[nc - 1] = s;
            snprintf(names[s], sizeof names[s], "i:%s", sc_status_label((sc_status)s));
            cols[nc++] = names[s];
        }
    sc_report_doc_para(d, NULL,
                       sc_report_doc_fmt("Of the %d strategic partnership indicators:", t->total));
    sc_report_block *b = sc_report_doc_table(d, "strategic", nc, cols);
    for (size_t i = 0; i < t->count; i++) {
        const sc_summary_row *r = &t->rows[i];
        char *cells[SC_REPORT_DOC_MAX_COLS] = {strdup(areas->items[r->area].name)};
        for (size_t c = 1; c < nc; c++)
            cells[c] = sc_report_doc_fmt("%d", r->counts[map[c - 1]]);
        sc_report_doc_row(d, b, cells);
    }
    char *tot[SC_REPORT_DOC_MAX_COLS] = {strdup("Total")};
    char *rep[SC_REPORT_DOC_MAX_COLS] = {strdup("% of reported")};
    char *all[SC_REPORT_DOC_MAX_COLS] = {strdup("% overall")};
    for (size_t c = 1; c < nc; c++) {
        int s = map[c - 1];
        int n = t->totals[s];
        tot[c] = sc_report_doc_fmt("%d", n);
        rep[c] = s < 3 ? sc_report_doc_pct_cell(n, t->reported, decimals) : strdup("-");
        all[c] = sc_report_doc_pct_cell(n, t->total, decimals);
    }
    if (b) {
        for (size_t c = 1; c < nc; c++)
            b->kind[c] = SC_REPORT_DOC_COUNT; /* the papers leave zero counts blank */
    }
    sc_report_doc_row(d, b, tot);
    /* percentage rows: mark their cells as percentages by a second table
     * kind would split the table, so they carry the % in text formats */
    for (size_t c = 1; c < nc; c++) {
        char *p =
            sc_report_doc_is_number(rep[c]) ? sc_report_doc_fmt("%s%%", rep[c]) : strdup(rep[c]);
        char *q =
            sc_report_doc_is_number(all[c]) ? sc_report_doc_fmt("%s%%", all[c]) : strdup(all[c]);
        free(rep[c]);
        free(all[c]);
        rep[c] = p;
        all[c] = q;
    }
    sc_report_doc_row(d, b, rep);
    sc_report_doc_row(d, b, all);
}

static const char *area_name(const sc_area_list *areas, const char *code)
{
    int i = sc_area_find(areas, code);
    return i >= 0 ? areas->items[i].name : code;
}

static sc_rc outside_section(sc_report_doc *d, sc_db *db, sc_period q)
{
    sc_area_list areas;
    sc_rc rc = sc_store_areas(db, &areas);
    if (rc != SC_OK)
        return rc;
    sc_quarter view;
    rc = sc_store_quarter(db, q, NULL, &view);
    if (rc != SC_OK) {
        sc_area_list_clear(&areas);
        return rc;
    }
    static const char *const cols[] = {"t:Code",  "t:Indicator", "t:Category",  "t:Service area",
                                       "n:Value", "n:Target",    "n:Tolerance", "t:Commentary"};
    sc_report_doc_heading(d, 2, strdup("Indicators outside target range"));
    sc_report_block *b = sc_report_doc_table(d, sc_status_key(SC_STATUS_OUTSIDE), 8, cols);
    if (b)
        b->csv_only = true;
    int n = 0;
    for (size_t i = 0; i < view.count; i++) {
        const sc_quarter_row *r = &view.rows[i];
        if (r->status != SC_STATUS_OUTSIDE)
            continue;
        n++;
        if (sc_report_disclose_outside(d, b, r, area_name(&areas, r->ind.service_area)))
            continue;
        const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
        sc_report_doc_quoting(
            d, sc_report_doc_fmt(
                   "%s (%s, %s): %.*f%s against a target of %.*f%s (%s)%s%s", r->ind.name,
                   area_name(&areas, r->ind.service_area),
                   r->ind.category == SC_CAT_CONTRACTUAL ? "contractual" : "strategic",
                   r->ind.decimals, r->res.value, unit, r->ind.decimals, r->target.target, unit,
                   sc_polarity_words(r->ind.polarity), r->res.commentary ? ". " : ".",
                   r->res.commentary ? r->res.commentary : ""));
        sc_report_stats_mark(d, r);
        if (rc == SC_OK)
            rc = sc_report_outturn_mark(d, db, r, q);
        char *cells[SC_REPORT_DOC_MAX_COLS] = {
            strdup(r->ind.code),
            strdup(r->ind.name),
            strdup(r->ind.category == SC_CAT_CONTRACTUAL ? "contractual" : "strategic_partnership"),
            strdup(r->ind.service_area),
            sc_report_doc_plain_number(r->res.value),
            sc_report_doc_plain_number(r->target.target),
            sc_report_doc_plain_number(r->target.tolerance),
            strdup(r->res.commentary ? r->res.commentary : "")};
        sc_report_doc_row(d, b, cells);
    }
    if (!n)
        sc_report_doc_para(d, NULL, strdup("There are no indicators outside target range."));
    sc_quarter_clear(&view);
    sc_area_list_clear(&areas);
    return rc;
}

/* The demand table: the quarters of the demand view (five, or the
 * layout's window) and both change columns. */
static sc_rc demand_section(sc_report_doc *d, sc_db *db, sc_period q, const sc_report_layout *lay)
{
    sc_demand_view v;
    const int decimals = lay->change_decimals;
    sc_rc rc = sc_demand_view_read_window(db, q, lay->demand_quarters, &v);
    if (rc != SC_OK)
        return rc;
    sc_report_doc_heading(d, 2, strdup("Demand"));
    if (!v.any) {
        sc_report_doc_para(d, NULL,
                           strdup("No demand figures have been pushed for these quarters."));
        sc_demand_view_clear(&v);
        return SC_OK;
    }
    char *labels[SC_DEMAND_VIEW_MAX_QUARTERS];
    const int n = v.quarters;
    const char *cols[SC_REPORT_DOC_MAX_COLS] = {"t:Demand Measure"};
    for (int k = 0; k < n; k++) {
        char *l = sc_report_doc_quarter_label(v.from + k);
        labels[k] = sc_report_doc_fmt("i:%s", l ? l : "");
        free(l);
        cols[1 + k] = labels[k] ? labels[k] : "i:";
    }
    cols[n + 1] = "p:Change against previous quarter";
    cols[n + 2] = "p:Change against same quarter last year";
    sc_report_block *b = sc_report_doc_table(d, "demand", (size_t)n + 3, cols);
    for (int k = 0; k < n; k++)
        free(labels[k]);
    for (size_t i = 0; i < v.measures.count; i++) {
        char *cells[SC_REPORT_DOC_MAX_COLS] = {strdup(v.measures.items[i].name)};
        for (int k = 0; k < n; k++)
            cells[1 + k] =
                v.has[i][k] ? sc_report_doc_fmt("%lld", (long long)v.value[i][k]) : strdup("");
        for (int base = 1; base <= 2; base++) {
            double pct;
            cells[n + base] = sc_demand_row_change(&v.rows[i], base, decimals, &pct)
                                  ? sc_report_doc_fmt("%.*f", decimals, pct)
                                  : strdup("-");
        }
        sc_report_disclose_demand(d, &v, i, cells);
        sc_report_doc_row(d, b, cells);
    }
    sc_report_sentences_demand(d, &v, decimals);
    sc_demand_view_clear(&v);
    return SC_OK;
}

static char *month_words(const char *as_at)
{
    const char *month = sc_report_doc_month_name(as_at ? atoi(as_at + 5) : 0);
    return month ? sc_report_doc_fmt(" as at %s %.4s", month, as_at) : strdup("");
}

static void finance_table(sc_report_doc *d, const sc_finance *f, const sc_finance_totals *t)
{
    bool covid = t->has_covid;
    static const char *const cols[] = {
        "t:Overall Heading", "m:Budget Gross",   "m:Budget Income",        "m:Budget Net",
        "m:Outturn Gross",   "m:Outturn Income", "m:Outturn Net",          "m:Variance Gross",
        "m:Variance Income", "m:Variance Net",   "m:Covid-19 Variance Net"};
    sc_report_block *b = sc_report_doc_table(d, "finance", covid ? 11 : 10, cols);
    for (size_t i = 0; i <= f->count; i++) {
        bool total = i == f->count;
        const sc_finance_line *l = total ? NULL : &f->lines[i];
        if (l && !l->has_budget)
            continue; /* a variance alone: in the key variances' breakdown */
        sc_money3 bud = total ? t->budget : l->budget, out = total ? t->outturn : l->outturn;
        sc_money3 var = total ? t->variance : sc_finance_line_variance(l);
        char *cells[SC_REPORT_DOC_MAX_COLS] = {total ? strdup("Grand Total")
                                               : l->parent
                                                   ? sc_report_doc_fmt("of which: %s", l->name)
                                                   : strdup(l->name),
                                               sc_report_doc_plain_number(bud.gross),
                                               sc_report_doc_plain_number(bud.income),
                                               sc_report_doc_plain_number(bud.net),
                                               sc_report_doc_plain_number(out.gross),
                                               sc_report_doc_plain_number(out.income),
                                               sc_report_doc_plain_number(out.net),
                                               sc_report_doc_plain_number(var.gross),
                                               sc_report_doc_plain_number(var.income),
                                               sc_report_doc_plain_number(var.net)};
        if (covid)
            cells[10] = total          ? sc_report_doc_plain_number(t->covid_variance_net)
                        : l->has_covid ? sc_report_doc_plain_number(l->covid_variance_net)
                                       : strdup("");
        sc_report_doc_row(d, b, cells);
    }
}

static void finance_position(sc_report_doc *d, const sc_finance *f, const sc_finance_totals *t,
                             double threshold)
{
    char *when = month_words(f->as_at);
    char *total = sc_report_doc_money(t->variance.net, f->units);
    char *s;
    if (t->variance.net == 0)
        s = sc_report_doc_fmt("The forecast%s is a balanced budget.", when ? when : "");
    else
        s = sc_report_doc_fmt("The forecast%s is a total %s of %s.", when ? when : "",
                              sc_finance_position_word(t->variance.net), total ? total : "");
    if (s && t->has_covid && t->covid_variance_net != 0) {
        char *covid = sc_report_doc_money(t->covid_variance_net, f->units);
        char *oper = sc_report_doc_money(t->operating_variance_net, f->units);
        char *next =
            sc_report_doc_fmt("%s Excluding %s due to Covid-19, the operating position is %s%s.", s,
                              covid ? covid : "",
                              t->operating_variance_net == 0  ? "balanced"
                              : t->operating_variance_net < 0 ? "an overspend of "
                                                              : "an underspend of ",
                              t->operating_variance_net == 0 ? ""
                              : oper                         ? oper
                                                             : "");
        free(covid);
        free(oper);
        free(s);
        s = next;
    }
    sc_report_doc_para(d, "position", s);
    free(when);
    free(total);

    /* key variances, largest first */
    const sc_finance_line **keys = NULL;
    size_t n = 0;
    if (sc_finance_key_variances(f, threshold, &keys, &n) != SC_OK) {
        d->oom = true;
        return;
    }
    char *th = sc_report_doc_money(threshold, f->units);
    char *list = strdup("");
    for (size_t i = 0; list && i < n; i++) {
        sc_money3 v = sc_finance_line_variance(keys[i]);
        char *amount = sc_report_doc_money(v.net, f->units);
        char *next =
            sc_report_doc_fmt("%s%s%s (%s %s)", list,
                              i == 0       ? ""
                              : i + 1 == n ? " and "
                                           : ", ",
                              keys[i]->name, amount ? amount : "", sc_finance_position_word(v.net));
        free(amount);
        free(list);
        list = next;
    }
    if (n == 0)
        sc_report_doc_para(
            d, "key_variances",
            sc_report_doc_fmt("There are no variances of %s or more.", th ? th : ""));
    else
        sc_report_doc_para(d, "key_variances",
                           sc_report_doc_fmt("There %s %zu significant (%s+/-) variance%s: %s.",
                                             n == 1 ? "is" : "are", n, th ? th : "",
                                             n == 1 ? "" : "s", list ? list : ""));
    free(th);
    free(list);
    free(keys);
}

static sc_rc finance_section(sc_report_doc *d, sc_db *db, sc_period q)
{
    sc_finance f;
    sc_rc rc = sc_store_finance_get(db, q, &f);
    sc_report_doc_heading(d, 2, strdup("Finance"));
    if (rc == SC_ENOTFOUND) {
        sc_report_doc_para(d, NULL,
                           strdup("No finance statement has been pushed for this quarter."));
        return SC_OK;
    }
    if (rc != SC_OK)
        return rc;
    sc_finance_totals t;
    sc_finance_totals_shown(&f, &t);
    d->money_thousands = f.units == SC_UNITS_GBP_THOUSANDS;
    sc_report_doc_para(d, NULL,
                       strdup(f.units == SC_UNITS_GBP_THOUSANDS
                                  ? "Figures are in £000s; a negative "
                                    "variance is an overspend."
                                  : "Figures are in £; a negative "
                                    "variance is an overspend."));
    finance_table(d, &f, &t);
    finance_position(d, &f, &t, sc_finance_default_threshold(f.units));
    rc = sc_report_finance_notes(d, db, q, &f);
    sc_finance_clear(&f);
    return rc;
}

sc_report_layout sc_report_layout_default(int decimals)
{
    return (sc_report_layout){decimals, decimals, SC_DEMAND_VIEW_QUARTERS};
}

sc_rc sc_report_assemble(sc_report_doc *d, sc_db *db, sc_period q, const sc_report_layout *lay,
                         const char *since)
{
    const int decimals = lay->decimals;
    char *label = sc_report_doc_quarter_label(q);
    char qs[SC_PERIOD_ID_LEN];
    sc_report_doc_heading(d, 1,
                          sc_report_doc_fmt("Performance challenge: %s (%s)", label ? label : "",
                                            sc_period_format(q, qs)));
    free(label);
    sc_area_list areas;
    sc_summary sum;
    sc_rc rc = sc_summary_read(db, q, &areas, &sum);
    if (rc != SC_OK)
        return rc;
    sc_report_doc_heading(d, 2, strdup("Contractual indicators"));
    contractual_sentence(d, &sum.tables[SC_CAT_CONTRACTUAL]);
    sc_report_doc_heading(d, 2, strdup("Strategic partnership indicators"));
    strategic_table(d, &sum.tables[SC_CAT_STRATEGIC], &areas, decimals);
    sc_report_sentences_strategic(d, &sum.tables[SC_CAT_STRATEGIC], decimals);
    sc_summary_clear(&sum);
    sc_area_list_clear(&areas);
    if ((rc = outside_section(d, db, q)) != SC_OK ||
        (rc = sc_report_stats_section(d, db, q)) != SC_OK ||
        (rc = sc_report_sentences_exceptions(d, db, q)) != SC_OK ||
        (rc = demand_section(d, db, q, lay)) != SC_OK ||
        (rc = sc_report_rates(d, db, q)) != SC_OK || (rc = finance_section(d, db, q)) != SC_OK ||
        (rc = sc_report_placements(d, db, q, decimals)) != SC_OK) /* the care ladder */
        return rc;
    if ((rc = sc_report_questions_section(d, db, q)) != SC_OK)
        return rc;
    return since ? sc_report_sentences_since(d, db, q, since) : SC_OK;
}

sc_rc sc_report_build(sc_db *db, sc_period q, sc_report_format fmt_, const sc_report_layout *lay,
                      char **out)
{
    return sc_report_build_since(db, q, fmt_, lay, NULL, out);
}

sc_rc sc_report_build_since(sc_db *db, sc_period q, sc_report_format fmt_,
                            const sc_report_layout *lay, const char *since, char **out)
{
    return sc_report_build_public(db, q, fmt_, lay, since, 0, out);
}

sc_rc sc_report_build_public(sc_db *db, sc_period q, sc_report_format fmt_,
                             const sc_report_layout *lay, const char *since, int suppress_below,
                             char **out)
{
    sc_report_doc d = {.suppress_below = suppress_below};
    sc_rc rc = sc_report_assemble(&d, db, q, lay, since);
    if (rc == SC_OK && d.oom)
        rc = SC_ENOMEM;
    sc_sbuf s = {0};
    if (rc == SC_OK) {
        sc_report_render(&s, &d, fmt_);
        if (s.oom || !s.buf)
            rc = SC_ENOMEM;
    }
    sc_report_doc_clear(&d);
    if (rc != SC_OK) {
        free(s.buf);
        return rc;
    }
    *out = s.buf;
    return SC_OK;
}

/* ---- the report as tables (report.h) ---- */

_Static_assert(SC_REPORT_MAX_COLS == SC_REPORT_DOC_MAX_COLS, "one column limit");

/* The typed cell of text in a column of kind k, as the CSV would write it
 * (the % of the strategic table's percentage rows dropped). */
static sc_report_cell typed_cell(const char *text, sc_report_doc_kind k)
{
    sc_report_cell c = {SC_REPORT_CELL_TEXT, text, 0};
    size_t n = strlen(text);
    if (n == 0) {
        c.kind = SC_REPORT_CELL_EMPTY;
        return c;
    }
    if (k == SC_REPORT_DOC_TEXT)
        return c;
    char num[64];
    bool pct = text[n - 1] == '%';
    if (pct && n - 1 < sizeof num) {
        memcpy(num, text, n - 1);
        num[n - 1] = '\0';
    } else {
        pct = false;
        snprintf(num, sizeof num, "%s", text);
    }
    if (!sc_report_doc_is_number(num)) {
        c.kind = SC_REPORT_CELL_MARK; /* "-": no figure can be here */
        return c;
    }
    c.number = strtod(num, NULL);
    c.kind = pct || k == SC_REPORT_DOC_PCT ? SC_REPORT_CELL_PCT
             : k == SC_REPORT_DOC_INT      ? SC_REPORT_CELL_INT
             : k == SC_REPORT_DOC_COUNT    ? SC_REPORT_CELL_COUNT
             : k == SC_REPORT_DOC_MONEY    ? SC_REPORT_CELL_MONEY
                                           : SC_REPORT_CELL_NUMBER;
    return c;
}

static bool add_table(sc_report_tables *t, size_t ncols, size_t nrows)
{
    sc_report_table *ts = realloc(t->tables, (t->count + 1) * sizeof *ts);
    if (!ts)
        return false;
    t->tables = ts;
    sc_report_table *n = &ts[t->count];
    *n = (sc_report_table){0};
    n->cells = calloc(nrows * ncols + 1, sizeof *n->cells);
    if (!n->cells)
        return false;
    n->ncols = ncols;
    n->nrows = nrows;
    t->count++;
    return true;
}

static sc_rc tables_from_doc(sc_report_tables *t, const sc_report_doc *d)
{
    size_t paras = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->b[i]->type == SC_REPORT_DOC_PARA && d->b[i]->name)
            paras++;
    if (!add_table(t, 2, paras))
        return SC_ENOMEM;
    sc_report_table *st = &t->tables[0];
    st->name = "statements";
    st->header[0] = "Statement";
    st->header[1] = "Text";
    size_t r = 0;
    for (size_t i = 0; i < d->n; i++) {
        const sc_report_block *b = d->b[i];
        if (b->type == SC_REPORT_DOC_PARA && b->name) {
            t->tables[0].cells[r * 2] = (sc_report_cell){SC_REPORT_CELL_TEXT, b->name, 0};
            t->tables[0].cells[r * 2 + 1] = (sc_report_cell){SC_REPORT_CELL_TEXT, b->text, 0};
            r++;
        }
    }
    for (size_t i = 0; i < d->n; i++) {
        const sc_report_block *b = d->b[i];
        if (b->type != SC_REPORT_DOC_TABLE)
            continue;
        if (!add_table(t, b->ncols, b->nrows))
            return SC_ENOMEM;
        sc_report_table *n = &t->tables[t->count - 1];
        n->name = b->name;
        for (size_t c = 0; c < b->ncols; c++)
            n->header[c] = b->header[c];
        for (size_t row = 0; row < b->nrows; row++)
            for (size_t c = 0; c < b->ncols; c++)
                n->cells[row * b->ncols + c] = typed_cell(b->rows[row][c], b->kind[c]);
    }
    return SC_OK;
}

sc_rc sc_report_tables_build(sc_db *db, sc_period q, const sc_report_layout *lay,
                             sc_report_tables *out)
{
    return sc_report_tables_build_public(db, q, lay, 0, out);
}

sc_rc sc_report_tables_build_public(sc_db *db, sc_period q, const sc_report_layout *lay,
                                    int suppress_below, sc_report_tables *out)
{
    *out = (sc_report_tables){0};
    sc_report_doc *d = calloc(1, sizeof *d);
    if (!d)
        return SC_ENOMEM;
    d->suppress_below = suppress_below;
    out->doc = d;
    out->decimals = lay->decimals;
    sc_rc rc = sc_report_assemble(d, db, q, lay, NULL);
    if (rc == SC_OK && d->oom)
        rc = SC_ENOMEM;
    if (rc == SC_OK)
        rc = tables_from_doc(out, d);
    out->money_thousands = d->money_thousands;
    if (rc != SC_OK)
        sc_report_tables_clear(out);
    return rc;
}

void sc_report_tables_clear(sc_report_tables *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->tables[i].cells);
    free(t->tables);
    if (t->doc) {
        sc_report_doc_clear(t->doc);
        free(t->doc);
    }
    *t = (sc_report_tables){0};
}
