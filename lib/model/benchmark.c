/* benchmark.c - result benchmarks (see benchmark.h). */
#include "benchmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "num.h"

static const char *const comparators[3] = {"national", "regional", "statistical_neighbours"};

sc_rc sc_benchmark_from_json(const json_t *doc, sc_benchmark *out, sc_errors *errs)
{
    return sc_benchmark_from_json_at(doc, "", NULL, out, errs);
}

sc_rc sc_benchmark_from_json_at(const json_t *doc, const char *base, const char *extra_member,
                                sc_benchmark *out, sc_errors *errs)
{
    const char *const members[] = {"national",      "regional",       "statistical_neighbours",
                                   "regional_rank", "regional_count", "source",
                                   "period",        extra_member,     NULL};
    memset(out, 0, sizeof *out);
    out->period = SC_PERIOD_NONE;
    size_t before = errs->count;
    if (!sc_jv_object(doc, base, members, errs))
        return SC_EINVALID;
    for (int i = 0; i < 3; i++)
        out->has[i] =
            sc_jv_number(doc, base, comparators[i], false, &out->value[i], errs) == SC_JV_OK;
    out->has_rank =
        sc_jv_int(doc, base, "regional_rank", false, 1, 1000, &out->rank, errs) == SC_JV_OK;
    out->has_count =
        sc_jv_int(doc, base, "regional_count", false, 1, 1000, &out->count, errs) == SC_JV_OK;
    char rank_ptr[256];
    snprintf(rank_ptr, sizeof rank_ptr, "%s/regional_rank", base);
    if (out->has_rank && out->has_count && out->rank > out->count)
        sc_errors_add(errs, rank_ptr, "regional_rank %lld is beyond regional_count %lld",
                      (long long)out->rank, (long long)out->count);
    const char *source = NULL;
    sc_jv_string(doc, base, "source", false, 1, 500, true, &source, errs);
    sc_jv_period(doc, base, "period", false, &out->period, errs);
    if (errs->count > before)
        return SC_EINVALID;
    if (source && !(out->source = strdup(source)))
        return SC_ENOMEM;
    return SC_OK;
}

void sc_benchmark_clear(sc_benchmark *b)
{
    if (!b)
        return;
    free(b->source);
    memset(b, 0, sizeof *b);
}

const char *sc_benchmark_compare(const sc_indicator *ind, const sc_result *r, double comparator)
{
    int64_t v, c;
    if (!r || r->availability != SC_AVAIL_REPORTED || !sc_result_scaled(r, ind->decimals, &v) ||
        !sc_num_scale(comparator, ind->decimals, &c))
        return NULL;
    if (v == c)
        return "similar";
    bool above = v > c;
    return above == (ind->polarity == SC_HIGHER_IS_BETTER) ? "better" : "worse";
}

/* How the trust's figure compares with one comparator, or NULL. */
typedef const char *(*compare_fn)(const void *cls, double comparator);

static json_t *benchmark_json(const sc_benchmark *b, compare_fn compare, const void *cls)
{
    json_t *o = json_object();
    for (int i = 0; o && i < 3; i++) {
        if (!b->has[i]) {
            json_object_set_new(o, comparators[i], json_null());
            continue;
        }
        const char *cmp = compare(cls, b->value[i]);
        json_t *c = json_pack("{s:o, s:o}", "value", sc_jv_new_number(b->value[i]), "comparison",
                              cmp ? json_string(cmp) : json_null());
        if (c && i == 1) {
            json_object_set_new(c, "rank", b->has_rank ? json_integer(b->rank) : json_null());
            json_object_set_new(c, "count", b->has_count ? json_integer(b->count) : json_null());
        }
        json_object_set_new(o, comparators[i], c);
    }
    if (o) {
        json_object_set_new(o, "source", b->source ? json_string(b->source) : json_null());
        json_object_set_new(o, "period", sc_jv_new_period(b->period));
    }
    return o;
}

typedef struct {
    const sc_indicator *ind;
    const sc_result *r;
} result_cmp;

static const char *compare_result(const void *cls, double comparator)
{
    const result_cmp *rc = cls;
    return sc_benchmark_compare(rc->ind, rc->r, comparator);
}

json_t *sc_benchmark_to_json(const sc_benchmark *b, const sc_indicator *ind, const sc_result *r)
{
    result_cmp cls = {ind, r};
    return benchmark_json(b, compare_result, &cls);
}

/* A rate has no polarity: it is above, similar to or below the
 * comparator at the rate's precision. */
static const char *compare_rate(const void *cls, double comparator)
{
    const double *rate = cls;
    int64_t v, c;
    if (!rate || !sc_num_scale(*rate, 1, &v) || !sc_num_scale(comparator, 1, &c))
        return NULL;
    return v == c ? "similar" : v > c ? "above" : "below";
}

json_t *sc_benchmark_rates_to_json(const sc_benchmark *b, const double *rate)
{
    return benchmark_json(b, compare_rate, rate);
}

bool sc_benchmark_equal(const sc_benchmark *a, const sc_benchmark *b)
{
    for (int i = 0; i < 3; i++)
        if (a->has[i] != b->has[i] || (a->has[i] && a->value[i] != b->value[i]))
            return false;
    return a->has_rank == b->has_rank && (!a->has_rank || a->rank == b->rank) &&
           a->has_count == b->has_count && (!a->has_count || a->count == b->count) &&
           a->period == b->period &&
           ((!a->source && !b->source) ||
            (a->source && b->source && !strcmp(a->source, b->source)));
}
