/* xlsx.c - list answers and the committee report as XLSX workbooks (see
 * xlsx.h). */
#include "xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "csv.h"
#include "sbuf.h"

/* Excel's limit on the text of one cell, in characters; cut in bytes at a
 * UTF-8 boundary, which is never more characters. */
#define CELL_TEXT_MAX 32767

/* ---- the temporary file ---- */

typedef struct {
    char path[4096];
    char tmpdir[4000];
    lxw_workbook *wb;
    lxw_format *header;
    lxw_format *money;
    lxw_format *pct;
    lxw_format *integer;
    lxw_format *count;
    bool failed; /* some write failed: the workbook is not answered */
} book;

/* Opens a workbook on a fresh temporary file. mkstemp makes the file (mode
 * 0600, a name nobody else can have taken); libxlsxwriter then writes it
 * by name, and keeps its own scratch files in the same folder. */
static bool book_open(book *b)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(b->tmpdir, sizeof b->tmpdir, "%s", dir);
    if (snprintf(b->path, sizeof b->path, "%s/scrutiny-xlsx-XXXXXX", dir) >= (int)sizeof b->path)
        return false;
    int fd = mkstemp(b->path);
    if (fd < 0) {
        fprintf(stderr, "scrutiny: xlsx: cannot make a temporary file in %s: %s\n", dir,
                strerror(errno));
        return false;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = b->tmpdir};
    b->wb = workbook_new_opt(b->path, &opt);
    if (!b->wb) {
        unlink(b->path);
        fprintf(stderr, "scrutiny: xlsx: libxlsxwriter could not start a workbook\n");
        return false;
    }
    b->header = workbook_add_format(b->wb);
    format_set_bold(b->header);
    b->integer = workbook_add_format(b->wb);
    format_set_num_format(b->integer, "#,##0");
    /* the papers leave zero counts blank; the cell still holds 0 */
    b->count = workbook_add_format(b->wb);
    format_set_num_format(b->count, "#,##0;-#,##0;;@");
    return true;
}

/* The money format: £ with thousands separators, whole £000 with a "k"
 * (as the papers print "£2,910k"), pounds with pence. */
static void book_money(book *b, bool thousands)
{
    b->money = workbook_add_format(b->wb);
    format_set_num_format(b->money, thousands ? "\xc2\xa3#,##0\"k\"" : "\xc2\xa3#,##0.00");
}

/* The percentage format at decimals (0-2): 0%, 0.0%, 0.00%. */
static void book_pct(book *b, int decimals)
{
    static const char *const f[] = {"0%", "0.0%", "0.00%"};
    b->pct = workbook_add_format(b->wb);
    format_set_num_format(b->pct, f[decimals < 0 ? 0 : decimals > 2 ? 2 : decimals]);
}

/* Closes the workbook (libxlsxwriter writes the file then) and reads the
 * file back; the file is gone either way. */
static char *book_close(book *b, size_t *len)
{
    lxw_error err = workbook_close(b->wb);
    b->wb = NULL;
    char *bytes = NULL;
    FILE *f = NULL;
    if (err != LXW_NO_ERROR || b->failed) {
        fprintf(stderr, "scrutiny: xlsx: %s\n",
                err != LXW_NO_ERROR ? lxw_strerror(err) : "a cell could not be written");
    } else if ((f = fopen(b->path, "rb"))) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (bytes = malloc((size_t)st.st_size)) &&
            fread(bytes, 1, (size_t)st.st_size, f) == (size_t)st.st_size) {
            *len = (size_t)st.st_size;
        } else {
            free(bytes);
            bytes = NULL;
        }
        fclose(f);
    }
    unlink(b->path);
    return bytes;
}

/* ---- cells ---- */

/* A percentage (12.5 for 12.5 %, at decimals) as the fraction a % format
 * shows (0.125), divided as whole numbers so that 6.18 is 0.0618 and not
 * 0.06179999999999999 (pct * 0.01 in binary floating point). */
static double fraction(double pct, int decimals)
{
    double scale = decimals <= 0 ? 1 : decimals == 1 ? 10 : 100;
    return round(pct * scale) / (scale * 100);
}

static void check(book *b, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        b->failed = true;
}

/* Text as a text cell: the CSV's formula rule (a leading ' on text a
 * spreadsheet could take as a formula), so that both downloads hold the
 * same text; a text cell is never evaluated, but it can be copied into
 * one that is, or saved again as CSV. */
static void put_text(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *text,
                     lxw_format *fmt)
{
    if (!text || !*text)
        return;
    size_t n = strlen(text);
    bool quote = sc_sbuf_formula_like(text);
    size_t max = CELL_TEXT_MAX - (quote ? 1 : 0);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    char *t = malloc(n + 2);
    if (!t) {
        b->failed = true;
        return;
    }
    size_t o = 0;
    if (quote)
        t[o++] = '\'';
    memcpy(t + o, text, n);
    t[o + n] = '\0';
    check(b, worksheet_write_string(ws, r, c, t, fmt));
    free(t);
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
 * not starting or ending with '. */
static void sheet_name(const char *want, char out[LXW_SHEETNAME_MAX + 1])
{
    size_t n = 0;
    for (const char *p = want; *p && n < LXW_SHEETNAME_MAX; p++)
        out[n++] = strchr("[]:*?/\\'", *p) ? '-' : *p;
    out[n] = '\0';
    if (!n)
        snprintf(out, LXW_SHEETNAME_MAX + 1, "%s", "scrutiny");
}

/* ---- lists ---- */

typedef enum { COL_PLAIN, COL_MONEY, COL_PCT } col_kind;

/* The finance statement's money columns (csv.h's sc_csv_finance rows);
 * variance_source is text. */
static bool money_column(const char *name)
{
    static const char *const prefixes[] = {"budget_", "outturn_", "variance_"};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return strcmp(name, "variance_source") != 0;
    return strcmp(name, "covid_variance_net") == 0 || strcmp(name, "operating_variance_net") == 0;
}

/* A percentage column: the demand changes (…_pct, in percent). */
static bool pct_column(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, "_pct") == 0;
}

char *sc_xlsx_list(const json_t *body, const json_t *rows, const char *sheet, size_t *len)
{
    json_t *columns = NULL;
    json_t *flat = sc_csv_flatten(rows, &columns);
    if (!flat)
        return NULL;
    book b = {0};
    if (!book_open(&b)) {
        json_decref(flat);
        json_decref(columns);
        return NULL;
    }
    /* money only where the answer says what its money is in: the finance
     * statement's "units" */
    const char *units = json_string_value(json_object_get(body, "units"));
    bool has_money = units != NULL;
    book_money(&b, units && strcmp(units, "gbp_thousands") == 0);
    json_t *dec = json_object_get(body, "decimals");
    int pct_decimals = json_is_integer(dec) ? (int)json_integer_value(dec) : 1;
    book_pct(&b, pct_decimals);
    char name[LXW_SHEETNAME_MAX + 1];
    sheet_name(sheet, name);
    lxw_worksheet *ws = workbook_add_worksheet(b.wb, name);
    if (!ws)
        b.failed = true;
    size_t ncols = json_array_size(columns);
    col_kind *kinds = calloc(ncols + 1, sizeof *kinds);
    if (!kinds)
        b.failed = true;
    for (size_t c = 0; ws && kinds && c < ncols && c <= LXW_COL_MAX; c++) {
        const char *col = json_string_value(json_array_get(columns, c));
        kinds[c] = has_money && money_column(col) ? COL_MONEY
                   : pct_column(col)              ? COL_PCT
                                                  : COL_PLAIN;
        put_text(&b, ws, 0, (lxw_col_t)c, col, b.header);
    }
    size_t i;
    json_t *row;
    json_array_foreach(flat, i, row)
    {
        if (!ws || !kinds || i + 1 >= LXW_ROW_MAX) {
            b.failed = true;
            break;
        }
        lxw_row_t r = (lxw_row_t)(i + 1);
        for (size_t c = 0; c < ncols && c <= LXW_COL_MAX; c++) {
            json_t *v = json_object_get(row, json_string_value(json_array_get(columns, c)));
            lxw_col_t col = (lxw_col_t)c;
            if (!v || json_is_null(v))
                continue;
            if (json_is_string(v)) {
                put_text(&b, ws, r, col, json_string_value(v), NULL);
            } else if (json_is_number(v)) {
                double x = json_number_value(v);
                if (kinds[c] == COL_PCT)
                    check(&b, worksheet_write_number(ws, r, col, fraction(x, pct_decimals), b.pct));
                else
                    check(&b, worksheet_write_number(ws, r, col, x,
                                                     kinds[c] == COL_MONEY ? b.money : NULL));
            } else if (json_is_boolean(v)) {
                check(&b, worksheet_write_boolean(ws, r, col, json_is_true(v), NULL));
            } else {
                /* arrays, as the CSV writes them: JSON text */
                char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
                if (!t)
                    b.failed = true;
                put_text(&b, ws, r, col, t, NULL);
                free(t);
            }
        }
    }
    if (ws)
        worksheet_freeze_panes(ws, 1, 0);
    free(kinds);
    json_decref(flat);
    json_decref(columns);
    return book_close(&b, len);
}

/* ---- the report ---- */

static void report_cell(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                        const sc_report_cell *cell, int decimals)
{
    switch (cell->kind) {
    case SC_REPORT_CELL_EMPTY:
        return;
    case SC_REPORT_CELL_TEXT:
        put_text(b, ws, r, c, cell->text, NULL);
        return;
    case SC_REPORT_CELL_MARK:
        /* as the report's CSV writes a figure column: without the formula
         * rule, which is for text others typed */
        check(b, worksheet_write_string(ws, r, c, cell->text, NULL));
        return;
    case SC_REPORT_CELL_PCT:
        check(b, worksheet_write_number(ws, r, c, fraction(cell->number, decimals), b->pct));
        return;
    case SC_REPORT_CELL_MONEY:
        check(b, worksheet_write_number(ws, r, c, cell->number, b->money));
        return;
    case SC_REPORT_CELL_INT:
        check(b, worksheet_write_number(ws, r, c, cell->number, b->integer));
        return;
    case SC_REPORT_CELL_COUNT:
        check(b, worksheet_write_number(ws, r, c, cell->number, b->count));
        return;
    case SC_REPORT_CELL_NUMBER:
        /* General: a value or target shows its own decimals */
        check(b, worksheet_write_number(ws, r, c, cell->number, NULL));
        return;
    }
}

char *sc_xlsx_report(const sc_report_tables *t, time_t created, size_t *len)
{
    book b = {0};
    if (!book_open(&b))
        return NULL;
    /* the workbook's only varying bytes are its creation date (in its
     * properties and its zip entries): a fixed one makes the file a
     * function of the figures, so that a signed-off pack has one digest */
    lxw_doc_properties props = {.created = created};
    check(&b, workbook_set_properties(b.wb, &props));
    book_money(&b, t->money_thousands);
    book_pct(&b, t->decimals);
    for (size_t i = 0; i < t->count; i++) {
        const sc_report_table *tab = &t->tables[i];
        char name[LXW_SHEETNAME_MAX + 1];
        sheet_name(tab->name, name);
        lxw_worksheet *ws = workbook_add_worksheet(b.wb, name);
        if (!ws) {
            b.failed = true;
            break;
        }
        for (size_t c = 0; c < tab->ncols; c++)
            put_text(&b, ws, 0, (lxw_col_t)c, tab->header[c], b.header);
        for (size_t r = 0; r < tab->nrows; r++)
            for (size_t c = 0; c < tab->ncols; c++)
                report_cell(&b, ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
                            &tab->cells[r * tab->ncols + c], t->decimals);
        worksheet_freeze_panes(ws, 1, 0);
    }
    return book_close(&b, len);
}
