/* h_quarters_list.c - the list of quarters (GET /api/v1/quarters,
 * docs/API.md §19): every quarter holding a figure, its lock and what it
 * holds, so a client can see which quarters exist without guessing ids. */
#include "handlers.h"
#include "jv.h"
#include "store_quarters.h"

static json_t *holding_json(sc_req *req, const sc_quarter_holding *h)
{
    json_t *o = NULL;
    if (sc_h_quarter_json(req, h->quarter, &h->lock, &o) != SC_OK)
        return NULL;
    json_object_set_new(o, "indicators_active", json_integer(h->indicators_active));
    json_object_set_new(o, "indicators_reported", json_integer(h->indicators_reported));
    json_object_set_new(o, "demand_measures", json_integer(h->demand_measures));
    json_object_set_new(o, "finance", json_boolean(h->finance));
    return o;
}

void sc_h_quarters_list(sc_req *req)
{
    if (sc_db_begin_read(req->db) != SC_OK) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    if (!sc_req_as_of(req, SC_AS_OF_ALL))
        return;
    sc_quarter_holdings l;
    sc_rc rc = sc_store_quarters_list(req->db, &l);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < l.count; i++) {
        json_t *o = holding_json(req, &l.items[i]);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    int count = (int)l.count;
    sc_quarter_holdings_clear(&l);
    if (!items) {
        sc_reply_rc(req, SC_EDB, NULL, NULL);
        return;
    }
    sc_reply_json(req, 200, json_pack("{s:o, s:i}", "items", items, "count", count));
}
