/* test_disclosure.c - API: disclosure control of public reads (docs/API.md,
 * "Disclosure control"). On the demo with --suppress-below 5, every public
 * GET of the route table is read without a key and with one, and each
 * answer is checked: a confidential figure is suppressed, no suppressed
 * cell can be recovered by arithmetic on the cells shown beside it (each
 * relation of the answer's cells has either none or at least two of its
 * cells suppressed), keys see every value, and the CSV, history, as_of and
 * revisions show nothing the quarter view suppresses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "routes.h"
#include "test_main.h"

#define THRESHOLD 5

/* the route table (routes.c), as router.c declares it */
extern const sc_route sc_routes[];
extern const size_t sc_route_count;

static void setup(void)
{
    th_options o = {.suppress_below = THRESHOLD};
    th_start(&o);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static th_resp keyed(const char *path)
{
    return th_request("GET", path, th_reader_key, NULL, NULL, NULL);
}

/* The cells tied by one arithmetic relation in an answer's object. */
static const char *const relations[][4] = {
    {"value", "numerator", "denominator", NULL},
    {"value", "previous_value", "change", NULL},
    {"value", "previous_quarter_value", "change_vs_previous_quarter_pct", NULL},
    {"value", "same_quarter_last_year_value", "change_vs_same_quarter_last_year_pct", NULL},
    {"value", "judged_value", NULL},
    {"count", "count_vs_budget", "budgeted_count", NULL},
    {"count", "previous_quarter_count", "change_vs_previous_quarter", NULL},
    {"in_house_count", "in_house_share_pct", "agency_share_pct", NULL},
};

typedef struct {
    size_t answers, suppressed, primary;
} tally;

static bool shown(const json_t *o, const char *m)
{
    const json_t *v = json_object_get(o, m);
    return v && !json_is_null(v);
}

static bool in_list(const json_t *list, const char *m)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) if (json_string_value(e) &&
                                       strcmp(json_string_value(e), m) == 0) return true;
    return false;
}

static void check_object(const json_t *pub, const json_t *key, const char *where, tally *t)
{
    ck_assert_msg(!json_object_get(key, "suppressed"), "%s: a keyed answer is suppressed", where);
    const json_t *list = json_object_get(pub, "suppressed");
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *m = json_string_value(e);
        ck_assert_msg(json_is_null(json_object_get(pub, m)), "%s: %s listed but shown", where, m);
        ck_assert_msg(shown(key, m), "%s: %s suppressed but the key sees nothing", where, m);
        t->suppressed++;
    }
    /* primary: a ratio on a count below the threshold is never shown */
    const json_t *num = json_object_get(key, "numerator"),
                 *den = json_object_get(key, "denominator");
    if (json_is_integer(num) && json_is_integer(den)) {
        json_int_t n = json_integer_value(num), d = json_integer_value(den);
        if (n < THRESHOLD || d < THRESHOLD || d - n < THRESHOLD) {
            ck_assert_msg(!shown(pub, "value") && !shown(pub, "numerator") &&
                              !shown(pub, "denominator") && !shown(pub, "confidence_interval"),
                          "%s: %lld/%lld is shown", where, (long long)n, (long long)d);
            t->primary++;
        }
    }
    /* secondary: no relation has exactly one of its cells suppressed */
    for (size_t r = 0; r < sizeof relations / sizeof *relations; r++) {
        int all = 1, hidden = 0;
        for (const char *const *m = relations[r]; *m; m++) {
            all &= shown(key, *m);
            hidden += shown(key, *m) && !shown(pub, *m);
        }
        ck_assert_msg(!all || hidden != 1, "%s: %s can be recovered from the others", where,
                      relations[r][0]);
    }
    if (in_list(list, "numerator"))
        ck_assert_msg(!shown(pub, "confidence_interval"), "%s: an interval gives it back", where);
}

/* The history: a suppressed quarter's value must not come back as the
 * next quarter's previous_value, nor through the forecast. */
static void check_series(const json_t *pub, const char *where)
{
    const json_t *items = json_object_get(pub, "items");
    bool any = false;
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *it = json_array_get(items, i);
        bool hid = in_list(json_object_get(it, "suppressed"), "value");
        any |= hid;
        const json_t *next = json_array_get(items, i + 1);
        if (hid && next && json_object_get(next, "previous_value"))
            ck_assert_msg(!shown(next, "previous_value"), "%s: previous_value after [c]", where);
    }
    if (any && json_is_object(json_object_get(pub, "forecast")))
        ck_assert_msg(!shown(json_object_get(pub, "forecast"), "value"), "%s: forecast", where);
}

static void check_pair(const json_t *pub, const json_t *key, const char *where, tally *t)
{
    if (json_is_object(pub)) {
        ck_assert_msg(json_is_object(key), "%s: shapes differ", where);
        check_object(pub, key, where, t);
        if (json_object_get(pub, "forecast"))
            check_series(pub, where);
        const char *m;
        json_t *v;
        json_object_foreach((json_t *)pub, m, v) if (strcmp(m, "suppressed") != 0)
            check_pair(v, json_object_get(key, m), where, t);
    } else if (json_is_array(pub)) {
        ck_assert_msg(json_array_size(pub) == json_array_size(key), "%s: lengths", where);
        for (size_t i = 0; i < json_array_size(pub); i++)
            check_pair(json_array_get(pub, i), json_array_get(key, i), where, t);
    }
}

/* A public CSV answer holds the keyed one's cells, or [c] in their place. */
static void check_csv(const char *pub, const char *key, const char *where, tally *t)
{
    const char *p = pub, *k = key;
    while (*p && *k) {
        if (strncmp(p, "[c]", 3) == 0) {
            t->suppressed++;
            p += 3;
            while (*k && *k != ',' && *k != '\r' && *k != '\n') {
                if (*k == '"')
                    for (k++; *k && *k != '"'; k++)
                        ;
                k++;
            }
            continue;
        }
        ck_assert_msg(*p == *k, "%s: the public CSV differs from the keyed one at \"%.40s\"", where,
                      p);
        p++, k++;
    }
    ck_assert_msg(!*p && !*k, "%s: the CSV lengths differ", where);
}

/* Checks path's public answer against its keyed one; false when it lists
 * no items (its CSV would be a header alone). */
static bool check_path(const char *path, bool csv, tally *t)
{
    th_resp pub = th_get(path), key = keyed(path);
    ck_assert_msg(pub.status == key.status, "%s: %ld public, %ld keyed", path, pub.status,
                  key.status);
    if (pub.status == 200) {
        t->answers++;
        if (csv)
            check_csv(pub.body, key.body, path, t);
        else if (pub.json)
            check_pair(pub.json, key.json, path, t);
    }
    const json_t *items = json_object_get(key.json, "items");
    bool rows = !json_is_array(items) || json_array_size(items) > 0;
    th_free(&pub);
    th_free(&key);
    return rows;
}

/* The codes of a list answer's items. */
static json_t *codes(const char *path)
{
    th_resp r = th_get(path);
    json_t *out = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r.json, "items"), i, it)
        json_array_append(out, json_object_get(it, "code"));
    th_free(&r);
    return out;
}

typedef struct {
    json_t *quarters, *indicators, *areas, *measures, *froms, *types, *years;
    const char *as_of;
} values;

static const json_t *choices(const values *v, const char *before)
{
    return strcmp(before, "quarters") == 0          ? v->quarters
           : strcmp(before, "indicators") == 0      ? v->indicators
           : strcmp(before, "service-areas") == 0   ? v->areas
           : strcmp(before, "demand-measures") == 0 ? v->measures
           : strcmp(before, "demand") == 0          ? v->measures
           : strcmp(before, "placements") == 0      ? v->types
           : strcmp(before, "populations") == 0     ? v->years
                                                    : v->froms;
}

static bool takes(const sc_route *r, const char *q)
{
    for (const char *const *p = r->query; p && *p; p++)
        if (strcmp(*p, q) == 0)
            return true;
    return false;
}

/* Every path of pattern (its {} filled from v, in every combination) read
 * plain, as CSV and as of an earlier instant where the route takes them. */
static void walk(const sc_route *r, const char *pattern, char *built, size_t used, const values *v,
                 tally *t)
{
    const char *hole = strstr(pattern, "{}");
    if (!hole) {
        snprintf(built + used, 512 - used, "%s", pattern);
        char path[700];
        const char *sep = strchr(built, '?') ? "&" : "?";
        bool rows = check_path(built, false, t);
        if (r->csv && rows) {
            snprintf(path, sizeof path, "%s%sformat=csv", built, sep);
            check_path(path, true, t);
        }
        if (takes(r, "from") && strstr(built, "/changes")) {
            snprintf(path, sizeof path, "%s%sfrom=2000-01-01T00:00:00Z", built, sep);
            check_path(path, false, t);
        }
        if (takes(r, "as_of")) {
            snprintf(path, sizeof path, "%s%sas_of=%s", built, sep, v->as_of);
            check_path(path, false, t);
        }
        return;
    }
    char before[64] = "";
    const char *seg = hole - 1;
    const char *start = seg;
    while (start > pattern && start[-1] != '/')
        start--;
    snprintf(before, sizeof before, "%.*s", (int)(seg - start), start);
    size_t n = used + (size_t)(hole - pattern);
    memcpy(built + used, pattern, (size_t)(hole - pattern));
    size_t i;
    json_t *c;
    json_array_foreach(choices(v, before), i, c)
    {
        int w = snprintf(built + n, 512 - n, "%s", json_string_value(c));
        walk(r, hole + 2, built, n + (size_t)w, v, t);
    }
}

START_TEST(no_public_answer_gives_a_suppressed_figure_back)
{
    values v = {.quarters = json_pack("[s,s,s]", "2019-20-Q3", "2019-20-Q4", "2020-21-Q1"),
                .indicators = codes("/api/v1/indicators"),
                .areas = codes("/api/v1/service-areas"),
                .measures = codes("/api/v1/demand-measures"),
                .froms = json_pack("[s,s]", "2019-20-Q1", "2020-21-Q1"),
                .types = codes("/api/v1/placement-types"),
                .years = json_pack("[s,s]", "2019-20", "2020-21")};
    /* before the demo's restatement of 2019-20 Q3's referrals */
    th_resp rev = th_get("/api/v1/quarters/2019-20-Q3/revisions?kind=demand&code=referrals");
    json_t *items = json_object_get(rev.json, "items");
    v.as_of =
        json_string_value(json_object_get(json_array_get(items, json_array_size(items) - 1), "at"));
    tally t = {0};
    for (size_t i = 0; i < sc_route_count; i++) {
        const sc_route *r = &sc_routes[i];
        if (strcmp(r->method, "GET") != 0 || r->role != SC_ROLE_READER)
            continue;
        char built[512];
        walk(r, r->pattern, built, 0, &v, &t);
    }
    /* the demo's 2020-21 Q1 has two confidential results (3 of 25
     * adopted; 111 of 111 conferences in time), each in its quarter view,
     * its history, its revisions, as JSON and CSV */
    ck_assert_uint_gt(t.answers, 400);
    ck_assert_uint_ge(t.primary, 8);
    ck_assert_uint_ge(t.suppressed, 40);
    th_free(&rev);
    json_decref(v.quarters);
    json_decref(v.indicators);
    json_decref(v.areas);
    json_decref(v.measures);
    json_decref(v.froms);
    json_decref(v.types);
    json_decref(v.years);
}
END_TEST

START_TEST(public_and_keyed_answers_are_cached_apart)
{
    const char *path = "/api/v1/quarters/2020-21-Q1/indicators/PLC-ADOPTED";
    for (int round = 0; round < 2; round++) {
        th_resp pub = th_get(path), key = keyed(path);
        ck_assert(json_is_null(json_object_get(pub.json, "value")));
        ck_assert_int_eq(json_integer_value(json_object_get(key.json, "value")), 12);
        ck_assert_int_eq(json_integer_value(json_object_get(key.json, "numerator")), 3);
        ck_assert_str_ne(pub.etag, key.etag);
        th_free(&pub);
        th_free(&key);
    }
    /* the explanation states the judged value in its gap and sentence */
    th_resp ex = th_get("/api/v1/quarters/2020-21-Q1/indicators/PLC-ADOPTED/explanation");
    ck_assert_int_eq(ex.status, 200);
    ck_assert(json_is_null(json_object_get(ex.json, "gap")));
    ck_assert(json_is_null(json_object_get(ex.json, "sentence")));
    ck_assert(json_is_null(json_object_get(json_object_get(ex.json, "inputs"), "judged_value")));
    th_free(&ex);
    /* the changes since an earlier pack: before and after */
    th_resp ch = th_get("/api/v1/quarters/2020-21-Q1/changes?from=2000-01-01T00:00:00Z");
    size_t i;
    json_t *it;
    int seen = 0;
    json_array_foreach(json_object_get(ch.json, "items"), i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        if (code && strcmp(code, "PLC-ADOPTED") == 0) {
            ck_assert(json_is_null(json_object_get(json_object_get(it, "after"), "value")));
            seen++;
        }
    }
    ck_assert_int_eq(seen, 1);
    th_free(&ch);
    th_resp csv = th_get("/api/v1/quarters/2020-21-Q1/indicators?format=csv");
    ck_assert_ptr_nonnull(strstr(csv.body, "[c]"));
    th_free(&csv);
}
END_TEST

START_TEST(the_report_withholds_the_figure)
{
    const char *path = "/api/v1/quarters/2020-21-Q1/report?format=text";
    th_resp pub = th_get(path), key = keyed(path);
    ck_assert_ptr_nonnull(strstr(key.body, "Three of the twenty-five children"));
    ck_assert_ptr_null(strstr(pub.body, "Three of the twenty-five children"));
    ck_assert_ptr_nonnull(strstr(pub.body, "Percentage of children in care adopted (Placements "
                                           "(Adoption, Fostering and SGO), strategic): [c]"));
    ck_assert_ptr_nonnull(strstr(pub.body, "PLC-ADOPTED ([c])"));
    ck_assert_ptr_null(strstr(pub.body, "PLC-ADOPTED (12%"));
    ck_assert_ptr_null(strstr(pub.body, "12% (3)"));
    ck_assert_ptr_nonnull(
        strstr(key.body, "Percentage of children in care adopted: performance at 12% (3)."));
    ck_assert_ptr_nonnull(
        strstr(pub.body, "Percentage of children in care adopted: performance at [c]."));
    th_free(&pub);
    th_free(&key);
    path = "/api/v1/quarters/2020-21-Q1/report?format=csv";
    pub = th_get(path);
    key = keyed(path);
    ck_assert_ptr_nonnull(strstr(pub.body, "outside_target_range,PLC-ADOPTED,Value,[c]\r\n"));
    ck_assert_ptr_nonnull(strstr(pub.body, "outside_target_range,PLC-ADOPTED,Commentary,[c]\r\n"));
    ck_assert_ptr_nonnull(strstr(key.body, "outside_target_range,PLC-ADOPTED,Value,12\r\n"));
    th_free(&pub);
    th_free(&key);
}
END_TEST

/* The ladder's counts add up to its total: one small count takes the
 * smallest other with it, in the JSON and in the report. */
START_TEST(placements_secondary_suppression)
{
    static const char *const puts[][2] = {
        {"in-house-residential", "3"}, {"out-of-area", "40"}, {"ifa", "120"}};
    for (size_t i = 0; i < 3; i++) {
        char path[128], body[32];
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q2/placements/%s", puts[i][0]);
        snprintf(body, sizeof body, "{\"count\": %s}", puts[i][1]);
        th_resp w = th_put(path, th_writer_key, body);
        ck_assert_msg(w.status == 200 || w.status == 201, "%s: %ld %s", path, w.status, w.body);
        th_free(&w);
    }
    th_resp pub = th_get("/api/v1/quarters/2020-21-Q2/placements");
    ck_assert_int_eq(pub.status, 200);
    size_t i;
    json_t *it;
    int hidden = 0, shown_n = 0;
    json_array_foreach(json_object_get(pub.json, "items"), i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        if (strcmp(code, "ifa") == 0)
            shown_n += json_integer_value(json_object_get(it, "count")) == 120;
        if (strcmp(code, "in-house-residential") == 0 || strcmp(code, "out-of-area") == 0)
            hidden += json_is_null(json_object_get(it, "count")) &&
                      in_list(json_object_get(it, "suppressed"), "count");
    }
    ck_assert_int_eq(hidden, 2);
    ck_assert_int_eq(shown_n, 1);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(pub.json, "totals"), "count")), 163);
    th_free(&pub);
    pub = th_get("/api/v1/quarters/2020-21-Q2/report?format=csv");
    ck_assert_ptr_nonnull(strstr(pub.body, "placements,In-house residential,Placements,[c]\r\n"));
    ck_assert_ptr_nonnull(strstr(pub.body, "placements,Out of Area placements,Placements,[c]\r\n"));
    ck_assert_ptr_nonnull(
        strstr(pub.body, "placements,Independent Fostering Agencies,Placements,120\r\n"));
    th_free(&pub);
    th_resp key = keyed("/api/v1/quarters/2020-21-Q2/report?format=csv");
    ck_assert_ptr_nonnull(strstr(key.body, "placements,In-house residential,Placements,3\r\n"));
    th_free(&key);
}
END_TEST

/* An outturn is a result for a year: 3 of 25 is withheld from a public
 * read, with its interval, and shown to a key. */
START_TEST(an_outturn_of_a_small_count_is_withheld)
{
    const char *path = "/api/v1/indicators/CFA-CIN-2Y-PLUS/outturns/2020-21";
    th_resp w = th_put(path, th_writer_key, "{\"numerator\": 3, \"denominator\": 25}");
    ck_assert_msg(w.status == 200 || w.status == 201, "%ld %s", w.status, w.body);
    th_free(&w);
    th_resp pub = th_get(path);
    ck_assert_int_eq(pub.status, 200);
    static const char *const hidden[] = {"value", "numerator", "denominator", "confidence_interval",
                                         NULL};
    for (const char *const *m = hidden; *m; m++) {
        ck_assert_msg(json_is_null(json_object_get(pub.json, *m)), "%s shown", *m);
        ck_assert_msg(in_list(json_object_get(pub.json, "suppressed"), *m), "%s not listed", *m);
    }
    th_free(&pub);
    pub = th_get("/api/v1/indicators/CFA-CIN-2Y-PLUS/outturns?format=csv");
    ck_assert_ptr_null(strstr(pub.body, ",3,25,"));
    th_free(&pub);
    th_resp key = keyed(path);
    ck_assert_int_eq(json_integer_value(json_object_get(key.json, "numerator")), 3);
    th_free(&key);
}
END_TEST

/* The report's "since the last pack" sentence says [c] for a figure the
 * public may not see, before and after (the keyed report says both). */
START_TEST(the_changes_sentence_withholds_the_figure)
{
    th_resp r = keyed("/api/v1/quarters/2020-21-Q1/revisions?limit=1");
    char at[40], path[160];
    snprintf(at, sizeof at, "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "at")));
    th_free(&r);
    usleep(5000); /* a later millisecond than the pack's last revision */
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/PLC-ADOPTED", th_writer_key,
               "{\"availability\": \"reported\", \"value\": 16, \"numerator\": 4, "
               "\"denominator\": 25}");
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/report?format=text&since=%s", at);
    th_resp pub = th_get(path);
    ck_assert_int_eq(pub.status, 200);
    ck_assert_msg(strstr(pub.body, "revised from [c] to [c]"), "%s", pub.body);
    ck_assert_ptr_null(strstr(pub.body, "from 12% to 16%"));
    th_free(&pub);
    th_resp key = keyed(path);
    ck_assert_msg(strstr(key.body, "revised from 12% to 16%"), "%s", key.body);
    th_free(&key);
}
END_TEST

/* A shown result whose previous quarter is confidential: the report does
 * not say the change (value less change would give 3 of 25 back). */
START_TEST(the_change_against_a_confidential_quarter_is_not_said)
{
    th_resp r = th_put("/api/v1/quarters/2020-21-Q2/indicators/PLC-ADOPTED", th_writer_key,
                       "{\"availability\": \"reported\", \"numerator\": 10, "
                       "\"denominator\": 40}");
    ck_assert_msg(r.status == 200 || r.status == 201, "%ld %s", r.status, r.body);
    th_free(&r);
    const char *path = "/api/v1/quarters/2020-21-Q2/report?format=text";
    th_resp key = keyed(path);
    ck_assert_msg(strstr(key.body, "performance at 25% (10), increasing by 13 percentage points "
                                   "since quarter 1"),
                  "%s", key.body);
    th_free(&key);
    th_resp pub = th_get(path);
    ck_assert_msg(strstr(pub.body, "performance at 25% (10)."), "%s", pub.body);
    ck_assert_ptr_null(strstr(pub.body, "13 percentage points"));
    th_free(&pub);
}
END_TEST

/* Changes between packs judge each side by its own counts: 3 of 25 at
 * from stays withheld after a restatement to 40 of 250 that may be shown. */
START_TEST(a_change_withholds_the_side_that_was_confidential)
{
    th_resp r = keyed("/api/v1/quarters/2020-21-Q1/revisions?limit=1");
    char at[40], path[160];
    snprintf(at, sizeof at, "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "at")));
    th_free(&r);
    usleep(5000);
    r = th_put("/api/v1/quarters/2020-21-Q1/indicators/PLC-ADOPTED", th_writer_key,
               "{\"availability\": \"reported\", \"numerator\": 40, \"denominator\": 250}");
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    th_free(&r);
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/changes?from=%s", at);
    th_resp pub = th_get(path);
    ck_assert_int_eq(pub.status, 200);
    json_t *it = json_array_get(json_object_get(pub.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(it, "code")), "PLC-ADOPTED");
    json_t *before = json_object_get(it, "before"), *after = json_object_get(it, "after");
    ck_assert(json_is_null(json_object_get(before, "value")));
    ck_assert(json_is_null(json_object_get(before, "numerator")));
    ck_assert(in_list(json_object_get(before, "suppressed"), "value"));
    ck_assert(json_number_value(json_object_get(after, "value")) == 16);
    ck_assert_int_eq(json_integer_value(json_object_get(after, "denominator")), 250);
    th_free(&pub);
    th_resp key = keyed(path);
    it = json_array_get(json_object_get(key.json, "items"), 0);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(it, "before"), "numerator")), 3);
    th_free(&key);
}
END_TEST

/* Without fork (CK_FORK=no, the valgrind setup) the tests that only read
 * share one server and demo: a start and a demo load cost 2.5 s under
 * valgrind, more than either short test. They only GET, so each meets the
 * demo as loaded; the two that look at the cache run first, on a cold one,
 * as each did on a server of its own. With fork they keep one each: a
 * server started before the fork would serve the children from the
 * parent's threads, which a child's leak check (ASan) takes for leaks.
 * The tests that write get a fresh server each: two rewrite the same
 * confidential figure (PLC-ADOPTED in 2020-21 Q1), a third judges Q2's
 * change against it, and each judges what it wrote against the demo as
 * loaded. */
static Suite *make_suite(void)
{
    Suite *s = suite_create("api disclosure");
    TCase *reads = tcase_create("disclosure control, reads");
    const char *ck_fork = getenv("CK_FORK");
    if (ck_fork && strcmp(ck_fork, "no") == 0)
        tcase_add_unchecked_fixture(reads, setup, teardown);
    else
        tcase_add_checked_fixture(reads, setup, teardown);
    tcase_set_timeout(reads, 240);
    tcase_add_test(reads, public_and_keyed_answers_are_cached_apart);
    tcase_add_test(reads, the_report_withholds_the_figure);
    tcase_add_test(reads, no_public_answer_gives_a_suppressed_figure_back);
    suite_add_tcase(s, reads);
    TCase *tc = tcase_create("disclosure control, writes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, placements_secondary_suppression);
    tcase_add_test(tc, an_outturn_of_a_small_count_is_withheld);
    tcase_add_test(tc, the_changes_sentence_withholds_the_figure);
    tcase_add_test(tc, the_change_against_a_confidential_quarter_is_not_said);
    tcase_add_test(tc, a_change_withholds_the_side_that_was_confidential);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(make_suite)
