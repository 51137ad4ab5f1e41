/* cycle.c - a quarter's state in the scrutiny cycle (cycle.h). */
#include "cycle.h"

#include <stdbool.h>
#include <string.h>

#include "calendar.h"
#include "jv.h"
#include "lock.h"
#include "quarter.h"
#include "store_calendar.h"
#include "store_finance.h"
#include "store_kpi.h"

/* The codes of the indicators of q with no result yet. */
static sc_rc not_submitted(sc_db *db, sc_period q, json_t **out)
{
    sc_quarter_filter f = {-1, NULL, NULL, true};
    sc_quarter view;
    sc_rc rc = sc_store_quarter(db, q, &f, &view);
    if (rc != SC_OK)
        return rc;
    *out = json_array();
    for (size_t i = 0; i < view.count; i++)
        if (view.rows[i].status == SC_STATUS_NOT_SUBMITTED)
            json_array_append_new(*out, json_string(view.rows[i].ind.code));
    sc_quarter_clear(&view);
    return SC_OK;
}

static json_t *figure_ref(const char *figure, const char *code)
{
    return json_pack("{s:s, s:o}", "figure", figure, "code", sc_jv_new_string_or_null(code));
}

/* The next meeting with what will be missing or stale at it unless the
 * trust sends it first. */
static sc_rc next_meeting(sc_db *db, sc_period q, const sc_meeting *m, const json_t *codes,
                          json_t **out)
{
    sc_finance fin;
    sc_rc rc = sc_store_finance_get(db, q, &fin);
    if (rc != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    json_t *missing = json_array(), *stale = json_array();
    size_t i;
    json_t *code;
    json_array_foreach(codes, i, code)
        json_array_append_new(missing, figure_ref("result", json_string_value(code)));
    if (rc == SC_ENOTFOUND) {
        json_array_append_new(missing, figure_ref("finance", NULL));
    } else {
        if (sc_calendar_finance_stale(fin.as_at, m->date)) {
            json_t *ref = figure_ref("finance", NULL);
            json_object_set_new(ref, "as_at", json_string(fin.as_at));
            json_array_append_new(stale, ref);
        }
        sc_finance_clear(&fin);
    }
    *out = json_pack("{s:s, s:s, s:o, s:o, s:o}", "date", m->date, "kind",
                     sc_meeting_kind_keys[m->kind], "name", sc_jv_new_string_or_null(m->name),
                     "missing", missing, "stale", stale);
    return SC_OK;
}

sc_rc sc_cycle_add_state(sc_db *db, sc_period q, const char *today, json_t *quarter)
{
    sc_calendar cal;
    sc_lock lock;
    json_t *codes = NULL, *meeting = json_null();
    sc_rc rc = sc_store_calendar_get(db, q, &cal);
    bool has_cal = rc == SC_OK;
    if (rc != SC_OK && rc != SC_ENOTFOUND)
        return rc;
    rc = sc_lock_get(db, q, &lock);
    if (rc == SC_OK)
        rc = not_submitted(db, q, &codes);
    const sc_meeting *m = has_cal ? sc_calendar_next_meeting(&cal, today) : NULL;
    if (rc == SC_OK && m && !lock.locked)
        rc = next_meeting(db, q, m, codes, &meeting);
    if (rc == SC_OK) {
        sc_cycle_state s =
            sc_cycle_state_on(has_cal ? &cal : NULL, lock.locked, json_array_size(codes), today);
        json_object_set_new(quarter, "state", json_string(sc_cycle_state_keys[s]));
        json_object_set_new(quarter, "calendar", has_cal ? sc_calendar_to_json(&cal) : json_null());
        json_object_set(quarter, "not_submitted", codes);
        json_object_set(quarter, "next_meeting", meeting);
    }
    json_decref(codes);
    json_decref(meeting);
    sc_lock_clear(&lock);
    if (has_cal)
        sc_calendar_clear(&cal);
    return rc;
}
