/* store_quarters.c - the list of quarters and what each holds (see
 * store_quarters.h). */
#include "store_quarters.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

/* One row per quarter holding anything; the counts by correlated
 * subqueries, so each reads its table's (quarter, ...) index. Standard
 * SQL: UNION, EXISTS, COUNT. */
static const char sql_quarters[] =
    "SELECT q.quarter,"
    " (SELECT COUNT(*) FROM indicators i WHERE (i.active_from IS NULL OR i.active_from <= "
    "q.quarter)"
    "   AND (i.active_to IS NULL OR i.active_to >= q.quarter)),"
    " (SELECT COUNT(*) FROM results r JOIN indicators i ON i.code = r.indicator_code"
    "   WHERE r.quarter = q.quarter AND r.availability = 'reported' AND r.value IS NOT NULL"
    "   AND (i.active_from IS NULL OR i.active_from <= q.quarter)"
    "   AND (i.active_to IS NULL OR i.active_to >= q.quarter)),"
    " (SELECT COUNT(*) FROM demand_values d WHERE d.quarter = q.quarter),"
    " EXISTS (SELECT 1 FROM finance_statements f WHERE f.quarter = q.quarter)"
    " FROM (SELECT quarter FROM results UNION SELECT quarter FROM benchmarks"
    "  UNION SELECT quarter FROM demand_values UNION SELECT quarter FROM finance_statements"
    "  UNION SELECT quarter FROM quarter_locks UNION SELECT quarter FROM outturns"
    "  UNION SELECT quarter FROM placements UNION SELECT quarter FROM demand_benchmarks"
    "  UNION SELECT first_quarter FROM populations) q ORDER BY q.quarter";

static sc_rc read_rows(sc_db *db, sc_quarter_holdings *out)
{
    sc_stmt *st = sc_db_stmt(db, sql_quarters);
    if (!st)
        return SC_EDB;
    size_t cap = 0;
    int rc;
    sc_rc out_rc = SC_OK;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW) {
        if (out->count == cap) {
            size_t n = cap ? cap * 2 : 16;
            sc_quarter_holding *p = realloc(out->items, n * sizeof *p);
            if (!p) {
                out_rc = SC_ENOMEM;
                break;
            }
            out->items = p;
            cap = n;
        }
        sc_quarter_holding *h = &out->items[out->count++];
        memset(h, 0, sizeof *h);
        h->quarter = sc_stmt_int(st, 0);
        h->indicators_active = sc_stmt_int(st, 1);
        h->indicators_reported = sc_stmt_int(st, 2);
        h->demand_measures = sc_stmt_int(st, 3);
        h->finance = sc_stmt_int(st, 4) != 0;
    }
    sc_stmt_reset(st);
    if (out_rc == SC_OK && rc != SC_STEP_DONE)
        out_rc = SC_EDB;
    return out_rc;
}

sc_rc sc_store_quarters_list(sc_db *db, sc_quarter_holdings *out)
{
    memset(out, 0, sizeof *out);
    sc_rc rc = read_rows(db, out);
    /* the locks after the list, so no two statements are stepped at once */
    for (size_t i = 0; rc == SC_OK && i < out->count; i++)
        rc = sc_lock_get(db, out->items[i].quarter, &out->items[i].lock);
    if (rc != SC_OK)
        sc_quarter_holdings_clear(out);
    return rc;
}

void sc_quarter_holdings_clear(sc_quarter_holdings *l)
{
    for (size_t i = 0; l && i < l->count; i++)
        sc_lock_clear(&l->items[i].lock);
    if (l) {
        free(l->items);
        l->items = NULL;
        l->count = 0;
    }
}
