/* test_finance.c - lib/finance (docs/API.md §16): validating a finance
 * statement (units, as_at, signs, net = gross + income within 1 unit, a
 * published variance within 1 unit of budget - outturn and their sum within
 * ceil(sqrt(lines)) units of the totals' budget - outturn, parent lines,
 * duplicate codes, every problem at once under a base pointer), and the
 * computed view of the 2020/21 Q1 paper's statement: published line
 * variances adding to -2,910 where the rounded nets give -2,908, totals
 * over top-level lines only, the Covid and operating positions, and the
 * key variances largest first. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "finance.h"
#include "unit.h"

/* The Children's Services Trust statement of the 2020/21 Q1 paper
 * (gbp_thousands, forecast as at June 2020): code, name, budget gross,
 * income, net, outturn gross, income, net, published variance gross,
 * income, net, Covid variance. */
// clang-format off
#define LINE(code, name, bg, bi, bn, og, oi, on, vg, vi, vn, covid)                                \
    "{'code':'" code "','name':'" name "',"                                                        \
    "'budget':{'gross':" #bg ",'income':" #bi ",'net':" #bn "},"                                   \
    "'outturn':{'gross':" #og ",'income':" #oi ",'net':" #on "},"                                  \
    "'variance':{'gross':" #vg ",'income':" #vi ",'net':" #vn "},"                                 \
    "'covid_variance_net':" #covid "}"
#define Q1_LINES                                                                                   \
    LINE("children-looked-after", "Children Looked After",                                         \
         32411, -3948, 28463, 34657, -3932, 30725, -2246, -15, -2262, -974) ","                    \
    LINE("other-children-family-services", "Other Children and Family Services",                   \
         1544, 0, 1544, 1557, 0, 1557, -13, 0, -13, 0) ","                                         \
    LINE("family-support-services", "Family Support Services",                                     \
         3086, 0, 3086, 2981, 0, 2981, 105, 0, 105, 0) ","                                         \
    LINE("youth-justice", "Youth Justice",                                                         \
         1846, 0, 1846, 1808, 0, 1808, 38, 0, 38, 0) ","                                           \
    LINE("safeguarding", "Safeguarding Children and Young People\\u0027s Services",                \
         13197, -39, 13159, 13510, -40, 13470, -313, 1, -312, -26) ","                             \
    LINE("services-for-young-people", "Services for Young People",                                 \
         292, 0, 292, 307, 0, 307, -15, 0, -15, 0) ","                                             \
    LINE("contract-value", "Contract Value",                                                       \
         0, -51468, -51468, 0, -51490, -51490, 0, 22, 22, 0) ","                                   \
    LINE("support-services-management", "Support Services and Management Costs",                  \
         4670, -1591, 3079, 4751, -1200, 3551, -81, -391, -473, -161)
// clang-format on
#define Q1_STATEMENT "{'units':'gbp_thousands','as_at':'2020-06','lines':[" Q1_LINES "]}"

/* A minimal valid line with the given extra members (leading comma). */
#define SIMPLE_LINE(code, extra)                                                                   \
    "{'code':'" code "','name':'" code "','budget':{'gross':100,'income':-10,'net':90},"           \
    "'outturn':{'gross':110,'income':-10,'net':100}" extra "}"

static sc_rc parse(const char *text, const char *base, sc_finance *out, sc_errors *errs)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_finance_from_json(doc, base, out, errs);
    json_decref(doc);
    return rc;
}

static void accept(const char *text, sc_finance *out)
{
    sc_errors e = SC_ERRORS_INIT;
    sc_rc rc = parse(text, "", out, &e);
    ck_assert_msg(rc == SC_OK && e.count == 0, "rejected: %s", unit_problems(&e));
    sc_errors_clear(&e);
}

static void reject_at(const char *text, const char *ptr)
{
    sc_errors e = SC_ERRORS_INIT;
    sc_finance f;
    ck_assert_int_eq(parse(text, "", &f, &e), SC_EINVALID);
    ck_assert_msg(e.count == 1 && unit_problems_at(&e, ptr) == 1,
                  "%s: expected one problem at %s, got: %s", text, ptr, unit_problems(&e));
    ck_assert_ptr_null(f.lines);
    ck_assert_ptr_null(f.as_at);
    sc_errors_clear(&e);
}

static const json_t *get(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (v && b)
        v = json_object_get(v, b);
    ck_assert_msg(v != NULL, "no %s/%s", a, b ? b : "");
    return v;
}

static double num(const json_t *o, const char *a, const char *b)
{
    const json_t *v = get(o, a, b);
    ck_assert_msg(json_is_number(v), "%s/%s is not a number", a, b ? b : "");
    return json_number_value(v);
}

START_TEST(paper_statement_parsed)
{
    sc_finance f;
    accept(Q1_STATEMENT, &f);
    ck_assert_int_eq(f.units, SC_UNITS_GBP_THOUSANDS);
    ck_assert_str_eq(f.as_at, "2020-06");
    ck_assert_uint_eq(f.count, 8);
    ck_assert_str_eq(f.lines[0].code, "children-looked-after");
    ck_assert(f.lines[0].budget.net == 28463);
    ck_assert(f.lines[0].outturn.income == -3932);
    ck_assert(f.lines[0].has_variance);
    ck_assert(f.lines[0].variance.income == -15); /* budget - outturn is -16: kept as sent */
    ck_assert(f.lines[0].has_covid);
    ck_assert(f.lines[0].covid_variance_net == -974);
    ck_assert_str_eq(f.lines[4].name, "Safeguarding Children and Young People's Services");
    ck_assert_ptr_null(f.lines[4].parent);

    /* the published variance is used; without one, budget - outturn */
    sc_money3 v = sc_finance_line_variance(&f.lines[4]);
    ck_assert(v.net == -312);
    f.lines[4].has_variance = false;
    v = sc_finance_line_variance(&f.lines[4]);
    ck_assert(v.gross == -313);
    ck_assert(v.income == 1);
    ck_assert(v.net == -311);
    sc_finance_clear(&f);
    ck_assert_ptr_null(f.lines);
    sc_finance_clear(NULL);
}
END_TEST

START_TEST(paper_totals_and_position)
{
    sc_finance f;
    accept(Q1_STATEMENT, &f);
    sc_finance_totals t;
    sc_finance_totals_compute(&f, &t);
    ck_assert(t.budget.net == 1);
    ck_assert(t.outturn.net == 2909);
    ck_assert(t.budget.gross == 57046);
    ck_assert(t.outturn.income == -56662);
    /* the published line variances add to -2,910; the rounded nets to -2,908 */
    ck_assert(t.variance.net == -2910);
    ck_assert(t.budget.net - t.outturn.net == -2908);
    ck_assert(t.has_covid);
    ck_assert(t.covid_variance_net == -1161);
    ck_assert(t.operating_variance_net == -1749);

    /* with computed variances only, the total is -2,908 */
    for (size_t i = 0; i < f.count; i++)
        f.lines[i].has_variance = false;
    sc_finance_totals_compute(&f, &t);
    ck_assert(t.variance.net == -2908);
    ck_assert(t.operating_variance_net == -1747);
    sc_finance_clear(&f);

    ck_assert_str_eq(sc_finance_position_word(-2910), "overspend");
    ck_assert_str_eq(sc_finance_position_word(0.5), "underspend");
    ck_assert_str_eq(sc_finance_position_word(0), "balanced");
    ck_assert(sc_finance_default_threshold(SC_UNITS_GBP_THOUSANDS) == 100);
    ck_assert(sc_finance_default_threshold(SC_UNITS_GBP) == 100000);
}
END_TEST

START_TEST(paper_json_view)
{
    sc_finance f;
    accept(Q1_STATEMENT, &f);
    json_t *j = sc_finance_to_json(&f, sc_period_make(2020, 1), 100);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(get(j, "quarter", NULL)), "2020-21-Q1");
    ck_assert_str_eq(json_string_value(get(j, "units", NULL)), "gbp_thousands");
    ck_assert_str_eq(json_string_value(get(j, "as_at", NULL)), "2020-06");
    ck_assert(num(j, "threshold", NULL) == 100);

    const json_t *lines = get(j, "lines", NULL);
    ck_assert_uint_eq(json_array_size(lines), 8);
    const json_t *cla = json_array_get(lines, 0);
    ck_assert(num(cla, "variance", "net") == -2262);
    ck_assert(num(cla, "variance", "income") == -15);
    ck_assert_str_eq(json_string_value(get(cla, "variance_source", NULL)), "published");
    ck_assert(num(cla, "covid_variance_net", NULL) == -974);
    ck_assert(num(cla, "operating_variance_net", NULL) == -1288);
    ck_assert(json_is_null(get(cla, "parent", NULL)));

    const json_t *totals = get(j, "totals", NULL);
    ck_assert(json_number_value(get(get(totals, "variance", NULL), "net", NULL)) == -2910);
    ck_assert(json_number_value(get(get(totals, "budget", NULL), "net", NULL)) == 1);
    ck_assert(num(totals, "covid_variance_net", NULL) == -1161);

    const json_t *pos = get(j, "position", NULL);
    ck_assert_str_eq(json_string_value(get(pos, "total", NULL)), "overspend");
    ck_assert(num(pos, "total_variance_net", NULL) == -2910);
    ck_assert(num(pos, "operating_variance_net", NULL) == -1749);
    ck_assert_str_eq(json_string_value(get(pos, "operating", NULL)), "overspend");

    /* key variances: |net| >= 100, largest first */
    const json_t *keys = get(j, "key_variances", NULL);
    static const char *const want[] = {"children-looked-after", "support-services-management",
                                       "safeguarding", "family-support-services"};
    static const double nets[] = {-2262, -473, -312, 105};
    ck_assert_uint_eq(json_array_size(keys), 4);
    for (size_t i = 0; i < 4; i++) {
        const json_t *k = json_array_get(keys, i);
        ck_assert_str_eq(json_string_value(get(k, "code", NULL)), want[i]);
        ck_assert(num(k, "variance_net", NULL) == nets[i]);
        ck_assert_str_eq(json_string_value(get(k, "direction", NULL)),
                         nets[i] < 0 ? "overspend" : "underspend");
    }
    ck_assert(num(json_array_get(keys, 1), "operating_variance_net", NULL) == -312);
    json_decref(j);

    /* a higher threshold; the threshold itself counts (>=) */
    j = sc_finance_to_json(&f, sc_period_make(2020, 1), 473);
    keys = get(j, "key_variances", NULL);
    ck_assert_uint_eq(json_array_size(keys), 2);
    json_decref(j);
    j = sc_finance_to_json(&f, sc_period_make(2020, 1), 5000);
    ck_assert_uint_eq(json_array_size(get(j, "key_variances", NULL)), 0);
    json_decref(j);
    sc_finance_clear(&f);
}
END_TEST

START_TEST(breakdown_lines)
{
    sc_finance f;
    // clang-format off
    accept("{'units':'gbp','lines':["
           SIMPLE_LINE("cla", "") ","
           SIMPLE_LINE("ooa", ",'parent':'cla'") ","
           SIMPLE_LINE("other", ",'covid_variance_net':-5") "]}",
           &f);
    // clang-format on
    ck_assert_int_eq(f.units, SC_UNITS_GBP);
    ck_assert_ptr_null(f.as_at);
    ck_assert_str_eq(f.lines[1].parent, "cla");
    sc_finance_totals t;
    sc_finance_totals_compute(&f, &t);
    /* the breakdown is not summed: two top-level lines of -10 each */
    ck_assert(t.variance.net == -20);
    ck_assert(t.budget.gross == 200);
    ck_assert(t.covid_variance_net == -5);
    ck_assert(t.operating_variance_net == -15);
    json_t *j = sc_finance_to_json(&f, sc_period_make(2020, 2), 10);
    const json_t *lines = get(j, "lines", NULL);
    ck_assert_str_eq(json_string_value(get(json_array_get(lines, 1), "parent", NULL)), "cla");
    ck_assert_str_eq(json_string_value(get(json_array_get(lines, 1), "variance_source", NULL)),
                     "computed");
    ck_assert(json_is_null(get(j, "as_at", NULL)));
    /* breakdowns are never key variances */
    ck_assert_uint_eq(json_array_size(get(j, "key_variances", NULL)), 2);
    json_decref(j);
    sc_finance_clear(&f);
}
END_TEST

START_TEST(rounding_slack)
{
    sc_finance f;
    /* net within 1 of gross + income, variance within 1 of budget - outturn */
    accept("{'units':'gbp_thousands','lines':[{'code':'a','name':'A',"
           "'budget':{'gross':100,'income':-10,'net':91},"
           "'outturn':{'gross':110.4,'income':-10,'net':99.4},"
           "'variance':{'gross':-11,'income':1,'net':-9}}]}",
           &f);
    sc_finance_clear(&f);
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':100,'income':-10,'net':92},"
              "'outturn':{'gross':110,'income':-10,'net':100}}]}",
              "/lines/0/budget/net");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':100,'income':-10,'net':90},"
              "'outturn':{'gross':110,'income':-10,'net':100},"
              "'variance':{'gross':-10,'income':0,'net':-12}}]}",
              "/lines/0/variance/net");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':100,'income':-10,'net':90},"
              "'outturn':{'gross':110,'income':-10,'net':100},"
              "'variance':{'gross':10,'income':0,'net':-10}}]}",
              "/lines/0/variance/gross");
}
END_TEST

/* A statement of n top-level lines with budget 10 and outturn 11 (a unit
 * overspent on each), the first off of them publishing a variance of 0
 * instead of -1 (each within the line's 1-unit slack) and the rest -1. */
static json_t *overspend_statement(size_t n, size_t off)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < n; i++) {
        char code[24];
        snprintf(code, sizeof code, "l%zu", i);
        int v = i < off ? 0 : -1;
        json_array_append_new(lines,
                              json_pack("{s:s, s:s, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, "
                                        "s:{s:i, s:i, s:i}}",
                                        "code", code, "name", code, "budget", "gross", 10, "income",
                                        0, "net", 10, "outturn", "gross", 11, "income", 0, "net",
                                        11, "variance", "gross", v, "income", 0, "net", v));
    }
    return json_pack("{s:s, s:o}", "units", "gbp_thousands", "lines", lines);
}

static sc_rc parse_doc(json_t *doc, const char *base, sc_errors *e)
{
    sc_finance f;
    sc_rc rc = sc_finance_from_json(doc, base, &f, e);
    json_decref(doc);
    if (rc == SC_OK)
        sc_finance_clear(&f);
    return rc;
}

START_TEST(rounding_does_not_accumulate)
{
    sc_errors e = SC_ERRORS_INIT;
    /* 500 lines each a unit overspent, published as balanced: the totals
     * would say "balanced" over a 500-unit overspend */
    ck_assert_int_eq(parse_doc(overspend_statement(500, 500), "", &e), SC_EINVALID);
    ck_assert_uint_eq(e.count, 2);
    ck_assert_uint_eq(unit_problems_at(&e, "/lines"), 2);
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&e, "/lines"), "gross variances add to 0"));
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&e, "/lines"), "-500"));
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&e, "/lines"), "23 units"));
    sc_errors_clear(&e);
    /* the bound is ceil(sqrt(lines)): 3 units over 9 lines, not 4 */
    ck_assert_int_eq(parse_doc(overspend_statement(9, 3), "", &e), SC_OK);
    ck_assert_uint_eq(e.count, 0);
    ck_assert_int_eq(parse_doc(overspend_statement(9, 4), "/finance", &e), SC_EINVALID);
    ck_assert_uint_eq(unit_problems_at(&e, "/finance/lines"), 2);
    sc_errors_clear(&e);
    /* one line: its own 1-unit slack is the bound */
    ck_assert_int_eq(parse_doc(overspend_statement(1, 1), "", &e), SC_OK);
    sc_errors_clear(&e);
}
END_TEST

START_TEST(signs_and_shapes)
{
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':-100,'income':0,'net':-100},"
              "'outturn':{'gross':0,'income':0,'net':0}}]}",
              "/lines/0/budget/gross");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':0,'income':0,'net':0},"
              "'outturn':{'gross':0,'income':5,'net':5}}]}",
              "/lines/0/outturn/income");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'outturn':{'gross':0,'income':0,'net':0}}]}",
              "/lines/0/budget");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A','budget':[1,2,3],"
              "'outturn':{'gross':0,'income':0,'net':0}}]}",
              "/lines/0/budget");
    reject_at("{'units':'gbp','lines':[{'code':'a','name':'A',"
              "'budget':{'gross':0,'income':0},'outturn':{'gross':0,'income':0,'net':0}}]}",
              "/lines/0/budget/net");
    reject_at("{'units':'gbp','lines':[" SIMPLE_LINE("a", ",'covid_variance_net':'x'") "]}",
              "/lines/0/covid_variance_net");
    reject_at("{'units':'gbp','lines':[" SIMPLE_LINE("a b", "") "]}", "/lines/0/code");
    reject_at("{'units':'gbp','lines':[" SIMPLE_LINE("a", ",'colour':1") "]}", "/lines/0/colour");
    reject_at("{'units':'gbp','lines':[5]}", "/lines/0");
}
END_TEST

START_TEST(statement_members)
{
    reject_at("{'units':'pounds','lines':[" SIMPLE_LINE("a", "") "]}", "/units");
    reject_at("{'lines':[" SIMPLE_LINE("a", "") "]}", "/units");
    reject_at("{'units':'gbp','as_at':'2020-13','lines':[" SIMPLE_LINE("a", "") "]}", "/as_at");
    reject_at("{'units':'gbp','as_at':'June 20','lines':[" SIMPLE_LINE("a", "") "]}", "/as_at");
    reject_at("{'units':'gbp','as_at':'2020-6','lines':[" SIMPLE_LINE("a", "") "]}", "/as_at");
    reject_at("{'units':'gbp','lines':[]}", "/lines");
    reject_at("{'units':'gbp','lines':{}}", "/lines");
    reject_at("{'units':'gbp'}", "/lines");
    reject_at("{'units':'gbp','lines':[" SIMPLE_LINE("a", "") "],'total':1}", "/total");

    sc_finance f;
    accept("{'units':'gbp','as_at':'2021-12','lines':[" SIMPLE_LINE("a", "") "]}", &f);
    ck_assert_str_eq(f.as_at, "2021-12");
    sc_finance_clear(&f);

    /* at most SC_FINANCE_MAX_LINES lines */
    json_t *doc = unit_json("{'units':'gbp','lines':[]}");
    json_t *line = unit_json(SIMPLE_LINE("l", ""));
    json_t *lines = json_object_get(doc, "lines");
    for (int i = 0; i <= SC_FINANCE_MAX_LINES; i++) {
        json_t *l = json_deep_copy(line);
        char code[16];
        snprintf(code, sizeof code, "l%d", i);
        json_object_set_new(l, "code", json_string(code));
        json_array_append_new(lines, l);
    }
    sc_errors e = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_finance_from_json(doc, "", &f, &e), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&e, "/lines");
    ck_assert_uint_eq(e.count, 1);
    sc_errors_clear(&e);
    json_array_remove(lines, 0);
    ck_assert_int_eq(sc_finance_from_json(doc, "", &f, &e), SC_OK);
    ck_assert_uint_eq(f.count, SC_FINANCE_MAX_LINES);
    sc_finance_clear(&f);
    json_decref(line);
    json_decref(doc);
}
END_TEST

START_TEST(structure_and_many_problems)
{
    /* unknown parent, a parent that is a breakdown, a line its own parent,
     * a duplicate code */
    sc_errors e = SC_ERRORS_INIT;
    sc_finance f;
    // clang-format off
    const char *doc = "{'units':'gbp','lines':["
                      SIMPLE_LINE("a", "") ","
                      SIMPLE_LINE("b", ",'parent':'a'") ","
                      SIMPLE_LINE("c", ",'parent':'b'") ","
                      SIMPLE_LINE("d", ",'parent':'nope'") ","
                      SIMPLE_LINE("e", ",'parent':'e'") ","
                      SIMPLE_LINE("a", "") "]}";
    // clang-format on
    ck_assert_int_eq(parse(doc, "/finance", &f, &e), SC_EINVALID);
    ck_assert_msg(e.count == 4, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/2/parent");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/3/parent");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/4/parent");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/5/code");
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&e, "/finance/lines/2/parent"), "breakdown"));
    sc_errors_clear(&e);

    /* problems everywhere, all reported, under the base */
    ck_assert_int_eq(parse("{'units':'yen','as_at':'2020-00','colour':1,'lines':["
                           "{'code':'a','budget':{'gross':-1,'income':1,'net':0},"
                           "'outturn':{'gross':0,'income':0,'net':7}},"
                           "'x']}",
                           "/finance", &f, &e),
                     SC_EINVALID);
    ck_assert_msg(e.count == 8, "%s", unit_problems(&e));
    UNIT_ASSERT_ONE_AT(&e, "/finance/colour");
    UNIT_ASSERT_ONE_AT(&e, "/finance/units");
    UNIT_ASSERT_ONE_AT(&e, "/finance/as_at");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/0/name");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/0/budget/gross");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/0/budget/income");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/0/outturn/net");
    UNIT_ASSERT_ONE_AT(&e, "/finance/lines/1");
    ck_assert_ptr_null(f.lines);
    sc_errors_clear(&e);
}
END_TEST

START_TEST(equality)
{
    sc_finance a, b;
    accept(Q1_STATEMENT, &a);
    accept(Q1_STATEMENT, &b);
    ck_assert(sc_finance_equal(&a, &b));
    b.lines[3].covid_variance_net = 1;
    ck_assert(!sc_finance_equal(&a, &b));
    b.lines[3].covid_variance_net = 0;
    ck_assert(sc_finance_equal(&a, &b));
    b.lines[7].variance.net = -472;
    ck_assert(!sc_finance_equal(&a, &b));
    b.lines[7].variance.net = -473;
    b.units = SC_UNITS_GBP;
    ck_assert(!sc_finance_equal(&a, &b));
    b.units = SC_UNITS_GBP_THOUSANDS;
    b.count = 7;
    ck_assert(!sc_finance_equal(&a, &b));
    b.count = 8;
    sc_finance_clear(&b);
    accept("{'units':'gbp_thousands','lines':[" Q1_LINES "]}", &b);
    ck_assert(!sc_finance_equal(&a, &b)); /* as_at differs */
    sc_finance_clear(&a);
    sc_finance_clear(&b);
}
END_TEST

static Suite *finance_suite(void)
{
    Suite *s = suite_create("finance");
    TCase *tc = tcase_create("paper");
    tcase_add_test(tc, paper_statement_parsed);
    tcase_add_test(tc, paper_totals_and_position);
    tcase_add_test(tc, paper_json_view);
    tcase_add_test(tc, breakdown_lines);
    tcase_add_test(tc, equality);
    suite_add_tcase(s, tc);

    tc = tcase_create("validation");
    tcase_add_test(tc, rounding_slack);
    tcase_add_test(tc, rounding_does_not_accumulate);
    tcase_add_test(tc, signs_and_shapes);
    tcase_add_test(tc, statement_members);
    tcase_add_test(tc, structure_and_many_problems);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(finance_suite());
}
