/* outturns.c - outturns judged against the target of the year's Q4 (see
 * outturns.h). */
#include "outturns.h"

#include "judgement.h"
#include "jv.h"
#include "outturn.h"
#include "quarter.h"
#include "status.h"
#include "store_kpi.h"
#include "store_outturn.h"

/* One outturn as the API shows it: the Q4 row of the indicator (its
 * target then) judged with the outturn in place of the quarter's result. */
static sc_rc outturn_item(sc_db *db, const char *code, const sc_outturn_row *o, json_t *arr)
{
    sc_quarter_filter f = {-1, NULL, code, true};
    sc_quarter view;
    sc_rc rc = sc_store_quarter(db, o->q4, &f, &view);
    if (rc != SC_OK)
        return rc;
    char year[8], qs[SC_PERIOD_ID_LEN];
    json_t *it =
        json_pack("{s:s, s:s, s:s}", "indicator", code, "year", sc_outturn_year_format(o->q4, year),
                  "quarter", sc_period_format(o->q4, qs));
    if (it && sc_outturn_add_json(it, &o->res) == 0) {
        sc_quarter_row *row = view.count == 1 ? &view.rows[0] : NULL;
        bool target = row && row->has_target;
        if (row) {
            sc_result_clear(&row->res);
            row->res = o->res; /* borrowed: handed back before the clear */
            row->has_result = true;
            sc_quarter_judge(row);
        }
        json_object_set_new(it, "target",
                            target ? sc_jv_new_number(row->target.target) : json_null());
        json_object_set_new(it, "tolerance",
                            target ? sc_jv_new_number(row->target.tolerance) : json_null());
        json_object_set_new(it, "target_from",
                            target ? sc_jv_new_period(row->target.from_quarter) : json_null());
        json_object_set_new(it, "status",
                            row ? json_string(sc_status_key(row->status)) : json_null());
        json_object_set_new(it, "status_label",
                            row ? json_string(sc_status_label(row->status)) : json_null());
        /* the interval and the significance test of a quarter's result
         * (judgement.h), on the year's counts */
        sc_stats_interval ci;
        json_object_set_new(it, "confidence_interval",
                            row && sc_judgement_interval(&row->ind, &o->res, &ci)
                                ? sc_judgement_interval_json(&ci, row->ind.decimals)
                                : json_null());
        json_object_set_new(it, "significance",
                            row ? sc_judgement_significance_json(&row->ind, &o->res, target,
                                                                 target ? row->target.target : 0)
                                : json_null());
        json_object_set_new(it, "updated_at", json_string(o->updated_at));
        json_object_set_new(it, "updated_by", sc_jv_new_string_or_null(o->updated_by));
        if (row)
            row->res = (sc_result){0};
    }
    sc_quarter_clear(&view);
    if (!it || json_array_append_new(arr, it))
        return SC_ENOMEM;
    return SC_OK;
}

sc_rc sc_outturns_json(sc_db *db, const char *code, sc_period q4, json_t **out)
{
    *out = NULL;
    sc_outturn_list l;
    sc_rc rc = sc_store_outturns(db, code, &l);
    if (rc != SC_OK)
        return rc;
    json_t *arr = json_array();
    rc = arr ? SC_OK : SC_ENOMEM;
    for (size_t i = 0; rc == SC_OK && i < l.count; i++)
        if (q4 == SC_PERIOD_NONE || l.items[i].q4 == q4)
            rc = outturn_item(db, code, &l.items[i], arr);
    sc_outturn_list_clear(&l);
    if (rc == SC_OK && q4 != SC_PERIOD_NONE && json_array_size(arr) == 0)
        rc = SC_ENOTFOUND;
    if (rc != SC_OK)
        json_decref(arr);
    else
        *out = arr;
    return rc;
}
