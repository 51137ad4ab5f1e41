/* report_disclose.c - disclosure control in the committee report (see
 * report_disclose.h). */
#include "report_disclose.h"

#include <stdlib.h>
#include <string.h>

#include "disclose.h"

bool sc_report_disclose_row(const sc_report_doc *d, const sc_quarter_row *r)
{
    return d->suppress_below > 0 && r->has_result &&
           sc_disclose_result(&r->ind, &r->res, d->suppress_below);
}

bool sc_report_disclose_previous(const sc_report_doc *d, const sc_quarter_row *r)
{
    return d->suppress_below > 0 && r->ctx.has_previous &&
           sc_disclose_result(&r->ind, &r->ctx.previous_figures, d->suppress_below);
}

bool sc_report_disclose_outside(sc_report_doc *d, sc_report_block *b, const sc_quarter_row *r,
                                const char *area)
{
    if (!sc_report_disclose_row(d, r))
        return false;
    const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
    bool contractual = r->ind.category == SC_CAT_CONTRACTUAL;
    sc_report_doc_para(d, NULL,
                       sc_report_doc_fmt("%s (%s, %s): " SC_DISCLOSE_SYMBOL
                                         " against a target of %.*f%s (withheld: it rests on a "
                                         "count of fewer than %d children).",
                                         r->ind.name, area,
                                         contractual ? "contractual" : "strategic", r->ind.decimals,
                                         r->target.target, unit, d->suppress_below));
    char *cells[SC_REPORT_DOC_MAX_COLS] = {
        strdup(r->ind.code),
        strdup(r->ind.name),
        strdup(contractual ? "contractual" : "strategic_partnership"),
        strdup(r->ind.service_area),
        strdup(SC_DISCLOSE_SYMBOL),
        sc_report_doc_plain_number(r->target.target),
        sc_report_doc_plain_number(r->target.tolerance),
        strdup(SC_DISCLOSE_SYMBOL)};
    sc_report_doc_row(d, b, cells);
    return true;
}

void sc_report_disclose_evidence(sc_sbuf *s, const sc_quarter_row *r)
{
    sc_sbuf_printf(s, "%s (" SC_DISCLOSE_SYMBOL ")", r->ind.code);
}

char *sc_report_disclose_exception(const sc_quarter_row *r)
{
    return sc_report_doc_fmt("%s: performance at " SC_DISCLOSE_SYMBOL ".", r->ind.name);
}

static bool demand_small(const sc_report_doc *d, const sc_demand_view *v, size_t i, int k)
{
    return v->has[i][k] && sc_disclose_count((double)v->value[i][k], d->suppress_below);
}

bool sc_report_disclose_demand_change(const sc_report_doc *d, const sc_demand_view *v, size_t i)
{
    return demand_small(d, v, i, SC_DEMAND_VIEW_QUARTERS - 1) || demand_small(d, v, i, 0);
}

static void confidential(char **cell)
{
    free(*cell);
    *cell = strdup(SC_DISCLOSE_SYMBOL);
}

/* A table cell holding a count below the threshold. */
static bool cell_small(const sc_report_doc *d, const char *cell)
{
    return cell && *cell && sc_report_doc_is_number(cell) &&
           sc_disclose_count(strtod(cell, NULL), d->suppress_below);
}

static void hide_placement(char **row)
{
    static const int derived[] = {1, 4, 6, 7};
    for (size_t k = 0; k < sizeof derived / sizeof *derived; k++)
        if (row[derived[k]] && *row[derived[k]])
            confidential(&row[derived[k]]);
}

void sc_report_disclose_placements(const sc_report_doc *d, sc_report_block *b)
{
    if (!b || d->suppress_below <= 0)
        return;
    size_t hidden = 0, smallest = b->nrows;
    for (size_t r = 0; r < b->nrows; r++) {
        char **row = b->rows[r];
        if (cell_small(d, row[5]))
            confidential(&row[5]);
        if (cell_small(d, row[1])) {
            hide_placement(row);
            hidden++;
        } else if (row[1] && sc_report_doc_is_number(row[1]) &&
                   (smallest == b->nrows ||
                    strtod(row[1], NULL) < strtod(b->rows[smallest][1], NULL))) {
            smallest = r;
        }
    }
    if (hidden == 1 && smallest < b->nrows)
        hide_placement(b->rows[smallest]);
}

bool sc_report_disclose_split(const sc_report_doc *d, int64_t in_house, int64_t agency)
{
    return sc_disclose_count((double)in_house, d->suppress_below) ||
           sc_disclose_count((double)agency, d->suppress_below);
}

void sc_report_disclose_demand(const sc_report_doc *d, const sc_demand_view *v, size_t i,
                               char **cells)
{
    bool small[SC_DEMAND_VIEW_QUARTERS];
    for (int k = 0; k < SC_DEMAND_VIEW_QUARTERS; k++) {
        small[k] = demand_small(d, v, i, k);
        if (small[k])
            confidential(&cells[1 + k]);
    }
    /* the changes: against the previous quarter (k = 3) and the same
     * quarter last year (k = 0) */
    const int now = SC_DEMAND_VIEW_QUARTERS - 1;
    if (small[now] || small[now - 1])
        confidential(&cells[6]);
    if (small[now] || small[0])
        confidential(&cells[7]);
}
