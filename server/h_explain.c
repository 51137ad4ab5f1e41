/* h_explain.c - why a figure is what it is: the reason for one status
 * (GET /quarters/{q}/indicators/{code}/explanation) and what changed in a
 * quarter between two instants (GET /quarters/{q}/changes), docs/API.md
 * §12 and §19. */
#include "explanation.h"
#include "handlers.h"

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
