/* report.c - building the committee report and rendering it (see report.h).
 *
 * The report is first assembled as a list of blocks (headings, sentences,
 * tables of raw cell values with a kind per column) and then rendered, so
 * the three formats cannot disagree about a figure: Markdown and text add
 * thousands separators and % signs, CSV keeps the plain numbers.
 */
#include "report.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demand.h"
#include "demand_view.h"
#include "finance.h"
#include "num.h"
#include "quarter.h"
#include "sbuf.h"
#include "store_finance.h"
#include "store_kpi.h"
#include "summary.h"

const char *const sc_report_format_keys[SC_REPORT_N] = {"text", "markdown", "csv"};

#define MAX_COLS 12

/* K_COUNT is an integer the papers leave blank when zero (status tables). */
typedef enum { K_TEXT = 0, K_INT, K_PCT, K_MONEY, K_COUNT } col_kind;
typedef enum { B_HEADING, B_PARA, B_TABLE } block_type;

typedef struct {
    block_type type;
    int level;        /* heading level */
    char *text;       /* heading or paragraph */
    const char *name; /* CSV table name; NULL keeps a paragraph out of CSV */
    bool csv_only;    /* a table that only CSV shows (text has sentences) */
    size_t ncols;
    char *header[MAX_COLS];
    col_kind kind[MAX_COLS];
    char ***rows;
    size_t nrows;
    size_t cap;
} block;

/* Blocks are allocated one by one, so a block pointer a section holds
 * (its table) stays valid while later blocks are added. */
typedef struct {
    block **b;
    size_t n;
    size_t cap;
    bool oom;
} doc;

/* ---- building ---- */

static char *vfmt(const char *f, va_list ap)
{
    char *s = NULL;
    return vasprintf(&s, f, ap) < 0 ? NULL : s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = vfmt(f, ap);
    va_end(ap);
    return s;
}

static block *add_block(doc *d, block_type t)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        block **bs = realloc(d->b, cap * sizeof *bs);
        if (!bs) {
            d->oom = true;
            return NULL;
        }
        d->b = bs;
        d->cap = cap;
    }
    block *b = calloc(1, sizeof *b);
    if (!b) {
        d->oom = true;
        return NULL;
    }
    d->b[d->n++] = b;
    b->type = t;
    return b;
}

static void heading(doc *d, int level, char *text)
{
    block *b = add_block(d, B_HEADING);
    if (!b || !text) {
        d->oom = true;
        free(text);
        return;
    }
    b->level = level;
    b->text = text;
}

/* A paragraph; name non-NULL puts it in CSV as table "statements". */
static void para(doc *d, const char *name, char *text)
{
    block *b = add_block(d, B_PARA);
    if (!b || !text) {
        d->oom = true;
        free(text);
        return;
    }
    b->name = name;
    b->text = text;
}

/* A table; header and kinds are given as "K:Title" strings where K is
 * t (text), i (integer), p (percentage) or m (money). */
static block *table(doc *d, const char *name, size_t ncols, const char *const *cols)
{
    block *b = add_block(d, B_TABLE);
    if (!b)
        return NULL;
    b->name = name;
    b->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        b->kind[i] = cols[i][0] == 'i'   ? K_INT
                     : cols[i][0] == 'p' ? K_PCT
                     : cols[i][0] == 'm' ? K_MONEY
                                         : K_TEXT;
        b->header[i] = strdup(cols[i] + 2);
        if (!b->header[i])
            d->oom = true;
    }
    return b;
}

/* Appends a row of ncols cells (taken over; NULL cells become ""). */
static void row(doc *d, block *t, char **cells)
{
    if (!t) {
        for (size_t i = 0; i < MAX_COLS; i++)
            free(cells[i]);
        return;
    }
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char ***rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) {
            d->oom = true;
            for (size_t i = 0; i < t->ncols; i++)
                free(cells[i]);
            return;
        }
        t->rows = rows;
        t->cap = cap;
    }
    char **r = calloc(t->ncols, sizeof *r);
    if (!r) {
        d->oom = true;
        for (size_t i = 0; i < t->ncols; i++)
            free(cells[i]);
        return;
    }
    for (size_t i = 0; i < t->ncols; i++)
        r[i] = cells[i] ? cells[i] : strdup("");
    t->rows[t->nrows++] = r;
}

static void doc_free(doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        block *b = d->b[i];
        free(b->text);
        for (size_t c = 0; c < b->ncols; c++)
            free(b->header[c]);
        for (size_t r = 0; r < b->nrows; r++) {
            for (size_t c = 0; c < b->ncols; c++)
                free(b->rows[r][c]);
            free(b->rows[r]);
        }
        free(b->rows);
        free(b);
    }
    free(d->b);
}

/* ---- numbers as the papers print them ---- */

static char *plain_number(double x)
{
    int64_t s;
    if (x == floor(x) && fabs(x) < 1e15)
        return fmt("%lld", (long long)x);
    if (sc_num_scale(x, 2, &s))
        return fmt("%.2f", sc_num_unscale(s, 2));
    return fmt("%g", x);
}

static char *pct_cell(int count, int total, int decimals)
{
    int64_t s;
    if (total <= 0 || !sc_num_div_scaled((int64_t)count * 100, total, decimals, &s))
        return strdup("-");
    return fmt("%.*f", decimals, sc_num_unscale(s, decimals));
}

/* Inserts thousands separators into a plain number ("-3948" -> "-3,948"). */
static char *grouped(const char *s)
{
    size_t len = strlen(s);
    const char *digits = s + (s[0] == '-');
    size_t intlen = strcspn(digits, ".");
    char *out = malloc(len + intlen / 3 + 2);
    if (!out)
        return NULL;
    size_t o = 0;
    if (s[0] == '-')
        out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    strcpy(out + o, digits + intlen);
    return out;
}

static bool is_number(const char *s)
{
    if (!*s)
        return false;
    char *end;
    strtod(s, &end);
    return *end == '\0';
}

/* Free text in the text and Markdown reports is one line: each run of
 * control characters (CR, LF, TAB, ESC ...) becomes one space, so a
 * newline in commentary cannot end the paragraph or table row it is in and
 * forge a heading, table or section of its own (and no terminal escape
 * reaches whoever reads the plain text). Figures hold none. */
static char *folded(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    bool run = false; /* inside a run of control characters */
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        bool control = *c < 0x20 || *c == 0x7f;
        if (!control)
            out[o++] = (char)*c;
        else if (!run)
            out[o++] = ' ';
        run = control;
    }
    out[o] = '\0';
    return out;
}

/* The cell as Markdown and text show it. */
static char *display(const char *cell, col_kind k)
{
    if (!is_number(cell) || k == K_TEXT)
        return folded(cell);
    if (k == K_COUNT && strcmp(cell, "0") == 0)
        return strdup("");
    if (k == K_PCT)
        return fmt("%s%%", cell);
    return grouped(cell);
}

/* ---- sections ---- */

static const char *const status_columns[] = {"i:Outside target range",
                                             "i:Within target range",
                                             "i:Better than target",
                                             "i:Not available",
                                             "i:Annual KPI not yet due",
                                             "i:Target figure to be confirmed",
                                             "i:Suspended",
                                             "i:Not submitted"};

static void contractual_sentence(doc *d, const sc_summary_table *t)
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
    char *s = fmt("Of the %d contractual indicator%s:", total, total == 1 ? "" : "s");
    bool first = true;
    for (size_t i = 0; s && i < sizeof clauses / sizeof *clauses; i++) {
        int n = t->totals[clauses[i].status];
        if (!n)
            continue;
        char *next =
            fmt("%s%s %d %s", s, first ? "" : ";", n, n == 1 ? clauses[i].one : clauses[i].many);
        free(s);
        s = next;
        first = false;
    }
    if (s) {
        char *next = fmt(first ? "%s none are active in this quarter." : "%s.", s);
        free(s);
        s = next;
    }
    para(d, "contractual", s);
}

/* Columns with any count are shown; the six the papers print always are. */
static bool show_status(const sc_summary_table *t, int s)
{
    return s < 6 || t->totals[s] > 0;
}

static void strategic_table(doc *d, const sc_summary_table *t, const sc_area_list *areas,
                            int decimals)
{
    const char *cols[MAX_COLS] = {"t:Service Area"};
    int map[SC_STATUS_COUNT];
    size_t nc = 1;
    for (int s = 0; s < SC_STATUS_COUNT; s++)
        if (show_status(t, s)) {
            map[nc - 1] = s;
            cols[nc++] = status_columns[s];
        }
    para(d, NULL, fmt("Of the %d strategic partnership indicators:", t->total));
    block *b = table(d, "strategic", nc, cols);
    for (size_t i = 0; i < t->count; i++) {
        const sc_summary_row *r = &t->rows[i];
        char *cells[MAX_COLS] = {strdup(areas->items[r->area].name)};
        for (size_t c = 1; c < nc; c++)
            cells[c] = fmt("%d", r->counts[map[c - 1]]);
        row(d, b, cells);
    }
    char *tot[MAX_COLS] = {strdup("Total")};
    char *rep[MAX_COLS] = {strdup("% of reported")};
    char *all[MAX_COLS] = {strdup("% overall")};
    for (size_t c = 1; c < nc; c++) {
        int s = map[c - 1];
        int n = t->totals[s];
        tot[c] = fmt("%d", n);
        rep[c] = s < 3 ? pct_cell(n, t->reported, decimals) : strdup("-");
        all[c] = pct_cell(n, t->total, decimals);
    }
    if (b) {
        for (size_t c = 1; c < nc; c++)
            b->kind[c] = K_COUNT; /* the papers leave zero counts blank */
    }
    row(d, b, tot);
    /* percentage rows: mark their cells as percentages by a second table
     * kind would split the table, so they carry the % in text formats */
    for (size_t c = 1; c < nc; c++) {
        char *p = is_number(rep[c]) ? fmt("%s%%", rep[c]) : strdup(rep[c]);
        char *q = is_number(all[c]) ? fmt("%s%%", all[c]) : strdup(all[c]);
        free(rep[c]);
        free(all[c]);
        rep[c] = p;
        all[c] = q;
    }
    row(d, b, rep);
    row(d, b, all);
}

static const char *polarity_words(sc_polarity p)
{
    return p == SC_HIGHER_IS_BETTER ? "higher is better" : "lower is better";
}

static const char *area_name(const sc_area_list *areas, const char *code)
{
    int i = sc_area_find(areas, code);
    return i >= 0 ? areas->items[i].name : code;
}

static sc_rc outside_section(doc *d, sc_db *db, sc_period q)
{
    sc_area_list areas;
    sc_rc rc = sc_store_areas(db, &areas);
    if (rc != SC_OK)
        return rc;
    sc_quarter view;
    rc = sc_store_quarter(db, q, NULL, &view);
    if (rc != SC_OK) {
        sc_area_list_free(&areas);
        return rc;
    }
    static const char *const cols[] = {"t:Code",  "t:Indicator", "t:Category",  "t:Service area",
                                       "m:Value", "m:Target",    "m:Tolerance", "t:Commentary"};
    heading(d, 2, strdup("Indicators outside target range"));
    block *b = table(d, "outside_target_range", 8, cols);
    if (b)
        b->csv_only = true;
    int n = 0;
    for (size_t i = 0; i < view.count; i++) {
        const sc_quarter_row *r = &view.rows[i];
        if (r->status != SC_STATUS_OUTSIDE)
            continue;
        n++;
        const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
        para(d, NULL,
             fmt("%s (%s, %s): %.*f%s against a target of %.*f%s (%s)%s%s", r->ind.name,
                 area_name(&areas, r->ind.service_area),
                 r->ind.category == SC_CAT_CONTRACTUAL ? "contractual" : "strategic",
                 r->ind.decimals, r->res.value, unit, r->ind.decimals, r->target.target, unit,
                 polarity_words(r->ind.polarity), r->res.commentary ? ". " : ".",
                 r->res.commentary ? r->res.commentary : ""));
        char *cells[MAX_COLS] = {
            strdup(r->ind.code),
            strdup(r->ind.name),
            strdup(r->ind.category == SC_CAT_CONTRACTUAL ? "contractual" : "strategic_partnership"),
            strdup(r->ind.service_area),
            plain_number(r->res.value),
            plain_number(r->target.target),
            plain_number(r->target.tolerance),
            strdup(r->res.commentary ? r->res.commentary : "")};
        row(d, b, cells);
    }
    if (!n)
        para(d, NULL, strdup("There are no indicators outside target range."));
    sc_quarter_free(&view);
    sc_area_list_free(&areas);
    return SC_OK;
}

static char *quarter_label(sc_period p)
{
    int y = sc_period_year(p);
    return fmt("%d/%02d Q%d", y, (y + 1) % 100, sc_period_quarter(p));
}

/* The demand table: the five quarters of the demand view and both change
 * columns. */
static sc_rc demand_section(doc *d, sc_db *db, sc_period q, int decimals)
{
    sc_demand_view v;
    sc_rc rc = sc_demand_view_read(db, q, &v);
    if (rc != SC_OK)
        return rc;
    heading(d, 2, strdup("Demand"));
    if (!v.any) {
        para(d, NULL, strdup("No demand figures have been pushed for these quarters."));
        sc_demand_view_free(&v);
        return SC_OK;
    }
    char *labels[SC_DEMAND_VIEW_QUARTERS];
    const char *cols[MAX_COLS] = {"t:Demand Measure"};
    for (int k = 0; k < SC_DEMAND_VIEW_QUARTERS; k++) {
        char *l = quarter_label(v.from + k);
        labels[k] = fmt("i:%s", l ? l : "");
        free(l);
        cols[1 + k] = labels[k] ? labels[k] : "i:";
    }
    cols[6] = "p:Change against previous quarter";
    cols[7] = "p:Change against same quarter last year";
    block *b = table(d, "demand", 8, cols);
    for (int k = 0; k < SC_DEMAND_VIEW_QUARTERS; k++)
        free(labels[k]);
    for (size_t i = 0; i < v.measures.count; i++) {
        char *cells[MAX_COLS] = {strdup(v.measures.items[i].name)};
        for (int k = 0; k < SC_DEMAND_VIEW_QUARTERS; k++)
            cells[1 + k] = v.has[i][k] ? fmt("%lld", (long long)v.value[i][k]) : strdup("");
        for (int base = 1; base <= 2; base++) {
            double pct;
            cells[5 + base] = sc_demand_row_change(&v.rows[i], base, decimals, &pct)
                                  ? fmt("%.*f", decimals, pct)
                                  : strdup("-");
        }
        row(d, b, cells);
    }
    sc_demand_view_free(&v);
    return SC_OK;
}

static char *money_words(double x, sc_units units)
{
    char *p = plain_number(fabs(x));
    char *g = p ? grouped(p) : NULL;
    char *s = g ? fmt("£%s%s", g, units == SC_UNITS_GBP_THOUSANDS ? "k" : "") : NULL;
    free(p);
    free(g);
    return s;
}

static char *month_words(const char *as_at)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    int m = as_at ? atoi(as_at + 5) : 0;
    if (m < 1 || m > 12)
        return strdup("");
    return fmt(" as at %s %.4s", months[m - 1], as_at);
}

static void finance_table(doc *d, const sc_finance *f, const sc_finance_totals *t)
{
    bool covid = t->has_covid;
    static const char *const cols[] = {
        "t:Overall Heading", "m:Budget Gross",   "m:Budget Income",        "m:Budget Net",
        "m:Outturn Gross",   "m:Outturn Income", "m:Outturn Net",          "m:Variance Gross",
        "m:Variance Income", "m:Variance Net",   "m:Covid-19 Variance Net"};
    block *b = table(d, "finance", covid ? 11 : 10, cols);
    for (size_t i = 0; i <= f->count; i++) {
        bool total = i == f->count;
        const sc_finance_line *l = total ? NULL : &f->lines[i];
        sc_money3 bud = total ? t->budget : l->budget, out = total ? t->outturn : l->outturn;
        sc_money3 var = total ? t->variance : sc_finance_line_variance(l);
        char *cells[MAX_COLS] = {total       ? strdup("Grand Total")
                                 : l->parent ? fmt("of which: %s", l->name)
                                             : strdup(l->name),
                                 plain_number(bud.gross),
                                 plain_number(bud.income),
                                 plain_number(bud.net),
                                 plain_number(out.gross),
                                 plain_number(out.income),
                                 plain_number(out.net),
                                 plain_number(var.gross),
                                 plain_number(var.income),
                                 plain_number(var.net)};
        if (covid)
            cells[10] = total          ? plain_number(t->covid_variance_net)
                        : l->has_covid ? plain_number(l->covid_variance_net)
                                       : strdup("");
        row(d, b, cells);
    }
}

static void finance_position(doc *d, const sc_finance *f, const sc_finance_totals *t,
                             double threshold)
{
    char *when = month_words(f->as_at);
    char *total = money_words(t->variance.net, f->units);
    char *s;
    if (t->variance.net == 0)
        s = fmt("The forecast%s is a balanced budget.", when ? when : "");
    else
        s = fmt("The forecast%s is a total %s of %s.", when ? when : "",
                sc_finance_position_word(t->variance.net), total ? total : "");
    if (s && t->has_covid && t->covid_variance_net != 0) {
        char *covid = money_words(t->covid_variance_net, f->units);
        char *oper = money_words(t->operating_variance_net, f->units);
        char *next = fmt("%s Excluding %s due to Covid-19, the operating position is %s%s.", s,
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
    para(d, "position", s);
    free(when);
    free(total);

    /* key variances, largest first */
    const sc_finance_line **keys = NULL;
    size_t n = 0;
    if (sc_finance_key_variances(f, threshold, &keys, &n) != SC_OK) {
        d->oom = true;
        return;
    }
    char *th = money_words(threshold, f->units);
    char *list = strdup("");
    for (size_t i = 0; list && i < n; i++) {
        sc_money3 v = sc_finance_line_variance(keys[i]);
        char *amount = money_words(v.net, f->units);
        char *next = fmt("%s%s%s (%s %s)", list,
                         i == 0       ? ""
                         : i + 1 == n ? " and "
                                      : ", ",
                         keys[i]->name, amount ? amount : "", sc_finance_position_word(v.net));
        free(amount);
        free(list);
        list = next;
    }
    if (n == 0)
        para(d, "key_variances", fmt("There are no variances of %s or more.", th ? th : ""));
    else
        para(d, "key_variances",
             fmt("There %s %zu significant (%s+/-) variance%s: %s.", n == 1 ? "is" : "are", n,
                 th ? th : "", n == 1 ? "" : "s", list ? list : ""));
    free(th);
    free(list);
    free(keys);
}

static sc_rc finance_section(doc *d, sc_db *db, sc_period q)
{
    sc_finance f;
    sc_rc rc = sc_store_finance_get(db, q, &f);
    heading(d, 2, strdup("Finance"));
    if (rc == SC_ENOTFOUND) {
        para(d, NULL, strdup("No finance statement has been pushed for this quarter."));
        return SC_OK;
    }
    if (rc != SC_OK)
        return rc;
    sc_finance_totals t;
    sc_finance_totals_compute(&f, &t);
    para(d, NULL,
         strdup(f.units == SC_UNITS_GBP_THOUSANDS ? "Figures are in £000s; a negative "
                                                    "variance is an overspend."
                                                  : "Figures are in £; a negative "
                                                    "variance is an overspend."));
    finance_table(d, &f, &t);
    finance_position(d, &f, &t, sc_finance_default_threshold(f.units));
    sc_finance_clear(&f);
    return SC_OK;
}

static sc_rc build(doc *d, sc_db *db, sc_period q, int decimals)
{
    char *label = quarter_label(q);
    char qs[SC_PERIOD_ID_LEN];
    heading(d, 1,
            fmt("Performance challenge: %s (%s)", label ? label : "", sc_period_format(q, qs)));
    free(label);
    sc_area_list areas;
    sc_summary sum;
    sc_rc rc = sc_summary_read(db, q, &areas, &sum);
    if (rc != SC_OK)
        return rc;
    heading(d, 2, strdup("Contractual indicators"));
    contractual_sentence(d, &sum.tables[SC_CAT_CONTRACTUAL]);
    heading(d, 2, strdup("Strategic partnership indicators"));
    strategic_table(d, &sum.tables[SC_CAT_STRATEGIC], &areas, decimals);
    sc_summary_free(&sum);
    sc_area_list_free(&areas);
    if ((rc = outside_section(d, db, q)) != SC_OK ||
        (rc = demand_section(d, db, q, decimals)) != SC_OK)
        return rc;
    return finance_section(d, db, q);
}

/* ---- rendering ---- */

/* ---- Markdown of free text ----
 *
 * Names, commentary and line names are typed by admins and writers; in the
 * Markdown report they must read as text, never as markup (issue 13): a
 * commentary holding "## Finance", a table row, <script> or
 * [see](javascript:...) must not become a heading, a table, HTML or a
 * link in whatever renders the report. So every block's text is folded to
 * one line (folded above), then:
 *   - \ ` * _ [ ] # | ! ~ @ get a backslash (emphasis, code, links, images,
 *     headings, table cells, strikethrough, e-mail autolinks), and so do
 *     the : of :// and the . of www. (GFM's bare-URL autolinks);
 *   - < and > become &lt; and &gt; (HTML, autolinks, blockquotes), and an &
 *     that could start an entity (& then a letter, digit or #) becomes &amp;;
 *   - at the start of a paragraph, leading spaces are dropped (indented
 *     code) and a leading - + = or digits then . or ) get a backslash
 *     (lists, thematic breaks, setext underlines, ordered lists).
 * The report's own prose and headings hold none of these characters, so
 * escaping whole blocks is the same as escaping the writers' parts. */

/* True when GFM would start an autolink at c (":" of "://", "." of
 * "www."); start is where the text begins. */
static bool md_autolink_at(const char *start, const char *c)
{
    if (*c == ':')
        return c[1] == '/' && c[2] == '/';
    return *c == '.' && c - start >= 3 && strncasecmp(c - 3, "www", 3) == 0;
}

static void md_char(sc_sbuf *s, const char *start, const char *c)
{
    if (strchr("\\`*_[]#|!~@", *c) || md_autolink_at(start, c)) {
        sc_sbuf_put(s, "\\", 1);
        sc_sbuf_put(s, c, 1);
    } else if (*c == '<') {
        sc_sbuf_puts(s, "&lt;");
    } else if (*c == '>') {
        sc_sbuf_puts(s, "&gt;");
    } else if (*c == '&' && (isalnum((unsigned char)c[1]) || c[1] == '#')) {
        sc_sbuf_puts(s, "&amp;");
    } else {
        sc_sbuf_put(s, c, 1);
    }
}

/* Writes what would open a block at the start of a paragraph, escaped, and
 * returns the rest of t. */
static const char *md_block_start(sc_sbuf *s, const char *t)
{
    t += strspn(t, " ");
    size_t digits = strspn(t, "0123456789");
    if (digits && (t[digits] == '.' || t[digits] == ')')) {
        sc_sbuf_put(s, t, digits);
        t += digits;
    } else if (!(*t == '-' || *t == '+' || *t == '=')) {
        return t;
    }
    sc_sbuf_put(s, "\\", 1);
    sc_sbuf_put(s, t, 1);
    return t + 1;
}

/* text as Markdown; block_start when it opens a paragraph. */
static void md_text(sc_sbuf *s, const char *text, bool block_start)
{
    char *f = folded(text);
    if (!f) {
        s->oom = true;
        return;
    }
    for (const char *c = block_start ? md_block_start(s, f) : f; *c; c++)
        md_char(s, f, c);
    free(f);
}

static void md_cell(sc_sbuf *s, const char *text)
{
    md_text(s, text, false);
}

static void render_md_table(sc_sbuf *s, const block *b)
{
    sc_sbuf_puts(s, "|");
    for (size_t c = 0; c < b->ncols; c++) {
        sc_sbuf_puts(s, " ");
        md_cell(s, b->header[c]);
        sc_sbuf_puts(s, " |");
    }
    sc_sbuf_puts(s, "\n|");
    for (size_t c = 0; c < b->ncols; c++)
        sc_sbuf_puts(s, b->kind[c] == K_TEXT ? "---|" : "---:|");
    sc_sbuf_puts(s, "\n");
    for (size_t r = 0; r < b->nrows; r++) {
        sc_sbuf_puts(s, "|");
        for (size_t c = 0; c < b->ncols; c++) {
            char *v = display(b->rows[r][c], b->kind[c]);
            sc_sbuf_puts(s, " ");
            md_cell(s, v ? v : "");
            sc_sbuf_puts(s, " |");
            free(v);
        }
        sc_sbuf_puts(s, "\n");
    }
    sc_sbuf_puts(s, "\n");
}

static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void pad(sc_sbuf *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sc_sbuf_puts(s, " ");
}

static void render_text_table(sc_sbuf *s, const block *b)
{
    size_t w[MAX_COLS] = {0};
    for (size_t c = 0; c < b->ncols; c++)
        w[c] = width(b->header[c]);
    for (size_t r = 0; r < b->nrows; r++)
        for (size_t c = 0; c < b->ncols; c++) {
            char *v = display(b->rows[r][c], b->kind[c]);
            if (v && width(v) > w[c])
                w[c] = width(v);
            free(v);
        }
    for (size_t c = 0; c < b->ncols; c++) {
        size_t pad_n = w[c] - width(b->header[c]);
        if (b->kind[c] != K_TEXT)
            pad(s, pad_n);
        sc_sbuf_puts(s, b->header[c]);
        if (b->kind[c] == K_TEXT && c + 1 < b->ncols)
            pad(s, pad_n);
        sc_sbuf_puts(s, c + 1 < b->ncols ? "  " : "\n");
    }
    for (size_t r = 0; r < b->nrows; r++) {
        for (size_t c = 0; c < b->ncols; c++) {
            char *v = display(b->rows[r][c], b->kind[c]);
            const char *t = v ? v : "";
            size_t pad_n = w[c] - width(t);
            if (b->kind[c] != K_TEXT)
                pad(s, pad_n);
            sc_sbuf_puts(s, t);
            if (b->kind[c] == K_TEXT && c + 1 < b->ncols)
                pad(s, pad_n);
            sc_sbuf_puts(s, c + 1 < b->ncols ? "  " : "\n");
            free(v);
        }
    }
    sc_sbuf_puts(s, "\n");
}

/* CSV rows end in CRLF (RFC 4180). The row and column labels are text
 * (names typed by admins and writers); the value is text in text columns
 * and statements, and a figure the report formatted itself otherwise, so
 * only text gets the formula rule of sc_sbuf_csv_text. */
static void csv_row(sc_sbuf *s, const char *table, const char *row, const char *column,
                    const char *value, bool value_is_text)
{
    sc_sbuf_csv_field(s, table);
    sc_sbuf_puts(s, ",");
    sc_sbuf_csv_text(s, row);
    sc_sbuf_puts(s, ",");
    sc_sbuf_csv_text(s, column);
    sc_sbuf_puts(s, ",");
    if (value_is_text)
        sc_sbuf_csv_text(s, value);
    else
        sc_sbuf_csv_field(s, value);
    sc_sbuf_puts(s, "\r\n");
}

/* A paragraph is one line in both text and Markdown (see folded). */
static void render_para(sc_sbuf *s, const char *text, sc_report_format f)
{
    if (f == SC_REPORT_MARKDOWN) {
        md_text(s, text, true);
    } else {
        char *t = folded(text);
        if (!t)
            s->oom = true;
        else
            sc_sbuf_puts(s, t);
        free(t);
    }
    sc_sbuf_puts(s, "\n\n");
}

static void render(sc_sbuf *s, const doc *d, sc_report_format f)
{
    if (f == SC_REPORT_CSV)
        sc_sbuf_puts(s, "table,row,column,value\r\n");
    for (size_t i = 0; i < d->n; i++) {
        const block *b = d->b[i];
        if (f == SC_REPORT_CSV) {
            if (b->type == B_PARA && b->name)
                csv_row(s, "statements", b->name, "text", b->text, true);
            for (size_t r = 0; b->type == B_TABLE && r < b->nrows; r++)
                for (size_t c = 1; c < b->ncols; c++) {
                    /* the % sign added to percentage rows is for people */
                    char *v = strdup(b->rows[r][c]);
                    size_t n = v ? strlen(v) : 0;
                    if (n && v[n - 1] == '%')
                        v[n - 1] = '\0';
                    csv_row(s, b->name, b->rows[r][0], b->header[c], v ? v : "",
                            b->kind[c] == K_TEXT);
                    free(v);
                }
            continue;
        }
        if (b->type == B_TABLE && b->csv_only)
            continue;
        if (b->type == B_HEADING) {
            if (f == SC_REPORT_MARKDOWN) {
                sc_sbuf_printf(s, "%.*s ", b->level, "######");
                md_text(s, b->text, false);
                sc_sbuf_puts(s, "\n\n");
            } else {
                sc_sbuf_printf(s, "%s\n", b->text);
                size_t n = width(b->text);
                for (size_t k = 0; k < n; k++)
                    sc_sbuf_puts(s, b->level == 1 ? "=" : "-");
                sc_sbuf_puts(s, "\n\n");
            }
        } else if (b->type == B_PARA) {
            render_para(s, b->text, f);
        } else if (f == SC_REPORT_MARKDOWN) {
            render_md_table(s, b);
        } else {
            render_text_table(s, b);
        }
    }
}

sc_rc sc_report_build(sc_db *db, sc_period q, sc_report_format fmt_, int decimals, char **out)
{
    doc d = {0};
    sc_rc rc = build(&d, db, q, decimals);
    if (rc == SC_OK && d.oom)
        rc = SC_ENOMEM;
    sc_sbuf s = {0};
    if (rc == SC_OK) {
        render(&s, &d, fmt_);
        if (s.oom || !s.buf)
            rc = SC_ENOMEM;
    }
    doc_free(&d);
    if (rc != SC_OK) {
        free(s.buf);
        return rc;
    }
    *out = s.buf;
    return SC_OK;
}
