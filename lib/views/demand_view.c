/* demand_view.c - one quarter's demand view, read through the store (see
 * demand_view.h). */
#include "demand_view.h"

#include <stdlib.h>
#include <string.h>

#include "store_demand.h"

static void fill(void *cls, const char *code, sc_period p, int64_t value)
{
    sc_demand_view *v = cls;
    for (size_t i = 0; i < v->measures.count; i++) {
        if (strcmp(v->measures.items[i].code, code) == 0) {
            v->value[i][p - v->from] = value;
            v->has[i][p - v->from] = true;
            v->any = true;
        }
    }
}

sc_rc sc_demand_view_read(sc_db *db, sc_period q, sc_demand_view *out)
{
    memset(out, 0, sizeof *out);
    out->quarter = q;
    out->from = sc_period_same_last_year(q);
    sc_rc rc = sc_store_demand_measures(db, &out->measures);
    if (rc != SC_OK)
        return rc;
    size_t n = out->measures.count ? out->measures.count : 1;
    out->rows = calloc(n, sizeof *out->rows);
    out->has = calloc(n, sizeof *out->has);
    out->value = calloc(n, sizeof *out->value);
    if (!out->rows || !out->has || !out->value)
        rc = SC_ENOMEM;
    else
        rc = sc_store_demand_values(db, out->from, q, fill, out);
    if (rc != SC_OK) {
        sc_demand_view_clear(out);
        return rc;
    }
    /* this quarter, the previous one and the same quarter last year */
    static const int slots[3] = {SC_DEMAND_VIEW_QUARTERS - 1, SC_DEMAND_VIEW_QUARTERS - 2, 0};
    for (size_t i = 0; i < out->measures.count; i++) {
        sc_demand_row *r = &out->rows[i];
        r->measure = &out->measures.items[i];
        for (int s = 0; s < 3; s++) {
            r->has[s] = out->has[i][slots[s]];
            r->value[s] = out->value[i][slots[s]];
        }
    }
    return SC_OK;
}

sc_rc sc_demand_view_restated(sc_db *db, sc_demand_view *v, const char *only)
{
    for (size_t i = 0; i < v->measures.count; i++) {
        const char *code = v->measures.items[i].code;
        if (only && strcmp(only, code) != 0)
            continue;
        sc_rc rc = sc_store_demand_restated(db, v->quarter, code, &v->rows[i].restated,
                                            &v->rows[i].first_value);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

void sc_demand_view_clear(sc_demand_view *v)
{
    if (!v)
        return;
    free(v->rows);
    free(v->has);
    free(v->value);
    sc_demand_measures_clear(&v->measures);
    memset(v, 0, sizeof *v);
}
