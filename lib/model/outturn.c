/* outturn.c - a KPI's outturn for a year (see outturn.h). */
#include "outturn.h"

#include <stdio.h>
#include <string.h>

#include "jv.h"

bool sc_outturn_year_parse(const char *s, sc_period *q4, char *hint, size_t hint_n)
{
    char id[16];
    snprintf(id, sizeof id, "%.7s-Q4", s ? s : "");
    if (s && strlen(s) == 7 && !strchr(s, 'Q') && !strchr(s, 'q') &&
        sc_period_parse(id, q4, NULL, 0))
        return true;
    if (hint)
        snprintf(hint, hint_n,
                 "not a financial year: years are written YYYY-YY, the second the first plus "
                 "one (2019-20)");
    return false;
}

char *sc_outturn_year_format(sc_period q4, char *buf)
{
    char id[SC_PERIOD_ID_LEN];
    snprintf(buf, 8, "%.7s", sc_period_format(q4, id));
    return buf;
}

sc_rc sc_outturn_from_json(const json_t *doc, const sc_indicator *ind, const char *base,
                           const char *const *extra, sc_result *out, sc_errors *errs)
{
    const char *members[8] = {"value", "numerator", "denominator", "commentary"};
    for (size_t i = 0; extra && extra[i] && i < 3; i++)
        members[4 + i] = extra[i];
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    /* the rules of a reported result, in one place (result.c), on the
     * members an outturn has (the others are reported above) */
    json_t *as_result = json_pack("{s:s}", "availability", "reported");
    for (size_t i = 0; as_result && i < 4; i++) { /* not the extras */
        json_t *v = json_object_get(doc, members[i]);
        if (v && json_object_set(as_result, members[i], v)) {
            json_decref(as_result);
            as_result = NULL;
        }
    }
    if (!as_result)
        return SC_ENOMEM;
    sc_rc rc = sc_result_from_json(as_result, ind, base, NULL, out, errs);
    json_decref(as_result);
    if (rc == SC_OK && errs->count > before) { /* an unknown member */
        sc_result_clear(out);
        rc = SC_EINVALID;
    }
    return rc;
}

int sc_outturn_add_json(json_t *o, const sc_result *r)
{
    int rc = 0;
    rc |= json_object_set_new(o, "value", r->has_value ? sc_jv_new_number(r->value) : json_null());
    rc |= json_object_set_new(o, "numerator",
                              r->has_ratio ? json_integer(r->numerator) : json_null());
    rc |= json_object_set_new(o, "denominator",
                              r->has_ratio ? json_integer(r->denominator) : json_null());
    rc |= json_object_set_new(o, "commentary",
                              r->commentary ? json_string(r->commentary) : json_null());
    return rc ? -1 : 0;
}
