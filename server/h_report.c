/* h_report.c - the committee report of a quarter as Markdown, CSV, text
 * or an XLSX workbook (GET /api/v1/quarters/{quarter}/report). The format
 * comes from ?format= or, failing that, the Accept header; Markdown is the
 * default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand_view.h"
#include "handlers.h"
#include "lock.h"
#include "report.h"
#include "utc.h"
#include "xlsx.h"

static const char *const media[SC_REPORT_N] = {
    "text/plain; charset=utf-8", "text/markdown; charset=utf-8", "text/csv; charset=utf-8"};

/* SC_REPORT_N stands for XLSX here and the next for JSON: a workbook is
 * not one of the views' text formats (report.h) but is made from the
 * report's tables, and the JSON is the document itself. */
#define REPORT_XLSX SC_REPORT_N
#define REPORT_JSON (SC_REPORT_N + 1)

/* Picks the first of text/csv, text/markdown, text/plain and the XLSX
 * media type named in Accept (quality values are not weighed: dashboards
 * send one type). */
static int from_accept(const char *accept)
{
    if (!accept)
        return SC_REPORT_MARKDOWN;
    const char *xlsx = strstr(accept, SC_XLSX_MEDIA_TYPE);
    const char *csv = strstr(accept, "text/csv");
    const char *md = strstr(accept, "text/markdown");
    const char *txt = strstr(accept, "text/plain");
    const char *best = xlsx;
    int f = xlsx ? REPORT_XLSX : SC_REPORT_MARKDOWN;
    if (csv && (!best || csv < best))
        best = csv, f = SC_REPORT_CSV;
    if (md && (!best || md < best))
        best = md, f = SC_REPORT_MARKDOWN;
    if (txt && (!best || txt < best))
        best = txt, f = SC_REPORT_TEXT;
    return f;
}

/* The workbook's date: the as_of instant, else the lock's of a locked
 * quarter, else now. So a signed-off workbook downloaded as of its lock,
 * or while the quarter stays locked, is byte for byte the signed-off one
 * (docs/API.md §19, "Signed-off packs"). */
static sc_rc workbook_date(sc_req *req, sc_period q, time_t *out)
{
    char utc[32];
    const char *as_of = sc_req_query(req, "as_of");
    if (as_of && sc_utc_parse(as_of, utc)) {
        *out = sc_utc_seconds(utc);
        return SC_OK;
    }
    sc_lock l;
    sc_rc rc = sc_lock_get(req->db, q, &l);
    *out = rc == SC_OK && l.locked ? sc_utc_seconds(l.at) : time(NULL);
    sc_lock_clear(&l);
    return rc;
}

/* The report's tables as a workbook, one sheet per table. */
static void reply_xlsx(sc_req *req, sc_period q, const sc_report_layout *lay, const char *qs)
{
    sc_report_tables t;
    time_t created;
    sc_rc rc = workbook_date(req, q, &created);
    if (rc == SC_OK)
        rc = sc_report_tables_build_public(req->db, q, lay, req->suppress_below, &t);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    size_t len = 0;
    char *bytes = sc_xlsx_report(&t, created, &len);
    sc_report_tables_clear(&t);
    if (!bytes) {
        sc_reply_problem(req, 500, "internal", "Internal Server Error", "cannot render XLSX");
        return;
    }
    sc_reply_bytes(req, 200, SC_XLSX_MEDIA_TYPE, bytes, len);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"scrutiny-report-%s.xlsx\"", qs);
    req->disposition = strdup(disp);
}

/* ?since=: the instant of an earlier pack whose changes the report
 * appends, as as_of takes instants; before as_of when both are given. */
static bool since_param(sc_req *req, char since[32])
{
    const char *v = sc_req_query(req, "since");
    char at[32];
    since[0] = '\0';
    if (!v)
        return true;
    if (!sc_utc_parse(v, since)) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "since must be an RFC 3339 date-time such as 2020-08-18T09:30:00Z "
                         "(got \"%.40s\")",
                         v);
        return false;
    }
    const char *as_of = sc_req_query(req, "as_of");
    if (as_of && sc_utc_parse(as_of, at) && strcmp(since, at) >= 0) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "since must be before as_of");
        return false;
    }
    return true;
}

static void reply_json(sc_req *req, sc_period q, int decimals, const char *since)
{
    json_t *out = NULL;
    sc_rc rc = sc_report_json_public(req->db, q, decimals, since, req->suppress_below, &out);
    if (rc == SC_OK)
        sc_reply_json(req, 200, out);
    else
        sc_reply_rc(req, rc, NULL, NULL);
}

void sc_h_report(sc_req *req)
{
    sc_period q;
    int decimals;
    char since[32];
    sc_report_layout lay;
    if (!sc_req_quarter(req, 0, &q) || !sc_req_query_int(req, "decimals", 0, 2, 0, &decimals) ||
        !since_param(req, since))
        return;
    lay = sc_report_layout_default(decimals);
    if (!sc_req_query_int(req, "change_decimals", 0, 2, decimals, &lay.change_decimals) ||
        !sc_req_query_int(req, "quarters", SC_DEMAND_VIEW_QUARTERS, SC_DEMAND_VIEW_MAX_QUARTERS,
                          SC_DEMAND_VIEW_QUARTERS, &lay.demand_quarters))
        return;
    const char *want = sc_req_query(req, "format");
    int f = -1;
    if (want) {
        for (int i = 0; i < SC_REPORT_N; i++)
            if (strcmp(want, sc_report_format_keys[i]) == 0)
                f = i;
        if (strcmp(want, "xlsx") == 0)
            f = REPORT_XLSX;
        if (strcmp(want, "json") == 0)
            f = REPORT_JSON;
        if (f < 0) {
            sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                             "format must be text, markdown, csv, xlsx or json (got \"%.20s\")",
                             want);
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
    char qs[SC_PERIOD_ID_LEN], disp[96];
    sc_period_format(q, qs);
    if (f == REPORT_XLSX && *since) {
        sc_reply_problem(req, 400, "bad-query", "Bad query parameter",
                         "since is given with the text, Markdown, CSV and JSON forms, not xlsx");
        return;
    }
    if (f == REPORT_XLSX) {
        reply_xlsx(req, q, &lay, qs);
        return;
    }
    if (f == REPORT_JSON) {
        reply_json(req, q, decimals, *since ? since : NULL);
        return;
    }
    char *text = NULL;
    sc_rc rc = sc_report_build_public(req->db, q, (sc_report_format)f, &lay, *since ? since : NULL,
                                      req->suppress_below, &text);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    sc_reply_text(req, 200, media[f], text);
    free(text);
    if (f == SC_REPORT_CSV) {
        snprintf(disp, sizeof disp, "attachment; filename=\"scrutiny-report-%s.csv\"", qs);
        req->disposition = strdup(disp);
    }
}
