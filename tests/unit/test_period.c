/* test_period.c - lib/period: parsing the canonical quarter id YYYY-YY-Qn,
 * the hints given for other spellings, the range of financial years (their
 * dates within years 1000..9999), formatting, quarter arithmetic
 * (previous, next, same quarter last year), ordering and sc_period_within;
 * and the instants as_of accepts (sc_utc_parse: real calendar dates, UTC
 * within years 0001..9999). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "period.h"
#include "unit.h"
#include "utc.h"

#define SENTINEL 123456

static sc_period parse_ok(const char *s)
{
    sc_period p = SENTINEL;
    char hint[200] = "";
    ck_assert_msg(sc_period_parse(s, &p, hint, sizeof hint), "%s rejected: %s", s, hint);
    return p;
}

/* Parses s, expecting a rejection; *out must stay untouched. Returns the hint. */
static const char *parse_bad(const char *s)
{
    static char hint[200];
    sc_period p = SENTINEL;
    hint[0] = '\0';
    ck_assert_msg(!sc_period_parse(s, &p, hint, sizeof hint), "%s accepted", s ? s : "NULL");
    ck_assert_int_eq(p, SENTINEL);
    ck_assert_msg(hint[0] != '\0', "no hint for %s", s ? s : "NULL");
    return hint;
}

static void assert_format(sc_period p, const char *want)
{
    char buf[SC_PERIOD_ID_LEN];
    ck_assert_str_eq(sc_period_format(p, buf), want);
}

START_TEST(parse_canonical)
{
    sc_period p = parse_ok("2020-21-Q1");
    ck_assert_int_eq(sc_period_year(p), 2020);
    ck_assert_int_eq(sc_period_quarter(p), 1);
    ck_assert_int_eq(p, sc_period_make(2020, 1));

    p = parse_ok("2019-20-Q4");
    ck_assert_int_eq(sc_period_year(p), 2019);
    ck_assert_int_eq(sc_period_quarter(p), 4);

    p = parse_ok("2020-21-Q2");
    ck_assert_int_eq(sc_period_quarter(p), 2);
    p = parse_ok("2020-21-Q3");
    ck_assert_int_eq(sc_period_quarter(p), 3);

    p = parse_ok("1999-00-Q3");
    ck_assert_int_eq(sc_period_year(p), 1999);
    ck_assert_int_eq(sc_period_quarter(p), 3);

    p = parse_ok("1000-01-Q1");
    ck_assert_int_eq(sc_period_year(p), SC_PERIOD_MIN_YEAR);
    p = parse_ok("9998-99-Q4");
    ck_assert_int_eq(sc_period_year(p), SC_PERIOD_MAX_YEAR);
    ck_assert_int_eq(sc_period_quarter(p), 4);
    ck_assert_int_eq(p, SC_PERIOD_LAST);
    ck_assert_int_eq(parse_ok("1000-01-Q1"), SC_PERIOD_FIRST);
}
END_TEST

START_TEST(last_financial_year)
{
    /* 9999-00 runs into the year 10000, which no RFC 3339 date can name */
    static const char range[] = "year out of range: financial years run from 1000-01 to "
                                "9998-99, the last whose quarters end within the year 9999";
    for (int q = 1; q <= 4; q++) {
        char id[SC_PERIOD_ID_LEN];
        snprintf(id, sizeof id, "9999-00-Q%d", q);
        ck_assert_str_eq(parse_bad(id), range);
    }
    ck_assert_str_eq(parse_bad("0999-00-Q4"), range);
    /* a hint never suggests an id out of range */
    const char *hint = parse_bad("9999/00 Q1");
    ck_assert_msg(strstr(hint, "did you mean") == NULL, "%s", hint);
}
END_TEST

static const char *time_ok(const char *s)
{
    static char out[32];
    ck_assert_msg(sc_utc_parse(s, out), "%s rejected", s);
    return out;
}

START_TEST(instants)
{
    ck_assert_str_eq(time_ok("2020-08-18T09:30:00Z"), "2020-08-18T09:30:00.000Z");
    ck_assert_str_eq(time_ok("2020-08-18T10:30:00.5+01:00"), "2020-08-18T09:30:00.500Z");
    ck_assert_str_eq(time_ok("2024-02-29T12:00:00Z"), "2024-02-29T12:00:00.000Z");
    ck_assert_str_eq(time_ok("2000-02-29T12:00:00Z"), "2000-02-29T12:00:00.000Z");
    ck_assert_str_eq(time_ok("9999-12-31T22:59:59-01:00"), "9999-12-31T23:59:59.000Z");
    ck_assert_str_eq(time_ok("0001-01-01T00:30:00-00:30"), "0001-01-01T01:00:00.000Z");
    ck_assert_str_eq(time_ok("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000Z");
    char out[32];
    static const char *const bad[] = {"2026-02-31T00:00:00Z", /* no such day */
                                      "2023-02-29T00:00:00Z",
                                      "1900-02-29T00:00:00Z",
                                      "2026-04-31T00:00:00Z",
                                      "2026-00-10T00:00:00Z",
                                      "2026-13-01T00:00:00Z",
                                      "2026-01-00T00:00:00Z",
                                      "9999-12-31T23:59:59-01:00", /* the year 10000 in UTC */
                                      "0001-01-01T00:00:00+00:01", /* the year 0 in UTC */
                                      "0000-06-01T00:00:00Z",
                                      "2020-08-18T09:30:00+24:00",
                                      "2020-08-18T09:30:00+05:60",
                                      "2020-08-18T24:00:00Z",
                                      "2020-08-18",
                                      "2026-02-31"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!sc_utc_parse(bad[i], out), "%s accepted as %s", bad[i], out);
}
END_TEST

START_TEST(century_wrap)
{
    /* the second year is the first plus one, modulo 100 */
    sc_period p = parse_ok("2099-00-Q1");
    ck_assert_int_eq(sc_period_year(p), 2099);
    ck_assert_int_eq(sc_period_quarter(p), 1);
    ck_assert_str_eq(parse_bad("2099-01-Q1"),
                     "the second year of a financial year is the first plus one; "
                     "did you mean 2099-00-Q1?");
    ck_assert_str_eq(parse_bad("2099-99-Q1"),
                     "the second year of a financial year is the first plus one; "
                     "did you mean 2099-00-Q1?");
}
END_TEST

START_TEST(reject_other_spellings)
{
    const char *bad[] = {
        "2020-22-Q1", "2020-21-Q5", "2020-21-Q0",  "2020-21-q1",  "2020/21 Q1",  "2020-2021-Q1",
        "Q1 2020-21", "",           " 2020-21-Q1", "2020-21-Q1 ", "2020-21-Q01", "2020-21Q1",
        "20-21-Q1",   "0999-00-Q1", "abcd-ef-Qg",  "2020-2a-Q1",  "2020_21_Q1",  "2020-21-Q1\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        parse_bad(bad[i]);
}
END_TEST

START_TEST(reject_null)
{
    const char *hint = parse_bad(NULL);
    ck_assert_ptr_nonnull(strstr(hint, "YYYY-YY-Qn"));
}
END_TEST

START_TEST(hint_suggests_canonical)
{
    struct {
        const char *in;
        const char *want;
    } cases[] = {
        {"2020/21 Q1", "did you mean 2020-21-Q1?"},  {"2020-2021-Q1", "did you mean 2020-21-Q1?"},
        {"2020-21-q1", "did you mean 2020-21-Q1?"},  {"Q1 2020-21", "did you mean 2020-21-Q1?"},
        {"2020-22-Q1", "did you mean 2020-21-Q1?"},  {"2019/20 q4", "did you mean 2019-20-Q4?"},
        {" 2020-21-Q1", "did you mean 2020-21-Q1?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *hint = parse_bad(cases[i].in);
        ck_assert_msg(strstr(hint, cases[i].want) != NULL, "hint for \"%s\" is \"%s\"", cases[i].in,
                      hint);
    }
    ck_assert_str_eq(parse_bad("2020/21 Q1"),
                     "not a quarter id: quarters are written YYYY-YY-Qn; did you mean 2020-21-Q1?");
}
END_TEST

START_TEST(hint_without_guess)
{
    /* nothing recognisable: the hint shows the form with an example */
    const char *cases[] = {"", "2020-21-Q5", "next quarter", "Q3"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *hint = parse_bad(cases[i]);
        ck_assert_msg(strstr(hint, "did you mean") == NULL, "hint for \"%s\" guesses: %s", cases[i],
                      hint);
        ck_assert_msg(strstr(hint, "YYYY-YY-Qn, e.g. 2020-21-Q1") != NULL, "hint: %s", hint);
    }
}
END_TEST

START_TEST(hint_buffer_optional_and_bounded)
{
    sc_period p = SENTINEL;
    ck_assert(!sc_period_parse("2020/21 Q1", &p, NULL, 0));
    ck_assert(!sc_period_parse("2020/21 Q1", &p, NULL, 100));
    ck_assert(!sc_period_parse(NULL, &p, NULL, 0));
    ck_assert_int_eq(p, SENTINEL);

    char small[8];
    memset(small, 'x', sizeof small);
    ck_assert(!sc_period_parse("2020/21 Q1", &p, small, sizeof small));
    ck_assert_uint_eq(strlen(small), sizeof small - 1);

    char untouched[4] = "abc";
    ck_assert(!sc_period_parse("2020/21 Q1", &p, untouched, 0));
    ck_assert_str_eq(untouched, "abc");

    /* a good id ignores the hint buffer */
    char hint[40] = "unchanged";
    ck_assert(sc_period_parse("2020-21-Q1", &p, hint, sizeof hint));
    ck_assert_str_eq(hint, "unchanged");
}
END_TEST

START_TEST(arithmetic)
{
    sc_period q1 = parse_ok("2020-21-Q1");
    assert_format(sc_period_previous(q1), "2019-20-Q4");
    assert_format(sc_period_next(parse_ok("2019-20-Q4")), "2020-21-Q1");
    assert_format(sc_period_same_last_year(q1), "2019-20-Q1");
    assert_format(sc_period_same_last_year(parse_ok("2020-21-Q4")), "2019-20-Q4");
    assert_format(sc_period_next(q1), "2020-21-Q2");
    assert_format(sc_period_previous(parse_ok("2020-21-Q3")), "2020-21-Q2");
    assert_format(sc_period_next(parse_ok("2098-99-Q4")), "2099-00-Q1");
    assert_format(sc_period_previous(parse_ok("2100-01-Q1")), "2099-00-Q4");
    assert_format(sc_period_next(parse_ok("1999-00-Q4")), "2000-01-Q1");
    ck_assert_int_eq(sc_period_previous(sc_period_next(q1)), q1);
    ck_assert_int_eq(sc_period_same_last_year(q1), q1 - 4);
    /* four steps back is the same quarter last year */
    sc_period p = q1;
    for (int i = 0; i < 4; i++)
        p = sc_period_previous(p);
    ck_assert_int_eq(p, sc_period_same_last_year(q1));
}
END_TEST

START_TEST(ordering)
{
    const char *in_order[] = {"2018-19-Q4", "2019-20-Q1", "2019-20-Q2", "2019-20-Q3", "2019-20-Q4",
                              "2020-21-Q1", "2020-21-Q2", "2099-00-Q1", "2100-01-Q1"};
    size_t n = sizeof in_order / sizeof *in_order;
    for (size_t i = 0; i + 1 < n; i++) {
        sc_period a = parse_ok(in_order[i]), b = parse_ok(in_order[i + 1]);
        ck_assert_msg(a < b, "%s should sort before %s", in_order[i], in_order[i + 1]);
    }
    ck_assert_int_eq(parse_ok("2020-21-Q1"), parse_ok("2020-21-Q1"));
}
END_TEST

START_TEST(format_round_trip)
{
    assert_format(sc_period_make(2020, 1), "2020-21-Q1");
    assert_format(sc_period_make(2019, 4), "2019-20-Q4");
    assert_format(sc_period_make(2099, 1), "2099-00-Q1");
    assert_format(sc_period_make(1999, 2), "1999-00-Q2");
    assert_format(sc_period_make(1000, 3), "1000-01-Q3");
    assert_format(sc_period_make(2009, 4), "2009-10-Q4");
    assert_format(sc_period_make(9998, 4), "9998-99-Q4");

    char buf[SC_PERIOD_ID_LEN];
    for (int y = SC_PERIOD_MIN_YEAR; y <= SC_PERIOD_MAX_YEAR; y += 7) {
        for (int q = 1; q <= 4; q++) {
            sc_period p = sc_period_make(y, q);
            sc_period_format(p, buf);
            ck_assert_uint_eq(strlen(buf), SC_PERIOD_ID_LEN - 1);
            ck_assert_int_eq(parse_ok(buf), p);
            ck_assert_int_eq(sc_period_year(p), y);
            ck_assert_int_eq(sc_period_quarter(p), q);
        }
    }
}
END_TEST

START_TEST(within_bounds)
{
    sc_period from = parse_ok("2019-20-Q2"), to = parse_ok("2020-21-Q1");
    sc_period before = parse_ok("2019-20-Q1"), inside = parse_ok("2019-20-Q4"),
              after = parse_ok("2020-21-Q2");

    ck_assert(sc_period_within(from, from, to));
    ck_assert(sc_period_within(to, from, to));
    ck_assert(sc_period_within(inside, from, to));
    ck_assert(!sc_period_within(before, from, to));
    ck_assert(!sc_period_within(after, from, to));

    /* open start */
    ck_assert(sc_period_within(before, SC_PERIOD_NONE, to));
    ck_assert(sc_period_within(to, SC_PERIOD_NONE, to));
    ck_assert(!sc_period_within(after, SC_PERIOD_NONE, to));
    /* open end */
    ck_assert(!sc_period_within(before, from, SC_PERIOD_NONE));
    ck_assert(sc_period_within(from, from, SC_PERIOD_NONE));
    ck_assert(sc_period_within(parse_ok("2099-00-Q4"), from, SC_PERIOD_NONE));
    /* both open */
    ck_assert(sc_period_within(parse_ok("1000-01-Q1"), SC_PERIOD_NONE, SC_PERIOD_NONE));
    ck_assert(sc_period_within(after, SC_PERIOD_NONE, SC_PERIOD_NONE));
    /* a single quarter */
    ck_assert(sc_period_within(inside, inside, inside));
    ck_assert(!sc_period_within(from, inside, inside));
}
END_TEST

static Suite *period_suite(void)
{
    Suite *s = suite_create("period");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, parse_canonical);
    tcase_add_test(tc, last_financial_year);
    tcase_add_test(tc, instants);
    tcase_add_test(tc, century_wrap);
    tcase_add_test(tc, reject_other_spellings);
    tcase_add_test(tc, reject_null);
    tcase_add_test(tc, hint_suggests_canonical);
    tcase_add_test(tc, hint_without_guess);
    tcase_add_test(tc, hint_buffer_optional_and_bounded);
    suite_add_tcase(s, tc);

    tc = tcase_create("arithmetic");
    tcase_add_test(tc, arithmetic);
    tcase_add_test(tc, ordering);
    tcase_add_test(tc, format_round_trip);
    tcase_add_test(tc, within_bounds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(period_suite());
}
