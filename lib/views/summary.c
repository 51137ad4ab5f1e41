/* summary.c - a quarter's status table, read through the store and shown
 * as JSON (see summary.h). */
#include "summary.h"

#include "store_kpi.h"

sc_rc sc_summary_read(sc_db *db, sc_period q, sc_area_list *areas, sc_summary *sum)
{
    sc_rc rc = sc_store_areas(db, areas);
    if (rc != SC_OK)
        return rc;
    sc_quarter view;
    sc_quarter_filter lean = {-1, NULL, NULL, true};
    rc = sc_store_quarter(db, q, &lean, &view);
    if (rc == SC_OK) {
        rc = sc_summary_compute(&view, areas, sum);
        sc_quarter_clear(&view);
    }
    if (rc != SC_OK)
        sc_area_list_clear(areas);
    return rc;
}

sc_rc sc_summary_json(sc_db *db, sc_period q, int decimals, json_t **out)
{
    sc_area_list areas;
    sc_summary sum;
    sc_rc rc = sc_summary_read(db, q, &areas, &sum);
    if (rc != SC_OK)
        return rc;
    json_t *j = sc_summary_to_json(&sum, &areas, q, decimals);
    sc_summary_clear(&sum);
    sc_area_list_clear(&areas);
    if (!j)
        return SC_ENOMEM;
    *out = j;
    return SC_OK;
}
