/* test_store_kpi.c - lib/store_kpi on a real SQLite file in a fresh
 * temporary directory per test (store_fixture): the built-in service areas
 * and adding one; indicators (created / updated / unchanged, every field
 * read back, listing order and filters, unknown area, delete refused while
 * results exist and its targets leaving revisions); targets in force
 * across quarters through sc_store_quarter, a later target leaving earlier
 * quarters alone, deleting one; active_from/active_to and the quarter
 * view's filters; results (created / updated / unchanged, a ratio alone). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "area.h"
#include "indicator.h"
#include "quarter.h"
#include "result.h"
#include "store.h"
#include "store_fixture.h"
#include "store_kpi.h"
#include "unit.h"

/* ---- helpers ---- */

/* Validates and stores a result document for (quarter, code). */
static sc_write put_result(const char *quarter, const char *code, const char *text)
{
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, code, &ind), SC_OK);
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_msg(sc_result_from_json(doc, &ind, "", NULL, &r, &errs) == SC_OK, "%s",
                  unit_problems(&errs));
    json_decref(doc);
    sc_indicator_clear(&ind);
    sc_write what = (sc_write)-1;
    ck_assert_int_eq(sc_store_result_put(db, Q(quarter), code, &r, "trust-key", &what), SC_OK);
    sc_result_clear(&r);
    return what;
}

static sc_write put_value(const char *quarter, const char *code, double value)
{
    char text[128];
    snprintf(text, sizeof text, "{'availability':'reported','value':%.17g}", value);
    return put_result(quarter, code, text);
}

/* The codes of the indicators active in quarter, comma-separated. */
static const char *codes_in(const char *quarter)
{
    static char buf[256];
    sc_quarter q;
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    ck_assert_int_eq(sc_store_quarter(db, Q(quarter), &f, &q), SC_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < q.count; i++) {
        if (i)
            strcat(buf, ",");
        strcat(buf, q.rows[i].ind.code);
    }
    sc_quarter_clear(&q);
    return buf;
}

/* ---- service areas ---- */

START_TEST(builtin_service_areas)
{
    static const char *const codes[] = {"parent-family-support",
                                        "child-family-assessment",
                                        "child-protection",
                                        "looked-after-children",
                                        "placements",
                                        "care-leavers",
                                        "youth-offending",
                                        "workforce",
                                        "governance"};
    static const char *const names[] = {"Parent & Family Support",
                                        "Child & Family Assessment",
                                        "Child Protection",
                                        "Looked After Children",
                                        "Placements (Adoption, Fostering and SGO)",
                                        "Care Leavers",
                                        "Youth Offending",
                                        "Workforce",
                                        "Governance"};
    sc_area_list areas;
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_uint_eq(areas.count, 9);
    for (size_t i = 0; i < 9; i++) {
        ck_assert_str_eq(areas.items[i].code, codes[i]);
        ck_assert_str_eq(areas.items[i].name, names[i]);
        ck_assert_int_eq(areas.items[i].position, (int)i + 1);
        ck_assert_int_eq(sc_area_find(&areas, codes[i]), (int)i);
    }
    ck_assert_int_eq(sc_area_find(&areas, "early-help"), -1);
    json_t *j = sc_area_to_json(&areas.items[4]);
    json_t *want = unit_json("{'code':'placements','name':'Placements (Adoption, Fostering and "
                             "SGO)','position':5}");
    ck_assert(json_equal(j, want));
    json_decref(j);
    json_decref(want);
    sc_area_list_clear(&areas);

    /* more can be added, at the end unless placed */
    sc_write w;
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help Services", -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_areas(db, &areas), SC_OK);
    ck_assert_uint_eq(areas.count, 10);
    ck_assert_str_eq(areas.items[9].code, "early-help");
    ck_assert_str_eq(areas.items[9].name, "Early Help Services");
    ck_assert_int_eq(areas.items[9].position, 10);
    sc_area_list_clear(&areas);
}
END_TEST

/* ---- indicators ---- */

START_TEST(indicator_put_created_updated_unchanged)
{
    ck_assert_int_eq(put_simple("CP-SEEN", 0, ",'active_from':'2019-20-Q1'"), SC_WRITE_CREATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 0, ",'active_from':'2019-20-Q1'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'active_from':'2019-20-Q1'"), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'active_from':'2019-20-Q1'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, NULL), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'description':'d'"), SC_WRITE_UPDATED);
    ck_assert_int_eq(put_simple("CP-SEEN", 1, ",'description':'d'"), SC_WRITE_UNCHANGED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 1);

    /* read back every field */
    ck_assert_int_eq(put_indicator("LAC-STAB",
                                   "{'name':'Short term stability','description':'three or more "
                                   "placements','category':'contractual','service_area':"
                                   "'looked-after-children','polarity':'lower_is_better',"
                                   "'unit':'rate_per_10000','decimals':3,'frequency':'annual',"
                                   "'benchmarked':true,'active_from':'2019-20-Q2',"
                                   "'active_to':'2021-22-Q4'}"),
                     SC_WRITE_CREATED);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, "LAC-STAB", &ind), SC_OK);
    ck_assert_str_eq(ind.code, "LAC-STAB");
    ck_assert_str_eq(ind.name, "Short term stability");
    ck_assert_str_eq(ind.description, "three or more placements");
    ck_assert_int_eq(ind.category, SC_CAT_CONTRACTUAL);
    ck_assert_str_eq(ind.service_area, "looked-after-children");
    ck_assert_int_eq(ind.polarity, SC_LOWER_IS_BETTER);
    ck_assert_int_eq(ind.unit, SC_UNIT_RATE_PER_10000);
    ck_assert_int_eq(ind.decimals, 3);
    ck_assert_int_eq(ind.frequency, SC_FREQ_ANNUAL);
    ck_assert(ind.benchmarked);
    ck_assert_int_eq(ind.active_from, Q("2019-20-Q2"));
    ck_assert_int_eq(ind.active_to, Q("2021-22-Q4"));
    sc_indicator_clear(&ind);
    ck_assert_int_eq(sc_store_indicator_get(db, "NOPE", &ind), SC_ENOTFOUND);

    /* listed contractual first, then by service-area order */
    put_indicator("PFS-1", "{'name':'p','category':'strategic_partnership','service_area':"
                           "'parent-family-support','polarity':'higher_is_better','unit':'count'}");
    sc_indicator *list;
    size_t n;
    ck_assert_int_eq(sc_store_indicators(db, -1, NULL, &list, &n), SC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(list[0].code, "LAC-STAB");
    ck_assert_str_eq(list[1].code, "PFS-1");
    ck_assert_str_eq(list[2].code, "CP-SEEN");
    for (size_t i = 0; i < n; i++)
        sc_indicator_clear(&list[i]);
    free(list);
    ck_assert_int_eq(sc_store_indicators(db, SC_CAT_STRATEGIC, "child-protection", &list, &n),
                     SC_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(list[0].code, "CP-SEEN");
    sc_indicator_clear(&list[0]);
    free(list);
    ck_assert_int_eq(sc_store_indicators(db, SC_CAT_CONTRACTUAL, "workforce", &list, &n), SC_OK);
    ck_assert_uint_eq(n, 0);
    free(list);
}
END_TEST

START_TEST(indicator_unknown_service_area)
{
    json_t *doc = unit_json("{'name':'x','category':'contractual','service_area':'early-help',"
                            "'polarity':'higher_is_better','unit':'count'}");
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    ck_assert_int_eq(sc_indicator_from_json(doc, "EH-1", "", &ind, &errs), SC_OK);
    json_decref(doc);
    sc_write w;
    ck_assert_int_eq(sc_store_indicator_put(db, &ind, &w, &errs), SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    UNIT_ASSERT_ONE_AT(&errs, "/service_area");
    ck_assert_ptr_nonnull(strstr(errs.items[0].detail, "early-help"));
    sc_errors_clear(&errs);
    ck_assert_int_eq(query_int("SELECT count(*) FROM indicators"), 0);

    /* once the area exists the same indicator is accepted */
    ck_assert_int_eq(sc_store_area_put(db, "early-help", "Early Help", -1, &w), SC_OK);
    ck_assert_int_eq(sc_store_indicator_put(db, &ind, &w, &errs), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    sc_indicator_clear(&ind);
}
END_TEST

START_TEST(indicator_delete)
{
    put_simple("A", 0, NULL);
    put_simple("B", 0, NULL);
    put_target("A", "2019-20-Q1", 90, 0);
    sc_errors errs = SC_ERRORS_INIT;

    /* no results: deleted, with its targets */
    ck_assert_int_eq(sc_store_indicator_delete(db, "A", "admin-key", NULL, &errs), SC_OK);
    ck_assert_uint_eq(errs.count, 0);
    sc_indicator ind;
    ck_assert_int_eq(sc_store_indicator_get(db, "A", &ind), SC_ENOTFOUND);
    ck_assert_int_eq(query_int("SELECT count(*) FROM targets"), 0);
    /* the target went with a revision, not silently by the cascade */
    ck_assert_int_eq(query_int("SELECT count(*) FROM revisions WHERE kind = 'target' AND "
                               "code = 'A' AND new IS NULL AND old IS NOT NULL"),
                     1);
    ck_assert_int_eq(sc_store_indicator_delete(db, "A", "admin-key", NULL, &errs), SC_ENOTFOUND);
    ck_assert_int_eq(sc_store_indicator_delete(db, "NEVER", "admin-key", NULL, &errs),
                     SC_ENOTFOUND);

    /* results stored: refused, and nothing is removed */
    put_value("2020-21-Q1", "B", 50);
    ck_assert_int_eq(sc_store_indicator_delete(db, "B", "admin-key", NULL, &errs), SC_ECONFLICT);
    ck_assert_ptr_nonnull(errs.message);
    ck_assert_msg(strstr(errs.message, "active_to") != NULL, "%s", errs.message);
    sc_errors_clear(&errs);
    ck_assert_int_eq(sc_store_indicator_get(db, "B", &ind), SC_OK);
    sc_indicator_clear(&ind);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 1);

    /* an unavailable figure is stored history too */
    put_simple("C", 0, NULL);
    put_result("2020-21-Q1", "C", "{'availability':'not_available','reason':'Covid-19'}");
    ck_assert_int_eq(sc_store_indicator_delete(db, "C", "admin-key", NULL, &errs), SC_ECONFLICT);
    sc_errors_clear(&errs);
}
END_TEST

/* ---- targets through the quarter view ---- */

START_TEST(target_in_force_across_quarters)
{
    put_simple("CP-SEEN", 0, NULL);
    ck_assert_int_eq(put_target("CP-SEEN", "2019-20-Q1", 90, 0), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 95, 0), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2021-22-Q3", 97, 1), SC_WRITE_CREATED);
    ck_assert_int_eq(put_target("CP-SEEN", "2021-22-Q3", 97, 1), SC_WRITE_UNCHANGED);

    sc_target *ts;
    size_t n;
    ck_assert_int_eq(sc_store_targets(db, "CP-SEEN", &ts, &n), SC_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(ts[0].from_quarter, Q("2019-20-Q1"));
    ck_assert(ts[0].target == 90);
    ck_assert_int_eq(ts[1].from_quarter, Q("2020-21-Q1"));
    ck_assert(ts[1].target == 95);
    ck_assert_int_eq(ts[2].from_quarter, Q("2021-22-Q3"));
    ck_assert(ts[2].target == 97);
    ck_assert(ts[2].tolerance == 1);
    sc_targets_free(ts, n);

    static const struct {
        const char *quarter;
        bool has_target;
        double target;
        const char *from;
        sc_status status; /* of a value of 96 */
    } want[] = {
        {"2018-19-Q4", false, 0, NULL, SC_STATUS_TARGET_TBC},
        {"2019-20-Q1", true, 90, "2019-20-Q1", SC_STATUS_BETTER},
        {"2019-20-Q4", true, 90, "2019-20-Q1", SC_STATUS_BETTER},
        {"2020-21-Q1", true, 95, "2020-21-Q1", SC_STATUS_BETTER},
        {"2021-22-Q2", true, 95, "2020-21-Q1", SC_STATUS_BETTER},
        {"2021-22-Q3", true, 97, "2021-22-Q3", SC_STATUS_WITHIN},
        {"2030-31-Q4", true, 97, "2021-22-Q3", SC_STATUS_WITHIN},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        ck_assert_int_eq(put_value(want[i].quarter, "CP-SEEN", 96), SC_WRITE_CREATED);
        sc_quarter q;
        const sc_quarter_row *r = row_of(&q, want[i].quarter, "CP-SEEN");
        ck_assert_msg(r->has_target == want[i].has_target, "%s", want[i].quarter);
        if (want[i].has_target) {
            ck_assert_msg(r->target.target == want[i].target, "%s: target %g", want[i].quarter,
                          r->target.target);
            ck_assert_int_eq(r->target.from_quarter, Q(want[i].from));
        }
        ck_assert_msg(r->status == want[i].status, "%s: %s", want[i].quarter,
                      sc_status_key(r->status));
        ck_assert(r->has_result);
        ck_assert(r->res.value == 96);
        sc_quarter_clear(&q);
    }
}
END_TEST

START_TEST(later_target_leaves_earlier_quarters)
{
    put_simple("CP-SEEN", 0, NULL);
    put_target("CP-SEEN", "2019-20-Q1", 90, 0);
    put_target("CP-SEEN", "2020-21-Q1", 95, 0);
    put_value("2019-20-Q4", "CP-SEEN", 92);
    put_value("2020-21-Q1", "CP-SEEN", 92);
    put_value("2020-21-Q3", "CP-SEEN", 92);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(status_of("2020-21-Q3", "CP-SEEN"), SC_STATUS_OUTSIDE);

    /* changing the later target changes only the quarters it governs */
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 95, 3), SC_WRITE_UPDATED);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_WITHIN);
    ck_assert_int_eq(put_target("CP-SEEN", "2020-21-Q1", 99, 0), SC_WRITE_UPDATED);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);

    /* a new target from a later quarter leaves the earlier ones alone */
    put_target("CP-SEEN", "2020-21-Q3", 80, 0);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_BETTER);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_OUTSIDE);
    ck_assert_int_eq(status_of("2020-21-Q3", "CP-SEEN"), SC_STATUS_BETTER);

    /* deleting a target hands its quarters back to the one before */
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2020-21-Q1"), "admin-key"), SC_OK);
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2020-21-Q1"), "admin-key"),
                     SC_ENOTFOUND);
    ck_assert_int_eq(status_of("2020-21-Q1", "CP-SEEN"), SC_STATUS_BETTER);
    sc_quarter q;
    ck_assert(row_of(&q, "2020-21-Q1", "CP-SEEN")->target.target == 90);
    sc_quarter_clear(&q);
    ck_assert_int_eq(sc_store_target_delete(db, "CP-SEEN", Q("2019-20-Q1"), "admin-key"), SC_OK);
    ck_assert_int_eq(status_of("2019-20-Q4", "CP-SEEN"), SC_STATUS_TARGET_TBC);
}
END_TEST

START_TEST(active_bounds_in_quarter_view)
{
    put_simple("A-FROM", 0, ",'active_from':'2020-21-Q1'");
    put_simple("B-TO", 0, ",'active_to':'2019-20-Q4'");
    put_simple("C-OPEN", 0, NULL);
    put_simple("D-SPAN", 0, ",'active_from':'2020-21-Q2','active_to':'2020-21-Q3'");

    ck_assert_str_eq(codes_in("2019-20-Q4"), "B-TO,C-OPEN");
    ck_assert_str_eq(codes_in("2020-21-Q1"), "A-FROM,C-OPEN");
    ck_assert_str_eq(codes_in("2020-21-Q2"), "A-FROM,C-OPEN,D-SPAN");
    ck_assert_str_eq(codes_in("2020-21-Q3"), "A-FROM,C-OPEN,D-SPAN");
    ck_assert_str_eq(codes_in("2020-21-Q4"), "A-FROM,C-OPEN");
    ck_assert_str_eq(codes_in("1999-00-Q1"), "B-TO,C-OPEN");

    /* active with no result: listed as not submitted */
    sc_quarter q;
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_int_eq(q.quarter, Q("2020-21-Q2"));
    for (size_t i = 0; i < q.count; i++) {
        ck_assert(!q.rows[i].has_result);
        ck_assert_int_eq(q.rows[i].status, SC_STATUS_NOT_SUBMITTED);
    }
    sc_quarter_clear(&q);

    /* filters */
    put_indicator("WF-1", "{'name':'w','category':'contractual','service_area':'workforce',"
                          "'polarity':'higher_is_better','unit':'percent'}");
    f.category = SC_CAT_CONTRACTUAL;
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_uint_eq(q.count, 1);
    ck_assert_str_eq(q.rows[0].ind.code, "WF-1");
    sc_quarter_clear(&q);
    f.category = -1;
    f.service_area = "child-protection";
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), &f, &q), SC_OK);
    ck_assert_uint_eq(q.count, 3);
    sc_quarter_clear(&q);
    /* contractual rows come first in table order */
    ck_assert_str_eq(codes_in("2020-21-Q2"), "WF-1,A-FROM,C-OPEN,D-SPAN");
    /* a NULL filter is everything */
    ck_assert_int_eq(sc_store_quarter(db, Q("2020-21-Q2"), NULL, &q), SC_OK);
    ck_assert_uint_eq(q.count, 4);
    sc_quarter_clear(&q);
}
END_TEST

/* ---- results ---- */

START_TEST(result_put_created_updated_unchanged)
{
    put_simple("CP-SEEN", 0, NULL);
    put_target("CP-SEEN", "2019-20-Q1", 95, 0);
    const char *doc = "{'availability':'reported','value':95,'numerator':276,'denominator':290,"
                      "'commentary':'95% (276) seen within the last 2 weeks'}";
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN", doc), SC_WRITE_CREATED);
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN", doc), SC_WRITE_UNCHANGED);

    sc_quarter q;
    const sc_quarter_row *r = row_of(&q, "2020-21-Q1", "CP-SEEN");
    ck_assert(r->has_result);
    ck_assert_int_eq(r->res.availability, SC_AVAIL_REPORTED);
    ck_assert(r->res.value == 95);
    ck_assert(r->res.value_given);
    ck_assert(r->res.has_ratio);
    ck_assert_int_eq(r->res.numerator, 276);
    ck_assert_int_eq(r->res.denominator, 290);
    ck_assert_str_eq(r->res.commentary, "95% (276) seen within the last 2 weeks");
    ck_assert_ptr_null(r->res.reason);
    ck_assert_str_eq(r->updated_by, "trust-key");
    ck_assert_ptr_nonnull(r->updated_at);
    ck_assert_int_eq(r->status, SC_STATUS_BETTER);
    sc_quarter_clear(&q);

    /* a changed commentary is an update; so is a change of availability */
    ck_assert_int_eq(put_result("2020-21-Q1", "CP-SEEN",
                                "{'availability':'reported','value':95,'numerator':276,"
                                "'denominator':290,'commentary':'revised'}"),
                     SC_WRITE_UPDATED);
    ck_assert_int_eq(
        put_result("2020-21-Q1", "CP-SEEN", "{'availability':'not_available','reason':'Covid-19'}"),
        SC_WRITE_UPDATED);
    r = row_of(&q, "2020-21-Q1", "CP-SEEN");
    ck_assert_int_eq(r->status, SC_STATUS_NOT_AVAILABLE);
    ck_assert(!r->res.has_value);
    ck_assert(!r->res.has_ratio);
    ck_assert_str_eq(r->res.reason, "Covid-19");
    ck_assert_ptr_null(r->res.commentary);
    sc_quarter_clear(&q);
    ck_assert_int_eq(
        put_result("2020-21-Q1", "CP-SEEN", "{'availability':'not_available','reason':'Covid-19'}"),
        SC_WRITE_UNCHANGED);

    /* a ratio alone: the status uses it exactly (94.5% is 95 at decimals 0) */
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','numerator':189,'denominator':200}"),
                     SC_WRITE_CREATED);
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','numerator':189,'denominator':200}"),
                     SC_WRITE_UNCHANGED);
    r = row_of(&q, "2020-21-Q2", "CP-SEEN");
    ck_assert(!r->res.value_given);
    ck_assert(r->res.value == 95);
    ck_assert_int_eq(r->status, SC_STATUS_BETTER);
    sc_quarter_clear(&q);
    /* the same figure sent as a value is a different submission */
    ck_assert_int_eq(put_result("2020-21-Q2", "CP-SEEN",
                                "{'availability':'reported','value':95,'numerator':189,"
                                "'denominator':200}"),
                     SC_WRITE_UPDATED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM results"), 2);
}
END_TEST

static Suite *store_kpi_suite(void)
{
    Suite *s = suite_create("store_kpi");
    TCase *tc = tcase_create("areas");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, builtin_service_areas);
    suite_add_tcase(s, tc);

    tc = tcase_create("kpi");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, indicator_put_created_updated_unchanged);
    tcase_add_test(tc, indicator_unknown_service_area);
    tcase_add_test(tc, indicator_delete);
    tcase_add_test(tc, target_in_force_across_quarters);
    tcase_add_test(tc, later_target_leaves_earlier_quarters);
    tcase_add_test(tc, active_bounds_in_quarter_view);
    tcase_add_test(tc, result_put_created_updated_unchanged);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(store_kpi_suite());
}
