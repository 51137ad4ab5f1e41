/* ret.c - validating and applying a quarterly return (see ret.h). */
#include "ret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"
#include "result.h"
#include "store_kpi.h"

typedef struct {
    const char *code; /* borrowed from the document */
    sc_result res;
} pending_result;

static void free_pending(pending_result *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sc_result_clear(&p[i].res);
    free(p);
}

/* Validates one entry of "indicators"; returns true and fills *p if it is
 * clean. */
static sc_rc check_result(sc_db *db, sc_period q, const json_t *item, const char *ptr,
                          pending_result *p, sc_errors *errs)
{
    const char *code = NULL;
    if (!json_is_object(item)) {
        sc_errors_add(errs, ptr, "each result must be a JSON object");
        return SC_EINVALID;
    }
    if (sc_jv_string(item, ptr, "code", true, 1, 64, true, &code, errs) != SC_JV_OK)
        return SC_EINVALID;
    sc_indicator ind;
    sc_rc rc = sc_store_indicator_get(db, code, &ind);
    char cp[256];
    snprintf(cp, sizeof cp, "%s/code", ptr);
    if (rc == SC_ENOTFOUND) {
        sc_errors_add(errs, cp, "no indicator \"%s\"", code);
        return SC_EINVALID;
    }
    if (rc != SC_OK)
        return rc;
    if (!sc_indicator_active(&ind, q)) {
        char qs[SC_PERIOD_ID_LEN];
        sc_errors_add(errs, cp, "indicator %s does not count in %s", code,
                      sc_period_format(q, qs));
        sc_indicator_clear(&ind);
        return SC_EINVALID;
    }
    rc = sc_result_from_json(item, &ind, ptr, "code", &p->res, errs);
    sc_indicator_clear(&ind);
    p->code = code;
    return rc;
}

static sc_rc check_results(sc_db *db, sc_period q, const json_t *arr, pending_result **out,
                           size_t *n, sc_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (!arr || json_is_null(arr))
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, "/indicators", "indicators must be an array of results");
        return SC_EINVALID;
    }
    size_t len = json_array_size(arr);
    pending_result *p = calloc(len ? len : 1, sizeof *p);
    if (!p)
        return SC_ENOMEM;
    sc_rc worst = SC_OK;
    for (size_t i = 0; i < len; i++) {
        char ptr[64];
        sc_pointer_index(ptr, sizeof ptr, "/indicators", i);
        pending_result one = {0};
        sc_rc rc = check_result(db, q, json_array_get(arr, i), ptr, &one, errs);
        if (rc == SC_EDB || rc == SC_ENOMEM) {
            free_pending(p, *n);
            return rc;
        }
        if (rc != SC_OK) {
            worst = SC_EINVALID;
            continue;
        }
        for (size_t j = 0; j < *n; j++) {
            if (strcmp(p[j].code, one.code) == 0) {
                char cp[80];
                snprintf(cp, sizeof cp, "%s/code", ptr);
                sc_errors_add(errs, cp, "indicator %s appears more than once in this return",
                              one.code);
                worst = SC_EINVALID;
            }
        }
        p[(*n)++] = one;
    }
    if (worst != SC_OK) {
        free_pending(p, *n);
        *n = 0;
        return worst;
    }
    *out = p;
    return SC_OK;
}

static void count(sc_counts *c, sc_write w)
{
    if (w == SC_WRITE_CREATED)
        c->created++;
    else if (w == SC_WRITE_UPDATED)
        c->updated++;
    else
        c->unchanged++;
}

sc_rc sc_return_apply(sc_db *db, sc_period q, const json_t *doc, const char *by,
                      sc_return_outcome *out, sc_errors *errs)
{
    static const char *const members[] = {"indicators", "quarter", NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    sc_period sent;
    if (sc_jv_period(doc, "", "quarter", false, &sent, errs) == SC_JV_OK && sent != q)
        sc_errors_add(errs, "/quarter", "quarter differs from the quarter in the path");
    pending_result *results;
    size_t n;
    sc_rc rc = check_results(db, q, json_object_get(doc, "indicators"), &results, &n, errs);
    if (rc == SC_EDB || rc == SC_ENOMEM)
        return rc;
    if (errs->count > before) {
        free_pending(results, n);
        return SC_EINVALID;
    }
    for (size_t i = 0; i < n && rc == SC_OK; i++) {
        sc_write w;
        rc = sc_store_result_put(db, q, results[i].code, &results[i].res, by, &w);
        if (rc == SC_OK)
            count(&out->indicators, w);
    }
    free_pending(results, n);
    return rc;
}

json_t *sc_counts_to_json(const sc_counts *c)
{
    return json_pack("{s:i, s:i, s:i}", "created", c->created, "updated", c->updated,
                     "unchanged", c->unchanged);
}
