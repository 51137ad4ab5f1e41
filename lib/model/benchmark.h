/* benchmark.h - comparators for a result (docs/API.md §19): national,
 * regional and statistical-neighbour values, the regional rank, and how
 * the trust's figure compares with each by the indicator's polarity at its
 * precision ("81% regionally, Doncaster ranked 6th of 15"). */
#ifndef SC_BENCHMARK_H
#define SC_BENCHMARK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "errors.h"
#include "indicator.h"
#include "period.h"
#include "result.h"

typedef struct {
    bool has[3]; /* national, regional, statistical_neighbours */
    double value[3];
    bool has_rank;
    int64_t rank;
    bool has_count;
    int64_t count;
    char *source;     /* owned, NULL when none */
    sc_period period; /* the comparators' own period, SC_PERIOD_NONE when not given */
} sc_benchmark;

/* Validates the benchmarks PUT body (every member optional; a rank needs
 * 1 <= rank <= count when both are given). */
sc_rc sc_benchmark_from_json(const json_t *doc, sc_benchmark *out, sc_errors *errs);

/* The same with pointers under base, and one more member allowed
 * (extra_member, when not NULL: a return's "code"). */
sc_rc sc_benchmark_from_json_at(const json_t *doc, const char *base, const char *extra_member,
                                sc_benchmark *out, sc_errors *errs);

void sc_benchmark_clear(sc_benchmark *b);

/* "better" | "similar" | "worse" for value against comparator at the
 * indicator's precision and polarity; NULL when either cannot be scaled. */
const char *sc_benchmark_compare(const sc_indicator *ind, const sc_result *r, double comparator);

/* The "benchmarks" member shown on a result; new reference. r may be NULL
 * (no result yet: comparisons are null). */
json_t *sc_benchmark_to_json(const sc_benchmark *b, const sc_indicator *ind, const sc_result *r);

/* The same member for comparator rates per 10,000 children of a demand
 * value: each comparison is "above", "similar" or "below" for the rate at
 * one decimal (null when rate is NULL: no rate). New reference. */
json_t *sc_benchmark_rates_to_json(const sc_benchmark *b, const double *rate);

/* True when a and b hold the same comparators. */
bool sc_benchmark_equal(const sc_benchmark *a, const sc_benchmark *b);

#endif
