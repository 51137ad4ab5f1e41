/* events.c - the webhook events of the writes (events.h). */
#include "events.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "lock.h"
#include "quarter.h"
#include "status.h"
#include "store_webhook.h"

/* status_outside_target for the row of code, when it is outside. */
static sc_rc outside(sc_db *db, const sc_quarter_row *r, sc_period q)
{
    if (r->status != SC_STATUS_OUTSIDE)
        return SC_OK;
    json_t *data =
        json_pack("{s:s, s:o, s:o, s:s}", "name", r->ind.name, "value",
                  r->res.has_value ? sc_jv_new_number(r->res.value) : json_null(), "target",
                  r->has_target ? sc_jv_new_number(r->target.target) : json_null(), "status",
                  sc_status_keys[r->status]);
    sc_rc rc = data ? sc_store_webhook_raise(db, SC_EVENT_STATUS_OUTSIDE, q, r->ind.code, data)
                    : SC_ENOMEM;
    json_decref(data);
    return rc;
}

static sc_rc restated(sc_db *db, sc_period q, const char *code, json_t *data)
{
    bool before = false;
    sc_rc rc = sc_lock_signed_off_before(db, q, &before);
    if (rc == SC_OK && before)
        rc = sc_store_webhook_raise(db, SC_EVENT_FIGURE_RESTATED, q, code, data);
    return rc;
}

sc_rc sc_events_result(sc_db *db, sc_period q, const char *code, sc_write what)
{
    if (what == SC_WRITE_UNCHANGED)
        return SC_OK;
    sc_quarter_filter f = {-1, NULL, code, true};
    sc_quarter view;
    sc_rc rc = sc_store_quarter(db, q, &f, &view);
    if (rc != SC_OK)
        return rc;
    if (view.count == 1)
        rc = outside(db, &view.rows[0], q);
    if (rc == SC_OK && what == SC_WRITE_UPDATED && view.count == 1) {
        json_t *data = json_pack(
            "{s:o}", "value",
            view.rows[0].res.has_value ? sc_jv_new_number(view.rows[0].res.value) : json_null());
        rc = restated(db, q, code, data);
        json_decref(data);
    }
    sc_quarter_clear(&view);
    return rc;
}

static bool in_return(const json_t *doc, const char *code)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(doc, "indicators"), i,
                       it) if (json_is_string(json_object_get(it, "code")) &&
                               strcmp(json_string_value(json_object_get(it, "code")), code) ==
                                   0) return true;
    return false;
}

static json_t *counts(const sc_counts *c)
{
    return json_pack("{s:i, s:i, s:i}", "created", c->created, "updated", c->updated, "unchanged",
                     c->unchanged);
}

sc_rc sc_events_return(sc_db *db, sc_period q, const json_t *doc, const sc_return_outcome *o)
{
    json_t *data = json_pack("{s:o, s:o, s:o}", "indicators", counts(&o->indicators), "demand",
                             counts(&o->demand), "finance", counts(&o->finance));
    sc_rc rc =
        data ? sc_store_webhook_raise(db, SC_EVENT_RETURN_RECEIVED, q, NULL, data) : SC_ENOMEM;
    if (rc == SC_OK && o->indicators.updated + o->demand.updated + o->finance.updated > 0)
        rc = restated(db, q, NULL, data);
    json_decref(data);
    sc_quarter_filter f = {-1, NULL, NULL, true};
    sc_quarter view;
    if (rc != SC_OK || (rc = sc_store_quarter(db, q, &f, &view)) != SC_OK)
        return rc;
    for (size_t i = 0; rc == SC_OK && i < view.count; i++)
        if (in_return(doc, view.rows[i].ind.code))
            rc = outside(db, &view.rows[i], q);
    sc_quarter_clear(&view);
    return rc;
}

sc_rc sc_events_answer(sc_db *db, sc_period q, const sc_question *qu)
{
    char code[24];
    snprintf(code, sizeof code, "%" PRId64, qu->id);
    json_t *data =
        json_pack("{s:I, s:s, s:o}", "id", (json_int_t)qu->id, "answer", qu->answer, "revision",
                  qu->answer_revision ? json_integer(qu->answer_revision) : json_null());
    sc_rc rc =
        data ? sc_store_webhook_raise(db, SC_EVENT_QUESTION_ANSWERED, q, code, data) : SC_ENOMEM;
    json_decref(data);
    return rc;
}
