/* revision_link.c - citing a figure's revision (see revision_link.h). */
#include "revision_link.h"

#include <stdio.h>

sc_rc sc_revision_link_json(sc_db *db, sc_rev_kind kind, sc_period q, const char *code,
                            const char *at_most, json_t **out)
{
    sc_revision_ref ref;
    *out = NULL;
    sc_rc rc = sc_revision_latest(db, kind, q, code, at_most, &ref);
    if (rc == SC_ENOTFOUND) {
        *out = json_null();
        return SC_OK;
    }
    if (rc != SC_OK)
        return rc;
    char qs[SC_PERIOD_ID_LEN], url[256];
    sc_period_format(q, qs);
    /* before is exclusive: id + 1 with limit 1 is a page of this one */
    snprintf(url, sizeof url, "/api/v1/quarters/%s/revisions?kind=%s%s%s&before=%lld&limit=1", qs,
             sc_revision_kind_key(kind), code ? "&code=" : "", code ? code : "",
             (long long)ref.id + 1);
    *out = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)ref.id, "at", ref.at, "url", url);
    return *out ? SC_OK : SC_ENOMEM;
}
