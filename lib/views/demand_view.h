/* demand_view.h - one quarter's demand view (docs/API.md §15), as
 * GET /quarters/{q}/demand and the committee report's demand table show
 * it: every measure with its counts over the five quarters the papers
 * print (the same quarter last year up to this one), and the model's row
 * (sc_demand_row: this quarter, the previous one, the same quarter last
 * year) from which both the API's JSON and the report's change columns
 * are computed.
 */
#ifndef SC_DEMAND_VIEW_H
#define SC_DEMAND_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "demand.h"
#include "errors.h"
#include "period.h"
#include "store.h"

#define SC_DEMAND_VIEW_QUARTERS 5 /* the window the papers usually print */
/* The widest window: the 2019/20 Q3 paper prints seven quarters (from
 * 2018/19 Q1); nine still fit the report's twelve columns. */
#define SC_DEMAND_VIEW_MAX_QUARTERS 9

typedef struct {
    sc_period quarter;
    sc_period from;              /* the window's first quarter: quarter - (quarters - 1) */
    int quarters;                /* the window's length, 5 by default */
    sc_demand_measures measures; /* in table order */
    /* one per measure; rows[i].measure points into measures */
    sc_demand_row *rows;
    /* has[i][k], value[i][k]: measure i's count in quarter from + k, k <
     * quarters */
    bool (*has)[SC_DEMAND_VIEW_MAX_QUARTERS];
    int64_t (*value)[SC_DEMAND_VIEW_MAX_QUARTERS];
    bool any; /* some measure has a count in one of the window's quarters */
    /* benchmarks[i]: measure i's comparator rates this quarter, when
     * has_benchmark[i]; rows[i].benchmark points here */
    sc_benchmark *benchmarks;
    bool *has_benchmark;
    bool has_population; /* the child population of the quarter's year */
    int64_t population;
} sc_demand_view;

/* Reads the measures and their counts for quarters q - 4 .. q into *out
 * (free with sc_demand_view_clear()), with this quarter's rates per 10,000
 * of the snapshot measures (from the year's population) and the
 * comparator rates; rows are not marked restated. Returns
 * SC_OK, or SC_EDB (message in sc_db_errmsg()) / SC_ENOMEM with nothing to
 * free. */
sc_rc sc_demand_view_read(sc_db *db, sc_period q, sc_demand_view *out);

/* The same over the quarters - 1 quarters before q and q (quarters from
 * SC_DEMAND_VIEW_QUARTERS to SC_DEMAND_VIEW_MAX_QUARTERS, clamped), as the
 * report's demand table with ?quarters= lays it out; the rows are the
 * same. */
sc_rc sc_demand_view_read_window(sc_db *db, sc_period q, int quarters, sc_demand_view *out);

/* Marks whether this quarter's count of every measure (only == NULL) or of
 * the measure coded only was restated, with the value first reported
 * (sc_store_demand_restated). SC_OK or SC_EDB; on SC_EDB some rows may be
 * marked. */
sc_rc sc_demand_view_restated(sc_db *db, sc_demand_view *v, const char *only);

/* Frees what the view owns; v may be NULL. */
void sc_demand_view_clear(sc_demand_view *v);

#endif
