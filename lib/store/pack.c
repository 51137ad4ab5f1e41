/* pack.c - signed-off packs: digests recorded at lock time (see pack.h). */
#include "pack.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "sbuf.h"

const char *const sc_pack_part_keys[SC_PACK_N] = {"text", "markdown", "csv",
                                                  "xlsx", "json",     "figures"};

void sc_pack_clear(sc_pack *p)
{
    if (!p)
        return;
    free(p->as_of);
    memset(p, 0, sizeof *p);
}

void sc_pack_sha256(const void *bytes, size_t len, char out[SC_PACK_HEX_LEN])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, bytes, len);
    sodium_bin2hex(out, SC_PACK_HEX_LEN, h, sizeof h);
}

/* The newest revision of each figure at or before ?2: a figure is one
 * (kind, code) of the quarter, its id the largest of those up to then. */
static const char sql_pack_figures[] =
    "SELECT r.kind, COALESCE(r.code, ''), r.new FROM main.revisions r"
    " WHERE r.quarter = ?1 AND r.kind NOT IN ('lock', 'unlock') AND r.new IS NOT NULL"
    " AND r.id = (SELECT MAX(s.id) FROM main.revisions s WHERE s.quarter = r.quarter"
    "   AND s.kind = r.kind AND COALESCE(s.code, '') = COALESCE(r.code, '') AND s.at <= ?2)"
    " ORDER BY r.kind, COALESCE(r.code, '')";

sc_rc sc_pack_figures(sc_db *db, sc_period q, const char *utc, char **out)
{
    *out = NULL;
    sc_stmt *st = sc_db_stmt(db, sql_pack_figures);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, utc);
    sc_sbuf b = {0};
    sc_sbuf_puts(&b, ""); /* no figures is the empty text, not NULL */
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_STEP_ROW)
        sc_sbuf_printf(&b, "%s\t%s\t%s\n", sc_stmt_text(st, 0), sc_stmt_text(st, 1),
                       sc_stmt_text(st, 2));
    sc_stmt_reset(st);
    if (rc != SC_STEP_DONE || b.oom) {
        free(b.buf);
        return rc != SC_STEP_DONE ? SC_EDB : SC_ENOMEM;
    }
    *out = b.buf;
    return SC_OK;
}

static const char sql_pack_put[] =
    "INSERT INTO quarter_packs (quarter, as_of, data_version, text_sha256, markdown_sha256,"
    " csv_sha256, xlsx_sha256, json_sha256, figures_sha256)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

sc_rc sc_store_pack_put(sc_db *db, sc_period q, const sc_pack *p)
{
    sc_stmt *st = sc_db_stmt(db, sql_pack_put);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    sc_stmt_bind_text(st, 2, p->as_of);
    sc_stmt_bind_int64(st, 3, p->data_version);
    for (int i = 0; i < SC_PACK_N; i++)
        sc_stmt_bind_text(st, 4 + i, p->sha256[i]);
    return sc_stmt_run(st);
}

static const char sql_pack_get[] =
    "SELECT as_of, data_version, text_sha256, markdown_sha256, csv_sha256, xlsx_sha256,"
    " json_sha256, figures_sha256 FROM quarter_packs WHERE quarter = ?1 ORDER BY as_of DESC LIMIT "
    "1";

sc_rc sc_store_pack_get(sc_db *db, sc_period q, sc_pack *out)
{
    memset(out, 0, sizeof *out);
    sc_stmt *st = sc_db_stmt(db, sql_pack_get);
    if (!st)
        return SC_EDB;
    sc_stmt_bind_int(st, 1, q);
    int rc = sc_stmt_step(st);
    if (rc == SC_STEP_ROW) {
        out->as_of = sc_stmt_strdup(st, 0);
        out->data_version = sc_stmt_int64(st, 1);
        for (int i = 0; i < SC_PACK_N; i++) {
            const char *h = sc_stmt_text(st, 2 + i);
            snprintf(out->sha256[i], SC_PACK_HEX_LEN, "%s", h ? h : "");
        }
    }
    sc_stmt_reset(st);
    if (rc == SC_STEP_DONE)
        return SC_ENOTFOUND;
    if (rc != SC_STEP_ROW)
        return SC_EDB;
    return out->as_of ? SC_OK : SC_ENOMEM;
}

json_t *sc_pack_to_json(const sc_pack *p)
{
    json_t *sha = json_object();
    for (int i = 0; sha && i < SC_PACK_N; i++)
        json_object_set_new(sha, sc_pack_part_keys[i], json_string(p->sha256[i]));
    return json_pack("{s:s, s:I, s:o*}", "as_of", p->as_of, "data_version",
                     (json_int_t)p->data_version, "sha256", sha);
}
