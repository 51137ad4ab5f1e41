/* test_result.c - lib/result: validating a result document
 * (sc_result_from_json, docs/API.md §6) against the indicator's unit and
 * decimals: what a reported result needs, numerator/denominator rules and
 * their agreement with value (+-1 in the last place), figures on
 * non-reported results, reason, commentary length in code points, unknown
 * members, wrong types, several problems at once and base pointers; then
 * sc_result_scaled, sc_result_equal and sc_result_add_json. */
#include <check.h>
#include <string.h>

#include "result.h"
#include "unit.h"

static sc_indicator percent_ind(int decimals)
{
    sc_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.code = (char *)"CP-SEEN";
    ind.unit = SC_UNIT_PERCENT;
    ind.decimals = decimals;
    ind.polarity = SC_HIGHER_IS_BETTER;
    ind.active_from = ind.active_to = SC_PERIOD_NONE;
    return ind;
}

static sc_indicator count_ind(void)
{
    sc_indicator ind = percent_ind(0);
    ind.code = (char *)"LAC-COUNT";
    ind.unit = SC_UNIT_COUNT;
    return ind;
}

/* Validates text (single-quoted JSON) for ind; the caller clears errs/out. */
static sc_rc validate(const char *text, const sc_indicator *ind, const char *base,
                      const char *extra, sc_result *out, sc_errors *errs)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_result_from_json(doc, ind, base, extra, out, errs);
    json_decref(doc);
    return rc;
}

/* Expects text to be accepted; fills *out. */
static void accept(const char *text, const sc_indicator *ind, sc_result *out)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_rc rc = validate(text, ind, "", NULL, out, &errs);
    ck_assert_msg(rc == SC_OK && errs.count == 0, "%s rejected: %s", text, unit_problems(&errs));
    sc_errors_clear(&errs);
}

/* Expects text to be rejected with exactly one problem, at ptr. */
static void reject_at(const char *text, const sc_indicator *ind, const char *ptr)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_result out;
    sc_rc rc = validate(text, ind, "", NULL, &out, &errs);
    ck_assert_msg(rc == SC_EINVALID, "%s accepted", text);
    ck_assert_msg(errs.count == 1 && unit_problems_at(&errs, ptr) == 1,
                  "%s: expected one problem at %s, got: %s", text, ptr, unit_problems(&errs));
    /* nothing is left to free on failure */
    ck_assert_ptr_null(out.reason);
    ck_assert_ptr_null(out.commentary);
    ck_assert(!out.has_value);
    sc_errors_clear(&errs);
}

/* ---- what is accepted ---- */

START_TEST(reported_value)
{
    sc_indicator ind = percent_ind(0);
    sc_result r;
    accept("{'availability':'reported','value':95,'commentary':'95% (276) seen'}", &ind, &r);
    ck_assert_int_eq(r.availability, SC_AVAIL_REPORTED);
    ck_assert(r.has_value);
    ck_assert(r.value_given);
    ck_assert(r.value == 95.0);
    ck_assert(!r.has_ratio);
    ck_assert_ptr_null(r.reason);
    ck_assert_str_eq(r.commentary, "95% (276) seen");
    sc_result_clear(&r);
    ck_assert_ptr_null(r.commentary);

    /* a count indicator needs only a value; negative figures are allowed */
    sc_indicator cnt = count_ind();
    accept("{'availability':'reported','value':-3.5}", &cnt, &r);
    ck_assert(r.value == -3.5);
    sc_result_clear(&r);
    /* null members count as absent */
    accept("{'availability':'reported','value':12,'numerator':null,'denominator':null,"
           "'reason':null,'commentary':null}",
           &cnt, &r);
    ck_assert(!r.has_ratio);
    ck_assert_ptr_null(r.commentary);
    sc_result_clear(&r);
}
END_TEST

START_TEST(reported_ratio_only)
{
    sc_indicator ind = percent_ind(0);
    sc_result r;
    accept("{'availability':'reported','numerator':276,'denominator':290}", &ind, &r);
    ck_assert(r.has_ratio);
    ck_assert_int_eq(r.numerator, 276);
    ck_assert_int_eq(r.denominator, 290);
    ck_assert(r.has_value);
    ck_assert(!r.value_given);
    ck_assert(r.value == 95.0); /* derived at the indicator's precision */
    int64_t s;
    ck_assert(sc_result_scaled(&r, 0, &s));
    ck_assert_int_eq(s, 95);
    ck_assert(sc_result_scaled(&r, 1, &s));
    ck_assert_int_eq(s, 952);
    ck_assert(sc_result_scaled(&r, 3, &s));
    ck_assert_int_eq(s, 95172);
    sc_result_clear(&r);

    ind = percent_ind(1);
    accept("{'availability':'reported','numerator':276,'denominator':290}", &ind, &r);
    ck_assert(r.value == 95.2);
    sc_result_clear(&r);

    /* integral reals are integers; 0 of n is fine; n of n is 100% */
    accept("{'availability':'reported','numerator':0.0,'denominator':7.0}", &ind, &r);
    ck_assert_int_eq(r.numerator, 0);
    ck_assert_int_eq(r.denominator, 7);
    ck_assert(r.value == 0.0);
    sc_result_clear(&r);
    accept("{'availability':'reported','numerator':7,'denominator':7}", &ind, &r);
    ck_assert(r.value == 100.0);
    sc_result_clear(&r);
}
END_TEST

START_TEST(reported_value_and_ratio_agree)
{
    /* 276/290 = 95.17%: at decimals 0 that is 95; 94 and 96 are within one */
    sc_indicator ind = percent_ind(0);
    sc_result r;
    accept("{'availability':'reported','value':95,'numerator':276,'denominator':290}", &ind, &r);
    ck_assert(r.value_given);
    ck_assert(r.has_ratio);
    ck_assert(r.value == 95.0);
    sc_result_clear(&r);
    accept("{'availability':'reported','value':96,'numerator':276,'denominator':290}", &ind, &r);
    sc_result_clear(&r);
    accept("{'availability':'reported','value':94,'numerator':276,'denominator':290}", &ind, &r);
    sc_result_clear(&r);
    /* the value is compared at the indicator's precision: 95.4 is 95 */
    accept("{'availability':'reported','value':95.4,'numerator':276,'denominator':290}", &ind, &r);
    sc_result_clear(&r);

    /* at decimals 1: 95.2, so 95.1 .. 95.3 agree */
    ind = percent_ind(1);
    accept("{'availability':'reported','value':95.1,'numerator':276,'denominator':290}", &ind, &r);
    sc_result_clear(&r);
    accept("{'availability':'reported','value':95.3,'numerator':276,'denominator':290}", &ind, &r);
    sc_result_clear(&r);
    /* a count indicator may carry a ratio alongside its value */
    sc_indicator cnt = count_ind();
    accept("{'availability':'reported','value':3,'numerator':1,'denominator':2}", &cnt, &r);
    ck_assert(r.has_ratio);
    sc_result_clear(&r);
}
END_TEST

START_TEST(not_reported_states)
{
    sc_indicator ind = percent_ind(0);
    sc_result r;
    accept("{'availability':'not_available','reason':'Covid-19'}", &ind, &r);
    ck_assert_int_eq(r.availability, SC_AVAIL_NOT_AVAILABLE);
    ck_assert(!r.has_value);
    ck_assert_str_eq(r.reason, "Covid-19");
    sc_result_clear(&r);
    accept("{'availability':'not_available'}", &ind, &r);
    ck_assert_ptr_null(r.reason);
    sc_result_clear(&r);
    accept("{'availability':'annual_not_due','value':null}", &ind, &r);
    ck_assert_int_eq(r.availability, SC_AVAIL_ANNUAL_NOT_DUE);
    sc_result_clear(&r);
    accept("{'availability':'suspended','commentary':'agreed in the contract framework'}", &ind,
           &r);
    ck_assert_int_eq(r.availability, SC_AVAIL_SUSPENDED);
    ck_assert_str_eq(r.commentary, "agreed in the contract framework");
    sc_result_clear(&r);
}
END_TEST

/* ---- single problems ---- */

START_TEST(reported_without_value)
{
    sc_indicator pct = percent_ind(0);
    sc_indicator cnt = count_ind();
    reject_at("{'availability':'reported'}", &pct, "/value");
    reject_at("{'availability':'reported','value':null}", &pct, "/value");
    reject_at("{'availability':'reported'}", &cnt, "/value");
    /* a ratio stands for the value only on a percent indicator */
    reject_at("{'availability':'reported','numerator':1,'denominator':2}", &cnt, "/value");

    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    validate("{'availability':'reported'}", &pct, "", NULL, &r, &errs);
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&errs, "/value"), "numerator and denominator"));
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(numerator_denominator_rules)
{
    sc_indicator ind = percent_ind(0);
    reject_at("{'availability':'reported','numerator':276}", &ind, "/denominator");
    reject_at("{'availability':'reported','value':95,'numerator':276}", &ind, "/denominator");
    reject_at("{'availability':'reported','denominator':290}", &ind, "/numerator");
    reject_at("{'availability':'reported','value':95,'numerator':0,'denominator':0}", &ind,
              "/denominator");
    reject_at("{'availability':'reported','numerator':0,'denominator':0}", &ind, "/denominator");
    reject_at("{'availability':'reported','numerator':1,'denominator':-4}", &ind, "/denominator");
    reject_at("{'availability':'reported','numerator':-1,'denominator':4}", &ind, "/numerator");
    reject_at("{'availability':'reported','numerator':1.5,'denominator':4}", &ind, "/numerator");
    reject_at("{'availability':'reported','numerator':1,'denominator':4.5}", &ind, "/denominator");
    /* a percentage cannot exceed 100 */
    reject_at("{'availability':'reported','numerator':291,'denominator':290}", &ind, "/numerator");
}
END_TEST

/* count: the number behind a percentage whose denominator is not
 * published; never with numerator/denominator, never without its value,
 * never on a figure that is not a percentage or not reported. */
START_TEST(count_rules)
{
    sc_indicator ind = percent_ind(0);
    sc_result r;
    accept("{'availability':'reported','value':95,'count':891}", &ind, &r);
    ck_assert(r.has_count);
    ck_assert_int_eq(r.count, 891);
    sc_result other;
    accept("{'availability':'reported','value':95,'count':890}", &ind, &other);
    ck_assert(!sc_result_equal(&r, &other));
    json_t *o = json_object();
    ck_assert_int_eq(sc_result_add_json(o, &r), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "count")), 891);
    json_decref(o);
    sc_result_clear(&r);
    sc_result_clear(&other);
    accept("{'availability':'reported','value':95}", &ind, &r);
    ck_assert(!r.has_count);
    sc_result_clear(&r);
    accept("{'availability':'reported','value':0,'count':0}", &ind, &r);
    ck_assert(r.has_count);
    sc_result_clear(&r);
    reject_at("{'availability':'reported','value':95,'count':-1}", &ind, "/count");
    reject_at("{'availability':'reported','value':95,'count':1.5}", &ind, "/count");
    reject_at("{'availability':'reported','value':95,'count':'891'}", &ind, "/count");
    reject_at("{'availability':'reported','numerator':276,'denominator':290,'count':276}", &ind,
              "/count");
    reject_at("{'availability':'not_available','reason':'x','count':3}", &ind, "/count");
    sc_indicator n = count_ind();
    reject_at("{'availability':'reported','value':95,'count':95}", &n, "/count");
}
END_TEST

START_TEST(value_disagrees_with_ratio)
{
    sc_indicator ind = percent_ind(0);
    /* 276/290 = 95 at decimals 0 */
    reject_at("{'availability':'reported','value':97,'numerator':276,'denominator':290}", &ind,
              "/value");
    reject_at("{'availability':'reported','value':93,'numerator':276,'denominator':290}", &ind,
              "/value");
    reject_at("{'availability':'reported','value':96.5,'numerator':276,'denominator':290}", &ind,
              "/value"); /* 97 at decimals 0 */
    /* 95.2 at decimals 1: 95.0 and 95.4 are two tenths away */
    ind = percent_ind(1);
    reject_at("{'availability':'reported','value':95.0,'numerator':276,'denominator':290}", &ind,
              "/value");
    reject_at("{'availability':'reported','value':95.4,'numerator':276,'denominator':290}", &ind,
              "/value");
    /* a fraction instead of a percentage */
    reject_at("{'availability':'reported','value':0.95,'numerator':276,'denominator':290}", &ind,
              "/value");

    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    validate("{'availability':'reported','value':95.0,'numerator':276,'denominator':290}", &ind, "",
             NULL, &r, &errs);
    const char *d = unit_detail_at(&errs, "/value");
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, "276/290") && strstr(d, "95.2"), "detail: %s", d);
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(figures_only_when_reported)
{
    sc_indicator ind = percent_ind(0);
    reject_at("{'availability':'not_available','value':95}", &ind, "/value");
    reject_at("{'availability':'annual_not_due','value':0}", &ind, "/value");
    reject_at("{'availability':'suspended','value':95}", &ind, "/value");
    reject_at("{'availability':'not_available','numerator':1}", &ind, "/numerator");
    reject_at("{'availability':'suspended','denominator':2}", &ind, "/denominator");

    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_int_eq(validate("{'availability':'not_available','value':95,'numerator':276,"
                              "'denominator':290,'reason':'Covid-19'}",
                              &ind, "", NULL, &r, &errs),
                     SC_EINVALID);
    ck_assert_uint_eq(errs.count, 3);
    UNIT_ASSERT_ONE_AT(&errs, "/value");
    UNIT_ASSERT_ONE_AT(&errs, "/numerator");
    UNIT_ASSERT_ONE_AT(&errs, "/denominator");
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(reason_rules)
{
    sc_indicator ind = percent_ind(0);
    reject_at("{'availability':'reported','value':95,'reason':'Covid-19'}", &ind, "/reason");
    reject_at("{'availability':'not_available','reason':''}", &ind, "/reason");
    reject_at("{'availability':'not_available','reason':'line\\nbreak'}", &ind, "/reason");

    char text[700];
    char reason[SC_REASON_MAX + 2];
    memset(reason, 'r', SC_REASON_MAX);
    reason[SC_REASON_MAX] = '\0';
    snprintf(text, sizeof text, "{'availability':'not_available','reason':'%s'}", reason);
    sc_result r;
    accept(text, &ind, &r);
    ck_assert_uint_eq(strlen(r.reason), SC_REASON_MAX);
    sc_result_clear(&r);
    reason[SC_REASON_MAX] = 'r';
    reason[SC_REASON_MAX + 1] = '\0';
    snprintf(text, sizeof text, "{'availability':'not_available','reason':'%s'}", reason);
    reject_at(text, &ind, "/reason");
}
END_TEST

/* A result document whose commentary is `n` copies of the UTF-8 sequence ch. */
static json_t *with_commentary(const char *ch, size_t n)
{
    size_t len = strlen(ch);
    char *s = malloc(len * n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, ch, len);
    s[len * n] = '\0';
    json_t *doc =
        json_pack("{s:s, s:i, s:s}", "availability", "reported", "value", 95, "commentary", s);
    free(s);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

static sc_rc commentary_rc(const char *ch, size_t n, size_t *problems)
{
    sc_indicator ind = percent_ind(0);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    json_t *doc = with_commentary(ch, n);
    sc_rc rc = sc_result_from_json(doc, &ind, "", NULL, &r, &errs);
    if (rc == SC_OK) {
        ck_assert_ptr_nonnull(r.commentary);
        ck_assert_str_eq(r.commentary, json_string_value(json_object_get(doc, "commentary")));
    }
    *problems = unit_problems_at(&errs, "/commentary");
    json_decref(doc);
    sc_result_clear(&r);
    sc_errors_clear(&errs);
    return rc;
}

START_TEST(commentary_length_in_code_points)
{
    size_t problems;
    ck_assert_int_eq(SC_COMMENTARY_MAX, 20000);
    ck_assert_int_eq(commentary_rc("a", 20000, &problems), SC_OK);
    ck_assert_int_eq(commentary_rc("a", 20001, &problems), SC_EINVALID);
    ck_assert_uint_eq(problems, 1);
    /* "é" is two bytes, "€" three, "😀" four: the limit counts characters */
    ck_assert_int_eq(commentary_rc("\xc3\xa9", 20000, &problems), SC_OK);
    ck_assert_int_eq(commentary_rc("\xc3\xa9", 20001, &problems), SC_EINVALID);
    ck_assert_uint_eq(problems, 1);
    ck_assert_int_eq(commentary_rc("\xe2\x82\xac", 20000, &problems), SC_OK);
    ck_assert_int_eq(commentary_rc("\xf0\x9f\x98\x80", 20000, &problems), SC_OK);
    ck_assert_int_eq(commentary_rc("\xf0\x9f\x98\x80", 20001, &problems), SC_EINVALID);
    ck_assert_uint_eq(problems, 1);
    /* empty commentary and newlines are fine */
    ck_assert_int_eq(commentary_rc("", 1, &problems), SC_OK);
    ck_assert_int_eq(commentary_rc("line\n\ttab", 10, &problems), SC_OK);
}
END_TEST

START_TEST(unknown_members)
{
    sc_indicator ind = percent_ind(0);
    reject_at("{'availability':'reported','value':95,'colour':'red'}", &ind, "/colour");
    /* RFC 6901 escaping of ~ and / in the member name */
    reject_at("{'availability':'reported','value':95,'a/b~c':1}", &ind, "/a~1b~0c");
    /* code is allowed only when the caller says so (inside a return) */
    reject_at("{'code':'CP-SEEN','availability':'reported','value':95}", &ind, "/code");
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_int_eq(validate("{'code':'CP-SEEN','availability':'reported','value':95}", &ind,
                              "/indicators/0", "code", &r, &errs),
                     SC_OK);
    ck_assert_uint_eq(errs.count, 0);
    sc_result_clear(&r);
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(wrong_types)
{
    sc_indicator ind = percent_ind(0);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;

    /* not an object at all: one problem at the base */
    const char *not_objects[] = {"[1,2]", "'reported'", "95", "null", "true"};
    for (size_t i = 0; i < sizeof not_objects / sizeof *not_objects; i++) {
        ck_assert_int_eq(validate(not_objects[i], &ind, "/indicators/2", NULL, &r, &errs),
                         SC_EINVALID);
        ck_assert_msg(errs.count == 1 && unit_problems_at(&errs, "/indicators/2") == 1, "%s: %s",
                      not_objects[i], unit_problems(&errs));
        sc_errors_clear(&errs);
    }

    reject_at("{'availability':1,'value':95}", &ind, "/availability");
    reject_at("{'availability':'Reported','value':95}", &ind, "/availability");
    reject_at("{'availability':'better_than_target','value':95}", &ind, "/availability");
    reject_at("{'value':95}", &ind, "/availability");
    reject_at("{'availability':null,'value':95}", &ind, "/availability");
    reject_at("{'availability':'reported','value':95,'numerator':'276','denominator':290}", &ind,
              "/numerator");
    reject_at("{'availability':'reported','value':95,'numerator':276,'denominator':[290]}", &ind,
              "/denominator");
    reject_at("{'availability':'reported','value':95,'commentary':5}", &ind, "/commentary");
    reject_at("{'availability':'not_available','reason':true}", &ind, "/reason");

    /* out of range: every problem is at /value */
    ck_assert_int_eq(
        validate("{'availability':'reported','value':1e16}", &ind, "", NULL, &r, &errs),
        SC_EINVALID);
    ck_assert_msg(errs.count >= 1 && errs.count == unit_problems_at(&errs, "/value"), "%s",
                  unit_problems(&errs));
    ck_assert_msg(strncmp(unit_detail_at(&errs, "/value"), "value must be a number between", 30) ==
                      0,
                  "%s", unit_problems(&errs));
    sc_errors_clear(&errs);

    /* a value of the wrong type is reported at /value (the missing-value
     * rule may add a second problem there) */
    const char *bad_values[] = {"'95'", "true", "{}", "[95]"};
    for (size_t i = 0; i < sizeof bad_values / sizeof *bad_values; i++) {
        char text[100];
        snprintf(text, sizeof text, "{'availability':'reported','value':%s}", bad_values[i]);
        ck_assert_int_eq(validate(text, &ind, "", NULL, &r, &errs), SC_EINVALID);
        ck_assert_msg(unit_problems_at(&errs, "/value") >= 1 &&
                          errs.count == unit_problems_at(&errs, "/value"),
                      "%s: %s", text, unit_problems(&errs));
        ck_assert_str_eq(unit_detail_at(&errs, "/value"), "value must be a number");
        sc_errors_clear(&errs);
    }
}
END_TEST

/* ---- several problems at once, base pointers ---- */

START_TEST(several_problems_at_once)
{
    sc_indicator ind = percent_ind(0);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_int_eq(validate("{'availability':'reported','numerator':-1,'denominator':0,"
                              "'reason':'why','commentary':5,'colour':1}",
                              &ind, "", NULL, &r, &errs),
                     SC_EINVALID);
    ck_assert_msg(errs.count == 5, "got: %s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/colour");
    UNIT_ASSERT_ONE_AT(&errs, "/commentary");
    UNIT_ASSERT_ONE_AT(&errs, "/numerator");
    UNIT_ASSERT_ONE_AT(&errs, "/denominator");
    UNIT_ASSERT_ONE_AT(&errs, "/reason");
    sc_errors_clear(&errs);

    ck_assert_int_eq(validate("{'availability':'suspended','value':1,'reason':'','extra':null}",
                              &ind, "", NULL, &r, &errs),
                     SC_EINVALID);
    ck_assert_msg(errs.count == 3, "got: %s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/extra");
    UNIT_ASSERT_ONE_AT(&errs, "/reason");
    UNIT_ASSERT_ONE_AT(&errs, "/value");
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(base_pointer_prefix)
{
    sc_indicator ind = percent_ind(1);
    sc_errors errs = SC_ERRORS_INIT;
    sc_result r;
    ck_assert_int_eq(validate("{'code':'CP-SEEN','availability':'reported','value':90,"
                              "'numerator':276,'denominator':290,'reason':'x','colour':1}",
                              &ind, "/indicators/3", "code", &r, &errs),
                     SC_EINVALID);
    ck_assert_msg(errs.count == 3, "got: %s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/3/colour");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/3/value");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/3/reason");
    sc_errors_clear(&errs);

    ck_assert_int_eq(
        validate("{'availability':'reported'}", &ind, "/indicators/12", NULL, &r, &errs),
        SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/12/value");
    sc_errors_clear(&errs);

    ck_assert_int_eq(validate("{'availability':'reported','numerator':5}", &ind, "/indicators/0",
                              NULL, &r, &errs),
                     SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/0/denominator");
    sc_errors_clear(&errs);

    /* problems are appended after any already in the list */
    sc_errors_add(&errs, "/quarter", "earlier problem");
    ck_assert_int_eq(validate("{'availability':'maybe'}", &ind, "/indicators/1", NULL, &r, &errs),
                     SC_EINVALID);
    ck_assert_uint_eq(errs.count, 2);
    ck_assert_str_eq(errs.items[0].pointer, "/quarter");
    ck_assert_str_eq(errs.items[1].pointer, "/indicators/1/availability");
    sc_errors_clear(&errs);
}
END_TEST

/* ---- helpers on a parsed result ---- */

START_TEST(scaled_equal_and_json)
{
    sc_indicator ind = percent_ind(1);
    sc_result a, b;
    accept("{'availability':'reported','value':94.96,'commentary':'c'}", &ind, &a);
    int64_t s;
    ck_assert(sc_result_scaled(&a, 1, &s));
    ck_assert_int_eq(s, 950);
    ck_assert(sc_result_scaled(&a, 2, &s));
    ck_assert_int_eq(s, 9496);

    accept("{'availability':'reported','value':94.96,'commentary':'c'}", &ind, &b);
    ck_assert(sc_result_equal(&a, &b));
    sc_result_clear(&b);
    accept("{'availability':'reported','value':94.96,'commentary':'d'}", &ind, &b);
    ck_assert(!sc_result_equal(&a, &b));
    sc_result_clear(&b);
    accept("{'availability':'reported','value':94.97,'commentary':'c'}", &ind, &b);
    ck_assert(!sc_result_equal(&a, &b));
    sc_result_clear(&b);
    accept("{'availability':'reported','value':94.96}", &ind, &b);
    ck_assert(!sc_result_equal(&a, &b));
    sc_result_clear(&b);

    json_t *o = json_object();
    ck_assert_int_eq(sc_result_add_json(o, &a), 0);
    ck_assert_str_eq(json_string_value(json_object_get(o, "availability")), "reported");
    ck_assert(json_real_value(json_object_get(o, "value")) == 94.96);
    ck_assert(json_is_null(json_object_get(o, "numerator")));
    ck_assert(json_is_null(json_object_get(o, "denominator")));
    ck_assert(json_is_null(json_object_get(o, "reason")));
    ck_assert_str_eq(json_string_value(json_object_get(o, "commentary")), "c");
    json_decref(o);
    sc_result_clear(&a);

    /* a ratio-derived value: shown as a whole number when it is one */
    ind = percent_ind(0);
    accept("{'availability':'reported','numerator':276,'denominator':290}", &ind, &a);
    o = json_object();
    ck_assert_int_eq(sc_result_add_json(o, &a), 0);
    ck_assert(json_is_integer(json_object_get(o, "value")));
    ck_assert_int_eq(json_integer_value(json_object_get(o, "value")), 95);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "numerator")), 276);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "denominator")), 290);
    json_decref(o);
    sc_result_clear(&a);

    /* no value, no scaled value */
    accept("{'availability':'not_available','reason':'Covid-19'}", &ind, &a);
    ck_assert(!sc_result_scaled(&a, 0, &s));
    o = json_object();
    ck_assert_int_eq(sc_result_add_json(o, &a), 0);
    ck_assert(json_is_null(json_object_get(o, "value")));
    ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), "Covid-19");
    json_decref(o);
    sc_result_clear(&a);
    sc_result_clear(NULL);
}
END_TEST

static Suite *result_suite(void)
{
    Suite *s = suite_create("result");
    TCase *tc = tcase_create("accepted");
    tcase_add_test(tc, reported_value);
    tcase_add_test(tc, reported_ratio_only);
    tcase_add_test(tc, reported_value_and_ratio_agree);
    tcase_add_test(tc, not_reported_states);
    suite_add_tcase(s, tc);

    tc = tcase_create("rejected");
    tcase_add_test(tc, reported_without_value);
    tcase_add_test(tc, numerator_denominator_rules);
    tcase_add_test(tc, value_disagrees_with_ratio);
    tcase_add_test(tc, figures_only_when_reported);
    tcase_add_test(tc, reason_rules);
    tcase_add_test(tc, commentary_length_in_code_points);
    tcase_add_test(tc, unknown_members);
    tcase_add_test(tc, wrong_types);
    tcase_add_test(tc, several_problems_at_once);
    tcase_add_test(tc, count_rules);
    tcase_add_test(tc, base_pointer_prefix);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, scaled_equal_and_json);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(result_suite());
}
