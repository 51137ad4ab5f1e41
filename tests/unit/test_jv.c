/* test_jv.c - lib/jv, lib/errors and lib/area: the member-by-member JSON
 * validators (absent / null / wrong type / out of range, pointers built
 * from base and key, unknown members with RFC 6901 escaping), UTF-8
 * length and code syntax, the problem list itself, and service-area
 * documents (sc_area_from_json). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "area.h"
#include "errors.h"
#include "jv.h"
#include "unit.h"

START_TEST(errors_list)
{
    sc_errors e = SC_ERRORS_INIT;
    for (int i = 0; i < 20; i++) /* grows past the first allocation */
        sc_errors_add(&e, "/indicators/3/value", "problem %d of %s", i, "many");
    ck_assert_uint_eq(e.count, 20);
    ck_assert_str_eq(e.items[0].pointer, "/indicators/3/value");
    ck_assert_str_eq(e.items[19].detail, "problem 19 of many");
    sc_errors_add(&e, NULL, "whole document");
    ck_assert_str_eq(e.items[20].pointer, "");
    sc_errors_set_message(&e, "first %d", 1);
    sc_errors_set_message(&e, "second %s", "message");
    ck_assert_str_eq(e.message, "second message");
    sc_errors_clear(&e);
    ck_assert_uint_eq(e.count, 0);
    ck_assert_ptr_null(e.items);
    ck_assert_ptr_null(e.message);
    sc_errors_clear(&e);
    sc_errors_clear(NULL);

    char buf[32];
    ck_assert_str_eq(sc_pointer_index(buf, sizeof buf, "/indicators", 3), "/indicators/3");
    ck_assert_str_eq(sc_pointer_index(buf, sizeof buf, "", 0), "/0");

    ck_assert_str_eq(sc_rc_name(SC_OK), "ok");
    ck_assert_str_eq(sc_rc_name(SC_EINVALID), "invalid");
    ck_assert_str_eq(sc_rc_name(SC_ENOTFOUND), "not found");
    ck_assert_str_eq(sc_rc_name(SC_ECONFLICT), "conflict");
    ck_assert_str_eq(sc_rc_name(SC_EDB), "database error");
    ck_assert_str_eq(sc_rc_name(SC_ENOMEM), "out of memory");
    ck_assert_str_eq(sc_rc_name((sc_rc)99), "unknown");
}
END_TEST

START_TEST(utf8_and_codes)
{
    ck_assert_uint_eq(sc_utf8_len(""), 0);
    ck_assert_uint_eq(sc_utf8_len("abc"), 3);
    ck_assert_uint_eq(sc_utf8_len("caf\xc3\xa9"), 4); /* café */
    ck_assert_uint_eq(sc_utf8_len("\xe2\x82\xac"
                                  "100"),
                      4);                                   /* €100 */
    ck_assert_uint_eq(sc_utf8_len("\xf0\x9f\x98\x80!"), 2); /* emoji! */

    const char *good[] = {"CP-SEEN", "a", "9", "LAC.3_b-1", "trust-etl"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(sc_jv_code_valid(good[i]), "%s", good[i]);
    char longest[65];
    memset(longest, 'x', 64);
    longest[64] = '\0';
    ck_assert(sc_jv_code_valid(longest));
    const char *bad[] = {"", "-A", ".A", "_A", "A B", "A/B", "A~B", "caf\xc3\xa9", "A\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!sc_jv_code_valid(bad[i]), "%s", bad[i]);
    char too_long[66];
    memset(too_long, 'x', 65);
    too_long[65] = '\0';
    ck_assert(!sc_jv_code_valid(too_long));
    ck_assert(!sc_jv_code_valid(NULL));
}
END_TEST

START_TEST(object_and_unknown_members)
{
    static const char *const allowed[] = {"a", "b", NULL};
    sc_errors e = SC_ERRORS_INIT;
    json_t *doc = unit_json("{'a':1,'b':null,'c':2,'x/y':3,'m~n':4,'':5}");
    ck_assert(sc_jv_object(doc, "/base", allowed, &e));
    ck_assert_msg(e.count == 4, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/base/c");
    UNIT_ASSERT_ONE_AT(&e, "/base/x~1y");
    UNIT_ASSERT_ONE_AT(&e, "/base/m~0n");
    UNIT_ASSERT_ONE_AT(&e, "/base/");
    ck_assert_str_eq(unit_detail_at(&e, "/base/c"), "unknown member \"c\"");
    sc_errors_clear(&e);
    json_decref(doc);

    doc = unit_json("[1]");
    ck_assert(!sc_jv_object(doc, "", allowed, &e));
    ck_assert_uint_eq(e.count, 1);
    ck_assert_str_eq(e.items[0].pointer, "");
    ck_assert_str_eq(e.items[0].detail, "must be a JSON object");
    sc_errors_clear(&e);
    json_decref(doc);
    ck_assert(!sc_jv_object(NULL, "/x", allowed, &e));
    UNIT_ASSERT_ONE_AT(&e, "/x");
    sc_errors_clear(&e);
}
END_TEST

START_TEST(absent_null_required)
{
    sc_errors e = SC_ERRORS_INIT;
    json_t *doc = unit_json("{'n':null}");
    const char *s = "untouched";
    int64_t i = 7;
    double d = 1.5;
    bool b = true;
    sc_period p = 42;
    int idx = 3;
    static const char *const choices[] = {"x", "y"};

    /* optional: absent and null are both ABSENT, outputs untouched */
    ck_assert_int_eq(sc_jv_string(doc, "", "n", false, 0, 10, true, &s, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_string(doc, "", "missing", false, 0, 10, true, &s, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_int(doc, "", "n", false, 0, 10, &i, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_number(doc, "", "n", false, &d, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_bool(doc, "", "n", false, &b, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_period(doc, "", "n", false, &p, &e), SC_JV_ABSENT);
    ck_assert_int_eq(sc_jv_enum(doc, "", "n", false, choices, 2, &idx, &e), SC_JV_ABSENT);
    ck_assert_uint_eq(e.count, 0);
    ck_assert_str_eq(s, "untouched");
    ck_assert_int_eq(i, 7);
    ck_assert(d == 1.5);
    ck_assert(b);
    ck_assert_int_eq(p, 42);
    ck_assert_int_eq(idx, 3);

    /* required: null is reported as missing */
    ck_assert_int_eq(sc_jv_string(doc, "/r", "n", true, 0, 10, true, &s, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_int(doc, "/r", "missing", true, 0, 10, &i, &e), SC_JV_BAD);
    ck_assert_uint_eq(e.count, 2);
    ck_assert_str_eq(unit_detail_at(&e, "/r/n"), "n is required");
    ck_assert_str_eq(unit_detail_at(&e, "/r/missing"), "missing is required");
    sc_errors_clear(&e);
    json_decref(doc);
}
END_TEST

START_TEST(typed_members)
{
    sc_errors e = SC_ERRORS_INIT;
    json_t *doc = unit_json("{'s':'abc','u':'caf\\u00e9','c':'a\\tb','i':5,'r':5.0,'f':5.5,"
                            "'big':1e13,'neg':-3,'t':true,'q':'2020-21-Q1','qq':'2020/21 Q1',"
                            "'e':'y','num':'5'}");
    json_object_set_new(doc, "z", json_stringn("a\0b", 3));
    const char *s;
    ck_assert_int_eq(sc_jv_string(doc, "", "s", true, 3, 3, true, &s, &e), SC_JV_OK);
    ck_assert_str_eq(s, "abc");
    ck_assert_int_eq(sc_jv_string(doc, "", "u", true, 4, 4, true, &s, &e), SC_JV_OK);
    ck_assert_int_eq(sc_jv_string(doc, "", "c", true, 0, 10, false, &s, &e), SC_JV_OK);
    ck_assert_uint_eq(e.count, 0);
    ck_assert_int_eq(sc_jv_string(doc, "", "s", true, 4, 10, true, &s, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_string(doc, "", "u", true, 0, 3, true, &s, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_string(doc, "", "c", true, 0, 10, true, &s, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_string(doc, "", "i", true, 0, 10, true, &s, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_string(doc, "", "z", true, 0, 10, false, &s, &e), SC_JV_BAD);
    ck_assert_uint_eq(e.count, 5);
    ck_assert_str_eq(e.items[0].detail, "s must be at least 4 characters long");
    ck_assert_str_eq(e.items[1].detail, "u must be at most 3 characters long (it has 4)");
    ck_assert_str_eq(e.items[2].detail, "c must not contain control characters");
    ck_assert_str_eq(e.items[3].detail, "i must be a string");
    ck_assert_str_eq(e.items[4].detail, "z must not contain NUL characters");
    sc_errors_clear(&e);

    int64_t i;
    ck_assert_int_eq(sc_jv_int(doc, "", "i", true, 0, 10, &i, &e), SC_JV_OK);
    ck_assert_int_eq(i, 5);
    ck_assert_int_eq(sc_jv_int(doc, "", "r", true, 0, 10, &i, &e), SC_JV_OK);
    ck_assert_int_eq(i, 5);
    ck_assert_int_eq(sc_jv_int(doc, "", "big", true, 0, INT64_C(10000000000000), &i, &e), SC_JV_OK);
    ck_assert_int_eq(i, INT64_C(10000000000000));
    ck_assert_int_eq(sc_jv_int(doc, "", "i", true, 0, 4, &i, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_int(doc, "", "neg", true, 0, 4, &i, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_int(doc, "", "f", true, 0, 10, &i, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_int(doc, "", "num", true, 0, 10, &i, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_int(doc, "", "t", true, 0, 10, &i, &e), SC_JV_BAD);
    ck_assert_uint_eq(e.count, 5);
    ck_assert_str_eq(e.items[0].detail, "i must be between 0 and 4");
    ck_assert_str_eq(e.items[2].detail, "f must be a whole number");
    sc_errors_clear(&e);

    double d;
    ck_assert_int_eq(sc_jv_number(doc, "", "f", true, &d, &e), SC_JV_OK);
    ck_assert(d == 5.5);
    ck_assert_int_eq(sc_jv_number(doc, "", "neg", true, &d, &e), SC_JV_OK);
    ck_assert(d == -3);
    ck_assert_int_eq(sc_jv_number(doc, "", "num", true, &d, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_number(doc, "", "big", true, &d, &e), SC_JV_BAD); /* beyond 1e12 */
    ck_assert_uint_eq(e.count, 2);
    sc_errors_clear(&e);

    bool b = false;
    ck_assert_int_eq(sc_jv_bool(doc, "", "t", true, &b, &e), SC_JV_OK);
    ck_assert(b);
    ck_assert_int_eq(sc_jv_bool(doc, "", "i", true, &b, &e), SC_JV_BAD);
    UNIT_ASSERT_ONE_AT(&e, "/i");
    sc_errors_clear(&e);

    sc_period p;
    ck_assert_int_eq(sc_jv_period(doc, "", "q", true, &p, &e), SC_JV_OK);
    ck_assert_int_eq(p, sc_period_make(2020, 1));
    ck_assert_int_eq(sc_jv_period(doc, "/x", "qq", true, &p, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_period(doc, "/x", "i", true, &p, &e), SC_JV_BAD);
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&e, "/x/qq"), "did you mean 2020-21-Q1?"));
    UNIT_ASSERT_ONE_AT(&e, "/x/i");
    sc_errors_clear(&e);

    static const char *const choices[] = {"x", "y"};
    int idx = -1;
    ck_assert_int_eq(sc_jv_enum(doc, "", "e", true, choices, 2, &idx, &e), SC_JV_OK);
    ck_assert_int_eq(idx, 1);
    ck_assert_int_eq(sc_jv_enum(doc, "", "s", true, choices, 2, &idx, &e), SC_JV_BAD);
    ck_assert_int_eq(sc_jv_enum(doc, "", "i", true, choices, 2, &idx, &e), SC_JV_BAD);
    ck_assert_str_eq(e.items[0].detail, "s must be one of \"x\", \"y\"");
    ck_assert_uint_eq(e.count, 2);
    sc_errors_clear(&e);
    json_decref(doc);
}
END_TEST

START_TEST(area_documents)
{
    sc_errors e = SC_ERRORS_INIT;
    const char *name = NULL;
    int pos = 0;
    json_t *doc = unit_json("{'name':'Early Help','position':10}");
    ck_assert_int_eq(sc_area_from_json(doc, "early-help", &name, &pos, &e), SC_OK);
    ck_assert_str_eq(name, "Early Help");
    ck_assert_int_eq(pos, 10);
    json_decref(doc);

    doc = unit_json("{'code':'early-help','name':'Early Help'}");
    ck_assert_int_eq(sc_area_from_json(doc, "early-help", &name, &pos, &e), SC_OK);
    ck_assert_int_eq(pos, -1);
    json_decref(doc);
    ck_assert_uint_eq(e.count, 0);

    doc = unit_json("{'code':'other','position':-1,'colour':1}");
    ck_assert_int_eq(sc_area_from_json(doc, "early-help", &name, &pos, &e), SC_EINVALID);
    ck_assert_msg(e.count == 4, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/code");
    UNIT_ASSERT_ONE_AT(&e, "/name");
    UNIT_ASSERT_ONE_AT(&e, "/position");
    UNIT_ASSERT_ONE_AT(&e, "/colour");
    sc_errors_clear(&e);
    json_decref(doc);
}
END_TEST

/* The pointer of an unknown member with a long (200-character) name is
 * exact, all 201 characters: RFC 6901 pointers must be, or a client
 * matching problems to members cannot find this one. (lib/jv.c
 * sc_jv_object once built the escaped name in a 128-byte buffer and the
 * pointer in 256 bytes, silently truncating it; fixed, kept as a
 * regression test.) */
START_TEST(unknown_member_long_name_exact_pointer)
{
    char key[201];
    memset(key, 'k', 200);
    key[200] = '\0';
    json_t *doc = json_object();
    json_object_set_new(doc, key, json_true());
    static const char *const allowed[] = {NULL};
    sc_errors e = SC_ERRORS_INIT;
    sc_jv_object(doc, "", allowed, &e);
    json_decref(doc);
    char want[203];
    snprintf(want, sizeof want, "/%s", key);
    size_t count = e.count, got_len = count ? strlen(e.items[0].pointer) : 0;
    bool exact = count == 1 && strcmp(e.items[0].pointer, want) == 0;
    sc_errors_clear(&e);
    ck_assert_uint_eq(count, 1);
    ck_assert_msg(exact,
                  "pointer of a 200-character member is %zu characters, "
                  "want 201",
                  got_len);
}
END_TEST

static Suite *jv_suite(void)
{
    Suite *s = suite_create("jv");
    TCase *tc = tcase_create("jv");
    tcase_add_test(tc, errors_list);
    tcase_add_test(tc, utf8_and_codes);
    tcase_add_test(tc, object_and_unknown_members);
    tcase_add_test(tc, absent_null_required);
    tcase_add_test(tc, typed_members);
    tcase_add_test(tc, area_documents);
    tcase_add_test(tc, unknown_member_long_name_exact_pointer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(jv_suite());
}
