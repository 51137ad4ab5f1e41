/* report_render.c - the committee report's document as plain text,
 * Markdown or CSV (see report_render.h and report_doc.h). */
#include "report_render.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The cell as Markdown and text show it. */
static char *display(const char *cell, sc_report_doc_kind k)
{
    if (!sc_report_doc_is_number(cell) || k == SC_REPORT_DOC_TEXT)
        return sc_report_doc_folded(cell);
    if (k == SC_REPORT_DOC_COUNT && strcmp(cell, "0") == 0)
        return strdup("");
    if (k == SC_REPORT_DOC_PCT)
        return sc_report_doc_fmt("%s%%", cell);
    return sc_report_doc_grouped(cell);
}

/* ---- Markdown of free text ----
 *
 * Names, commentary and line names are typed by admins and writers; in the
 * Markdown report they must read as text, never as markup (issue 13): a
 * commentary holding "## Finance", a table row, <script> or
 * [see](javascript:...) must not become a heading, a table, HTML or a
 * link in whatever renders the report. So every block's text is folded to
 * one line (sc_report_doc_folded), then:
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
    char *f = sc_report_doc_folded(text);
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

static void render_md_table(sc_sbuf *s, const sc_report_block *b)
{
    sc_sbuf_puts(s, "|");
    for (size_t c = 0; c < b->ncols; c++) {
        sc_sbuf_puts(s, " ");
        md_cell(s, b->header[c]);
        sc_sbuf_puts(s, " |");
    }
    sc_sbuf_puts(s, "\n|");
    for (size_t c = 0; c < b->ncols; c++)
        sc_sbuf_puts(s, b->kind[c] == SC_REPORT_DOC_TEXT ? "---|" : "---:|");
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

static void render_text_table(sc_sbuf *s, const sc_report_block *b)
{
    size_t w[SC_REPORT_DOC_MAX_COLS] = {0};
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
        if (b->kind[c] != SC_REPORT_DOC_TEXT)
            pad(s, pad_n);
        sc_sbuf_puts(s, b->header[c]);
        if (b->kind[c] == SC_REPORT_DOC_TEXT && c + 1 < b->ncols)
            pad(s, pad_n);
        sc_sbuf_puts(s, c + 1 < b->ncols ? "  " : "\n");
    }
    for (size_t r = 0; r < b->nrows; r++) {
        for (size_t c = 0; c < b->ncols; c++) {
            char *v = display(b->rows[r][c], b->kind[c]);
            const char *t = v ? v : "";
            size_t pad_n = w[c] - width(t);
            if (b->kind[c] != SC_REPORT_DOC_TEXT)
                pad(s, pad_n);
            sc_sbuf_puts(s, t);
            if (b->kind[c] == SC_REPORT_DOC_TEXT && c + 1 < b->ncols)
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

/* A paragraph is one line in both text and Markdown (see sc_report_doc_folded). */
static void render_para(sc_sbuf *s, const char *text, sc_report_format f)
{
    if (f == SC_REPORT_MARKDOWN) {
        md_text(s, text, true);
    } else {
        char *t = sc_report_doc_folded(text);
        if (!t)
            s->oom = true;
        else
            sc_sbuf_puts(s, t);
        free(t);
    }
    sc_sbuf_puts(s, "\n\n");
}

void sc_report_render(sc_sbuf *s, const sc_report_doc *d, sc_report_format f)
{
    if (f == SC_REPORT_CSV)
        sc_sbuf_puts(s, "table,row,column,value\r\n");
    for (size_t i = 0; i < d->n; i++) {
        const sc_report_block *b = d->b[i];
        if (f == SC_REPORT_CSV) {
            if (b->type == SC_REPORT_DOC_PARA && b->name)
                csv_row(s, "statements", b->name, "text", b->text, true);
            for (size_t r = 0; b->type == SC_REPORT_DOC_TABLE && r < b->nrows; r++)
                for (size_t c = 1; c < b->ncols; c++) {
                    /* the % sign added to percentage rows is for people */
                    char *v = strdup(b->rows[r][c]);
                    size_t n = v ? strlen(v) : 0;
                    if (n && v[n - 1] == '%')
                        v[n - 1] = '\0';
                    csv_row(s, b->name, b->rows[r][0], b->header[c], v ? v : "",
                            b->kind[c] == SC_REPORT_DOC_TEXT);
                    free(v);
                }
            continue;
        }
        if (b->type == SC_REPORT_DOC_TABLE && b->csv_only)
            continue;
        if (b->type == SC_REPORT_DOC_HEADING) {
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
        } else if (b->type == SC_REPORT_DOC_PARA) {
            render_para(s, b->text, f);
        } else if (f == SC_REPORT_MARKDOWN) {
            render_md_table(s, b);
        } else {
            render_text_table(s, b);
        }
    }
}
