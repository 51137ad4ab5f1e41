/* demand.h - demand measures and the demand tables (docs/API.md §15).
 *
 * A measure counts demand per quarter (contacts, referrals, ...). The
 * per-quarter view sets each count beside the previous quarter and the same
 * quarter last year, with % changes rounded half away from zero.
 */
#ifndef SC_DEMAND_H
#define SC_DEMAND_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "benchmark.h"
#include "errors.h"
#include "period.h"

#define SC_DEMAND_MAX_VALUE INT64_C(1000000000000)

/* Whether a measure counts activity in the quarter (contacts, referrals)
 * or a count at its end (children in need, looked-after children): rates
 * per 10,000 children apply to snapshots only. */
typedef enum { SC_DEMAND_FLOW = 0, SC_DEMAND_SNAPSHOT, SC_DEMAND_KIND_N } sc_demand_kind;

extern const char *const sc_demand_kind_keys[SC_DEMAND_KIND_N];

/* Owned strings; free with sc_demand_measures_clear(). */
typedef struct {
    char *code;
    char *name;
    int position;
    sc_demand_kind kind;
} sc_demand_measure;

typedef struct {
    sc_demand_measure *items;
    size_t count;
} sc_demand_measures;

void sc_demand_measures_clear(sc_demand_measures *m);
/* The index of the measure called code in m, or -1. */
long sc_demand_measures_find(const sc_demand_measures *m, const char *code);
json_t *sc_demand_measure_to_json(const sc_demand_measure *m);

/* Validates { name, position?, kind? } for PUT /demand-measures/{code};
 * *kind is -1 when not given. */
sc_rc sc_demand_measure_from_json(const json_t *doc, const char *code, const char **name,
                                  int *position, int *kind, sc_errors *errs);

/* Validates { value } (an integer >= 0), pointers under base. */
sc_rc sc_demand_value_from_json(const json_t *doc, const char *base, const char *extra_member,
                                int64_t *value, sc_errors *errs);

/* (value - base) / base * 100, half away from zero at decimals, written
 * to *out; false (null in JSON) when either is missing or base is 0. */
bool sc_demand_change(bool has_value, int64_t value, bool has_base, int64_t base, int decimals,
                      double *out);

/* One measure's row in the per-quarter view. */
typedef struct {
    const sc_demand_measure *measure; /* borrowed */
    bool has[3];                      /* this quarter, previous, same last year */
    int64_t value[3];
    bool restated;                 /* this quarter's value changed after it was first reported */
    int64_t first_value;           /* the value first reported, when restated */
    bool has_rate;                 /* a snapshot with a population for the quarter's year */
    double rate;                   /* per 10,000 children, one decimal */
    const sc_benchmark *benchmark; /* comparator rates, borrowed; NULL when none */
} sc_demand_row;

/* The row's change against the previous quarter (base 1) or the same
 * quarter last year (base 2), as sc_demand_change computes it: written to
 * *out, or false when it has none. */
bool sc_demand_row_change(const sc_demand_row *row, int base, int decimals, double *out);

/* The item of GET /quarters/{q}/demand for one row; new reference. */
json_t *sc_demand_row_to_json(const sc_demand_row *row, int decimals);

#endif
