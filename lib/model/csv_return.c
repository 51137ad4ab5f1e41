/* csv_return.c - the quarterly return's long-form CSV into the JSON return
 * document, with the cell of every value (see csv_return.h). */
#include "csv_return.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- problems ---- */

static void add_problem(sc_csv_problems *p, size_t row, const char *column, const char *pointer,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_problem(sc_csv_problems *p, size_t row, const char *column, const char *pointer,
                        const char *fmt, ...)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        sc_csv_problem *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            return; /* dropped: the caller decides by its result code */
        p->items = items;
        p->cap = cap;
    }
    sc_csv_problem *it = &p->items[p->count];
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&it->detail, fmt, ap);
    va_end(ap);
    it->pointer = strdup(pointer ? pointer : "");
    if (n < 0 || !it->pointer) {
        if (n >= 0)
            free(it->detail);
        free(it->pointer);
        return;
    }
    it->at.row = row;
    it->at.column = column;
    p->count++;
}

void sc_csv_problems_clear(sc_csv_problems *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i].pointer);
        free(p->items[i].detail);
    }
    free(p->items);
    *p = (sc_csv_problems){0};
}

/* ---- origins ---- */

typedef struct {
    char *pointer;
    sc_csv_cell at;
} origin;

struct sc_csv_origins {
    origin *items;
    size_t count;
    size_t cap;
    bool oom;
};

/* Records where pointer's value came from; the first record of a pointer
 * wins (an item's first row). */
static void note(sc_csv_origins *o, const char *pointer, size_t row, const char *column)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->items[i].pointer, pointer) == 0)
            return;
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        origin *items = realloc(o->items, cap * sizeof *items);
        if (!items) {
            o->oom = true;
            return;
        }
        o->items = items;
        o->cap = cap;
    }
    char *p = strdup(pointer);
    if (!p) {
        o->oom = true;
        return;
    }
    o->items[o->count++] = (origin){p, {row, column}};
}

void sc_csv_origins_free(sc_csv_origins *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->count; i++)
        free(o->items[i].pointer);
    free(o->items);
    free(o);
}

sc_csv_cell sc_csv_origin_of(const sc_csv_origins *o, const char *pointer)
{
    sc_csv_cell best = {0, NULL};
    size_t best_len = 0;
    for (size_t i = 0; o && i < o->count; i++) {
        const char *p = o->items[i].pointer;
        size_t n = strlen(p);
        /* a prefix that ends where a reference token does */
        if (strncmp(pointer, p, n) == 0 && (pointer[n] == '\0' || pointer[n] == '/') &&
            (n > best_len || !best.row)) {
            best = o->items[i].at;
            best_len = n;
        }
    }
    return best;
}

bool sc_csv_problems_locate(const sc_csv_origins *o, const sc_errors *errs, sc_csv_problems *out)
{
    size_t before = out->count;
    for (size_t i = 0; i < errs->count; i++) {
        sc_csv_cell at = sc_csv_origin_of(o, errs->items[i].pointer);
        add_problem(out, at.row, at.column, errs->items[i].pointer, "%s", errs->items[i].detail);
    }
    return out->count - before == errs->count;
}

/* ---- RFC 4180 records ---- */

typedef struct {
    char **f;
    size_t n;
    size_t row; /* the record's row as a spreadsheet numbers it */
} record;

typedef struct {
    record *r;
    size_t n;
    size_t cap;
} records;

static void records_free(records *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; k < rs->r[i].n; k++)
            free(rs->r[i].f[k]);
        free(rs->r[i].f);
    }
    free(rs->r);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80                    ? 1
               : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                              : 0;
    if (k == 0 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* no overlong forms, surrogates or code points past U+10FFFF */
    if ((k == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (k == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (k == 4 && s[0] == 0xF0 && s[1] < 0x90) || (k == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return k;
}

typedef struct {
    char *buf;
    size_t len;
    size_t cap;
    bool oom;
} field_buf;

static void fb_put(field_buf *b, char c)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *nb = realloc(b->buf, cap);
        if (!nb) {
            b->oom = true;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
    b->buf[b->len++] = c;
    b->buf[b->len] = '\0';
}

static bool push_field(record *r, field_buf *b)
{
    char **f = realloc(r->f, (r->n + 1) * sizeof *f);
    if (!f)
        return false;
    r->f = f;
    f[r->n] = b->buf ? b->buf : strdup("");
    if (!f[r->n])
        return false;
    r->n++;
    *b = (field_buf){0};
    return true;
}

static bool push_record(records *rs, record *r)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 64;
        record *nr = realloc(rs->r, cap * sizeof *nr);
        if (!nr)
            return false;
        rs->r = nr;
        rs->cap = cap;
    }
    rs->r[rs->n++] = *r;
    *r = (record){0};
    return true;
}

/* Splits text into records. A problem that makes the text not CSV is
 * reported (malformed) with its row; returns SC_EINVALID then. */
static sc_rc tokenise(const char *text, size_t len, records *rs, sc_csv_problems *p)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    size_t row = 1;
    record cur = {0};
    field_buf fb = {0};
    bool in_quotes = false, quoted = false, any = false;
    sc_rc rc = SC_OK;
    cur.row = row;
    while (i < len) {
        size_t k = utf8_len(s + i, len - i);
        if (k == 0 || s[i] == 0) {
            p->malformed = true;
            add_problem(p, row, NULL, "", "row %zu is not UTF-8 text (byte %zu of the body)", row,
                        i + 1);
            rc = SC_EINVALID;
            break;
        }
        char c = (char)s[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < len && s[i + 1] == '"') {
                fb_put(&fb, '"');
                i += 2;
                continue;
            }
            if (c == '"') {
                in_quotes = false;
                i++;
                continue;
            }
            for (size_t j = 0; j < k; j++)
                fb_put(&fb, (char)s[i + j]);
            i += k;
            continue;
        }
        if (c == '"') {
            if (fb.len || quoted) {
                p->malformed = true;
                add_problem(p, row, NULL, "",
                            "row %zu: a quote inside an unquoted field (quote the whole field "
                            "and double the quote, RFC 4180)",
                            row);
                rc = SC_EINVALID;
                break;
            }
            in_quotes = quoted = any = true;
            i++;
            continue;
        }
        if (quoted && c != ',' && c != '\r' && c != '\n') {
            p->malformed = true;
            add_problem(p, row, NULL, "", "row %zu: text after the closing quote of a field", row);
            rc = SC_EINVALID;
            break;
        }
        if (c == ',') {
            if (!push_field(&cur, &fb)) {
                rc = SC_ENOMEM;
                break;
            }
            quoted = false;
            any = true;
            i++;
            continue;
        }
        if (c == '\r' || c == '\n') {
            i += c == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            if (!push_field(&cur, &fb) || !push_record(rs, &cur)) {
                rc = SC_ENOMEM;
                break;
            }
            quoted = any = false;
            cur.row = ++row;
            continue;
        }
        for (size_t j = 0; j < k; j++)
            fb_put(&fb, (char)s[i + j]);
        any = true;
        i += k;
    }
    if (rc == SC_OK && in_quotes) {
        p->malformed = true;
        add_problem(p, row, NULL, "", "row %zu: a quoted field is never closed", row);
        rc = SC_EINVALID;
    }
    if (rc == SC_OK && (any || fb.len)) {
        if (!push_field(&cur, &fb) || !push_record(rs, &cur))
            rc = SC_ENOMEM;
    }
    if (fb.oom)
        rc = SC_ENOMEM;
    free(fb.buf);
    for (size_t k = 0; k < cur.n; k++)
        free(cur.f[k]);
    free(cur.f);
    return rc;
}

/* ---- the layout ---- */

enum { COL_SECTION, COL_CODE, COL_FIELD, COL_VALUE, NCOLS };
static const char *const col_names[NCOLS] = {"section", "code", "field", "value"};

typedef enum { F_TEXT, F_NUMBER } field_type;

typedef struct {
    const char *field;
    field_type type;
    const char *member; /* the member of the item, NULL for "field" itself */
    const char *part;   /* the part of member's object (budget.gross), or NULL */
} field_def;

static const field_def indicator_fields[] = {{"availability", F_TEXT, NULL, NULL},
                                             {"value", F_NUMBER, NULL, NULL},
                                             {"numerator", F_NUMBER, NULL, NULL},
                                             {"denominator", F_NUMBER, NULL, NULL},
                                             {"count", F_NUMBER, NULL, NULL},
                                             {"year_to_date", F_NUMBER, NULL, NULL},
                                             {"reason", F_TEXT, NULL, NULL},
                                             {"commentary", F_TEXT, NULL, NULL},
                                             {NULL, 0, NULL, NULL}};
static const field_def demand_fields[] = {{"value", F_NUMBER, NULL, NULL}, {NULL, 0, NULL, NULL}};
/* total_*: the statement's published totals (its "totals" member). */
static const field_def finance_fields[] = {
    {"units", F_TEXT, NULL, NULL},
    {"as_at", F_TEXT, NULL, NULL},
    {"total_budget_gross", F_NUMBER, "budget", "gross"},
    {"total_budget_income", F_NUMBER, "budget", "income"},
    {"total_budget_net", F_NUMBER, "budget", "net"},
    {"total_outturn_gross", F_NUMBER, "outturn", "gross"},
    {"total_outturn_income", F_NUMBER, "outturn", "income"},
    {"total_outturn_net", F_NUMBER, "outturn", "net"},
    {"total_variance_gross", F_NUMBER, "variance", "gross"},
    {"total_variance_income", F_NUMBER, "variance", "income"},
    {"total_variance_net", F_NUMBER, "variance", "net"},
    {"total_covid_variance_net", F_NUMBER, NULL, NULL},
    {NULL, 0, NULL, NULL}};
static const field_def line_fields[] = {{"name", F_TEXT, NULL, NULL},
                                        {"parent", F_TEXT, NULL, NULL},
                                        {"budget_gross", F_NUMBER, "budget", "gross"},
                                        {"budget_income", F_NUMBER, "budget", "income"},
                                        {"budget_net", F_NUMBER, "budget", "net"},
                                        {"outturn_gross", F_NUMBER, "outturn", "gross"},
                                        {"outturn_income", F_NUMBER, "outturn", "income"},
                                        {"outturn_net", F_NUMBER, "outturn", "net"},
                                        {"variance_gross", F_NUMBER, "variance", "gross"},
                                        {"variance_income", F_NUMBER, "variance", "income"},
                                        {"variance_net", F_NUMBER, "variance", "net"},
                                        {"covid_variance_net", F_NUMBER, NULL, NULL},
                                        {"exclusion_reason", F_TEXT, NULL, NULL},
                                        {NULL, 0, NULL, NULL}};

static const field_def placement_fields[] = {{"count", F_NUMBER, NULL, NULL},
                                             {"budgeted_count", F_NUMBER, NULL, NULL},
                                             {"contract_count", F_NUMBER, NULL, NULL},
                                             {"average_weekly_cost", F_NUMBER, NULL, NULL},
                                             {"budgeted_weekly_cost", F_NUMBER, NULL, NULL},
                                             {NULL, 0, NULL, NULL}};

static const field_def population_fields[] = {{"children", F_NUMBER, NULL, NULL},
                                              {NULL, 0, NULL, NULL}};
static const field_def demand_benchmark_fields[] = {
    {"national", F_NUMBER, NULL, NULL},
    {"regional", F_NUMBER, NULL, NULL},
    {"statistical_neighbours", F_NUMBER, NULL, NULL},
    {"regional_rank", F_NUMBER, NULL, NULL},
    {"regional_count", F_NUMBER, NULL, NULL},
    {"source", F_TEXT, NULL, NULL},
    {"period", F_TEXT, NULL, NULL},
    {NULL, 0, NULL, NULL}};

typedef enum {
    S_INDICATOR,
    S_DEMAND,
    S_FINANCE,
    S_LINE,
    S_PLACEMENT,
    S_POPULATION,
    S_DEMAND_BENCHMARK,
    S_N
} section_id;
static const char *const section_names[S_N] = {"indicator",       "demand",    "finance",
                                               "finance_line",    "placement", "population",
                                               "demand_benchmark"};
static const field_def *const section_fields[S_N] = {
    indicator_fields, demand_fields,     finance_fields,         line_fields,
    placement_fields, population_fields, demand_benchmark_fields};
/* where a section's items (or its one object) go in the return document
 * (the finance statement and its lines are made by statement()) */
static const char *const section_members[S_N] = {
    "indicators", "demand", NULL, NULL, "placements", "population", "demand_benchmarks"};
static const char *const section_bases[S_N] = {"/indicators",       "/demand",     "/finance",
                                               "/finance/lines",    "/placements", "/population",
                                               "/demand_benchmarks"};

/* The sections of one object with no code: the statement, the population. */
static bool codeless(int s)
{
    return s == S_FINANCE || s == S_POPULATION;
}

/* A field's names, for a message: "availability, value, ...". */
static void field_list(const field_def *f, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (; f->field && used < n; f++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", used ? ", " : "", f->field);
}

/* s without leading and trailing spaces and tabs, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* A JSON number when all of s is a decimal number (an integer when it has
 * no fraction or exponent and fits), else NULL. Hex, inf, nan and
 * thousands separators are not numbers here. */
static json_t *number_of(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    size_t digits = strspn(p, "0123456789");
    bool integral = true;
    p += digits;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (!digits && !frac)
            return NULL;
        digits += frac;
        p += 1 + frac;
        integral = false;
    }
    if (!digits)
        return NULL;
    if (*p == 'e' || *p == 'E') {
        const char *e = p + 1;
        if (*e == '-' || *e == '+')
            e++;
        size_t ed = strspn(e, "0123456789");
        if (!ed)
            return NULL;
        p = e + ed;
        integral = false;
    }
    if (*p)
        return NULL;
    errno = 0;
    if (integral) {
        long long v = strtoll(s, NULL, 10);
        if (errno == 0)
            return json_integer(v);
        errno = 0;
    }
    double d = strtod(s, NULL);
    if (errno == ERANGE)
        return NULL;
    return json_real(d);
}

/* The value of a text field: the formula rule's ' taken off again. */
static const char *text_of(const char *s)
{
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
        return s + 1;
    return s;
}

typedef struct {
    json_t *doc;
    json_t *items[S_N]; /* arrays (finance: the lines) */
    json_t *index[S_N]; /* code -> position in items */
    json_t *finance;    /* the statement, once any of its values is given */
    json_t *seen;       /* "section code field" -> row, for repeats */
    sc_csv_origins *o;
    sc_csv_problems *p;
    size_t header_row;
} builder;

/* parent's object member key, made (its origin that row) when first given. */
static json_t *child(json_t *parent, const char *key, const char *ptr, sc_csv_origins *o,
                     size_t row)
{
    json_t *obj = json_object_get(parent, key);
    if (!obj) {
        obj = json_object();
        json_object_set_new(parent, key, obj);
        note(o, ptr, row, col_names[COL_VALUE]);
    }
    return obj;
}

/* The statement, made on its first value; its origin is that row. */
static json_t *statement(builder *b, size_t row)
{
    if (!b->finance) {
        b->finance = json_object();
        json_object_set_new(b->finance, "lines", json_array());
        json_object_set(b->doc, "finance", b->finance);
        json_decref(b->finance);
        note(b->o, "/finance", row, col_names[COL_SECTION]);
    }
    return b->finance;
}

/* The population, made on its first value. */
static json_t *population(builder *b, size_t row)
{
    json_t *p = json_object_get(b->doc, section_members[S_POPULATION]);
    if (!p) {
        p = json_object();
        json_object_set_new(b->doc, section_members[S_POPULATION], p);
        note(b->o, section_bases[S_POPULATION], row, col_names[COL_SECTION]);
    }
    return p;
}

/* The item of section s with code, made on its first value; *pos gets its
 * index. */
static json_t *item(builder *b, section_id s, const char *code, size_t row, size_t *pos)
{
    json_t *at = json_object_get(b->index[s], code);
    if (at) {
        *pos = (size_t)json_integer_value(at);
        return json_array_get(b->items[s], *pos);
    }
    json_t *arr = b->items[s];
    if (s == S_LINE) {
        arr = json_object_get(statement(b, row), "lines");
        b->items[s] = arr;
    } else if (!arr) {
        arr = json_array();
        json_object_set_new(b->doc, section_members[s], arr);
        b->items[s] = arr;
    }
    *pos = json_array_size(arr);
    json_t *it = json_pack("{s:s}", "code", code);
    json_array_append_new(arr, it);
    json_object_set_new(b->index[s], code, json_integer((json_int_t)*pos));
    char ptr[320];
    const char *base = section_bases[s];
    snprintf(ptr, sizeof ptr, "%s/%zu", base, *pos);
    note(b->o, ptr, row, col_names[COL_CODE]);
    if (s == S_LINE)
        note(b->o, "/finance/lines", row, col_names[COL_SECTION]);
    snprintf(ptr, sizeof ptr, "%s/%zu/code", base, *pos);
    note(b->o, ptr, row, col_names[COL_CODE]);
    return it;
}

static void one_row(builder *b, const record *r, const size_t col[NCOLS])
{
    char *cells[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        cells[c] = col[c] < r->n ? r->f[col[c]] : (char *)"";
    const char *section = trim(cells[COL_SECTION]);
    const char *code = trim(cells[COL_CODE]);
    const char *field = trim(cells[COL_FIELD]);
    char *raw = cells[COL_VALUE];
    int s = 0;
    while (s < S_N && strcmp(section, section_names[s]) != 0)
        s++;
    if (s == S_N) {
        add_problem(b->p, r->row, col_names[COL_SECTION], "",
                    "row %zu: section \"%.40s\" is not one of indicator, demand, finance, "
                    "finance_line, placement, population, demand_benchmark",
                    r->row, section);
        return;
    }
    const field_def *f = section_fields[s];
    while (f->field && strcmp(f->field, field) != 0)
        f++;
    if (!f->field) {
        char list[300];
        field_list(section_fields[s], list, sizeof list);
        add_problem(b->p, r->row, col_names[COL_FIELD], "",
                    "row %zu: a %s has no field \"%.40s\" (it has: %s)", r->row, section_names[s],
                    field, list);
        return;
    }
    if (!codeless(s) && !*code) {
        add_problem(b->p, r->row, col_names[COL_CODE], "", "row %zu: a %s row needs its code",
                    r->row, section_names[s]);
        return;
    }
    char key[400];
    snprintf(key, sizeof key, "%d\x1f%s\x1f%s", s, codeless(s) ? "" : code, field);
    json_t *first = json_object_get(b->seen, key);
    if (first) {
        add_problem(b->p, r->row, col_names[COL_FIELD], "",
                    "row %zu: %s %s %s is given again (first on row %lld)", r->row,
                    section_names[s],
                    s == S_FINANCE ? "statement"
                    : codeless(s)  ? ""
                                   : code,
                    field, (long long)json_integer_value(first));
        return;
    }
    json_object_set_new(b->seen, key, json_integer((json_int_t)r->row));
    /* an empty value gives nothing: a template row not filled in */
    char *value = f->type == F_NUMBER ? trim(raw) : raw;
    if (!*value)
        return;
    json_t *v = f->type == F_NUMBER ? number_of(value) : NULL;
    if (!v)
        v = json_string(f->type == F_TEXT ? text_of(value) : value);
    char ptr[400];
    json_t *target;
    if (s == S_FINANCE && strncmp(f->field, "total_", 6) == 0) {
        target = child(statement(b, r->row), "totals", "/finance/totals", b->o, r->row);
        if (f->member) {
            snprintf(ptr, sizeof ptr, "/finance/totals/%s", f->member);
            target = child(target, f->member, ptr, b->o, r->row);
            snprintf(ptr, sizeof ptr, "/finance/totals/%s/%s", f->member, f->part);
        } else {
            snprintf(ptr, sizeof ptr, "/finance/totals/%s", f->field + 6);
        }
        json_object_set_new(target, f->part ? f->part : f->field + 6, v);
        note(b->o, ptr, r->row, col_names[COL_VALUE]);
        return;
    }
    if (codeless(s)) {
        target = s == S_FINANCE ? statement(b, r->row) : population(b, r->row);
        snprintf(ptr, sizeof ptr, "%s/%s", section_bases[s], f->field);
    } else {
        size_t pos;
        target = item(b, (section_id)s, code, r->row, &pos);
        const char *base = section_bases[s];
        if (f->member) {
            snprintf(ptr, sizeof ptr, "%s/%zu/%s", base, pos, f->member);
            target = child(target, f->member, ptr, b->o, r->row);
            snprintf(ptr, sizeof ptr, "%s/%zu/%s/%s", base, pos, f->member, f->part);
        } else {
            snprintf(ptr, sizeof ptr, "%s/%zu/%s", base, pos, f->field);
        }
    }
    json_object_set_new(target, f->part ? f->part : f->field, v);
    note(b->o, ptr, r->row, col_names[COL_VALUE]);
}

static bool blank(const record *r)
{
    for (size_t k = 0; k < r->n; k++)
        if (*trim(r->f[k]))
            return false;
    return true;
}

sc_rc sc_csv_return_parse(const char *text, size_t len, json_t **doc, sc_csv_origins **origins,
                          sc_csv_problems *problems)
{
    *doc = NULL;
    *origins = NULL;
    records rs = {0};
    sc_rc rc = tokenise(text, len, &rs, problems);
    if (rc != SC_OK) {
        records_free(&rs);
        return rc;
    }
    /* the header: the first row that is not blank */
    size_t h = 0;
    while (h < rs.n && blank(&rs.r[h]))
        h++;
    if (h == rs.n) {
        problems->malformed = true;
        add_problem(problems, 0, NULL, "",
                    "the CSV has no header row (section,code,field,value) and no rows");
        records_free(&rs);
        return SC_EINVALID;
    }
    size_t col[NCOLS];
    bool missing = false;
    for (int c = 0; c < NCOLS; c++) {
        col[c] = SIZE_MAX;
        for (size_t k = 0; k < rs.r[h].n; k++)
            if (strcmp(trim(rs.r[h].f[k]), col_names[c]) == 0 && col[c] == SIZE_MAX)
                col[c] = k;
        if (col[c] == SIZE_MAX) {
            missing = true;
            problems->malformed = true;
            add_problem(problems, rs.r[h].row, NULL, "",
                        "row %zu (the header row) has no column \"%s\"; the header must name "
                        "section, code, field and value",
                        rs.r[h].row, col_names[c]);
        }
    }
    if (missing) {
        records_free(&rs);
        return SC_EINVALID;
    }
    builder b = {.doc = json_object(),
                 .seen = json_object(),
                 .o = calloc(1, sizeof *b.o),
                 .p = problems,
                 .header_row = rs.r[h].row};
    for (int s = 0; s < S_N; s++)
        b.index[s] = json_object();
    size_t before = problems->count;
    for (size_t i = h + 1; i < rs.n && b.doc && b.o; i++) {
        const record *r = &rs.r[i];
        if (blank(r))
            continue;
        if (r->n != rs.r[h].n) {
            problems->malformed = true;
            add_problem(problems, r->row, NULL, "",
                        "row %zu has %zu fields where the header row has %zu", r->row, r->n,
                        rs.r[h].n);
            continue;
        }
        one_row(&b, r, col);
    }
    bool oom = !b.doc || !b.seen || !b.o || b.o->oom;
    for (int s = 0; s < S_N; s++) {
        oom = oom || !b.index[s];
        json_decref(b.index[s]);
    }
    json_decref(b.seen);
    records_free(&rs);
    if (oom || problems->count > before) {
        json_decref(b.doc);
        sc_csv_origins_free(b.o);
        return oom ? SC_ENOMEM : SC_EINVALID;
    }
    *doc = b.doc;
    *origins = b.o;
    return SC_OK;
}

bool sc_csv_return_sniff(const char *text, size_t len)
{
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    return i < len && text[i] != '{' && text[i] != '[';
}
