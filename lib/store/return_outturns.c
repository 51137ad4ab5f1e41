/* return_outturns.c - the outturns of a quarterly return (see
 * private/return_outturns.h). */
#include "return_outturns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"
#include "outturn.h"
#include "store_kpi.h"
#include "store_outturn.h"

void sc_pending_outturns_free(sc_pending_outturn *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        sc_result_clear(&p[i].res);
    free(p);
}

/* One entry; SC_EINVALID with its problems, SC_EDB or SC_ENOMEM. */
static sc_rc check_one(sc_db *db, sc_period q, const json_t *item, const char *ptr,
                       sc_pending_outturn *p, sc_errors *errs)
{
    static const char *const extra[] = {"code", "year", NULL};
    char at[96];
    const char *code = NULL, *year = NULL;
    if (!json_is_object(item)) {
        sc_errors_add(errs, ptr, "each outturn must be a JSON object { code, year, value, ... }");
        return SC_EINVALID;
    }
    bool code_ok = sc_jv_string(item, ptr, "code", true, 1, 64, true, &code, errs) == SC_JV_OK;
    bool year_ok = sc_jv_string(item, ptr, "year", true, 1, 16, true, &year, errs) == SC_JV_OK;
    snprintf(at, sizeof at, "%s/year", ptr);
    if (year_ok && !sc_outturn_year_parse(year, &p->q4, NULL, 0)) {
        sc_errors_add(errs, at, "year \"%s\" is not a financial year: years are written YYYY-YY",
                      year);
        year_ok = false;
    } else if (year_ok && sc_period_year(p->q4) > sc_period_year(q)) {
        sc_errors_add(errs, at, "year %s has not begun by this return's quarter", year);
        year_ok = false;
    }
    if (!code_ok || !year_ok)
        return SC_EINVALID;
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(db, code, &ind);
    snprintf(at, sizeof at, "%s/code", ptr);
    if (rc == SC_ENOTFOUND) {
        sc_errors_add(errs, at, "no indicator \"%s\"", code);
        return SC_EINVALID;
    }
    if (rc != SC_OK)
        return rc;
    if (!sc_indicator_active(&ind, p->q4)) {
        char qs[SC_PERIOD_ID_LEN];
        sc_errors_add(errs, at, "indicator %s does not count in %s, the last quarter of %s", code,
                      sc_period_format(p->q4, qs), year);
        rc = SC_EINVALID;
    } else {
        rc = sc_outturn_from_json(item, &ind, ptr, extra, &p->res, errs);
    }
    sc_indicator_clear(&ind);
    p->code = code;
    return rc;
}

sc_rc sc_return_outturns_check(sc_db *db, sc_period q, const json_t *arr, sc_pending_outturn **out,
                               size_t *n, sc_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (!arr || json_is_null(arr))
        return SC_OK;
    size_t len = json_array_size(arr);
    if (!json_is_array(arr) || len > SC_RETURN_OUTTURNS_MAX) {
        sc_errors_add(errs, "/outturns", "outturns must be an array of at most %d outturns",
                      SC_RETURN_OUTTURNS_MAX);
        return SC_EINVALID;
    }
    sc_pending_outturn *p = calloc(len ? len : 1, sizeof *p);
    if (!p)
        return SC_ENOMEM;
    sc_rc worst = SC_OK;
    for (size_t i = 0; i < len; i++) {
        char ptr[64];
        sc_pointer_index(ptr, sizeof ptr, "/outturns", i);
        sc_pending_outturn one = {0};
        sc_rc rc = check_one(db, q, json_array_get(arr, i), ptr, &one, errs);
        if (rc == SC_EDB || rc == SC_ENOMEM) {
            sc_pending_outturns_free(p, *n);
            return rc;
        }
        /* bounded by SC_RETURN_OUTTURNS_MAX, so pairwise is cheap */
        for (size_t k = 0; rc == SC_OK && k < *n; k++)
            if (p[k].q4 == one.q4 && strcmp(p[k].code, one.code) == 0) {
                char at[80];
                snprintf(at, sizeof at, "%s/code", ptr);
                sc_errors_add(errs, at, "the outturn of %s for this year appears more than once",
                              one.code);
                rc = SC_EINVALID;
            }
        if (rc != SC_OK) {
            sc_result_clear(&one.res);
            worst = SC_EINVALID;
            continue;
        }
        p[(*n)++] = one;
    }
    if (worst != SC_OK) {
        sc_pending_outturns_free(p, *n);
        *n = 0;
        return worst;
    }
    *out = p;
    return SC_OK;
}
