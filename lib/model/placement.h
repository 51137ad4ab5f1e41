/* placement.h - the care ladder (docs/API.md §15a): placement types (the
 * rungs, ordered, admin-defined) and each rung's quarterly placement
 * figures, with the arithmetic the finance papers turn on.
 *
 * Money is in pounds and pence: costs are validated to at most two
 * decimals and held as integer pence, so the volume and price effects are
 * exact (no rounding anywhere): volume = (count - budgeted_count) x
 * budgeted_weekly_cost, price = (average_weekly_cost -
 * budgeted_weekly_cost) x count, per week and for the quarter (13 weeks,
 * a quarter of the 52-week year the placement budgets are set on). A
 * positive effect costs more than the budget.
 */
#ifndef SC_PLACEMENT_H
#define SC_PLACEMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "errors.h"

#define SC_PLACEMENT_MAX_COUNT INT64_C(1000000)
#define SC_PLACEMENT_MAX_COST 1000000.0 /* pounds a week */
#define SC_PLACEMENT_WEEKS_PER_QUARTER 13

/* Which rungs the in-house share of fostering is computed from. */
typedef enum {
    SC_PLACEMENT_OTHER = 0,
    SC_PLACEMENT_FOSTERING_IN_HOUSE,
    SC_PLACEMENT_FOSTERING_AGENCY,
    SC_PLACEMENT_GROUP_N
} sc_placement_group;

extern const char *const sc_placement_group_keys[SC_PLACEMENT_GROUP_N];

/* Owned strings; free with sc_placement_types_clear(). */
typedef struct {
    char *code;
    char *name;
    int position;
    sc_placement_group group;
} sc_placement_type;

typedef struct {
    sc_placement_type *items;
    size_t count;
} sc_placement_types;

void sc_placement_types_clear(sc_placement_types *t);
/* { code, name, position, group }; new reference. */
json_t *sc_placement_type_to_json(const sc_placement_type *t);

/* Validates { name, position?, group?, code? } for PUT
 * /placement-types/{code}: *name is borrowed from doc, *position -1 and
 * *group -1 when not given. SC_EINVALID with every problem in errs. */
sc_rc sc_placement_type_from_json(const json_t *doc, const char *code, const char **name,
                                  int *position, int *group, sc_errors *errs);

/* One rung's figures in one quarter; costs in pence. */
typedef struct {
    int64_t count;
    bool has_budgeted_count, has_contract_count, has_cost, has_budgeted_cost;
    int64_t budgeted_count, contract_count;
    int64_t cost, budgeted_cost; /* average and budgeted weekly cost, pence */
} sc_placement;

/* Validates { count, budgeted_count?, contract_count?, average_weekly_cost?,
 * budgeted_weekly_cost? } (and extra_member, when not NULL), pointers
 * under base. SC_EINVALID with every problem in errs. */
sc_rc sc_placement_from_json(const json_t *doc, const char *base, const char *extra_member,
                             sc_placement *out, sc_errors *errs);

bool sc_placement_equal(const sc_placement *a, const sc_placement *b);

/* The effects on cost against budget, in pence (see the top of this
 * file); has_* false when a figure they need is missing. */
typedef struct {
    bool has_volume, has_price;
    int64_t volume, price; /* per week */
} sc_placement_effects;

void sc_placement_effects_of(const sc_placement *p, sc_placement_effects *out);

/* Pence as a JSON number of pounds (1234.5, 12): new reference. */
json_t *sc_placement_money_json(int64_t pence);

/* The item of GET /quarters/{q}/placements for one rung: now and prev may
 * be NULL (no figures in the quarter, or in the previous one). New
 * reference. */
json_t *sc_placement_row_to_json(const sc_placement_type *t, const sc_placement *now,
                                 const sc_placement *prev);

/* The fostering split of one quarter: counts of the in-house and agency
 * rungs (budgeted counts with budgeted true). */
typedef struct {
    bool has;     /* some fostering rung has the figure */
    bool partial; /* and some other fostering rung has figures but not it */
    int64_t in_house, agency;
} sc_placement_split;

/* Adds p's count (or budgeted count) to split by t's group. */
void sc_placement_split_add(sc_placement_split *split, const sc_placement_type *t,
                            const sc_placement *p, bool budgeted);

/* The in-house share in %, half away from zero at decimals; false when
 * the split has no fostering placements or is partial (a budgeted split
 * where a fostering rung has no budgeted count). */
bool sc_placement_split_share(const sc_placement_split *s, int decimals, double *out);

#endif
