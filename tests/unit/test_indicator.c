/* test_indicator.c - lib/indicator: validating an indicator definition
 * (sc_indicator_from_json, docs/API.md §10): every enumeration, decimals 0-3,
 * the defaults, code against the path, active_from/active_to, missing
 * fields reported together, base pointers; the JSON form and
 * sc_indicator_active; target documents (sc_target_from_json). */
#include <check.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indicator.h"
#include "jv.h"
#include "unit.h"

#define MINIMAL                                                                                    \
    "'name':'Percentage of children seen','category':'contractual',"                               \
    "'service_area':'child-protection','polarity':'higher_is_better','unit':'percent'"

static sc_rc validate(const char *text, const char *path_code, const char *base, sc_indicator *out,
                      sc_errors *errs)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_indicator_from_json(doc, path_code, base, out, errs);
    json_decref(doc);
    return rc;
}

static void accept(const char *text, const char *path_code, sc_indicator *out)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_rc rc = validate(text, path_code, "", out, &errs);
    ck_assert_msg(rc == SC_OK && errs.count == 0, "%s rejected: %s", text, unit_problems(&errs));
    sc_errors_clear(&errs);
}

static void reject_at(const char *text, const char *path_code, const char *ptr)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator out;
    sc_rc rc = validate(text, path_code, "", &out, &errs);
    ck_assert_msg(rc == SC_EINVALID, "%s accepted", text);
    ck_assert_msg(errs.count == 1 && unit_problems_at(&errs, ptr) == 1,
                  "%s: expected one problem at %s, got: %s", text, ptr, unit_problems(&errs));
    /* the struct is left cleared */
    ck_assert_ptr_null(out.code);
    ck_assert_ptr_null(out.name);
    ck_assert_ptr_null(out.service_area);
    sc_errors_clear(&errs);
}

/* MINIMAL with member `key` set to raw JSON `value` (single quotes). */
static const char *with(const char *key, const char *value)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "{" MINIMAL ",'%s':%s}", key, value);
    return buf;
}

START_TEST(full_document)
{
    sc_indicator ind;
    accept("{'code':'CP-SEEN','name':'Percentage of children subject to a child protection "
           "plan seen within expected timescales','description':'optional text',"
           "'category':'contractual','service_area':'child-protection',"
           "'polarity':'higher_is_better','unit':'percent','decimals':0,"
           "'frequency':'quarterly','benchmarked':true,'active_from':'2019-20-Q1',"
           "'active_to':null}",
           "CP-SEEN", &ind);
    ck_assert_str_eq(ind.code, "CP-SEEN");
    ck_assert_str_eq(ind.name, "Percentage of children subject to a child protection plan seen "
                               "within expected timescales");
    ck_assert_str_eq(ind.description, "optional text");
    ck_assert_int_eq(ind.category, SC_CAT_CONTRACTUAL);
    ck_assert_str_eq(ind.service_area, "child-protection");
    ck_assert_int_eq(ind.polarity, SC_HIGHER_IS_BETTER);
    ck_assert_int_eq(ind.unit, SC_UNIT_PERCENT);
    ck_assert_int_eq(ind.decimals, 0);
    ck_assert_int_eq(ind.frequency, SC_FREQ_QUARTERLY);
    ck_assert(ind.benchmarked);
    ck_assert_int_eq(ind.active_from, sc_period_make(2019, 1));
    ck_assert_int_eq(ind.active_to, SC_PERIOD_NONE);

    /* and back to JSON with the contract's names */
    json_t *o = sc_indicator_to_json(&ind);
    ck_assert_ptr_nonnull(o);
    json_t *want = unit_json(
        "{'code':'CP-SEEN','name':'Percentage of children subject to a child protection plan "
        "seen within expected timescales','description':'optional text',"
        "'category':'contractual','service_area':'child-protection',"
        "'polarity':'higher_is_better','unit':'percent','decimals':0,"
        "'frequency':'quarterly','benchmarked':true,'active_from':'2019-20-Q1',"
        "'active_to':null}");
    ck_assert_msg(json_equal(o, want), "got %s", json_dumps(o, JSON_COMPACT));
    json_decref(want);

    /* the JSON form validates back to the same definition */
    sc_indicator again;
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_indicator_from_json(o, "CP-SEEN", "", &again, &errs), SC_OK);
    ck_assert_str_eq(again.name, ind.name);
    ck_assert_int_eq(again.active_from, ind.active_from);
    sc_indicator_clear(&again);
    json_decref(o);
    sc_indicator_clear(&ind);
    ck_assert_ptr_null(ind.code);
    sc_indicator_clear(NULL);
}
END_TEST

START_TEST(defaults)
{
    sc_indicator ind;
    accept("{" MINIMAL "}", "CP-SEEN", &ind);
    ck_assert_str_eq(ind.code, "CP-SEEN"); /* from the path */
    ck_assert_int_eq(ind.decimals, 1);
    ck_assert_int_eq(ind.frequency, SC_FREQ_QUARTERLY);
    ck_assert(!ind.benchmarked);
    ck_assert_ptr_null(ind.description);
    ck_assert_int_eq(ind.active_from, SC_PERIOD_NONE);
    ck_assert_int_eq(ind.active_to, SC_PERIOD_NONE);
    json_t *o = sc_indicator_to_json(&ind);
    ck_assert(json_is_null(json_object_get(o, "description")));
    ck_assert(json_is_null(json_object_get(o, "active_from")));
    ck_assert_int_eq(json_integer_value(json_object_get(o, "decimals")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(o, "frequency")), "quarterly");
    json_decref(o);
    sc_indicator_clear(&ind);

    /* nulls count as absent */
    accept("{" MINIMAL ",'decimals':null,'frequency':null,'description':null,"
           "'benchmarked':null,'active_from':null}",
           "X", &ind);
    ck_assert_int_eq(ind.decimals, 1);
    ck_assert_int_eq(ind.frequency, SC_FREQ_QUARTERLY);
    sc_indicator_clear(&ind);
}
END_TEST

START_TEST(every_enum)
{
    static const char *const cats[] = {"contractual", "strategic_partnership"};
    static const char *const pols[] = {"higher_is_better", "lower_is_better"};
    static const char *const units[] = {"percent",        "count", "days", "weeks",
                                        "rate_per_10000", "ratio", "gbp"};
    static const char *const freqs[] = {"quarterly", "annual"};
    char v[64];
    sc_indicator ind;

    ck_assert_int_eq(SC_CAT_COUNT, 2);
    for (int i = 0; i < SC_CAT_COUNT; i++) {
        ck_assert_str_eq(sc_category_keys[i], cats[i]);
        snprintf(v, sizeof v, "'%s'", cats[i]);
        accept(with("category", v), "X", &ind); /* later member wins in jansson */
        ck_assert_int_eq(ind.category, i);
        sc_indicator_clear(&ind);
    }
    for (int i = 0; i < 2; i++) {
        snprintf(v, sizeof v, "'%s'", pols[i]);
        accept(with("polarity", v), "X", &ind);
        ck_assert_int_eq(ind.polarity, i);
        json_t *o = sc_indicator_to_json(&ind);
        ck_assert_str_eq(json_string_value(json_object_get(o, "polarity")), pols[i]);
        json_decref(o);
        sc_indicator_clear(&ind);
    }
    ck_assert_int_eq(SC_UNIT_N, 7);
    for (int i = 0; i < SC_UNIT_N; i++) {
        ck_assert_str_eq(sc_unit_keys[i], units[i]);
        snprintf(v, sizeof v, "'%s'", units[i]);
        accept(with("unit", v), "X", &ind);
        ck_assert_int_eq(ind.unit, i);
        json_t *o = sc_indicator_to_json(&ind);
        ck_assert_str_eq(json_string_value(json_object_get(o, "unit")), units[i]);
        json_decref(o);
        sc_indicator_clear(&ind);
    }
    for (int i = 0; i < SC_FREQ_N; i++) {
        ck_assert_str_eq(sc_frequency_keys[i], freqs[i]);
        snprintf(v, sizeof v, "'%s'", freqs[i]);
        accept(with("frequency", v), "X", &ind);
        ck_assert_int_eq(ind.frequency, i);
        sc_indicator_clear(&ind);
    }

    reject_at(with("unit", "'percentage'"), "X", "/unit");
    reject_at(with("unit", "'Percent'"), "X", "/unit");
    reject_at(with("unit", "1"), "X", "/unit");
    reject_at(with("polarity", "'higher'"), "X", "/polarity");
    reject_at(with("frequency", "'monthly'"), "X", "/frequency");
    reject_at(with("category", "'strategic'"), "X", "/category");
    reject_at(with("benchmarked", "'yes'"), "X", "/benchmarked");
    reject_at(with("benchmarked", "1"), "X", "/benchmarked");

    /* the problem lists the choices */
    sc_errors errs = SC_ERRORS_INIT;
    validate(with("unit", "'pct'"), "X", "", &ind, &errs);
    ck_assert_str_eq(unit_detail_at(&errs, "/unit"),
                     "unit must be one of \"percent\", \"count\", \"days\", \"weeks\", "
                     "\"rate_per_10000\", \"ratio\", \"gbp\"");
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(decimals_range)
{
    sc_indicator ind;
    for (int d = 0; d <= 3; d++) {
        char v[8];
        snprintf(v, sizeof v, "%d", d);
        accept(with("decimals", v), "X", &ind);
        ck_assert_int_eq(ind.decimals, d);
        sc_indicator_clear(&ind);
    }
    accept(with("decimals", "2.0"), "X", &ind);
    ck_assert_int_eq(ind.decimals, 2);
    sc_indicator_clear(&ind);

    reject_at(with("decimals", "4"), "X", "/decimals");
    reject_at(with("decimals", "-1"), "X", "/decimals");
    reject_at(with("decimals", "1.5"), "X", "/decimals");
    reject_at(with("decimals", "'1'"), "X", "/decimals");
    reject_at(with("decimals", "true"), "X", "/decimals");
}
END_TEST

START_TEST(code_against_path)
{
    sc_indicator ind;
    accept("{" MINIMAL ",'code':'CP-SEEN'}", "CP-SEEN", &ind);
    ck_assert_str_eq(ind.code, "CP-SEEN");
    sc_indicator_clear(&ind);
    reject_at("{" MINIMAL ",'code':'CP-SEEN2'}", "CP-SEEN", "/code");
    reject_at("{" MINIMAL ",'code':'cp-seen'}", "CP-SEEN", "/code");
    reject_at("{" MINIMAL ",'code':''}", "CP-SEEN", "/code");
    reject_at("{" MINIMAL ",'code':5}", "CP-SEEN", "/code");

    sc_errors errs = SC_ERRORS_INIT;
    validate("{" MINIMAL ",'code':'B'}", "A", "", &ind, &errs);
    ck_assert_ptr_nonnull(strstr(unit_detail_at(&errs, "/code"), "immutable"));
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(active_bounds)
{
    sc_indicator ind;
    accept("{" MINIMAL ",'active_from':'2019-20-Q1','active_to':'2020-21-Q4'}", "X", &ind);
    ck_assert_int_eq(ind.active_from, sc_period_make(2019, 1));
    ck_assert_int_eq(ind.active_to, sc_period_make(2020, 4));
    ck_assert(!sc_indicator_active(&ind, sc_period_make(2018, 4)));
    ck_assert(sc_indicator_active(&ind, sc_period_make(2019, 1)));
    ck_assert(sc_indicator_active(&ind, sc_period_make(2020, 4)));
    ck_assert(!sc_indicator_active(&ind, sc_period_make(2021, 1)));
    sc_indicator_clear(&ind);

    /* a single quarter */
    accept("{" MINIMAL ",'active_from':'2020-21-Q2','active_to':'2020-21-Q2'}", "X", &ind);
    ck_assert(sc_indicator_active(&ind, sc_period_make(2020, 2)));
    ck_assert(!sc_indicator_active(&ind, sc_period_make(2020, 3)));
    sc_indicator_clear(&ind);

    /* only an end */
    accept("{" MINIMAL ",'active_to':'2019-20-Q4'}", "X", &ind);
    ck_assert(sc_indicator_active(&ind, sc_period_make(1999, 1)));
    ck_assert(!sc_indicator_active(&ind, sc_period_make(2020, 1)));
    sc_indicator_clear(&ind);

    reject_at("{" MINIMAL ",'active_from':'2020-21-Q2','active_to':'2020-21-Q1'}", "X",
              "/active_to");
    reject_at("{" MINIMAL ",'active_from':'2020/21 Q1'}", "X", "/active_from");
    reject_at("{" MINIMAL ",'active_to':20201}", "X", "/active_to");

    sc_errors errs = SC_ERRORS_INIT;
    validate("{" MINIMAL ",'active_from':'2020/21 Q1'}", "X", "", &ind, &errs);
    ck_assert_ptr_nonnull(
        strstr(unit_detail_at(&errs, "/active_from"), "did you mean 2020-21-Q1?"));
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(missing_fields_reported_together)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_indicator ind;
    ck_assert_int_eq(validate("{}", "X", "", &ind, &errs), SC_EINVALID);
    ck_assert_msg(errs.count == 5, "got: %s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/name");
    UNIT_ASSERT_ONE_AT(&errs, "/service_area");
    UNIT_ASSERT_ONE_AT(&errs, "/category");
    UNIT_ASSERT_ONE_AT(&errs, "/polarity");
    UNIT_ASSERT_ONE_AT(&errs, "/unit");
    ck_assert_str_eq(unit_detail_at(&errs, "/name"), "name is required");
    sc_errors_clear(&errs);

    /* missing, wrong and unknown members all at once, under a base */
    ck_assert_int_eq(validate("{'code':'Y','name':'','unit':'percent','decimals':4,"
                              "'active_from':'2021-22-Q1','active_to':'2020-21-Q1',"
                              "'colour':'red'}",
                              "X", "/indicators/2", &ind, &errs),
                     SC_EINVALID);
    ck_assert_msg(errs.count == 8, "got: %s", unit_problems(&errs));
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/colour");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/code");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/name");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/service_area");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/category");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/polarity");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/decimals");
    UNIT_ASSERT_ONE_AT(&errs, "/indicators/2/active_to");
    ck_assert_ptr_null(ind.code);
    sc_errors_clear(&errs);

    /* not an object */
    ck_assert_int_eq(validate("[]", "X", "", &ind, &errs), SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    UNIT_ASSERT_ONE_AT(&errs, "");
    sc_errors_clear(&errs);
}
END_TEST

START_TEST(text_fields)
{
    sc_indicator ind;
    char name[SC_NAME_MAX + 1];
    memset(name, 'n', SC_NAME_MAX);
    name[SC_NAME_MAX] = '\0';
    json_t *doc = unit_json("{" MINIMAL "}");
    json_object_set_new(doc, "name", json_string(name));
    json_object_set_new(doc, "description", json_string("two\nlines"));
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_indicator_from_json(doc, "X", "", &ind, &errs), SC_OK);
    ck_assert_uint_eq(strlen(ind.name), SC_NAME_MAX);
    ck_assert_str_eq(ind.description, "two\nlines");
    sc_indicator_clear(&ind);

    json_object_set_new(doc, "name", json_string("tab\there"));
    ck_assert_int_eq(sc_indicator_from_json(doc, "X", "", &ind, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/name");
    sc_errors_clear(&errs);

    char longer[SC_NAME_MAX + 2];
    memset(longer, 'n', SC_NAME_MAX + 1);
    longer[SC_NAME_MAX + 1] = '\0';
    json_object_set_new(doc, "name", json_string(longer));
    ck_assert_int_eq(sc_indicator_from_json(doc, "X", "", &ind, &errs), SC_EINVALID);
    ck_assert_uint_eq(errs.count, 1);
    UNIT_ASSERT_ONE_AT(&errs, "/name");
    sc_errors_clear(&errs);
    json_decref(doc);

    reject_at(with("service_area", "''"), "X", "/service_area");
    reject_at(with("description", "7"), "X", "/description");
}
END_TEST

/* ---- targets ---- */

static sc_rc target(const char *text, sc_period from, sc_target *out, sc_errors *errs)
{
    json_t *doc = unit_json(text);
    sc_rc rc = sc_target_from_json(doc, from, "", out, errs);
    json_decref(doc);
    return rc;
}

START_TEST(target_documents)
{
    sc_period q = sc_period_make(2020, 1);
    sc_errors errs = SC_ERRORS_INIT;
    sc_target t;

    ck_assert_int_eq(target("{'target':90,'tolerance':5}", q, &t, &errs), SC_OK);
    ck_assert_int_eq(t.from_quarter, q);
    ck_assert(t.target == 90.0);
    ck_assert(t.tolerance == 5.0);
    ck_assert_int_eq(target("{'target':95.5}", q, &t, &errs), SC_OK);
    ck_assert(t.tolerance == 0.0); /* default */
    ck_assert_int_eq(
        target("{'target':95,'tolerance':0,'from_quarter':'2020-21-Q1'}", q, &t, &errs), SC_OK);
    ck_assert_uint_eq(errs.count, 0);

    ck_assert_int_eq(target("{'tolerance':5}", q, &t, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/target");
    sc_errors_clear(&errs);
    ck_assert_int_eq(target("{'target':90,'tolerance':-1}", q, &t, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/tolerance");
    sc_errors_clear(&errs);
    ck_assert_int_eq(target("{'target':90,'from_quarter':'2020-21-Q2'}", q, &t, &errs),
                     SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/from_quarter");
    sc_errors_clear(&errs);
    ck_assert_int_eq(target("{'target':'90','tolerance':'5','colour':1}", q, &t, &errs),
                     SC_EINVALID);
    ck_assert_uint_eq(errs.count, 3);
    sc_errors_clear(&errs);

    /* JSON form: whole numbers stay whole */
    t.from_quarter = q;
    t.target = 95;
    t.tolerance = 2.5;
    json_t *o = sc_target_to_json(&t);
    json_t *want = unit_json("{'from_quarter':'2020-21-Q1','target':95,'tolerance':2.5,"
                             "'source':null,'rationale':null,'approved_by':null,'review_by':null}");
    ck_assert(json_equal(o, want));
    ck_assert(json_is_integer(json_object_get(o, "target")));
    json_decref(o);
    json_decref(want);
}
END_TEST

/* Provenance (issue 17): each member checked, every problem reported,
 * and the review date against the end of a quarter. */
START_TEST(target_provenance)
{
    sc_errors errs = SC_ERRORS_INIT;
    sc_target t;
    sc_period q = sc_period_make(2020, 1);
    ck_assert_int_eq(target("{'target':90,'source':'statutory','rationale':'Set by the DfE.',"
                            "'approved_by':'Cabinet','review_by':'2021-03-31'}",
                            q, &t, &errs),
                     SC_OK);
    ck_assert(t.has_source && t.source == SC_TSRC_STATUTORY);
    ck_assert_str_eq(t.rationale, "Set by the DfE.");
    ck_assert_str_eq(t.approved_by, "Cabinet");
    ck_assert_str_eq(t.review_by, "2021-03-31");
    ck_assert(!sc_target_review_overdue(&t, sc_period_make(2020, 4))); /* due on its last day */
    ck_assert(sc_target_review_overdue(&t, sc_period_make(2021, 1)));
    json_t *o = sc_target_to_json(&t);
    json_t *want = unit_json("{'from_quarter':'2020-21-Q1','target':90,'tolerance':0,"
                             "'source':'statutory','rationale':'Set by the DfE.',"
                             "'approved_by':'Cabinet','review_by':'2021-03-31'}");
    ck_assert(json_equal(o, want));
    json_decref(o);
    json_decref(want);
    sc_target same;
    ck_assert_int_eq(target("{'target':90,'source':'statutory','rationale':'Set by the DfE.',"
                            "'approved_by':'Cabinet','review_by':'2021-03-31'}",
                            q, &same, &errs),
                     SC_OK);
    ck_assert(sc_target_equal(&t, &same));
    same.has_source = false;
    ck_assert(!sc_target_equal(&t, &same));
    sc_target_clear(&same);
    sc_target_clear(&t);
    ck_assert_ptr_null(t.rationale);

    ck_assert_int_eq(target("{'target':90,'source':'regional','rationale':'','approved_by':'a\\nb',"
                            "'review_by':'2021-02-29'}",
                            q, &t, &errs),
                     SC_EINVALID);
    ck_assert_uint_eq(errs.count, 4);
    UNIT_ASSERT_ONE_AT(&errs, "/source");
    UNIT_ASSERT_ONE_AT(&errs, "/rationale");
    UNIT_ASSERT_ONE_AT(&errs, "/approved_by");
    UNIT_ASSERT_ONE_AT(&errs, "/review_by");
    ck_assert_ptr_null(t.rationale);
    sc_errors_clear(&errs);
    ck_assert_int_eq(target("{'target':90,'review_by':'31/03/2021'}", q, &t, &errs), SC_EINVALID);
    UNIT_ASSERT_ONE_AT(&errs, "/review_by");
    sc_errors_clear(&errs);
    char last[SC_DATE_ID_LEN];
    ck_assert_str_eq(sc_period_last_day(sc_period_make(2020, 1), last), "2020-06-30");
    ck_assert_str_eq(sc_period_last_day(sc_period_make(2020, 3), last), "2020-12-31");
    ck_assert_str_eq(sc_period_last_day(sc_period_make(2020, 4), last), "2021-03-31");
}
END_TEST

START_TEST(json_helpers)
{
    json_t *n = sc_jv_new_number(95.0);
    ck_assert(json_is_integer(n));
    ck_assert_int_eq(json_integer_value(n), 95);
    json_decref(n);
    n = sc_jv_new_number(-3.0);
    ck_assert_int_eq(json_integer_value(n), -3);
    json_decref(n);
    n = sc_jv_new_number(94.96);
    ck_assert(json_is_real(n));
    ck_assert(json_real_value(n) == 94.96);
    json_decref(n);

    json_t *p = sc_jv_new_period(sc_period_make(2099, 1));
    ck_assert_str_eq(json_string_value(p), "2099-00-Q1");
    json_decref(p);
    p = sc_jv_new_period(SC_PERIOD_NONE);
    ck_assert(json_is_null(p));
    json_decref(p);
}
END_TEST

/* With no path code (path_code NULL, as lib/demo.c calls it for every
 * definition file, whose folder a user can point SCRUTINY_DEMO_DIR at) the
 * "code" member is required and checked against the code syntax: a
 * definition without one, or with "not a code!", is refused at
 * /indicators/0/code. (sc_indicator_from_json once took the member as
 * optional, reached strdup(NULL) and died with SIGSEGV, and did not check
 * a code that was present; fixed, kept as a regression test.) Run in a
 * child process so that a crash, should it come back, fails this test
 * only. */
static int from_json_in_child(const char *text, const char *ptr)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        json_t *doc = unit_json(text);
        sc_errors errs = SC_ERRORS_INIT;
        sc_indicator ind;
        sc_rc rc = sc_indicator_from_json(doc, NULL, "/indicators/0", &ind, &errs);
        int ok = rc == SC_EINVALID && unit_problems_at(&errs, ptr) == 1;
        sc_indicator_clear(&ind);
        sc_errors_clear(&errs);
        json_decref(doc);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

START_TEST(no_path_code_requires_valid_code)
{
    int missing = from_json_in_child("{" MINIMAL "}", "/indicators/0/code");
    int bad = from_json_in_child("{" MINIMAL ",'code':'not a code!'}", "/indicators/0/code");
    ck_assert_msg(missing == 0, "a definition without code and no path code %s",
                  missing < 0 ? "crashes (signal)" : "is not refused at /indicators/0/code");
    ck_assert_msg(bad == 0, "code \"not a code!\" is accepted without a path code");
}
END_TEST

static Suite *indicator_suite(void)
{
    Suite *s = suite_create("indicator");
    TCase *tc = tcase_create("definition");
    tcase_add_test(tc, full_document);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, every_enum);
    tcase_add_test(tc, decimals_range);
    tcase_add_test(tc, code_against_path);
    tcase_add_test(tc, active_bounds);
    tcase_add_test(tc, missing_fields_reported_together);
    tcase_add_test(tc, text_fields);
    tcase_add_test(tc, no_path_code_requires_valid_code);
    suite_add_tcase(s, tc);

    tc = tcase_create("target");
    tcase_add_test(tc, target_documents);
    tcase_add_test(tc, target_provenance);
    tcase_add_test(tc, json_helpers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(indicator_suite());
}
