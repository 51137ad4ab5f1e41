/* fuzz_return.c - the quarterly-return validator and writer
 * (sc_return_apply, lib/ret.c) on a real SQLite store.
 *
 * Set-up, once: an in-memory store with the demonstration data loaded
 * (every indicator of the 2019/20 and 2020/21 suites, their targets,
 * results, demand history and both finance statements), so returns meet
 * existing figures. Input: a JSON document, parsed as the server parses
 * request bodies. It is applied as the server's PUT .../return does,
 * inside a write transaction that is always rolled back, so every input
 * meets the same database.
 *
 * Invariants: the answer is SC_OK with no problems or SC_EINVALID with at
 * least one (never SC_EDB: the database refusing what the validator let
 * through, e.g. a CHECK constraint, is a validation hole); the quarter's
 * summary can be computed afterwards; applying a valid return a second
 * time in the same transaction changes nothing. */
#include <jansson.h>
#include <string.h>

#include "demo.h"
#include "fuzz.h"
#include "return.h"
#include "store.h"
#include "summary.h"

#ifndef FUZZ_DEMO_DIR
#define FUZZ_DEMO_DIR "data/demo"
#endif

static sc_store *store;
static sc_db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sc_errors errs = SC_ERRORS_INIT;
    if (sc_store_open(":memory:", 1, &store, &errs) != SC_OK) {
        fprintf(stderr, "fuzz_return: cannot open the store: %s\n",
                errs.message ? errs.message : "?");
        abort();
    }
    db = sc_store_acquire(store);
    const char *dir = getenv("SCRUTINY_DEMO_DIR");
    bool already = false;
    sc_rc rc = sc_demo_load(db, dir && *dir ? dir : FUZZ_DEMO_DIR, &already, &errs);
    if (rc != SC_OK) {
        fprintf(stderr, "fuzz_return: cannot load the demo data: %s %s\n", sc_rc_name(rc),
                errs.message ? errs.message : "");
        abort();
    }
    sc_errors_clear(&errs);
    return 0;
}

void fuzz_cleanup(void)
{
    sc_store_release(store, db);
    sc_store_close(store);
    store = NULL;
    db = NULL;
}

static void check_problems(const sc_errors *errs)
{
    for (size_t i = 0; i < errs->count; i++) {
        const char *p = errs->items[i].pointer;
        FUZZ_CHECK(p && (p[0] == '\0' || p[0] == '/'), "problem %zu pointer \"%s\"", i,
                   p ? p : "(null)");
        FUZZ_CHECK(errs->items[i].detail && errs->items[i].detail[0], "problem %zu detail", i);
    }
}

/* The quarter the return is pushed for: usually the one the document
 * names (so the fuzzer can reach every quarter), sometimes 2020-21-Q1
 * whatever it says (so the "differs from the path" rule is reached). */
static sc_period quarter_for(const json_t *doc, size_t size)
{
    sc_period q = 2020 * 4;
    const char *named = json_string_value(json_object_get(doc, "quarter"));
    sc_period p;
    if (named && size % 4 != 0 && sc_period_parse(named, &p, NULL, 0))
        q = p;
    return q;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return 0;
    sc_period q = quarter_for(doc, size);
    FUZZ_CHECK(sc_db_begin_write(db) == SC_OK, "begin: %s", sc_db_errmsg(db));
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    sc_rc rc = sc_return_apply(db, q, doc, "fuzz", &out, &errs);
    check_problems(&errs);
    FUZZ_CHECK(rc == SC_OK || rc == SC_EINVALID, "rc %s: %s", sc_rc_name(rc),
               rc == SC_EDB ? sc_db_errmsg(db) : "");
    FUZZ_CHECK((rc == SC_OK) == (errs.count == 0), "rc %s with %zu problems", sc_rc_name(rc),
               errs.count);
    if (rc == SC_OK) {
        json_t *counts = sc_return_outcome_to_json(&out);
        FUZZ_CHECK(counts != NULL, "outcome does not render");
        json_decref(counts);
        json_t *summary = NULL;
        FUZZ_CHECK(sc_summary_json(db, q, 1, &summary) == SC_OK && summary,
                   "summary after a valid return: %s", sc_db_errmsg(db));
        json_decref(summary);
        /* idempotent: the same return again creates and updates nothing */
        sc_return_outcome again;
        sc_errors errs2 = SC_ERRORS_INIT;
        sc_rc rc2 = sc_return_apply(db, q, doc, "fuzz", &again, &errs2);
        FUZZ_CHECK(rc2 == SC_OK, "a valid return applied twice fails the second time: %s",
                   sc_rc_name(rc2));
        const sc_counts *c[] = {&again.indicators, &again.demand, &again.finance};
        for (int i = 0; i < 3; i++)
            FUZZ_CHECK(c[i]->created == 0 && c[i]->updated == 0,
                       "part %d changed again: %d created, %d updated", i, c[i]->created,
                       c[i]->updated);
        sc_errors_clear(&errs2);
    }
    sc_db_rollback(db);
    sc_errors_clear(&errs);
    json_decref(doc);
    return 0;
}
