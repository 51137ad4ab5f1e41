/* area.c - service areas (see area.h). */
#include "area.h"

#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "jv.h"

sc_rc sc_area_from_json(const json_t *doc, const char *code, const char **name, int *position,
                        sc_errors *errs)
{
    return sc_jv_named(doc, code, name, position, errs);
}

json_t *sc_area_to_json(const sc_area *a)
{
    return json_pack("{s:s, s:s, s:i}", "code", a->code, "name", a->name, "position", a->position);
}

int sc_area_find(const sc_area_list *list, const char *code)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].code, code) == 0)
            return (int)i;
    return -1;
}

void sc_area_list_clear(sc_area_list *list)
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
