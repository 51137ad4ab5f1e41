/* test_csv_return.c - lib/model/csv_return: the quarterly return's
 * long-form CSV into the JSON return document (numbers as numbers, empty
 * values left out, the template's extra columns ignored, the formula
 * rule's ' taken off), the cell of every value, and refusals that name
 * their row: quotes, field counts, UTF-8, the header, unknown sections and
 * fields, repeats. */
#include <check.h>

#include "csv_return.h"
#include "unit.h"

static json_t *parse_ok(const char *csv, sc_csv_origins **o)
{
    json_t *doc = NULL;
    sc_csv_problems p = {0};
    sc_rc rc = sc_csv_return_parse(csv, strlen(csv), &doc, o, &p);
    ck_assert_msg(rc == SC_OK, "rc %d, first problem: %s", rc, p.count ? p.items[0].detail : "");
    sc_csv_problems_clear(&p);
    return doc;
}

START_TEST(builds_the_json_document)
{
    sc_csv_origins *o;
    json_t *doc =
        parse_ok("\xEF\xBB\xBFsection,code,name,field,previous_value,value\r\n"
                 "indicator,CP-SEEN,Children seen,availability,reported,reported\r\n"
                 "indicator,CP-SEEN,Children seen,value,94,95\r\n"
                 "indicator,CP-SEEN,Children seen,count,,891\r\n"
                 "indicator,CP-SEEN,Children seen,commentary,,\"'-5 fewer, \"\"so\"\"\"\r\n"
                 "indicator,CP-PLAN,Plans,value,80,\r\n"
                 "demand,contacts,Contacts,value,6150, 5349 \n"
                 ",,,,,\r\n"
                 "finance,,,units,gbp_thousands,gbp_thousands\r\n"
                 "finance_line,cla,CLA,name,CLA,Children Looked After\r\n"
                 "finance_line,cla,CLA,budget_gross,,32411\r\n"
                 "finance_line,cla,CLA,budget_income,,-3948.5\r\n"
                 "finance_line,cla,CLA,covid_variance_net,,-974\r\n",
                 &o);
    json_t *want =
        unit_json("{'indicators': [{'code': 'CP-SEEN', 'availability': 'reported', 'value': 95,"
                  "  'count': 891, 'commentary': '-5 fewer, \\'so\\''}],"
                  " 'demand': [{'code': 'contacts', 'value': 5349}],"
                  " 'finance': {'lines': [{'code': 'cla', 'name': 'Children Looked After',"
                  "   'budget': {'gross': 32411, 'income': -3948.5}, 'covid_variance_net': -974}],"
                  "  'units': 'gbp_thousands'}}");
    ck_assert_msg(json_equal(doc, want), "%s", json_dumps(doc, JSON_COMPACT));
    ck_assert(json_is_integer(
        json_object_get(json_array_get(json_object_get(doc, "demand"), 0), "value")));
    /* cells: the header is row 1, the BOM is no part of it */
    sc_csv_cell at = sc_csv_origin_of(o, "/indicators/0/value");
    ck_assert_int_eq(at.row, 3);
    ck_assert_str_eq(at.column, "value");
    at = sc_csv_origin_of(o, "/indicators/0");
    ck_assert_int_eq(at.row, 2);
    ck_assert_str_eq(at.column, "code");
    at = sc_csv_origin_of(o, "/indicators/0/count");
    ck_assert_int_eq(at.row, 4);
    at = sc_csv_origin_of(o, "/demand/0/value");
    ck_assert_int_eq(at.row, 7);
    /* a part never given points at its object's first row */
    at = sc_csv_origin_of(o, "/finance/lines/0/budget/net");
    ck_assert_int_eq(at.row, 11);
    at = sc_csv_origin_of(o, "/finance/lines/0/outturn");
    ck_assert_int_eq(at.row, 10);
    ck_assert_str_eq(at.column, "code");
    at = sc_csv_origin_of(o, "/quarter");
    ck_assert_int_eq(at.row, 0);
    json_decref(doc);
    json_decref(want);
    sc_csv_origins_free(o);
}
END_TEST

START_TEST(text_in_a_numeric_field_stays_text)
{
    sc_csv_origins *o;
    json_t *doc = parse_ok("section,code,field,value\n"
                           "demand,a,value,lots\n"
                           "demand,b,value,0x10\n"
                           "demand,c,value,1e3\n",
                           &o);
    json_t *d = json_object_get(doc, "demand");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(d, 0), "value")), "lots");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(d, 1), "value")), "0x10");
    ck_assert(json_is_real(json_object_get(json_array_get(d, 2), "value")));
    json_decref(doc);
    sc_csv_origins_free(o);
}
END_TEST

typedef struct {
    const char *csv;
    bool malformed;
    size_t row;
    const char *detail; /* a part of the first problem */
} bad_case;

START_TEST(refusals_name_their_row)
{
    static const bad_case cases[] = {
        {"", true, 0, "no header row"},
        {"section,code,value\r\n", true, 1, "no column \"field\""},
        {"section,code,field,value\r\ndemand,\"a,value,1\r\n", true, 2, "never closed"},
        {"section,code,field,value\r\ndemand,a\"b,value,1\r\n", true, 2, "quote inside"},
        {"section,code,field,value\r\ndemand,\"a\"x,value,1\r\n", true, 2, "after the closing"},
        {"section,code,field,value\r\ndemand,a,value\r\n", true, 2, "has 3 fields"},
        {"section,code,field,value\r\ndemand,a,value,1,234\r\n", true, 2, "has 5 fields"},
        {"section,code,field,value\r\n\r\ndemand,a\xff,value,1\r\n", true, 3, "not UTF-8"},
        {"section,code,field,value\r\ndemands,a,value,1\r\n", false, 2, "section \"demands\""},
        {"section,code,field,value\r\ndemand,a,values,1\r\n", false, 2, "no field \"values\""},
        {"section,code,field,value\r\ndemand,,value,1\r\n", false, 2, "needs its code"},
        {"section,code,field,value\r\ndemand,a,value,1\r\ndemand,a,value,2\r\n", false, 3,
         "first on row 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *doc = NULL;
        sc_csv_origins *o = NULL;
        sc_csv_problems p = {0};
        sc_rc rc = sc_csv_return_parse(cases[i].csv, strlen(cases[i].csv), &doc, &o, &p);
        ck_assert_msg(rc == SC_EINVALID && p.count >= 1, "case %zu: rc %d", i, rc);
        ck_assert_ptr_null(doc);
        ck_assert_ptr_null(o);
        ck_assert_msg(p.malformed == cases[i].malformed, "case %zu: malformed %d", i, p.malformed);
        ck_assert_msg(p.items[0].at.row == cases[i].row, "case %zu: row %zu", i, p.items[0].at.row);
        ck_assert_msg(strstr(p.items[0].detail, cases[i].detail), "case %zu: %s", i,
                      p.items[0].detail);
        sc_csv_problems_clear(&p);
    }
}
END_TEST

START_TEST(locates_validation_problems)
{
    sc_csv_origins *o;
    json_t *doc = parse_ok("value,field,code,section\n"
                           "-1,value,contacts,demand\n",
                           &o);
    sc_errors e = SC_ERRORS_INIT;
    sc_errors_add(&e, "/demand/0/value", "value must be between 0 and 1000000000000");
    sc_errors_add(&e, "", "the whole document");
    sc_csv_problems p = {0};
    ck_assert(sc_csv_problems_locate(o, &e, &p));
    ck_assert_int_eq(p.count, 2);
    ck_assert_int_eq(p.items[0].at.row, 2);
    ck_assert_str_eq(p.items[0].at.column, "value");
    ck_assert_str_eq(p.items[0].pointer, "/demand/0/value");
    ck_assert_int_eq(p.items[1].at.row, 0);
    sc_csv_problems_clear(&p);
    sc_errors_clear(&e);
    json_decref(doc);
    sc_csv_origins_free(o);
}
END_TEST

START_TEST(sniffs_csv_from_json)
{
    ck_assert(!sc_csv_return_sniff(" \n{\"demand\": []}", 15));
    ck_assert(!sc_csv_return_sniff("\xEF\xBB\xBF[", 4));
    ck_assert(sc_csv_return_sniff("section,code,field,value\n", 25));
    ck_assert(!sc_csv_return_sniff("", 0));
}
END_TEST

static Suite *csv_return_suite(void)
{
    Suite *s = suite_create("csv_return");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, builds_the_json_document);
    tcase_add_test(tc, text_in_a_numeric_field_stays_text);
    tcase_add_test(tc, refusals_name_their_row);
    tcase_add_test(tc, locates_validation_problems);
    tcase_add_test(tc, sniffs_csv_from_json);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(csv_return_suite());
}
