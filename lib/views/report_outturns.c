/* report_outturns.c - the outturn line of the committee report (see
 * report_outturns.h). */
#include "report_outturns.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "outturns.h"

sc_rc sc_report_outturn_mark(sc_report_doc *d, sc_db *db, const sc_quarter_row *r, sc_period q)
{
    json_t *items = NULL;
    sc_rc rc = sc_outturns_json(db, r->ind.code, SC_PERIOD_NONE, &items);
    if (rc != SC_OK)
        return rc;
    /* oldest first: the last one whose Q4 is before q */
    const json_t *last = NULL;
    size_t i;
    json_t *it;
    char qs[SC_PERIOD_ID_LEN];
    sc_period_format(q, qs);
    json_array_foreach(items, i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "quarter")), qs) < 0)
            last = it;
    }
    const json_t *value = json_object_get(last, "value");
    if (last && json_is_number(value)) {
        const char *unit = r->ind.unit == SC_UNIT_PERCENT ? "%" : "";
        const char *year = json_string_value(json_object_get(last, "year"));
        const char *label = json_string_value(json_object_get(last, "status_label"));
        const json_t *target = json_object_get(last, "target");
        char *tail = json_is_number(target)
                         ? sc_report_doc_fmt(" (target %g%s)", json_number_value(target), unit)
                         : strdup("");
        /* "better than target" inside the sentence */
        char *status =
            label ? sc_report_doc_fmt(", %c%s", tolower((unsigned char)label[0]), label + 1)
                  : strdup("");
        sc_report_doc_para(d, NULL,
                           sc_report_doc_fmt("%.4s/%s outturn: %g%s%s%s.", year, year + 5,
                                             json_number_value(value), unit, status ? status : "",
                                             tail ? tail : ""));
        free(status);
        free(tail);
    }
    json_decref(items);
    return SC_OK;
}
