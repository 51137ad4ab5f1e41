/* risk_share.c - validating and applying a year's risk share (see
 * risk_share.h). */
#include "risk_share.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "num.h"
#include "population.h"

static const char *const members[] = {"council_pct", "trust_pct", NULL};

static void read_pct(const json_t *doc, const char *base, const char *key, double *out,
                     sc_errors *errs)
{
    if (sc_jv_number(doc, base, key, true, out, errs) != SC_JV_OK)
        return;
    if (*out < 0 || *out > 100) {
        char p[512];
        snprintf(p, sizeof p, "%.200s/%s", base, key);
        sc_errors_add(errs, p, "%s is a percentage from 0 to 100 (got %g)", key, *out);
    }
}

sc_rc sc_risk_share_from_json(const json_t *doc, const char *base, sc_risk_share *out,
                              sc_errors *errs)
{
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    read_pct(doc, base, "council_pct", &out->council_pct, errs);
    read_pct(doc, base, "trust_pct", &out->trust_pct, errs);
    if (errs->count == before && fabs(out->council_pct + out->trust_pct - 100) > 1e-9)
        sc_errors_add(errs, base, "council_pct and trust_pct must add to 100 (they add to %g)",
                      out->council_pct + out->trust_pct);
    return errs->count == before ? SC_OK : SC_EINVALID;
}

json_t *sc_risk_share_to_json(const sc_risk_share *rs)
{
    char y[SC_POPULATION_YEAR_LEN];
    return json_pack("{s:s, s:o, s:o}", "year", sc_population_year_format(rs->year, y),
                     "council_pct", sc_jv_new_number(rs->council_pct), "trust_pct",
                     sc_jv_new_number(rs->trust_pct));
}

void sc_risk_share_split(const sc_risk_share *rs, double variance, double *council, double *trust)
{
    *council = sc_num_round(variance * rs->council_pct / 100, 2);
    *trust = sc_num_round(variance - *council, 2);
}

json_t *sc_risk_share_position_json(const sc_risk_share *rs, double variance)
{
    double council, trust;
    sc_risk_share_split(rs, variance, &council, &trust);
    json_t *o = sc_risk_share_to_json(rs);
    if (o) {
        json_object_set_new(o, "council", sc_jv_new_number(council));
        json_object_set_new(o, "trust", sc_jv_new_number(trust));
    }
    return o;
}

bool sc_risk_share_equal(const sc_risk_share *a, const sc_risk_share *b)
{
    return a->year == b->year && a->council_pct == b->council_pct && a->trust_pct == b->trust_pct;
}
