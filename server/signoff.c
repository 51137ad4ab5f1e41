/* signoff.c - rendering, recording and verifying signed-off packs (see
 * signoff.h). */
#include "signoff.h"

#include <stdlib.h>
#include <string.h>

#include "lock.h"
#include "report.h"
#include "respond.h"
#include "revision.h"
#include "utc.h"
#include "xlsx.h"

_Static_assert(SC_PACK_TEXT == (int)SC_REPORT_TEXT && SC_PACK_MARKDOWN == (int)SC_REPORT_MARKDOWN &&
                   SC_PACK_CSV == (int)SC_REPORT_CSV && SC_PACK_XLSX == (int)SC_REPORT_N,
               "a pack's text parts are the report's formats, in their order");

/* At most this many differing lines are listed by verify. */
#define VERIFY_MAX_LINES 20

void sc_signoff_files_clear(sc_signoff_files *f)
{
    if (!f)
        return;
    for (int i = 0; i < SC_PACK_N; i++)
        free(f->bytes[i]);
    memset(f, 0, sizeof *f);
}

static sc_rc render_xlsx(sc_db *db, sc_period q, const char *at, sc_signoff_files *out)
{
    sc_report_tables t;
    sc_report_layout lay = sc_report_layout_default(0);
    sc_rc rc = sc_report_tables_build(db, q, &lay, &t);
    if (rc != SC_OK)
        return rc;
    out->bytes[SC_PACK_XLSX] = sc_xlsx_report(&t, sc_utc_seconds(at), &out->len[SC_PACK_XLSX]);
    sc_report_tables_clear(&t);
    return out->bytes[SC_PACK_XLSX] ? SC_OK : SC_ENOMEM;
}

/* The report's JSON form, as GET .../report?format=json sends it. */
static sc_rc render_json(sc_db *db, sc_period q, sc_signoff_files *out)
{
    json_t *j = NULL;
    sc_rc rc = sc_report_json(db, q, 0, NULL, &j);
    if (rc != SC_OK)
        return rc;
    out->bytes[SC_PACK_JSON] = sc_respond_dump(j);
    json_decref(j);
    if (!out->bytes[SC_PACK_JSON])
        return SC_ENOMEM;
    out->len[SC_PACK_JSON] = strlen(out->bytes[SC_PACK_JSON]);
    return SC_OK;
}

sc_rc sc_signoff_render(sc_db *db, sc_period q, const char *at, sc_signoff_files *out)
{
    memset(out, 0, sizeof *out);
    /* a pack is the report at its defaults: decimals 0, five quarters */
    sc_report_layout lay = sc_report_layout_default(0);
    sc_rc rc = SC_OK;
    for (int f = 0; rc == SC_OK && f < SC_REPORT_N; f++)
        if ((rc = sc_report_build(db, q, (sc_report_format)f, &lay, &out->bytes[f])) == SC_OK)
            out->len[f] = strlen(out->bytes[f]);
    if (rc == SC_OK)
        rc = render_xlsx(db, q, at, out);
    if (rc == SC_OK)
        rc = render_json(db, q, out);
    if (rc == SC_OK && (rc = sc_pack_figures(db, q, at, &out->bytes[SC_PACK_FIGURES])) == SC_OK)
        out->len[SC_PACK_FIGURES] = strlen(out->bytes[SC_PACK_FIGURES]);
    if (rc != SC_OK)
        sc_signoff_files_clear(out);
    return rc;
}

static void digest_all(const sc_signoff_files *f, sc_pack *p)
{
    for (int i = 0; i < SC_PACK_N; i++)
        sc_pack_sha256(f->bytes[i], f->len[i], p->sha256[i]);
}

sc_rc sc_signoff_record(sc_db *db, sc_period q)
{
    sc_lock l;
    sc_rc rc = sc_lock_get(db, q, &l);
    if (rc == SC_OK && !l.locked)
        rc = SC_ECONFLICT;
    sc_signoff_files f = {0};
    sc_pack p = {0};
    if (rc == SC_OK)
        rc = sc_signoff_render(db, q, l.at, &f);
    if (rc == SC_OK)
        rc = sc_db_data_version(db, &p.data_version);
    if (rc == SC_OK) {
        digest_all(&f, &p);
        p.as_of = l.at; /* borrowed: l is cleared below, p is not */
        rc = sc_store_pack_put(db, q, &p);
    }
    sc_signoff_files_clear(&f);
    sc_lock_clear(&l);
    return rc;
}

/* ---- verify ---- */

/* The end of the line starting at s (its LF or end), within end. */
static const char *line_end(const char *s, const char *end)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    return nl ? nl : end;
}

/* How much of a line of n bytes to print: at most 200, without its CR
 * (the CSV's lines end CR LF). */
static int shown(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\r')
        n--;
    return (int)(n > 200 ? 200 : n);
}

/* How many lines of a and b differ, compared position by position (a line
 * only one of them has counts as differing). With out, lists the first
 * VERIFY_MAX_LINES of them. */
static size_t diff_lines(const char *a, size_t alen, const char *b, size_t blen, FILE *out)
{
    const char *pa = a, *ea = a + alen, *pb = b, *eb = b + blen;
    size_t n = 0;
    for (size_t line = 1; pa < ea || pb < eb; line++) {
        const char *la = pa < ea ? line_end(pa, ea) : ea;
        const char *lb = pb < eb ? line_end(pb, eb) : eb;
        size_t na = (size_t)(la - pa), nb = (size_t)(lb - pb);
        if (na != nb || memcmp(pa, pb, na) != 0) {
            if (out && n < VERIFY_MAX_LINES)
                fprintf(out, "  line %zu: saved \"%.*s\", signed off \"%.*s\"\n", line,
                        shown(pa, na), pa, shown(pb, nb), pb);
            n++;
        }
        pa = la < ea ? la + 1 : ea;
        pb = lb < eb ? lb + 1 : eb;
    }
    return n;
}

/* Says what differs between a saved file and the pack rebuilt as of the
 * lock: for a workbook, only that it differs; for text (the report as
 * text, Markdown, CSV or JSON), the format it is nearest to and its
 * differing lines (in the CSV, one line is one
 * cell: table, row, column and value). */
static void describe_difference(const sc_signoff_files *f, const char *bytes, size_t len, FILE *out)
{
    if (len >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
        fputs("it is a zip file (an XLSX workbook?) that differs from the signed-off workbook; "
              "download the signed-off one with ?format=xlsx&as_of=<the lock's as_of>\n",
              out);
        return;
    }
    int best = 0;
    size_t best_n = (size_t)-1;
    for (int i = 0; i < SC_PACK_FIGURES; i++) {
        if (i == SC_PACK_XLSX)
            continue;
        size_t n = diff_lines(bytes, len, f->bytes[i], f->len[i], NULL);
        if (n < best_n)
            best = i, best_n = n;
    }
    fprintf(out, "nearest signed-off file: the report as %s; %zu line(s) differ%s\n",
            sc_pack_part_keys[best], best_n, best_n > VERIFY_MAX_LINES ? " (the first 20):" : ":");
    diff_lines(bytes, len, f->bytes[best], f->len[best], out);
}

/* The pack rebuilt as of its lock, in a read transaction of its own. */
static sc_rc rebuild(sc_db *db, sc_period q, const sc_pack *p, sc_signoff_files *f)
{
    sc_rc rc = sc_db_begin_read(db);
    if (rc == SC_OK)
        rc = sc_revision_as_of(db, p->as_of, SC_AS_OF_ALL);
    if (rc == SC_OK)
        rc = sc_signoff_render(db, q, p->as_of, f);
    sc_db_rollback(db);
    return rc;
}

static int differs(sc_db *db, sc_period q, const sc_pack *p, const char *bytes, size_t len,
                   FILE *out, FILE *err)
{
    sc_signoff_files f;
    if (rebuild(db, q, p, &f) != SC_OK) {
        fprintf(err, "scrutiny: cannot rebuild the signed-off pack: %s\n", sc_db_errmsg(db));
        return SC_VERIFY_ERROR;
    }
    sc_pack again = {0};
    digest_all(&f, &again);
    for (int i = 0; i < SC_PACK_N; i++)
        if (strcmp(again.sha256[i], p->sha256[i]) != 0)
            fprintf(out,
                    "note: the %s rebuilt as of the lock no longer has the recorded digest "
                    "(a definition it shows has changed since)\n",
                    sc_pack_part_keys[i]);
    describe_difference(&f, bytes, len, out);
    sc_signoff_files_clear(&f);
    return SC_VERIFY_DIFFERS;
}

int sc_signoff_verify(sc_db *db, sc_period q, const char *name, const char *bytes, size_t len,
                      FILE *out, FILE *err)
{
    char id[SC_PERIOD_ID_LEN], sha[SC_PACK_HEX_LEN];
    sc_period_format(q, id);
    sc_pack p;
    sc_rc rc = sc_store_pack_get(db, q, &p);
    if (rc == SC_ENOTFOUND) {
        fprintf(err, "scrutiny: %s has never been signed off (locked): nothing to verify against\n",
                id);
        return SC_VERIFY_ERROR;
    }
    if (rc != SC_OK) {
        fprintf(err, "scrutiny: cannot read the pack of %s: %s\n", id, sc_db_errmsg(db));
        return SC_VERIFY_ERROR;
    }
    sc_pack_sha256(bytes, len, sha);
    int ret = SC_VERIFY_DIFFERS;
    for (int i = 0; i < SC_PACK_N && ret != SC_VERIFY_SAME; i++) {
        if (strcmp(sha, p.sha256[i]) == 0) {
            fprintf(out,
                    "%s is the signed-off %s of %s: locked at %s, data version %lld, "
                    "SHA-256 %s\n",
                    name, sc_pack_part_keys[i], id, p.as_of, (long long)p.data_version, sha);
            ret = SC_VERIFY_SAME;
        }
    }
    if (ret != SC_VERIFY_SAME) {
        fprintf(out,
                "%s is NOT the signed-off pack of %s (locked at %s): its SHA-256 %s is none "
                "of the pack's\n",
                name, id, p.as_of, sha);
        ret = differs(db, q, &p, bytes, len, out, err);
    }
    sc_pack_clear(&p);
    return ret;
}
