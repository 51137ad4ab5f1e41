/* test_store_finance.c - lib/store_finance on a real SQLite file in a
 * fresh temporary directory per test (store_fixture): a finance statement
 * stored (created, then unchanged) and read back line by line, replaced
 * whole (all its lines), and another quarter's statement kept apart;
 * statements by month and the one a movement compares with. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "finance.h"
#include "store.h"
#include "store_finance.h"
#include "store_fixture.h"
#include "unit.h"

static void finance_of(const char *text, sc_finance *f)
{
    json_t *doc = unit_json(text);
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_msg(sc_finance_from_json(doc, "", f, &errs) == SC_OK, "%s", unit_problems(&errs));
    json_decref(doc);
}

START_TEST(finance_statements)
{
    sc_finance got, f;
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_ENOTFOUND);
    // clang-format off
    finance_of("{'units':'gbp_thousands','as_at':'2020-06','lines':["
               FIN_LINE("cla", 28463, 30725,
                        ",'variance':{'gross':-2262,'income':0,'net':-2262},"
                        "'covid_variance_net':-974") ","
               FIN_LINE("ooa", 100, 150, ",'parent':'cla'") ","
               FIN_LINE("yj", 1846, 1808, "") "]}",
               &f);
    // clang-format on
    sc_write w;
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UNCHANGED);

    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_OK);
    ck_assert(sc_finance_equal(&got, &f));
    ck_assert_int_eq(got.units, SC_UNITS_GBP_THOUSANDS);
    ck_assert_str_eq(got.as_at, "2020-06");
    ck_assert_uint_eq(got.count, 3);
    ck_assert_str_eq(got.lines[0].code, "cla");
    ck_assert(got.lines[0].has_variance);
    ck_assert(got.lines[0].covid_variance_net == -974);
    ck_assert_str_eq(got.lines[1].parent, "cla");
    ck_assert(!got.lines[2].has_variance);
    ck_assert(!got.lines[2].has_covid);
    ck_assert_ptr_null(got.lines[2].parent);
    sc_finance_clear(&got);
    sc_finance_clear(&f);

    /* replacing a statement replaces all its lines */
    finance_of("{'units':'gbp','lines':[" FIN_LINE("total", 5, 6, "") "]}", &f);
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q1"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_UPDATED);
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_OK);
    ck_assert_int_eq(got.units, SC_UNITS_GBP);
    ck_assert_ptr_null(got.as_at);
    ck_assert_uint_eq(got.count, 1);
    ck_assert(sc_finance_equal(&got, &f));
    sc_finance_clear(&got);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_lines"), 1);

    /* another quarter is a statement of its own */
    ck_assert_int_eq(sc_store_finance_put(db, Q("2020-21-Q2"), &f, "trust-key", &w), SC_OK);
    ck_assert_int_eq(w, SC_WRITE_CREATED);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_statements"), 2);
    sc_finance_clear(&f);
}
END_TEST

static void put_at(const char *quarter, const char *as_at, int outturn)
{
    char text[512], lines[256];
    sc_finance f;
    snprintf(lines, sizeof lines,
             "{'code':'a','name':'A','budget':{'gross':100,'income':0,'net':100},"
             "'outturn':{'gross':%d,'income':0,'net':%d}}",
             outturn, outturn);
    snprintf(text, sizeof text, "{'units':'gbp','as_at':%s%s%s,'lines':[%s]}", as_at ? "'" : "",
             as_at ? as_at : "null", as_at ? "'" : "", lines);
    finance_of(text, &f);
    sc_write w;
    ck_assert_int_eq(sc_store_finance_put(db, Q(quarter), &f, "trust-key", &w), SC_OK);
    sc_finance_clear(&f);
}

static void assert_earlier(const char *quarter, const char *as_at, const char *want_q,
                           const char *want_month, double want_net)
{
    sc_finance f = {.as_at = (char *)as_at};
    sc_finance_earlier e;
    sc_rc rc = sc_store_finance_earlier(db, Q(quarter), &f, &e);
    if (!want_q) {
        ck_assert_int_eq(rc, SC_ENOTFOUND);
        return;
    }
    ck_assert_int_eq(rc, SC_OK);
    ck_assert_int_eq(e.quarter, Q(want_q));
    ck_assert_str_eq(e.month, want_month);
    ck_assert(e.variance_net == want_net);
}

/* One statement per month; the latest is read by default; the movement
 * compares with the year's previous statement and never crosses into the
 * year before. */
START_TEST(statements_by_month)
{
    put_at("2019-20-Q4", NULL, 50); /* as at 2020-03 */
    put_at("2020-21-Q1", "2020-04", 80);
    put_at("2020-21-Q1", "2020-05", 90);
    put_at("2020-21-Q1", NULL, 95); /* as at 2020-06 */
    put_at("2020-21-Q2", "2020-09", 99);
    ck_assert_int_eq(query_int("SELECT count(*) FROM finance_statements"), 5);
    sc_finance got;
    ck_assert_int_eq(sc_store_finance_get(db, Q("2020-21-Q1"), &got), SC_OK);
    ck_assert_ptr_null(got.as_at); /* the quarter's last month, sent without as_at */
    ck_assert(got.lines[0].outturn.net == 95);
    sc_finance_clear(&got);
    ck_assert_int_eq(sc_store_finance_get_at(db, Q("2020-21-Q1"), "2020-04", &got), SC_OK);
    ck_assert(got.lines[0].outturn.net == 80);
    sc_finance_clear(&got);
    ck_assert_int_eq(sc_store_finance_get_at(db, Q("2020-21-Q1"), "2020-07", &got), SC_ENOTFOUND);
    assert_earlier("2020-21-Q1", NULL, "2020-21-Q1", "2020-05", 10);
    assert_earlier("2020-21-Q1", "2020-05", "2020-21-Q1", "2020-04", 20);
    assert_earlier("2020-21-Q1", "2020-04", NULL, NULL, 0); /* not 2019/20 Q4 */
    assert_earlier("2020-21-Q2", "2020-09", "2020-21-Q1", "2020-06", 5);
    /* the revisions are keyed by the month */
    ck_assert_int_eq(query_int("SELECT count(*) FROM revisions WHERE kind = 'finance'"
                               " AND quarter = 2020 * 4 AND code = '2020-06'"),
                     1);
}
END_TEST

static Suite *store_finance_suite(void)
{
    Suite *s = suite_create("store_finance");
    TCase *tc = tcase_create("finance");
    tcase_add_checked_fixture(tc, store_setup, store_teardown);
    tcase_add_test(tc, finance_statements);
    tcase_add_test(tc, statements_by_month);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return store_fixture_run(store_finance_suite());
}
