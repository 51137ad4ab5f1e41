/* population.c - child populations and rates per 10,000 (population.h). */
#include "population.h"

#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "num.h"

bool sc_population_year_parse(const char *s, sc_period *first, char *hint, size_t hint_n)
{
    char q[32];
    /* a year is its first quarter's id without the quarter: the quarter
     * parser's rules (and its century check) apply as they are */
    if (strlen(s) != SC_POPULATION_YEAR_LEN - 1 || strchr(s, 'Q') || strchr(s, 'q')) {
        if (hint)
            snprintf(hint, hint_n, "not a financial year: years are written YYYY-YY, e.g. 2017-18");
        return false;
    }
    snprintf(q, sizeof q, "%s-Q1", s);
    if (sc_period_parse(q, first, NULL, 0))
        return true;
    if (hint)
        snprintf(hint, hint_n, "not a financial year: years are written YYYY-YY, e.g. 2017-18");
    return false;
}

char *sc_population_year_format(sc_period q, char *buf)
{
    char id[SC_PERIOD_ID_LEN];
    sc_period_format(q, id);
    memcpy(buf, id, SC_POPULATION_YEAR_LEN - 1);
    buf[SC_POPULATION_YEAR_LEN - 1] = '\0';
    return buf;
}

sc_rc sc_population_from_json(const json_t *doc, const char *base, const char *year_id,
                              int64_t *children, sc_errors *errs)
{
    static const char *const members[] = {"children", "year", NULL};
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    const char *sent = NULL;
    char ptr[256];
    snprintf(ptr, sizeof ptr, "%s/year", base);
    if (sc_jv_string(doc, base, "year", false, 1, 16, true, &sent, errs) == SC_JV_OK &&
        strcmp(sent, year_id) != 0)
        sc_errors_add(errs, ptr, "year must be %s", year_id);
    sc_jv_int(doc, base, "children", true, 1, SC_POPULATION_MAX, children, errs);
    return errs->count > before ? SC_EINVALID : SC_OK;
}

json_t *sc_population_to_json(sc_period first, int64_t children)
{
    char y[SC_POPULATION_YEAR_LEN];
    return json_pack("{s:s, s:I}", "year", sc_population_year_format(first, y), "children",
                     (json_int_t)children);
}

bool sc_population_rate(int64_t value, int64_t children, double *out)
{
    int64_t scaled;
    if (children <= 0 ||
        !sc_num_div_scaled(value * 10000, children, SC_POPULATION_RATE_DECIMALS, &scaled))
        return false;
    *out = sc_num_unscale(scaled, SC_POPULATION_RATE_DECIMALS);
    return true;
}
