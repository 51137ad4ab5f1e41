/* h_orgs.c - the deployment's organisations (docs/API.md,
 * "Organisations"): GET and POST /api/v1/orgs, on the root database. */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "jv.h"
#include "org.h"

static void reply_orgs(sc_req *req, const char *only, int status, const char *location)
{
    json_t *items = NULL;
    sc_rc rc = sc_org_list(req->db, only, &items);
    if (rc != SC_OK) {
        sc_reply_rc(req, rc, NULL, NULL);
        return;
    }
    if (location) {
        json_t *one = json_incref(json_array_get(items, 0));
        json_decref(items);
        sc_reply_written(req, true, one, location);
        return;
    }
    sc_reply_json(req, status,
                  json_pack("{s:o, s:i}", "items", items, "count", (int)json_array_size(items)));
}

/* As public as the reads: without --private-read every organisation's
 * figures can be read by anyone, so their list can be too. With it, a
 * deployment key sees every organisation and an organisation's key its own
 * only (the others are none of its business). */
void sc_h_orgs_list(sc_req *req)
{
    if (!sc_req_begin_read(req, 0))
        return;
    bool own = req->private_read && !req->key_deployment && req->key_org;
    reply_orgs(req, own ? req->key_org : NULL, 200, NULL);
}

void sc_h_orgs_post(sc_req *req)
{
    if (!req->key_deployment) {
        sc_reply_problem(req, 403, "forbidden", "Forbidden",
                         "the key \"%s\" belongs to the organisation %s; only a deployment key "
                         "(scrutiny keys create --deployment) creates organisations",
                         req->key_name, req->key_org);
        return;
    }
    static const char *const allowed[] = {"code", "name", NULL};
    sc_errors errs = SC_ERRORS_INIT;
    const char *code = NULL, *name = NULL;
    sc_rc rc = SC_EINVALID;
    if (sc_jv_object(req->body, "", allowed, &errs)) {
        sc_jv_string(req->body, "", "code", true, 1, 64, true, &code, &errs);
        sc_jv_string(req->body, "", "name", true, 1, SC_ORG_NAME_MAX, true, &name, &errs);
        /* the code's rule is checked here too, so that one answer lists
         * every problem (sc_org_create checks it again) */
        if (code && !sc_jv_code_valid(code))
            sc_errors_add(&errs, "/code", "organisation codes are " SC_CODE_RULE);
    }
    if (errs.count == 0 && (rc = sc_db_begin_write(req->db)) == SC_OK &&
        (rc = sc_org_create(req->db, code, name, &errs)) == SC_OK)
        rc = sc_db_commit(req->db);
    if (rc == SC_OK) {
        char loc[96];
        snprintf(loc, sizeof loc, "/api/v1/orgs/%s", code);
        reply_orgs(req, code, 201, loc);
    } else {
        sc_reply_rc(req, rc, &errs, NULL);
    }
    sc_errors_clear(&errs);
}
