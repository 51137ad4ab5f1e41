/* demo_ladder.c - loading the care ladder's demo definitions
 * (demo_ladder.h). Each entry is validated by the model exactly as the
 * matching PUT validates it. */
#include "demo_ladder.h"

#include <stdio.h>
#include <string.h>

#include "demand.h"
#include "jv.h"
#include "placement.h"
#include "store_demand.h"
#include "store_placement.h"

typedef sc_rc (*entry_fn)(sc_db *db, const json_t *item, const char *ptr, sc_errors *errs);

/* Runs fn on every entry of doc[key] (absent: none); stops at the first
 * failure. */
static sc_rc each(sc_db *db, const json_t *doc, const char *key, entry_fn fn, sc_errors *errs)
{
    const json_t *arr = json_object_get(doc, key);
    char ptr[96];
    snprintf(ptr, sizeof ptr, "/%s", key);
    if (!arr)
        return SC_OK;
    if (!json_is_array(arr)) {
        sc_errors_add(errs, ptr, "must be an array");
        return SC_EINVALID;
    }
    size_t i;
    const json_t *item;
    json_array_foreach(arr, i, item)
    {
        char ip[128];
        sc_pointer_index(ip, sizeof ip, ptr, i);
        sc_rc rc = fn(db, item, ip, errs);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

/* The entry's code, or SC_EINVALID. */
static const char *code_of(const json_t *item, const char *ptr, sc_errors *errs)
{
    const char *code = NULL;
    if (!json_is_object(item) ||
        sc_jv_string(item, ptr, "code", true, 1, 64, true, &code, errs) != SC_JV_OK)
        sc_errors_add(errs, ptr, "needs a code");
    return code;
}

static sc_rc measure(sc_db *db, const json_t *item, const char *ptr, sc_errors *errs)
{
    const char *code = code_of(item, ptr, errs), *name = NULL;
    int position, kind;
    sc_write w;
    if (!code || sc_demand_measure_from_json(item, code, &name, &position, &kind, errs) != SC_OK)
        return SC_EINVALID;
    return sc_store_demand_measure_put(db, code, name, position, kind, &w);
}

static sc_rc type(sc_db *db, const json_t *item, const char *ptr, sc_errors *errs)
{
    const char *code = code_of(item, ptr, errs), *name = NULL;
    int position, group;
    sc_write w;
    if (!code || sc_placement_type_from_json(item, code, &name, &position, &group, errs) != SC_OK)
        return SC_EINVALID;
    return sc_store_placement_type_put(db, code, name, position, group, &w);
}

sc_rc sc_demo_ladder_load(sc_db *db, const json_t *doc, sc_errors *errs)
{
    sc_rc rc = each(db, doc, "demand_measures", measure, errs);
    if (rc == SC_OK)
        rc = each(db, doc, "placement_types", type, errs);
    return rc;
}
