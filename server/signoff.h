/* signoff.h - the server's half of signed-off packs (lib/store/pack.h):
 * renders a quarter's report in every format, records the pack's digests
 * in the lock's transaction, and compares a saved file with the pack for
 * `scrutiny verify` (docs/API.md §19, "Signed-off packs"). Here and not
 * in the store because the XLSX workbook is made by the server. */
#ifndef SC_SIGNOFF_H
#define SC_SIGNOFF_H

#include <stdio.h>

#include "errors.h"
#include "pack.h"
#include "period.h"
#include "store.h"

/* A pack's files: the report as text, Markdown, CSV (percentages at
 * decimals 0, the report's default), XLSX and JSON, and the figures'
 * canonical text; each malloc'd, owned (sc_signoff_files_clear). */
typedef struct {
    char *bytes[SC_PACK_N];
    size_t len[SC_PACK_N];
} sc_signoff_files;

void sc_signoff_files_clear(sc_signoff_files *f);

/* Renders q's pack files from db as it reads now (shadow it with
 * sc_revision_as_of first for the past), the workbook and the figures
 * dated at (the store's UTC form). SC_OK, or SC_EDB / SC_ENOMEM with *out
 * empty. */
sc_rc sc_signoff_render(sc_db *db, sc_period q, const char *at, sc_signoff_files *out);

/* Records the pack of q's lock: call inside the lock's write transaction,
 * after sc_lock_set has locked q. SC_OK, SC_EDB, SC_ENOMEM. */
sc_rc sc_signoff_record(sc_db *db, sc_period q);

/* Exit statuses of sc_signoff_verify (and of `scrutiny verify`). */
enum { SC_VERIFY_SAME = 0, SC_VERIFY_DIFFERS = 1, SC_VERIFY_ERROR = 2 };

/* Says on out whether the len bytes of a saved file (name for messages)
 * are one of q's signed-off files and, when not, what differs from the
 * signed-off report rebuilt as of the lock. Returns an SC_VERIFY_*;
 * problems reading the store are said on err. */
int sc_signoff_verify(sc_db *db, sc_period q, const char *name, const char *bytes, size_t len,
                      FILE *out, FILE *err);

#endif
