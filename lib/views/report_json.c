/* report_json.c - the committee report as JSON (sc_report_json, report.h):
 * the same document the text formats render, block by block, with each
 * paragraph marked generated (drafted from the figures) or not (quoting
 * the trust's commentary), so that an officer can tell the two apart. */
#include "report.h"

#include <stdlib.h>

#include "jv.h"
#include "report_doc.h"

static const char *const kind_names[] = {"text", "integer", "percent", "money", "count", "number"};

/* A cell: a number in a figure column, null when empty, text otherwise. */
static json_t *cell(const char *text, sc_report_doc_kind k)
{
    if (!text || !*text)
        return json_null();
    if (k != SC_REPORT_DOC_TEXT && sc_report_doc_is_number(text))
        return sc_jv_new_number(strtod(text, NULL));
    return json_string(text);
}

static json_t *table(const sc_report_block *b)
{
    json_t *cols = json_array(), *rows = json_array();
    for (size_t c = 0; cols && c < b->ncols; c++)
        json_array_append_new(cols,
                              json_pack("{s:s, s:s}", "title", b->header[c] ? b->header[c] : "",
                                        "kind", kind_names[b->kind[c]]));
    for (size_t r = 0; rows && r < b->nrows; r++) {
        json_t *row = json_array();
        for (size_t c = 0; row && c < b->ncols; c++)
            json_array_append_new(row, cell(b->rows[r][c], b->kind[c]));
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s, s:s, s:o, s:o}", "type", "table", "name", b->name ? b->name : "",
                     "columns", cols ? cols : json_null(), "rows", rows ? rows : json_null());
}

static json_t *block(const sc_report_block *b)
{
    switch (b->type) {
    case SC_REPORT_DOC_HEADING:
        return json_pack("{s:s, s:i, s:s}", "type", "heading", "level", b->level, "text", b->text);
    case SC_REPORT_DOC_PARA:
        return json_pack("{s:s, s:o, s:s, s:b}", "type", "paragraph", "name",
                         sc_jv_new_string_or_null(b->name), "text", b->text, "generated",
                         b->generated);
    case SC_REPORT_DOC_TABLE:
        break;
    }
    return table(b);
}

sc_rc sc_report_json(sc_db *db, sc_period q, int decimals, const char *since, json_t **out)
{
    return sc_report_json_public(db, q, decimals, since, 0, out);
}

sc_rc sc_report_json_public(sc_db *db, sc_period q, int decimals, const char *since,
                            int suppress_below, json_t **out)
{
    sc_report_doc d = {.suppress_below = suppress_below};
    sc_report_layout lay = sc_report_layout_default(decimals);
    sc_rc rc = sc_report_assemble(&d, db, q, &lay, since);
    json_t *blocks = json_array();
    for (size_t i = 0; rc == SC_OK && blocks && i < d.n; i++)
        if (json_array_append_new(blocks, block(d.b[i])) != 0)
            rc = SC_ENOMEM;
    if (rc == SC_OK && (d.oom || !blocks))
        rc = SC_ENOMEM;
    sc_report_doc_clear(&d);
    *out = rc == SC_OK ? json_pack("{s:o, s:i, s:o, s:o}", "quarter", sc_jv_new_period(q),
                                   "decimals", decimals, "since", sc_jv_new_string_or_null(since),
                                   "blocks", json_incref(blocks))
                       : NULL;
    json_decref(blocks);
    if (rc == SC_OK && !*out)
        rc = SC_ENOMEM;
    return rc;
}
