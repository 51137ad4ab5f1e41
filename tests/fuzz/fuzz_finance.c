/* fuzz_finance.c - the finance-statement validator (sc_finance_from_json,
 * lib/finance.c) and what is computed from a valid statement.
 *
 * Input: a JSON document, parsed as the server parses request bodies
 * (jansson, duplicate keys refused). Invariants: the validator answers
 * SC_OK with no problems or SC_EINVALID with at least one, every problem
 * has a pointer and a detail; a valid statement renders (GET .../finance
 * shape) and, written back out as a request body (with its published
 * totals, variance-only lines and exclusion reasons), validates again to
 * an equal statement. */
#include <jansson.h>
#include <string.h>

#include "finance.h"
#include "fuzz.h"

static void check_problems(const sc_errors *errs)
{
    for (size_t i = 0; i < errs->count; i++) {
        const char *p = errs->items[i].pointer;
        FUZZ_CHECK(p && (p[0] == '\0' || p[0] == '/'), "problem %zu pointer \"%s\"", i,
                   p ? p : "(null)");
        FUZZ_CHECK(errs->items[i].detail && errs->items[i].detail[0], "problem %zu detail", i);
    }
}

static json_t *money(const sc_money3 *m)
{
    return json_pack("{s:f, s:f, s:f}", "gross", m->gross, "income", m->income, "net", m->net);
}

/* The statement as a request body again. */
static json_t *as_body(const sc_finance *f)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < f->count; i++) {
        const sc_finance_line *l = &f->lines[i];
        json_t *o = json_pack("{s:s, s:s}", "code", l->code, "name", l->name);
        FUZZ_CHECK(o != NULL, "line %zu does not serialise", i);
        if (l->has_budget) {
            json_object_set_new(o, "budget", money(&l->budget));
            json_object_set_new(o, "outturn", money(&l->outturn));
        }
        if (l->parent)
            json_object_set_new(o, "parent", json_string(l->parent));
        if (l->has_variance)
            json_object_set_new(o, "variance",
                                l->has_variance_split ? money(&l->variance)
                                                      : json_pack("{s:f}", "net", l->variance.net));
        if (l->exclusion_reason)
            json_object_set_new(o, "exclusion_reason", json_string(l->exclusion_reason));
        if (l->has_covid)
            json_object_set_new(o, "covid_variance_net", json_real(l->covid_variance_net));
        json_array_append_new(lines, o);
    }
    json_t *doc = json_pack("{s:s, s:o}", "units", sc_units_keys[f->units], "lines", lines);
    if (f->as_at)
        json_object_set_new(doc, "as_at", json_string(f->as_at));
    if (f->has_totals) {
        const sc_finance_totals *t = &f->totals;
        json_t *tot = json_pack("{s:o, s:o, s:o}", "budget", money(&t->budget), "outturn",
                                money(&t->outturn), "variance", money(&t->variance));
        if (t->has_covid)
            json_object_set_new(tot, "covid_variance_net", json_real(t->covid_variance_net));
        json_object_set_new(doc, "totals", tot);
    }
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return 0;
    /* the statement alone (PUT .../finance) and inside a return */
    const char *base = size % 2 ? "/finance" : "";
    sc_errors errs = SC_ERRORS_INIT;
    sc_finance fin;
    sc_rc rc = sc_finance_from_json(doc, base, &fin, &errs);
    check_problems(&errs);
    FUZZ_CHECK(rc == SC_OK || rc == SC_EINVALID, "rc %s", sc_rc_name(rc));
    FUZZ_CHECK((rc == SC_OK) == (errs.count == 0), "rc %s with %zu problems", sc_rc_name(rc),
               errs.count);
    if (rc == SC_OK) {
        FUZZ_CHECK(fin.count >= 1 && fin.count <= SC_FINANCE_MAX_LINES, "%zu lines", fin.count);
        sc_finance_totals t;
        sc_finance_totals_compute(&fin, &t);
        const sc_period q = 2020 * 4; /* 2020-21-Q1 */
        json_t *shown = sc_finance_to_json(&fin, q, sc_finance_default_threshold(fin.units));
        FUZZ_CHECK(shown != NULL, "a valid statement does not render");
        char *text = json_dumps(shown, JSON_COMPACT | JSON_REAL_PRECISION(15));
        FUZZ_CHECK(text != NULL, "the rendered statement does not encode");
        free(text);
        json_decref(shown);
        shown = sc_finance_to_json(&fin, q, 0);
        FUZZ_CHECK(shown != NULL, "a valid statement does not render at threshold 0");
        json_decref(shown);
        FUZZ_CHECK(sc_finance_equal(&fin, &fin), "a statement differs from itself");

        json_t *again = as_body(&fin);
        char *body = json_dumps(again, JSON_COMPACT | JSON_REAL_PRECISION(17));
        json_decref(again);
        FUZZ_CHECK(body != NULL, "cannot write the statement back out");
        json_t *reparsed = json_loads(body, JSON_REJECT_DUPLICATES, &jerr);
        FUZZ_CHECK(reparsed != NULL, "%s: %s", body, jerr.text);
        sc_errors errs2 = SC_ERRORS_INIT;
        sc_finance fin2;
        sc_rc rc2 = sc_finance_from_json(reparsed, "", &fin2, &errs2);
        FUZZ_CHECK(rc2 == SC_OK, "a valid statement written back out is refused (%s: %s): %s",
                   errs2.count ? errs2.items[0].pointer : "",
                   errs2.count ? errs2.items[0].detail : "", body);
        FUZZ_CHECK(sc_finance_equal(&fin, &fin2), "written back out it differs: %s", body);
        sc_finance_clear(&fin2);
        sc_errors_clear(&errs2);
        json_decref(reparsed);
        free(body);
        sc_finance_clear(&fin);
    }
    sc_errors_clear(&errs);
    json_decref(doc);
    return 0;
}
