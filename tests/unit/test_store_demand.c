/* test_store_demand.c - lib/store_demand on a real SQLite file in a fresh
 * temporary directory per test (store_fixture): the four built-in demand
 * measures and adding one (created / updated / unchanged), demand figures
 * stored and restated, an unknown measure refused, the latest quarter with
 * figures, and the figures of a range in measure, then quarter, order. */
#include <check.h>
#include <string.h>

#include "store.h"
#include "store_demand.h"
#include "store_fixture.h"
#include "unit.h"

START_TEST(demand_measures_and_values)
{
    sc_demand_measures m;
    ck_assert_int_eq(sc_store_demand_measures(db, &m), SC_OK);
    ck_assert_uint_eq(m.count, 4);
    static const char *const codes[] = {"contacts", "referrals", "children-in-need",
                                        "looked-after-children"};
    static const char *const names[] = {"Contacts to CSC", "Referrals", "Children in Need",
                                        "Looked After Children"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(m.items[i].code, codes[i]);
        ck_assert_str_eq(m.items[i].name, names[i]);
        ck_assert_int_eq(m.items[i].position, (int)i + 1);
    }
    sc_demand_measures_clear(&m);
    ck_assert_ptr_null(m.items);

    sc_write w;
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", -1, -1, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", -1, -1, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "Early Help Assessments", 5, -1, &w),
                     SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_measure_put(db, "eha", "EHAs", -1, -1, &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_measures(db, &m), SC_OK);
    ck_assert_uint_eq(m.count, 5);
    ck_assert_str_eq(m.items[4].code, "eha");
    ck_assert_str_eq(m.items[4].name, "EHAs");
    ck_assert_int_eq(m.items[4].position, 5);
    sc_demand_measures_clear(&m);

    sc_period latest = 0;
    ck_assert_int_eq(sc_store_demand_latest(db, &latest), SC_ENOTFOUND);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 949, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 949, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2019-20-Q3"), "referrals", 946, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "referrals", 1117, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "contacts", 5349, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "contacts", 0, "t", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2018-19-Q1"), "eha", 7, "t", &w), SC_OK);
    ck_assert_int_eq(sc_store_demand_put(db, Q("2020-21-Q1"), "nope", 1, "t", &w), SC_ENOTFOUND);
    ck_assert_int_eq(query_int("SELECT count(*) FROM demand_values"), 4);

    ck_assert_int_eq(sc_store_demand_latest(db, &latest), SC_OK);
    ck_assert_int_eq(latest, Q("2020-21-Q1"));

    value_log log = {{0}};
    ck_assert_int_eq(sc_store_demand_values(db, Q("2019-20-Q1"), Q("2020-21-Q1"), log_value, &log),
                     SC_OK);
    /* measure order, then quarter; 2018-19 is outside the range */
    ck_assert_str_eq(log.seen, "contacts@2020-21-Q1=0,referrals@2019-20-Q3=946,"
                               "referrals@2020-21-Q1=1117");
}
END_TEST

static Suite *store_demand_suite(void)
{
    Suite *s = suite_create("store_demand");
    TCase *tc = tcase_create("demand");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, demand_measures_and_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(store_demand_suite());
}
