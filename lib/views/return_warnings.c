/* return_warnings.c - the warnings of a quarterly return (see
 * return_warnings.h). Methods, also in docs/API.md §17:
 *
 * - value_off_ratio: a percentage given with its numerator and denominator
 *   whose value is not the ratio rounded half away from zero at the
 *   indicator's decimals (validation already refuses more than one in the
 *   last place, so this is the one-off the papers print, like -14% for
 *   -13.4%).
 * - value_outlier and demand_jump: the modified z-score (robust.h) of the
 *   value, or of a demand count's % change on the previous quarter,
 *   against the last SC_WARN_HISTORY_QUARTERS quarters of the same figure
 *   (changes: between consecutive stored quarters), warned above
 *   SC_ROBUST_THRESHOLD. A median and MAD are not moved by one bad
 *   quarter, so a single earlier outlier hides nothing; eight quarters are
 *   two years, enough to hold a seasonal swing (referrals dip each summer)
 *   without reaching back past a change of suite.
 * - restates_signed_off: a result value or demand count that differs from
 *   the stored one in a quarter that has been locked (signed off) before.
 */
#include "return_warnings.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"
#include "num.h"
#include "result.h"
#include "revision.h"
#include "robust.h"
#include "store_demand.h"
#include "store_kpi.h"

const char *const sc_warning_keys[SC_WARN_N] = {
    [SC_WARN_VALUE_OFF_RATIO] = "value_off_ratio",
    [SC_WARN_VALUE_OUTLIER] = "value_outlier",
    [SC_WARN_DEMAND_JUMP] = "demand_jump",
    [SC_WARN_RESTATES_SIGNED_OFF] = "restates_signed_off",
};

static const char method[] =
    "modified z-score 0.6745 (x - median) / MAD over the last 8 quarters, warned above 3.5";

__attribute__((format(printf, 4, 5))) static sc_rc add(sc_warnings *w, sc_warning_code code,
                                                       const char *pointer, const char *fmt, ...)
{
    if (w->count == w->cap) {
        size_t n = w->cap ? w->cap * 2 : 8;
        sc_warning *p = realloc(w->items, n * sizeof *p);
        if (!p)
            return SC_ENOMEM;
        w->items = p;
        w->cap = n;
    }
    va_list ap;
    va_start(ap, fmt);
    char *detail = NULL;
    int len = vasprintf(&detail, fmt, ap);
    va_end(ap);
    char *ptr = strdup(pointer);
    if (len < 0 || !ptr) {
        free(ptr);
        if (len >= 0)
            free(detail);
        return SC_ENOMEM;
    }
    w->items[w->count++] = (sc_warning){code, ptr, detail};
    return SC_OK;
}

/* *at: when q was first signed off (caller frees), NULL when never. */
static sc_rc signed_off(sc_db *db, sc_period q, char **at)
{
    *at = NULL;
    sc_revision_filter f = {SC_REV_LOCK, NULL, 0, 500};
    json_t *items = NULL;
    int64_t next = 0;
    sc_rc rc = sc_revisions_list(db, q, &f, &items, &next);
    if (rc != SC_OK)
        return rc;
    json_t *oldest = json_array_get(items, json_array_size(items) - 1);
    const char *s = json_string_value(json_object_get(oldest, "at"));
    if (s && !(*at = strdup(s)))
        rc = SC_ENOMEM;
    json_decref(items);
    return rc;
}

/* ---- results ---- */

static sc_rc off_ratio(sc_warnings *w, const sc_indicator *ind, const sc_result *r, const char *ptr)
{
    int64_t given, derived;
    if (ind->unit != SC_UNIT_PERCENT || !r->value_given || !r->has_ratio ||
        !sc_num_scale(r->value, ind->decimals, &given) ||
        !sc_num_div_scaled(100 * r->numerator, r->denominator, ind->decimals, &derived) ||
        given == derived)
        return SC_OK;
    char p[256];
    snprintf(p, sizeof p, "%s/value", ptr);
    double exact = 100.0 * (double)r->numerator / (double)r->denominator;
    return add(w, SC_WARN_VALUE_OFF_RATIO, p,
               "value %.*f is not numerator/denominator %lld/%lld = %.*f rounded to %d "
               "decimal%s (%.*f)",
               ind->decimals, r->value, (long long)r->numerator, (long long)r->denominator,
               ind->decimals + 2, exact, ind->decimals, ind->decimals == 1 ? "" : "s",
               ind->decimals, sc_num_unscale(derived, ind->decimals));
}

/* The stored row of (q, code) and its reported values over the history
 * window before q. */
typedef struct {
    bool has_stored;
    double stored;
    double hist[SC_WARN_HISTORY_QUARTERS];
    size_t n;
} result_past;

static sc_rc read_result_past(sc_db *db, sc_period q, const char *code, result_past *out)
{
    memset(out, 0, sizeof *out);
    sc_quarter s;
    sc_rc rc = sc_store_series(db, code, q - SC_WARN_HISTORY_QUARTERS, q, true, &s);
    if (rc != SC_OK)
        return rc;
    for (size_t i = 0; i < s.count; i++) {
        const sc_quarter_row *row = &s.rows[i];
        if (!row->has_result || !row->res.has_value || row->res.availability != SC_AVAIL_REPORTED)
            continue;
        if (row->quarter == q) {
            out->has_stored = true;
            out->stored = row->res.value;
        } else if (out->n < SC_WARN_HISTORY_QUARTERS) {
            out->hist[out->n++] = row->res.value;
        }
    }
    sc_quarter_clear(&s);
    return SC_OK;
}

/* What every entry's check needs, read once per return: the definitions
 * (one query, not one per entry: a document of 30,000 unknown codes must
 * not cost 30,000 round trips to a PostgreSQL server), and which codes have
 * been looked at already, so a repeated code (which validation refuses)
 * is not read again either. */
typedef struct {
    const char *signed_at; /* the quarter's sign-off, NULL when not locked */
    sc_indicator *inds;
    size_t n_inds;
    bool *ind_seen;
    sc_demand_measures measures;
    bool *measure_seen;
} warn_ctx;

static sc_rc check_result(sc_db *db, sc_period q, const json_t *item, const char *ptr,
                          warn_ctx *ctx, sc_warnings *w)
{
    const char *code = json_string_value(json_object_get(item, "code"));
    long at = code ? sc_indicator_find(ctx->inds, ctx->n_inds, code) : -1;
    if (at < 0 || ctx->ind_seen[at])
        return SC_OK; /* validation refuses it */
    ctx->ind_seen[at] = true;
    const sc_indicator ind = ctx->inds[at];
    const char *signed_at = ctx->signed_at;
    sc_errors scratch = SC_ERRORS_INIT;
    sc_result r;
    sc_rc rc = SC_OK;
    if (sc_indicator_active(&ind, q) &&
        sc_result_from_json(item, &ind, ptr, "code", &r, &scratch) == SC_OK) {
        result_past past;
        rc = off_ratio(w, &ind, &r, ptr);
        if (rc == SC_OK && r.has_value && r.availability == SC_AVAIL_REPORTED)
            rc = read_result_past(db, q, code, &past);
        else
            past = (result_past){0};
        char p[256];
        snprintf(p, sizeof p, "%s/%s", ptr, r.value_given ? "value" : "numerator");
        sc_robust z;
        if (rc == SC_OK && r.has_value && sc_robust_score(past.hist, past.n, r.value, &z) &&
            fabs(z.score) > SC_ROBUST_THRESHOLD)
            rc = add(w, SC_WARN_VALUE_OUTLIER, p,
                     "%s %.*f is %.1f robust z-scores %s the median %.*f of its last %zu reported "
                     "quarters (MAD %.*f; %s)",
                     code, ind.decimals, r.value, fabs(z.score), z.score < 0 ? "below" : "above",
                     ind.decimals + 1, z.median, past.n, ind.decimals + 1, z.mad, method);
        if (rc == SC_OK && signed_at && past.has_stored &&
            sc_num_round(past.stored, ind.decimals) != sc_num_round(r.value, ind.decimals)) {
            char qs[SC_PERIOD_ID_LEN];
            rc = add(w, SC_WARN_RESTATES_SIGNED_OFF, p,
                     "restates %s for %s, signed off at %s: %.*f stored, %.*f now", code,
                     sc_period_format(q, qs), signed_at, ind.decimals, past.stored, ind.decimals,
                     r.value);
        }
        sc_result_clear(&r);
    }
    sc_errors_clear(&scratch);
    return rc;
}

/* ---- demand ---- */

typedef struct {
    const char *code;
    bool has[SC_WARN_HISTORY_QUARTERS + 2]; /* quarters q - 9 .. q */
    int64_t value[SC_WARN_HISTORY_QUARTERS + 2];
} demand_past;

#define DEMAND_SPAN (SC_WARN_HISTORY_QUARTERS + 2)

typedef struct {
    demand_past *d;
    sc_period from;
} demand_fill;

static void fill_one(void *cls, const char *code, sc_period p, int64_t value)
{
    demand_fill *f = cls;
    if (strcmp(code, f->d->code) != 0 || p < f->from || p >= f->from + DEMAND_SPAN)
        return;
    f->d->has[p - f->from] = true;
    f->d->value[p - f->from] = value;
}

static double pct_change(int64_t now, int64_t before)
{
    return 100.0 * (double)(now - before) / (double)before;
}

static sc_rc check_demand(sc_db *db, sc_period q, const json_t *item, const char *ptr,
                          warn_ctx *ctx, sc_warnings *w)
{
    const char *code = json_string_value(json_object_get(item, "code"));
    const json_t *v = json_object_get(item, "value");
    if (!code || !json_is_integer(v) || json_integer_value(v) < 0)
        return SC_OK; /* validation refuses it */
    long at = sc_demand_measures_find(&ctx->measures, code);
    if (at < 0 || ctx->measure_seen[at])
        return SC_OK; /* validation refuses it */
    ctx->measure_seen[at] = true;
    const char *signed_at = ctx->signed_at;
    int64_t value = json_integer_value(v);
    demand_past d = {code, {false}, {0}};
    demand_fill f = {&d, q - (DEMAND_SPAN - 1)};
    sc_rc rc = sc_store_demand_values(db, f.from, q, fill_one, &f);
    if (rc != SC_OK)
        return rc;
    char p[256];
    snprintf(p, sizeof p, "%s/value", ptr);
    const int now = DEMAND_SPAN - 1, prev = DEMAND_SPAN - 2;
    double changes[SC_WARN_HISTORY_QUARTERS];
    size_t n = 0;
    for (int k = 1; k <= prev; k++)
        if (d.has[k] && d.has[k - 1] && d.value[k - 1] > 0)
            changes[n++] = pct_change(d.value[k], d.value[k - 1]);
    sc_robust z;
    if (d.has[prev] && d.value[prev] > 0) {
        double c = pct_change(value, d.value[prev]);
        if (sc_robust_score(changes, n, c, &z) && fabs(z.score) > SC_ROBUST_THRESHOLD)
            rc = add(w, SC_WARN_DEMAND_JUMP, p,
                     "%s moves %+.1f%% on the previous quarter (%lld to %lld), %.1f robust "
                     "z-scores from its usual quarter-on-quarter change (median %+.1f%%, MAD "
                     "%.1f points over %zu changes; %s)",
                     code, c, (long long)d.value[prev], (long long)value, fabs(z.score), z.median,
                     z.mad, n, method);
    }
    if (rc == SC_OK && signed_at && d.has[now] && d.value[now] != value) {
        char qs[SC_PERIOD_ID_LEN];
        rc = add(w, SC_WARN_RESTATES_SIGNED_OFF, p,
                 "restates %s for %s, signed off at %s: %lld stored, %lld now", code,
                 sc_period_format(q, qs), signed_at, (long long)d.value[now], (long long)value);
    }
    return rc;
}

typedef sc_rc (*entry_check)(sc_db *db, sc_period q, const json_t *item, const char *ptr,
                             warn_ctx *ctx, sc_warnings *w);

static sc_rc check_all(sc_db *db, sc_period q, const json_t *arr, const char *name, entry_check fn,
                       warn_ctx *ctx, sc_warnings *w)
{
    size_t i;
    const json_t *item;
    sc_rc rc = SC_OK;
    if (!json_is_array(arr))
        return SC_OK;
    json_array_foreach(arr, i, item)
    {
        char ptr[64];
        sc_pointer_index(ptr, sizeof ptr, name, i);
        if (json_is_object(item) && (rc = fn(db, q, item, ptr, ctx, w)) != SC_OK)
            break;
    }
    return rc;
}

sc_rc sc_return_warnings(sc_db *db, sc_period q, const json_t *doc, sc_warnings *out)
{
    memset(out, 0, sizeof *out);
    char *signed_at = NULL;
    warn_ctx ctx = {0};
    sc_rc rc = signed_off(db, q, &signed_at);
    ctx.signed_at = signed_at;
    if (rc == SC_OK)
        rc = sc_store_indicators(db, -1, NULL, &ctx.inds, &ctx.n_inds);
    if (rc == SC_OK)
        rc = sc_store_demand_measures(db, &ctx.measures);
    if (rc == SC_OK) {
        ctx.ind_seen = calloc(ctx.n_inds + 1, sizeof *ctx.ind_seen);
        ctx.measure_seen = calloc(ctx.measures.count + 1, sizeof *ctx.measure_seen);
        if (!ctx.ind_seen || !ctx.measure_seen)
            rc = SC_ENOMEM;
    }
    if (rc == SC_OK)
        rc = check_all(db, q, json_object_get(doc, "indicators"), "/indicators", check_result, &ctx,
                       out);
    if (rc == SC_OK)
        rc = check_all(db, q, json_object_get(doc, "demand"), "/demand", check_demand, &ctx, out);
    sc_indicators_free(ctx.inds, ctx.n_inds);
    free(ctx.ind_seen);
    free(ctx.measure_seen);
    sc_demand_measures_clear(&ctx.measures);
    free(signed_at);
    if (rc != SC_OK)
        sc_warnings_clear(out);
    return rc;
}

json_t *sc_warnings_to_json(const sc_warnings *w)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < w->count; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "pointer", w->items[i].pointer,
                                             "code", sc_warning_keys[w->items[i].code], "detail",
                                             w->items[i].detail));
    return arr;
}

void sc_warnings_clear(sc_warnings *w)
{
    for (size_t i = 0; w && i < w->count; i++) {
        free(w->items[i].pointer);
        free(w->items[i].detail);
    }
    if (w) {
        free(w->items);
        memset(w, 0, sizeof *w);
    }
}
