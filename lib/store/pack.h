/* pack.h - the signed-off pack of a quarter: what a lock records so that
 * anyone can later check a saved report against the sign-off (docs/API.md
 * §19, "Signed-off packs"). At each lock the server stores, in the lock's
 * transaction, the SHA-256 of the quarter's report in every format, of the
 * figures the report rests on (sc_pack_figures), and the data version. */
#ifndef SC_PACK_H
#define SC_PACK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "period.h"
#include "store.h"

/* What a pack holds a digest of, in this order; the API names are
 * sc_pack_part_keys. */
typedef enum {
    SC_PACK_TEXT = 0,
    SC_PACK_MARKDOWN,
    SC_PACK_CSV,
    SC_PACK_XLSX,
    SC_PACK_JSON,
    SC_PACK_FIGURES,
    SC_PACK_N
} sc_pack_part;

extern const char *const sc_pack_part_keys[SC_PACK_N];

#define SC_PACK_HEX_LEN 65 /* 64 hex digits and the NUL */

/* A pack; as_of is owned (sc_pack_clear). */
typedef struct {
    char *as_of;          /* the lock instant: citations read as_of it */
    int64_t data_version; /* the data version the pack was rendered at */
    char sha256[SC_PACK_N][SC_PACK_HEX_LEN];
} sc_pack;

void sc_pack_clear(sc_pack *p);

/* The lower-case hex SHA-256 of len bytes. */
void sc_pack_sha256(const void *bytes, size_t len, char out[SC_PACK_HEX_LEN]);

/* The canonical serialisation of the figures of quarter q as they stood at
 * utc (an instant from sc_utc_parse, or a lock's as_of): for each figure
 * of the quarter (kind, code) its newest revision at or before utc, unless
 * that revision deleted it, one line "kind TAB code TAB new LF" with new the
 * stored JSON snapshot, ordered by kind and code (bytewise; the code of a
 * finance statement is empty). Locks and unlocks are not figures here.
 * SC_OK and a malloc'd string in *out (caller frees; "" when none), or
 * SC_EDB / SC_ENOMEM. */
sc_rc sc_pack_figures(sc_db *db, sc_period q, const char *utc, char **out);

/* Stores p as the pack of q's lock at p->as_of (inside the caller's write
 * transaction). SC_OK or SC_EDB. */
sc_rc sc_store_pack_put(sc_db *db, sc_period q, const sc_pack *p);

/* The pack of q's latest lock into *out: SC_OK, SC_ENOTFOUND when q was
 * never locked with a pack, SC_EDB. */
sc_rc sc_store_pack_get(sc_db *db, sc_period q, sc_pack *out);

/* The pack as the API shows it: { as_of, data_version, sha256: { text,
 * markdown, csv, xlsx, json, figures } }; new reference, NULL on no memory. */
json_t *sc_pack_to_json(const sc_pack *p);

#endif
