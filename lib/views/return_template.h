/* return_template.h - the quarterly return as a form to fill in: every
 * figure the trust is expected to send for a quarter, in the long-form CSV
 * layout the return PUT takes (model/csv_return.h), with the value empty
 * and last quarter's figure beside it. */
#ifndef SC_RETURN_TEMPLATE_H
#define SC_RETURN_TEMPLATE_H

#include <jansson.h>

#include "errors.h"
#include "period.h"
#include "store.h"

/* { quarter, previous_quarter, items: [{ section, code, name, field, value,
 * previous_value }] }: one item per value to send, for every indicator
 * active in q, every demand measure and the lines of the latest finance
 * statement at or before q. value is null for figures; for what names a
 * finance line (its name, its parent) and the statement's units it holds
 * the stored text, which the return needs sent again. New reference in
 * *out; SC_EDB or SC_ENOMEM on failure. Reads several tables: hold a read
 * transaction. */
sc_rc sc_return_template_json(sc_db *db, sc_period q, json_t **out);

#endif
