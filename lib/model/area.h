/* area.h - service areas: the rows of the published status table. */
#ifndef SC_AREA_H
#define SC_AREA_H

#include <jansson.h>

#include "errors.h"

/* Strings owned; free with sc_area_list_clear(). */
typedef struct {
    char *code;
    char *name;
    int position; /* order of the published tables */
} sc_area;

typedef struct {
    sc_area *items;
    size_t count;
} sc_area_list;

/* Validates { name, position? } for PUT /service-areas/{code} (a "code"
 * member, if sent, must equal code). *name is borrowed from doc;
 * *position is -1 when not given. */
sc_rc sc_area_from_json(const json_t *doc, const char *code, const char **name, int *position,
                        sc_errors *errs);

json_t *sc_area_to_json(const sc_area *a);

/* Index of code in list, or -1. */
int sc_area_find(const sc_area_list *list, const char *code);

void sc_area_list_clear(sc_area_list *list);

#endif
