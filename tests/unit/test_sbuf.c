/* test_sbuf.c - lib/sbuf: RFC 4180 quoting of CSV fields, and the CSV
 * formula rule (issue 13): a text field starting with = + - @ TAB or CR
 * gets a leading ', inside the quotes when the field is quoted; a figure
 * written with sc_sbuf_csv_field never does. */
#include <check.h>

#include "sbuf.h"
#include "unit.h"

typedef struct {
    const char *in;
    const char *want;
} field_case;

static void check_fields(void (*put)(sc_sbuf *, const char *), const field_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sc_sbuf s = {0};
        put(&s, c[i].in);
        ck_assert(!s.oom);
        ck_assert_msg(strcmp(s.buf ? s.buf : "", c[i].want) == 0, "%s -> [%s], want [%s]", c[i].in,
                      s.buf ? s.buf : "", c[i].want);
        free(s.buf);
    }
}

START_TEST(text_fields_that_look_like_formulas)
{
    static const field_case cases[] = {
        {"=HYPERLINK(\"http://e.vil/\",\"x\")", "\"'=HYPERLINK(\"\"http://e.vil/\"\",\"\"x\"\")\""},
        {"=1+1", "'=1+1"},
        {"+44 due to an outage", "'+44 due to an outage"},
        {"-5 children fewer", "'-5 children fewer"},
        {"-12", "'-12"}, /* a JSON string, so text: the rule does not guess */
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tTabbed", "'\tTabbed"},
        {"\r=1+1", "\"'\r=1+1\""},
        {"-a,b", "\"'-a,b\""},
    };
    check_fields(sc_sbuf_csv_text, cases, sizeof cases / sizeof *cases);
}
END_TEST

START_TEST(text_fields_left_alone)
{
    static const field_case cases[] = {
        {"", ""},
        {"Referrals", "Referrals"},
        {"2020-21-Q1", "2020-21-Q1"},
        {"a=b", "a=b"},
        {" =1+1", " =1+1"},
        {"'quoted'", "'quoted'"},
        {"line one,\nline \"two\"", "\"line one,\nline \"\"two\"\"\""},
        {"\n=1", "\"\n=1\""},
    };
    check_fields(sc_sbuf_csv_text, cases, sizeof cases / sizeof *cases);
}
END_TEST

START_TEST(figures_unchanged)
{
    static const field_case cases[] = {
        {"-12", "-12"},   {"-0.5", "-0.5"}, {"+1", "+1"},
        {"1025", "1025"}, {"", ""},         {"a,b", "\"a,b\""},
    };
    check_fields(sc_sbuf_csv_field, cases, sizeof cases / sizeof *cases);
}
END_TEST

static Suite *sbuf_suite(void)
{
    Suite *s = suite_create("sbuf");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, text_fields_that_look_like_formulas);
    tcase_add_test(tc, text_fields_left_alone);
    tcase_add_test(tc, figures_unchanged);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(sbuf_suite());
}
