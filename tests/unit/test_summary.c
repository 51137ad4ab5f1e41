/* test_summary.c - lib/quarter: the published status table (docs/API.md §14).
 * Quarters are built by hand, row by row, from the seed committee papers:
 * the 30 strategic partnership indicators of 2020/21 Q1 (19/19/62 of
 * reported, 13/13/43/7/7/17 overall at decimals 0) and the 28 of 2019/20
 * Q3 (14.3/21.4/39.3/7.1/17.9 at decimals 1). Checks sc_summary_compute
 * (rows, counts, totals, reported) and sc_summary_to_json (shape, every
 * status key, percentages, nulls, decimals 0-2), plus the JSON form of one
 * quarter row. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "quarter.h"
#include "unit.h"

/* The nine built-in service areas in published order. */
static const char *const area_codes[] = {"parent-family-support",
                                         "child-family-assessment",
                                         "child-protection",
                                         "looked-after-children",
                                         "placements",
                                         "care-leavers",
                                         "youth-offending",
                                         "workforce",
                                         "governance"};
static const char *const area_names[] = {"Parent & Family Support",
                                         "Child & Family Assessment",
                                         "Child Protection",
                                         "Looked After Children",
                                         "Placements (Adoption, Fostering and SGO)",
                                         "Care Leavers",
                                         "Youth Offending",
                                         "Workforce",
                                         "Governance"};
#define NAREAS 9

static sc_area_list areas;

static void areas_setup(void)
{
    areas.items = calloc(NAREAS, sizeof *areas.items);
    ck_assert_ptr_nonnull(areas.items);
    areas.count = NAREAS;
    for (size_t i = 0; i < NAREAS; i++) {
        areas.items[i].code = strdup(area_codes[i]);
        areas.items[i].name = strdup(area_names[i]);
        areas.items[i].position = (int)i + 1;
    }
}

static void areas_teardown(void)
{
    sc_area_list_clear(&areas);
    ck_assert_ptr_null(areas.items);
    ck_assert_uint_eq(areas.count, 0);
}

/* Appends n judged rows of one category, area and status to q. */
static void add_rows(sc_quarter *q, sc_category cat, const char *area, sc_status status, int n)
{
    for (int i = 0; i < n; i++) {
        sc_quarter_row *rows = realloc(q->rows, (q->count + 1) * sizeof *rows);
        ck_assert_ptr_nonnull(rows);
        q->rows = rows;
        sc_quarter_row *r = &q->rows[q->count];
        memset(r, 0, sizeof *r);
        char code[64];
        snprintf(code, sizeof code, "%s-%zu", area, q->count);
        r->ind.code = strdup(code);
        r->ind.name = strdup("indicator");
        r->ind.service_area = strdup(area);
        r->ind.category = cat;
        r->ind.decimals = 1;
        r->ind.active_from = r->ind.active_to = SC_PERIOD_NONE;
        r->has_result = status != SC_STATUS_NOT_SUBMITTED;
        r->status = status;
        q->count++;
    }
}

/* Per area: outside, within, better, not_available, annual, tbc. */
static const int q1_2020[NAREAS][6] = {
    {0, 1, 1, 0, 0, 1}, /* parent-family-support */
    {1, 1, 3, 0, 0, 0}, /* child-family-assessment */
    {0, 1, 2, 0, 0, 2}, /* child-protection */
    {2, 1, 0, 0, 1, 0}, /* looked-after-children */
    {1, 0, 3, 0, 0, 1}, /* placements */
    {0, 0, 2, 0, 0, 1}, /* care-leavers */
    {0, 0, 0, 2, 0, 0}, /* youth-offending */
    {0, 0, 2, 0, 0, 0}, /* workforce */
    {0, 0, 0, 0, 1, 0}, /* governance */
};
static const sc_status paper_columns[6] = {SC_STATUS_OUTSIDE,        SC_STATUS_WITHIN,
                                           SC_STATUS_BETTER,         SC_STATUS_NOT_AVAILABLE,
                                           SC_STATUS_ANNUAL_NOT_DUE, SC_STATUS_TARGET_TBC};

/* The 2020/21 Q1 strategic table, plus the 12 contractual indicators of
 * the same paper (7 better, 3 within, 2 suspended) to show the categories
 * are tallied apart. Rows are added area by area in reverse order. */
static void build_2020_21_q1(sc_quarter *q)
{
    memset(q, 0, sizeof *q);
    q->quarter = sc_period_make(2020, 1);
    for (int a = NAREAS - 1; a >= 0; a--)
        for (int c = 0; c < 6; c++)
            add_rows(q, SC_CAT_STRATEGIC, area_codes[a], paper_columns[c], q1_2020[a][c]);
    add_rows(q, SC_CAT_CONTRACTUAL, "child-protection", SC_STATUS_BETTER, 4);
    add_rows(q, SC_CAT_CONTRACTUAL, "child-family-assessment", SC_STATUS_BETTER, 3);
    add_rows(q, SC_CAT_CONTRACTUAL, "workforce", SC_STATUS_WITHIN, 3);
    add_rows(q, SC_CAT_CONTRACTUAL, "looked-after-children", SC_STATUS_SUSPENDED, 2);
}

static const json_t *path(const json_t *o, const char *a, const char *b, const char *c)
{
    const json_t *v = json_object_get(o, a);
    if (v && b)
        v = json_object_get(v, b);
    if (v && c)
        v = json_object_get(v, c);
    ck_assert_msg(v != NULL, "no %s/%s/%s", a, b ? b : "", c ? c : "");
    return v;
}

static void assert_int_member(const json_t *o, const char *key, json_int_t want)
{
    const json_t *v = json_object_get(o, key);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    ck_assert_msg(json_integer_value(v) == want, "%s = %lld, want %lld", key,
                  (long long)json_integer_value(v), (long long)want);
}

static void assert_real_member(const json_t *o, const char *key, double want)
{
    const json_t *v = json_object_get(o, key);
    ck_assert_msg(json_is_number(v), "%s is not a number", key);
    ck_assert_msg(json_number_value(v) == want, "%s = %.17g, want %.17g", key, json_number_value(v),
                  want);
}

/* Asserts that a counts object holds exactly the eight status keys. */
static void assert_counts(const json_t *counts, const int want[SC_STATUS_COUNT])
{
    ck_assert(json_is_object(counts));
    ck_assert_uint_eq(json_object_size(counts), SC_STATUS_COUNT);
    for (int s = 0; s < SC_STATUS_COUNT; s++)
        assert_int_member(counts, sc_status_key((sc_status)s), want[s]);
}

START_TEST(compute_2020_21_q1)
{
    sc_quarter q;
    build_2020_21_q1(&q);
    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);

    const sc_summary_table *t = &sum.tables[SC_CAT_STRATEGIC];
    ck_assert_uint_eq(t->count, NAREAS);
    for (size_t a = 0; a < NAREAS; a++) {
        ck_assert_uint_eq(t->rows[a].area, a); /* area order, not row order */
        int total = 0;
        for (int c = 0; c < 6; c++) {
            ck_assert_int_eq(t->rows[a].counts[paper_columns[c]], q1_2020[a][c]);
            total += q1_2020[a][c];
        }
        ck_assert_int_eq(t->rows[a].counts[SC_STATUS_SUSPENDED], 0);
        ck_assert_int_eq(t->rows[a].counts[SC_STATUS_NOT_SUBMITTED], 0);
        ck_assert_int_eq(t->rows[a].total, total);
    }
    ck_assert_int_eq(t->totals[SC_STATUS_OUTSIDE], 4);
    ck_assert_int_eq(t->totals[SC_STATUS_WITHIN], 4);
    ck_assert_int_eq(t->totals[SC_STATUS_BETTER], 13);
    ck_assert_int_eq(t->totals[SC_STATUS_NOT_AVAILABLE], 2);
    ck_assert_int_eq(t->totals[SC_STATUS_ANNUAL_NOT_DUE], 2);
    ck_assert_int_eq(t->totals[SC_STATUS_TARGET_TBC], 5);
    ck_assert_int_eq(t->totals[SC_STATUS_SUSPENDED], 0);
    ck_assert_int_eq(t->totals[SC_STATUS_NOT_SUBMITTED], 0);
    ck_assert_int_eq(t->total, 30);
    ck_assert_int_eq(t->reported, 21);

    const sc_summary_table *c = &sum.tables[SC_CAT_CONTRACTUAL];
    ck_assert_int_eq(c->total, 12);
    ck_assert_int_eq(c->reported, 10);
    ck_assert_int_eq(c->totals[SC_STATUS_BETTER], 7);
    ck_assert_int_eq(c->totals[SC_STATUS_WITHIN], 3);
    ck_assert_int_eq(c->totals[SC_STATUS_SUSPENDED], 2);
    ck_assert_uint_eq(c->count, 4);
    ck_assert_uint_eq(c->rows[0].area, 1); /* child-family-assessment */
    ck_assert_uint_eq(c->rows[1].area, 2); /* child-protection */
    ck_assert_uint_eq(c->rows[2].area, 3); /* looked-after-children */
    ck_assert_uint_eq(c->rows[3].area, 7); /* workforce */

    sc_summary_clear(&sum);
    ck_assert_ptr_null(sum.tables[0].rows);
    sc_summary_clear(NULL);
    sc_quarter_clear(&q);
    ck_assert_ptr_null(q.rows);
}
END_TEST

START_TEST(json_2020_21_q1_decimals_0)
{
    sc_quarter q;
    build_2020_21_q1(&q);
    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, 0);
    ck_assert_ptr_nonnull(j);

    ck_assert_str_eq(json_string_value(json_object_get(j, "quarter")), "2020-21-Q1");
    ck_assert_uint_eq(json_object_size(json_object_get(j, "categories")), 2);
    const json_t *sp = path(j, "categories", "strategic_partnership", NULL);

    const json_t *rows = json_object_get(sp, "rows");
    ck_assert_uint_eq(json_array_size(rows), NAREAS);
    for (size_t a = 0; a < NAREAS; a++) {
        const json_t *row = json_array_get(rows, a);
        ck_assert_str_eq(json_string_value(json_object_get(row, "service_area")), area_codes[a]);
        ck_assert_str_eq(json_string_value(json_object_get(row, "name")), area_names[a]);
        int want[SC_STATUS_COUNT] = {0};
        int total = 0;
        for (int c = 0; c < 6; c++) {
            want[paper_columns[c]] = q1_2020[a][c];
            total += q1_2020[a][c];
        }
        assert_counts(json_object_get(row, "counts"), want);
        assert_int_member(row, "total", total);
    }
    /* the paper's first row, exactly as in the contract */
    json_t *first = unit_json(
        "{'service_area':'parent-family-support','name':'Parent & Family Support',"
        "'counts':{'outside_target_range':0,'within_target_range':1,'better_than_target':1,"
        "'not_available':0,'annual_not_due':0,'target_tbc':1,'suspended':0,"
        "'not_submitted':0},'total':3}");
    ck_assert(json_equal(json_array_get(rows, 0), first));
    json_decref(first);

    const int totals[SC_STATUS_COUNT] = {4, 4, 13, 2, 2, 5, 0, 0};
    assert_counts(path(sp, "totals", "counts", NULL), totals);
    assert_int_member(json_object_get(sp, "totals"), "total", 30);
    assert_int_member(sp, "reported", 21);

    const json_t *of_rep = json_object_get(sp, "pct_of_reported");
    ck_assert_uint_eq(json_object_size(of_rep), 3);
    assert_int_member(of_rep, "outside_target_range", 19);
    assert_int_member(of_rep, "within_target_range", 19);
    assert_int_member(of_rep, "better_than_target", 62);

    const json_t *overall = json_object_get(sp, "pct_overall");
    ck_assert_uint_eq(json_object_size(overall), SC_STATUS_COUNT);
    assert_int_member(overall, "outside_target_range", 13);
    assert_int_member(overall, "within_target_range", 13);
    assert_int_member(overall, "better_than_target", 43);
    assert_int_member(overall, "not_available", 7);
    assert_int_member(overall, "annual_not_due", 7);
    assert_int_member(overall, "target_tbc", 17);
    assert_int_member(overall, "suspended", 0);
    assert_int_member(overall, "not_submitted", 0);

    /* contractual: 7 better, 3 within, 2 suspended of 12 */
    const json_t *ct = path(j, "categories", "contractual", NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(ct, "rows")), 4);
    assert_int_member(ct, "reported", 10);
    assert_int_member(json_object_get(ct, "pct_of_reported"), "better_than_target", 70);
    assert_int_member(json_object_get(ct, "pct_of_reported"), "within_target_range", 30);
    assert_int_member(json_object_get(ct, "pct_of_reported"), "outside_target_range", 0);
    assert_int_member(json_object_get(ct, "pct_overall"), "better_than_target", 58);
    assert_int_member(json_object_get(ct, "pct_overall"), "within_target_range", 25);
    assert_int_member(json_object_get(ct, "pct_overall"), "suspended", 17);

    json_decref(j);
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(json_2020_21_q1_decimals_2)
{
    sc_quarter q;
    build_2020_21_q1(&q);
    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, 2);
    const json_t *sp = path(j, "categories", "strategic_partnership", NULL);
    const json_t *of_rep = json_object_get(sp, "pct_of_reported");
    assert_real_member(of_rep, "outside_target_range", 19.05);
    assert_real_member(of_rep, "within_target_range", 19.05);
    assert_real_member(of_rep, "better_than_target", 61.9);
    const json_t *overall = json_object_get(sp, "pct_overall");
    assert_real_member(overall, "outside_target_range", 13.33);
    assert_real_member(overall, "within_target_range", 13.33);
    assert_real_member(overall, "better_than_target", 43.33);
    assert_real_member(overall, "not_available", 6.67);
    assert_real_member(overall, "annual_not_due", 6.67);
    assert_real_member(overall, "target_tbc", 16.67);
    assert_real_member(overall, "suspended", 0);
    /* counts stay integers whatever the decimals */
    assert_int_member(json_object_get(sp, "totals"), "total", 30);
    assert_int_member(sp, "reported", 21);
    json_decref(j);

    /* decimals 1 of the same quarter */
    j = sc_summary_to_json(&sum, &areas, q.quarter, 1);
    sp = path(j, "categories", "strategic_partnership", NULL);
    assert_real_member(json_object_get(sp, "pct_of_reported"), "better_than_target", 61.9);
    assert_real_member(json_object_get(sp, "pct_overall"), "target_tbc", 16.7);
    json_decref(j);
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(json_2019_20_q3_decimals_1)
{
    /* 4 outside, 6 within, 11 better, 2 annual, 5 tbc of 28, spread as in
     * the 2019/20 Q3 paper */
    sc_quarter q;
    memset(&q, 0, sizeof q);
    q.quarter = sc_period_make(2019, 3);
    add_rows(&q, SC_CAT_STRATEGIC, "parent-family-support", SC_STATUS_OUTSIDE, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "parent-family-support", SC_STATUS_WITHIN, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "parent-family-support", SC_STATUS_BETTER, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "child-family-assessment", SC_STATUS_WITHIN, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "child-family-assessment", SC_STATUS_BETTER, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "child-protection", SC_STATUS_BETTER, 3);
    add_rows(&q, SC_CAT_STRATEGIC, "child-protection", SC_STATUS_TARGET_TBC, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "looked-after-children", SC_STATUS_OUTSIDE, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "looked-after-children", SC_STATUS_WITHIN, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "placements", SC_STATUS_WITHIN, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "placements", SC_STATUS_BETTER, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "placements", SC_STATUS_TARGET_TBC, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "care-leavers", SC_STATUS_BETTER, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "care-leavers", SC_STATUS_TARGET_TBC, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "youth-offending", SC_STATUS_OUTSIDE, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "youth-offending", SC_STATUS_TARGET_TBC, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "workforce", SC_STATUS_BETTER, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "governance", SC_STATUS_ANNUAL_NOT_DUE, 2);
    ck_assert_uint_eq(q.count, 28);

    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    ck_assert_int_eq(sum.tables[SC_CAT_STRATEGIC].total, 28);
    ck_assert_int_eq(sum.tables[SC_CAT_STRATEGIC].reported, 21);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, 1);
    ck_assert_str_eq(json_string_value(json_object_get(j, "quarter")), "2019-20-Q3");
    const json_t *sp = path(j, "categories", "strategic_partnership", NULL);
    const int totals[SC_STATUS_COUNT] = {4, 6, 11, 0, 2, 5, 0, 0};
    assert_counts(path(sp, "totals", "counts", NULL), totals);
    assert_int_member(json_object_get(sp, "totals"), "total", 28);

    const json_t *overall = json_object_get(sp, "pct_overall");
    assert_real_member(overall, "outside_target_range", 14.3);
    assert_real_member(overall, "within_target_range", 21.4);
    assert_real_member(overall, "better_than_target", 39.3);
    assert_real_member(overall, "not_available", 0);
    assert_real_member(overall, "annual_not_due", 7.1);
    assert_real_member(overall, "target_tbc", 17.9);
    assert_real_member(overall, "suspended", 0);
    assert_real_member(overall, "not_submitted", 0);
    const json_t *of_rep = json_object_get(sp, "pct_of_reported");
    assert_real_member(of_rep, "outside_target_range", 19.0);
    assert_real_member(of_rep, "within_target_range", 28.6);
    assert_real_member(of_rep, "better_than_target", 52.4);

    /* no contractual indicators at all: empty rows, nulls, zero counts */
    const json_t *ct = path(j, "categories", "contractual", NULL);
    ck_assert_uint_eq(json_array_size(json_object_get(ct, "rows")), 0);
    const int zero[SC_STATUS_COUNT] = {0};
    assert_counts(path(ct, "totals", "counts", NULL), zero);
    assert_int_member(json_object_get(ct, "totals"), "total", 0);
    assert_int_member(ct, "reported", 0);
    ck_assert(json_is_null(path(ct, "pct_of_reported", "better_than_target", NULL)));
    ck_assert(json_is_null(path(ct, "pct_overall", "not_submitted", NULL)));
    json_decref(j);
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(pct_of_reported_null_when_none_reported)
{
    sc_quarter q;
    memset(&q, 0, sizeof q);
    q.quarter = sc_period_make(2020, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "governance", SC_STATUS_TARGET_TBC, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "workforce", SC_STATUS_NOT_SUBMITTED, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "workforce", SC_STATUS_SUSPENDED, 1);

    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    for (int d = 0; d <= 2; d++) {
        json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, d);
        const json_t *sp = path(j, "categories", "strategic_partnership", NULL);
        assert_int_member(sp, "reported", 0);
        const json_t *of_rep = json_object_get(sp, "pct_of_reported");
        ck_assert_uint_eq(json_object_size(of_rep), 3);
        ck_assert(json_is_null(json_object_get(of_rep, "outside_target_range")));
        ck_assert(json_is_null(json_object_get(of_rep, "within_target_range")));
        ck_assert(json_is_null(json_object_get(of_rep, "better_than_target")));
        /* pct_overall still divides by the total of 4 */
        const json_t *overall = json_object_get(sp, "pct_overall");
        assert_real_member(overall, "target_tbc", 25);
        assert_real_member(overall, "not_submitted", 50);
        assert_real_member(overall, "suspended", 25);
        assert_real_member(overall, "better_than_target", 0);
        const int totals[SC_STATUS_COUNT] = {0, 0, 0, 0, 0, 1, 1, 2};
        assert_counts(path(sp, "totals", "counts", NULL), totals);
        json_decref(j);
    }
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(rows_omit_empty_areas)
{
    sc_quarter q;
    memset(&q, 0, sizeof q);
    q.quarter = sc_period_make(2020, 1);
    /* given out of order; areas with no indicator of the category vanish */
    add_rows(&q, SC_CAT_STRATEGIC, "governance", SC_STATUS_BETTER, 1);
    add_rows(&q, SC_CAT_CONTRACTUAL, "placements", SC_STATUS_BETTER, 1);
    add_rows(&q, SC_CAT_STRATEGIC, "child-protection", SC_STATUS_OUTSIDE, 2);
    add_rows(&q, SC_CAT_STRATEGIC, "governance", SC_STATUS_NOT_SUBMITTED, 1);
    /* an area not in the list counts in the totals but gets no row */
    add_rows(&q, SC_CAT_STRATEGIC, "retired-area", SC_STATUS_WITHIN, 1);

    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    const sc_summary_table *t = &sum.tables[SC_CAT_STRATEGIC];
    ck_assert_uint_eq(t->count, 2);
    ck_assert_uint_eq(t->rows[0].area, 2);
    ck_assert_uint_eq(t->rows[1].area, 8);
    ck_assert_int_eq(t->rows[0].total, 2);
    ck_assert_int_eq(t->rows[1].total, 2);
    ck_assert_int_eq(t->rows[1].counts[SC_STATUS_NOT_SUBMITTED], 1);
    ck_assert_int_eq(t->total, 5);
    ck_assert_int_eq(t->reported, 4);
    ck_assert_int_eq(t->totals[SC_STATUS_WITHIN], 1);

    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, 1);
    const json_t *rows = path(j, "categories", "strategic_partnership", "rows");
    ck_assert_uint_eq(json_array_size(rows), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "service_area")),
                     "child-protection");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 1), "service_area")),
                     "governance");
    const int gov[SC_STATUS_COUNT] = {0, 0, 1, 0, 0, 0, 0, 1};
    assert_counts(json_object_get(json_array_get(rows, 1), "counts"), gov);
    rows = path(j, "categories", "contractual", "rows");
    ck_assert_uint_eq(json_array_size(rows), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
                     "Placements (Adoption, Fostering and SGO)");
    json_decref(j);
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(empty_quarter)
{
    sc_quarter q;
    memset(&q, 0, sizeof q);
    q.quarter = sc_period_make(2021, 4);
    sc_summary sum;
    ck_assert_int_eq(sc_summary_compute(&q, &areas, &sum), SC_OK);
    ck_assert_uint_eq(sum.tables[0].count, 0);
    ck_assert_uint_eq(sum.tables[1].count, 0);
    json_t *j = sc_summary_to_json(&sum, &areas, q.quarter, 0);
    ck_assert_str_eq(json_string_value(json_object_get(j, "quarter")), "2021-22-Q4");
    for (int c = 0; c < SC_CAT_COUNT; c++) {
        const json_t *t = path(j, "categories", sc_category_keys[c], NULL);
        ck_assert_uint_eq(json_array_size(json_object_get(t, "rows")), 0);
        for (int s = 0; s < SC_STATUS_COUNT; s++)
            ck_assert(json_is_null(path(t, "pct_overall", sc_status_key((sc_status)s), NULL)));
    }
    json_decref(j);
    sc_summary_clear(&sum);

    /* with no areas at all */
    sc_area_list none = {NULL, 0};
    add_rows(&q, SC_CAT_STRATEGIC, "governance", SC_STATUS_BETTER, 1);
    ck_assert_int_eq(sc_summary_compute(&q, &none, &sum), SC_OK);
    ck_assert_uint_eq(sum.tables[SC_CAT_STRATEGIC].count, 0);
    ck_assert_int_eq(sum.tables[SC_CAT_STRATEGIC].total, 1);
    sc_summary_clear(&sum);
    sc_quarter_clear(&q);
}
END_TEST

START_TEST(quarter_row_json)
{
    sc_quarter q;
    memset(&q, 0, sizeof q);
    add_rows(&q, SC_CAT_STRATEGIC, "child-protection", SC_STATUS_NOT_SUBMITTED, 1);
    sc_quarter_row *r = &q.rows[0];
    r->ind.unit = SC_UNIT_PERCENT;
    r->ind.decimals = 0;
    r->has_target = true;
    r->target.from_quarter = sc_period_make(2019, 1);
    r->target.target = 95;
    r->target.tolerance = 2.5;
    sc_quarter_judge(r);
    ck_assert_int_eq(r->status, SC_STATUS_NOT_SUBMITTED);

    json_t *o = sc_quarter_row_to_json(r, sc_period_make(2020, 1));
    ck_assert_str_eq(json_string_value(json_object_get(o, "quarter")), "2020-21-Q1");
    ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "not_submitted");
    ck_assert_str_eq(json_string_value(json_object_get(o, "status_label")), "Not submitted");
    ck_assert(json_is_null(json_object_get(o, "availability")));
    ck_assert(json_is_null(json_object_get(o, "value")));
    ck_assert(json_is_null(json_object_get(o, "commentary")));
    ck_assert(json_is_null(json_object_get(o, "updated_at")));
    ck_assert_int_eq(json_integer_value(json_object_get(o, "target")), 95);
    ck_assert(json_real_value(json_object_get(o, "tolerance")) == 2.5);
    ck_assert_str_eq(json_string_value(json_object_get(o, "target_from")), "2019-20-Q1");
    ck_assert_str_eq(json_string_value(json_object_get(o, "service_area")), "child-protection");
    json_decref(o);

    /* reported 276/290 against 95 +- 2.5: 95 meets it */
    r->has_result = true;
    r->res.availability = SC_AVAIL_REPORTED;
    r->res.has_ratio = true;
    r->res.numerator = 276;
    r->res.denominator = 290;
    r->res.has_value = true;
    r->res.value = 95;
    r->res.commentary = strdup("95% (276) seen");
    r->updated_at = strdup("2020-07-15T09:00:00.000Z");
    sc_quarter_judge(r);
    ck_assert_int_eq(r->status, SC_STATUS_BETTER);
    o = sc_quarter_row_to_json(r, sc_period_make(2020, 1));
    ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "better_than_target");
    ck_assert_str_eq(json_string_value(json_object_get(o, "status_label")), "Better than target");
    ck_assert_str_eq(json_string_value(json_object_get(o, "availability")), "reported");
    ck_assert_int_eq(json_integer_value(json_object_get(o, "value")), 95);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "numerator")), 276);
    ck_assert_str_eq(json_string_value(json_object_get(o, "commentary")), "95% (276) seen");
    ck_assert_str_eq(json_string_value(json_object_get(o, "updated_at")),
                     "2020-07-15T09:00:00.000Z");
    json_decref(o);

    /* no target: nulls and target_tbc */
    r->has_target = false;
    sc_quarter_judge(r);
    o = sc_quarter_row_to_json(r, sc_period_make(2020, 1));
    ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "target_tbc");
    ck_assert_str_eq(json_string_value(json_object_get(o, "status_label")),
                     "Target figure to be confirmed");
    ck_assert(json_is_null(json_object_get(o, "target")));
    ck_assert(json_is_null(json_object_get(o, "tolerance")));
    ck_assert(json_is_null(json_object_get(o, "target_from")));
    json_decref(o);
    sc_quarter_clear(&q);
    sc_quarter_clear(NULL);
}
END_TEST

static Suite *summary_suite(void)
{
    Suite *s = suite_create("summary");
    TCase *tc = tcase_create("summary");
    tcase_add_checked_fixture(tc, areas_setup, areas_teardown);
    tcase_add_test(tc, compute_2020_21_q1);
    tcase_add_test(tc, json_2020_21_q1_decimals_0);
    tcase_add_test(tc, json_2020_21_q1_decimals_2);
    tcase_add_test(tc, json_2019_20_q3_decimals_1);
    tcase_add_test(tc, pct_of_reported_null_when_none_reported);
    tcase_add_test(tc, rows_omit_empty_areas);
    tcase_add_test(tc, empty_quarter);
    suite_add_tcase(s, tc);

    tc = tcase_create("row");
    tcase_add_test(tc, quarter_row_json);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(summary_suite());
}
