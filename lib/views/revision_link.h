/* revision_link.h - a figure's revision as an explanation or a list of
 * changes cites it: { id, at, url }, the url being the revisions page that
 * holds exactly that revision (docs/API.md §19). */
#ifndef SC_REVISION_LINK_H
#define SC_REVISION_LINK_H

#include <jansson.h>

#include "revision.h"

/* The latest revision of the figure (kind, q, code; code NULL for a
 * finance statement) at or before at_most (NULL: no bound besides an
 * as_of in force). Sets *out to a new reference: the object, or JSON null
 * when the figure has no revision. Returns SC_OK, SC_EDB or SC_ENOMEM. */
sc_rc sc_revision_link_json(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                            const char *at_most, json_t **out);

#endif
