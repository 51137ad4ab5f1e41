/* test_finance_papers.c - lib/finance and lib/risk_share against what the
 * papers print (docs/API.md §16): the demo's statements (data/demo, the
 * papers' tables) with their Grand Total rows as published, each within n
 * units of its lines' sum and refused beyond; breakdown lines that carry
 * only a variance, never summed; a line excluded from the key variances
 * with its reason; the as_at window and the months of a quarter; the
 * movement; the 70/30 risk share of the 2017/18 Q2 overspend. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "finance.h"
#include "population.h"
#include "risk_share.h"
#include "unit.h"

/* The "finance" member of a demo file, parsed (clear with sc_finance_clear). */
static void demo_statement(const char *file, sc_finance *f)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", UNIT_DEMO_DIR, file);
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err);
    ck_assert_msg(doc != NULL, "%s: %s", path, err.text);
    sc_errors e = SC_ERRORS_INIT;
    ck_assert_msg(sc_finance_from_json(json_object_get(doc, "finance"), "/finance", f, &e) == SC_OK,
                  "%s: %s", file, unit_problems(&e));
    sc_errors_clear(&e);
    json_decref(doc);
}

static void assert_money(const sc_money3 *m, double gross, double income, double net)
{
    ck_assert_msg(m->gross == gross && m->income == income && m->net == net,
                  "got %g / %g / %g, the paper prints %g / %g / %g", m->gross, m->income, m->net,
                  gross, income, net);
}

static const sc_finance_line *line(const sc_finance *f, const char *code)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->lines[i].code, code) == 0)
            return &f->lines[i];
    ck_abort_msg("no line %s", code);
    return NULL;
}

/* 2020/21 Q1 ¶33: Grand Total 57,045 / -57,045 / 0 / 59,572 / -56,662 /
 * 2,910 / -2,527 / -383 / -2,910 / -1,161, where the lines add to 57,046 /
 * ... / 1 / 59,571 / ... / 2,909 / -2,525. */
START_TEST(grand_total_2020_21_q1)
{
    sc_finance f;
    demo_statement("return-2020-21-Q1.json", &f);
    sc_finance_totals shown, sums;
    sc_finance_totals_shown(&f, &shown);
    sc_finance_totals_compute(&f, &sums);
    ck_assert(shown.published);
    assert_money(&shown.budget, 57045, -57045, 0);
    assert_money(&shown.outturn, 59572, -56662, 2910);
    assert_money(&shown.variance, -2527, -383, -2910);
    ck_assert(shown.has_covid && shown.covid_variance_net == -1161);
    ck_assert(shown.operating_variance_net == -1749);
    assert_money(&sums.budget, 57046, -57046, 1);
    assert_money(&sums.outturn, 59571, -56662, 2909);
    ck_assert(sums.variance.gross == -2525);
    /* the six sub-headings of ¶44-59 are not summed */
    ck_assert(sums.covid_variance_net == -1161);
    const sc_finance_line *ooa = line(&f, "lac-out-of-area");
    ck_assert(!ooa->has_budget && !ooa->has_variance_split);
    ck_assert(ooa->variance.net == -1320 && ooa->covid_variance_net == -740);
    json_t *j = sc_finance_to_json(&f, sc_period_make(2020, 1), 100);
    ck_assert_str_eq(json_string_value(json_object_get(j, "totals_source")), "published");
    ck_assert_uint_eq(json_array_size(json_object_get(j, "key_variances")), 4);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "excluded_variances")), 0);
    json_decref(j);
    sc_finance_clear(&f);
}
END_TEST

/* 2019/20 Q3 ¶33 and ¶35: Grand Total 57,281 / -57,281 / 0 / 56,599 /
 * -57,625 / -1,025 / 682 / 343 / 1,025; five key variances, the Contract
 * Value's 123 left out "pending contract variance for ICT". */
START_TEST(grand_total_and_exclusion_2019_20_q3)
{
    sc_finance f;
    demo_statement("return-2019-20-Q3.json", &f);
    sc_finance_totals shown;
    sc_finance_totals_shown(&f, &shown);
    assert_money(&shown.budget, 57281, -57281, 0);
    assert_money(&shown.outturn, 56599, -57625, -1025);
    assert_money(&shown.variance, 682, 343, 1025);
    ck_assert(!shown.has_covid);
    const sc_finance_line **keys;
    size_t n;
    ck_assert_int_eq(sc_finance_key_variances(&f, 100, &keys, &n), SC_OK);
    ck_assert_uint_eq(n, 5);
    static const char *const named[] = {"children-looked-after", "safeguarding",
                                        "other-children-family-services", "family-support-services",
                                        "services-for-young-people"};
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(keys[i]->code, named[i]);
    free(keys);
    json_t *j = sc_finance_to_json(&f, sc_period_make(2019, 3), 100);
    json_t *ex = json_array_get(json_object_get(j, "excluded_variances"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(ex, "code")), "contract-value");
    ck_assert_str_eq(json_string_value(json_object_get(ex, "reason")),
                     "pending contract variance for ICT");
    ck_assert(json_number_value(json_object_get(ex, "variance_net")) == 123);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "excluded_variances")), 1);
    json_decref(j);
    /* ¶35's sub-headings: OOA 840 over, IFA 306, SGO/CAO 265, asylum 143 under */
    ck_assert(line(&f, "lac-out-of-area")->variance.net == -840);
    ck_assert(line(&f, "lac-ifa")->variance.net == 306);
    ck_assert(line(&f, "lac-cao-sgo")->variance.net == 265);
    ck_assert(line(&f, "lac-asylum-seekers")->variance.net == 143);
    sc_finance_clear(&f);
}
END_TEST

#define ONE_LINE                                                                                   \
    "{'code':'a','name':'A','budget':{'gross':100,'income':0,'net':100},"                          \
    "'outturn':{'gross':90,'income':0,'net':90}}"
#define TWO_LINES                                                                                  \
    ONE_LINE ",{'code':'b','name':'B','budget':{'gross':50,'income':0,'net':50},"                  \
             "'outturn':{'gross':50,'income':0,'net':50}}"

static sc_rc parse(const char *text, sc_finance *f, sc_errors *e)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_finance_from_json(doc, "", f, e);
    json_decref(doc);
    return rc;
}

static void reject(const char *text, const char *ptr)
{
    sc_errors e = SC_ERRORS_INIT;
    sc_finance f;
    ck_assert_int_eq(parse(text, &f, &e), SC_EINVALID);
    ck_assert_msg(unit_problems_at(&e, ptr) == 1, "%s: expected a problem at %s, got: %s", text,
                  ptr, unit_problems(&e));
    ck_assert_ptr_null(f.lines);
    sc_errors_clear(&e);
}

static void accept(const char *text, sc_finance *f)
{
    sc_errors e = SC_ERRORS_INIT;
    ck_assert_msg(parse(text, f, &e) == SC_OK, "%s: %s", text, unit_problems(&e));
    sc_errors_clear(&e);
}

/* Two lines: each total may be 2 units from its sum, not 3. */
START_TEST(published_bound)
{
    sc_finance f;
    accept("{'units':'gbp','lines':[" TWO_LINES "],'totals':{"
           "'budget':{'gross':152,'income':0,'net':152},"
           "'outturn':{'gross':142,'income':0,'net':142},"
           "'variance':{'gross':10,'income':0,'net':10}}}",
           &f);
    ck_assert(f.has_totals && f.totals.budget.gross == 152);
    sc_finance_clear(&f);
    reject("{'units':'gbp','lines':[" TWO_LINES "],'totals':{"
           "'budget':{'gross':153,'income':0,'net':153},"
           "'outturn':{'gross':140,'income':0,'net':140},"
           "'variance':{'gross':13,'income':0,'net':13}}}",
           "/totals/budget/gross");
    /* the published variance is budget - outturn within a unit */
    reject("{'units':'gbp','lines':[" TWO_LINES "],'totals':{"
           "'budget':{'gross':150,'income':0,'net':150},"
           "'outturn':{'gross':140,'income':0,'net':140},"
           "'variance':{'gross':12,'income':0,'net':10}}}",
           "/totals/variance/gross");
    reject("{'units':'gbp','lines':[" ONE_LINE "],'totals':{'budget':{'gross':100,'income':0,"
           "'net':100}}}",
           "/totals/outturn");
    reject("{'units':'gbp','lines':[" ONE_LINE "],'totals':{'budget':{'gross':100,'income':0,"
           "'net':100},'outturn':{'gross':90,'income':0,'net':90},'variance':{'gross':10,"
           "'income':0,'net':10},'covid_variance_net':-5}}",
           "/totals/covid_variance_net");
    reject("{'units':'gbp','lines':[" ONE_LINE "],'totals':[]}", "/totals");
    /* listed with the lines' problems */
    reject("{'units':'gbp','lines':[],'totals':{'budget':1}}", "/totals/budget");
    reject("{'units':'gbp','lines':[],'totals':{'budget':1}}", "/lines");
}
END_TEST

START_TEST(variance_only_lines)
{
    sc_finance f;
    accept("{'units':'gbp','lines':[" ONE_LINE
           ",{'code':'s','name':'S','parent':'a','variance':{'net':-400},"
           "'covid_variance_net':-100}]}",
           &f);
    sc_finance_totals t;
    sc_finance_totals_compute(&f, &t);
    ck_assert(t.variance.net == 10); /* the breakdown is not summed */
    json_t *j = sc_finance_to_json(&f, sc_period_make(2020, 1), 0);
    json_t *s = json_array_get(json_object_get(j, "lines"), 1);
    ck_assert(json_is_null(json_object_get(s, "budget")));
    ck_assert(json_is_null(json_object_get(json_object_get(s, "variance"), "gross")));
    ck_assert(json_number_value(json_object_get(s, "operating_variance_net")) == -300);
    json_decref(j);
    sc_finance_clear(&f);
    /* a top-level line needs its budget and outturn */
    reject("{'units':'gbp','lines':[{'code':'a','name':'A','variance':{'net':1}}]}",
           "/lines/0/budget");
    reject("{'units':'gbp','lines':[" ONE_LINE ",{'code':'s','name':'S','parent':'a'}]}",
           "/lines/1/variance");
    reject("{'units':'gbp','lines':[" ONE_LINE
           ",{'code':'s','name':'S','parent':'a','variance':{'gross':5,'net':5}}]}",
           "/lines/1/variance");
    reject("{'units':'gbp','lines':[" ONE_LINE
           ",{'code':'s','name':'S','parent':'a','variance':{'gross':5,'income':0,'net':9}}]}",
           "/lines/1/variance/net");
    /* with only one of budget and outturn it is an ordinary line */
    reject("{'units':'gbp','lines':[" ONE_LINE ",{'code':'s','name':'S','parent':'a',"
           "'budget':{'gross':1,'income':0,'net':1},'variance':{'net':1}}]}",
           "/lines/1/outturn");
}
END_TEST

START_TEST(exclusion_reason)
{
    sc_finance f;
    accept("{'units':'gbp','lines':[{'code':'a','name':'A','budget':{'gross':500,'income':0,"
           "'net':500},'outturn':{'gross':100,'income':0,'net':100},"
           "'exclusion_reason':'pending a contract decision'}]}",
           &f);
    const sc_finance_line **keys;
    size_t n;
    ck_assert_int_eq(sc_finance_key_variances(&f, 100, &keys, &n), SC_OK);
    ck_assert_uint_eq(n, 0);
    free(keys);
    sc_finance_clear(&f);
    reject("{'units':'gbp','lines':[" ONE_LINE ",{'code':'s','name':'S','parent':'a',"
           "'variance':{'net':1},'exclusion_reason':'x'}]}",
           "/lines/1/exclusion_reason");
    reject("{'units':'gbp','lines':[{'code':'a','name':'A','budget':{'gross':1,'income':0,"
           "'net':1},'outturn':{'gross':1,'income':0,'net':1},'exclusion_reason':''}]}",
           "/lines/0/exclusion_reason");
}
END_TEST

/* 2020/21 Q1 is April-June 2020: as_at 2020-04 to 2020-09. */
START_TEST(as_at_window)
{
    sc_period q1 = sc_period_make(2020, 1), q4 = sc_period_make(2019, 4);
    char m[SC_FINANCE_MONTH_LEN];
    ck_assert_str_eq(sc_finance_quarter_month(q1, m), "2020-06");
    ck_assert_str_eq(sc_finance_quarter_month(q4, m), "2020-03");
    ck_assert_str_eq(sc_finance_quarter_month(sc_period_make(2019, 3), m), "2019-12");
    ck_assert_int_eq(sc_finance_month_of_year("2020-05"), 2);
    ck_assert_int_eq(sc_finance_month_of_year("2021-03"), 12);
    ck_assert_int_eq(sc_finance_month_of_year("2020-13"), 0);
    static const struct {
        const char *as_at;
        bool ok;
    } cases[] = {{"2020-03", false}, {"2020-04", true},  {"2020-06", true},
                 {"2020-09", true},  {"2020-10", false}, {"2019-06", false}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *doc = json_pack("{s:s}", "as_at", cases[i].as_at);
        sc_errors e = SC_ERRORS_INIT;
        sc_finance_check_as_at(doc, q1, "/finance", &e);
        json_decref(doc);
        ck_assert_msg((e.count == 0) == cases[i].ok, "%s: %s", cases[i].as_at, unit_problems(&e));
        ck_assert(cases[i].ok || unit_problems_at(&e, "/finance/as_at") == 1);
        sc_errors_clear(&e);
    }
    sc_finance none = {0};
    ck_assert_str_eq(sc_finance_month(&none, q1, m), "2020-06");
    json_t *mv = sc_finance_movement_json(-2910, "2020-05", q1, -3040);
    ck_assert(json_number_value(json_object_get(mv, "change")) == 130);
    ck_assert_str_eq(json_string_value(json_object_get(mv, "quarter")), "2020-21-Q1");
    json_decref(mv);
}
END_TEST

/* 2017/18 Q2: "The Council overspend is £1.1m (70%/30% risk share)" of
 * the £1.63m projected overspend. */
START_TEST(risk_share_split)
{
    sc_risk_share rs = {0};
    sc_errors e = SC_ERRORS_INIT;
    json_t *doc = unit_json("{'council_pct':70,'trust_pct':30}");
    ck_assert_int_eq(sc_risk_share_from_json(doc, "", &rs, &e), SC_OK);
    json_decref(doc);
    ck_assert(sc_population_year_parse("2017-18", &rs.year, NULL, 0));
    double council, trust;
    sc_risk_share_split(&rs, -1630, &council, &trust);
    ck_assert(council == -1141 && trust == -489);
    rs.council_pct = 75;
    rs.trust_pct = 25;
    sc_risk_share_split(&rs, 1025, &council, &trust);
    ck_assert(council == 768.75 && trust == 256.25);
    json_t *j = sc_risk_share_to_json(&rs);
    ck_assert_str_eq(json_string_value(json_object_get(j, "year")), "2017-18");
    json_decref(j);
    doc = unit_json("{'council_pct':70,'trust_pct':20}");
    ck_assert_int_eq(sc_risk_share_from_json(doc, "", &rs, &e), SC_EINVALID);
    ck_assert_int_eq(unit_problems_at(&e, ""), 1);
    json_decref(doc);
    sc_errors_clear(&e);
    doc = unit_json("{'council_pct':170,'trust_pct':'x','other':1}");
    ck_assert_int_eq(sc_risk_share_from_json(doc, "", &rs, &e), SC_EINVALID);
    ck_assert_msg(e.count == 3 && unit_problems_at(&e, "/council_pct") == 1 &&
                      unit_problems_at(&e, "/trust_pct") == 1,
                  "%s", unit_problems(&e));
    json_decref(doc);
    sc_errors_clear(&e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("finance_papers");
    TCase *tc = tcase_create("papers");
    tcase_add_test(tc, grand_total_2020_21_q1);
    tcase_add_test(tc, grand_total_and_exclusion_2019_20_q3);
    tcase_add_test(tc, published_bound);
    tcase_add_test(tc, variance_only_lines);
    tcase_add_test(tc, exclusion_reason);
    tcase_add_test(tc, as_at_window);
    tcase_add_test(tc, risk_share_split);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
