/* h_report.c - the committee report of a quarter as Markdown, CSV or text
 * (GET /api/v1/quarters/{quarter}/report). The format comes from ?format=
 * or, failing that, the Accept header; Markdown is the default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "report.h"

static const char *const media[SC_REPORT_N] = {
    "text/plain; charset=utf-8", "text/markdown; charset=utf-8", "text/csv; charset=utf-8"};

/* Picks the first of text/csv, text/markdown, text/plain named in Accept
 * (quality values are not weighed: dashboards send one type). */
static sc_report_format from_accept(const char *accept)
{
    if (!accept)
        return SC_REPORT_MARKDOWN;
    const char *csv = strstr(accept, "text/csv");
    const char *md = strstr(accept, "text/markdown");
    const char *txt = strstr(accept, "text/plain");
    const char *best = NULL;
    sc_report_format f = SC_REPORT_MARKDOWN;
    if (csv && (!best || csv < best))
        best = csv, f = SC_REPORT_CSV;
    if (md && (!best || md < best))
        best = md, f = SC_REPORT_MARKDOWN;
    if (txt && (!best || txt < best))
        best = txt, f = SC_REPORT_TEXT;
    return f;
}

void sc_h_report(sc_req *req)
{
    sc_period q;
    int decimals;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 0, &decimals))
        return;
    const char *want = sc_req_query(req, "format");
    sc_report_format f = SC_REPORT_N;
    if (want) {
        for (int i = 0; i < SC_REPORT_N; i++)
            if (strcmp(want, sc_report_format_keys[i]) == 0)
                f = (sc_report_format)i;
        if (f == SC_REPORT_N) {
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "format must be text, markdown or csv (got \"%.20s\")", want);
            return;
        }
    } else {
        f = from_accept(sc_req_header(req, "Accept"));
    }
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_ALL))
        return;
    char *text = NULL;
    sc_rc rc = sc_report_build(req->db, q, f, decimals, &text);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_text(req, 200, media[f], text);
    free(text);
    if (f == SC_REPORT_CSV) {
        char qs[SC_PERIOD_ID_LEN], disp[96];
        snprintf(disp, sizeof disp, "attachment; filename=\"scrutiny-report-%s.csv\"",
                 sc_period_format(q, qs));
        req->disposition = strdup(disp);
    }
}
