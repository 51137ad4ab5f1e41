/* h_explain.c - why a figure is what it is: the reason for one status
 * (GET /quarters/{q}/indicators/{code}/explanation) and what changed in a
 * quarter between two instants (GET /quarters/{q}/changes), docs/API.md
 * §12 and §19. */
#include <string.h>

#include "changes.h"
#include "explanation.h"
#include "handlers.h"
#include "utc.h"

void sc_h_explanation(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_KPI))
        return;
    json_t *out = NULL;
    sc_rc rc = sc_explanation_json(req->db, q, req->params[1], &out);
    if (rc == SC_OK) {
        sc_reply_json(req, 200, out);
    } else if (rc == SC_ENOTFOUND) {
        char qs[SC_PERIOD_ID_LEN];
        sc_reply_problem(req, 404, "not-found", "Not Found", "no indicator \"%.64s\" counts in %s",
                         req->params[1], sc_period_format(q, qs));
    } else {
        sc_reply_rc(req, rc, NULL, NULL);
    }
}

/* Reads instant parameter name into out ("" when absent and optional),
 * adding a problem to errs when it is not an RFC 3339 date-time. */
static void instant(sc_req *req, const char *name, bool required, char out[32], sc_errors *errs)
{
    const char *v = sc_req_query(req, name);
    out[0] = '\0';
    if (!v) {
        if (required)
            sc_errors_add(errs, "",
                          "%s is required: the instant of the earlier pack, an RFC 3339 "
                          "date-time such as 2020-08-18T09:30:00Z",
                          name);
        return;
    }
    if (!sc_utc_parse(v, out)) {
        out[0] = '\0';
        sc_errors_add(
            errs, "",
            "%s must be an RFC 3339 date-time such as 2020-08-18T09:30:00Z (got \"%.40s\")", name,
            v);
    }
}

void sc_h_changes(sc_req *req)
{
    sc_period q;
    if (!sc_req_quarter(req, 0, &q))
        return;
    char from[32], to[32];
    sc_errors errs = SC_ERRORS_INIT;
    instant(req, "from", true, from, &errs);
    instant(req, "to", false, to, &errs);
    /* the stored form is fixed-width UTC, so text order is time order */
    if (*from && *to && strcmp(from, to) >= 0)
        sc_errors_add(&errs, "", "from must be before to");
    if (errs.count) {
        sc_reply_invalid(req, &errs);
        sc_errors_clear(&errs);
        return;
    }
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    sc_changes c;
    json_t *out = NULL;
    sc_rc rc = sc_changes_compute(req->db, q, from, to, &c);
    if (rc == SC_OK) {
        rc = sc_changes_json(req->db, &c, &out);
        sc_changes_clear(&c);
    }
    if (rc == SC_OK)
        sc_reply_json(req, 200, out);
    else
        sc_reply_rc(req, rc, NULL, NULL);
}
