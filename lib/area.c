/* area.c - service areas (see area.h). */
#include "area.h"

#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"

sc_rc sc_area_from_json(const json_t *doc, const char *code, const char **name, int *position,
                        sc_errors *errs)
{
    static const char *const members[] = {"code", "name", "position", NULL};
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    const char *sent = NULL;
    if (sc_jv_string(doc, "", "code", false, 1, 64, true, &sent, errs) == SC_JV_OK &&
        strcmp(sent, code) != 0)
        sc_errors_add(errs, "/code", "code differs from the code in the path");
    int64_t pos = -1;
    sc_jv_string(doc, "", "name", true, 1, 200, true, name, errs);
    sc_jv_int(doc, "", "position", false, 0, 10000, &pos, errs);
    *position = (int)pos;
    return errs->count > before ? SC_EINVALID : SC_OK;
}

json_t *sc_area_to_json(const sc_area *a)
{
    return json_pack("{s:s, s:s, s:i}", "code", a->code, "name", a->name, "position",
                     a->position);
}

int sc_area_find(const sc_area_list *list, const char *code)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].code, code) == 0)
            return (int)i;
    return -1;
}

void sc_area_list_free(sc_area_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].code);
        free(list->items[i].name);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}
