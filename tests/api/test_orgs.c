/* test_orgs.c - API: organisations (docs/API.md, "Organisations"; issue 15
 * item 4). Creating them over the API (a deployment key only) and listing
 * them; figures of one organisation invisible to the others and to the
 * default one, with no cached answer of one served for another; every
 * route of the table walked with a foreign organisation's keys (403, and
 * the target's data version unchanged), with and without --private-read;
 * a deployment key acting on every organisation; the unprefixed routes
 * still the default organisation's; each organisation's webhook events
 * delivered to its own subscribers only. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stress/receiver.h"
#include "demo.h"
#include "harness.h"
#include "keys.h"
#include "org.h"
#include "routes.h"
#include "test_main.h"

extern const sc_route sc_routes[];
extern const size_t sc_route_count;

static const char *const codes[] = {"alpha", "beta", NULL};

/* alpha's keys, beta's admin, and a deployment key */
static char a_reader[SC_KEY_STRLEN], a_writer[SC_KEY_STRLEN], a_admin[SC_KEY_STRLEN];
static char b_admin[SC_KEY_STRLEN], b_writer[SC_KEY_STRLEN], dep_key[SC_KEY_STRLEN];
/* beta's database opened beside the server's, to read its data version */
static sc_store *beta;

static void make_org(sc_db *db, const char *code, const char *name)
{
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_db_begin_write(db), SC_OK);
    ck_assert_int_eq(sc_org_create(db, code, name, &errs), SC_OK);
    ck_assert_int_eq(sc_db_commit(db), SC_OK);
    sc_errors_clear(&errs);
}

static void make_key(sc_db *db, const char *name, sc_role role, const char *org, bool deployment,
                     char out[SC_KEY_STRLEN])
{
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_keys_create_in(db, name, role, org, deployment, out, &errs), SC_OK);
    sc_errors_clear(&errs);
}

static void start(bool private_read)
{
    th_options opt = {.private_read = private_read};
    th_start(&opt);
    th_load_demo(); /* the default organisation's */
    sc_db *db = sc_store_acquire(th_store());
    make_org(db, "alpha", "Alpha Children's Trust");
    make_org(db, "beta", "Beta Council");
    make_key(db, "a-reader", SC_ROLE_READER, "alpha", false, a_reader);
    make_key(db, "a-writer", SC_ROLE_WRITER, "alpha", false, a_writer);
    make_key(db, "a-admin", SC_ROLE_ADMIN, "alpha", false, a_admin);
    make_key(db, "b-admin", SC_ROLE_ADMIN, "beta", false, b_admin);
    make_key(db, "b-writer", SC_ROLE_WRITER, "beta", false, b_writer);
    make_key(db, "deployment", SC_ROLE_ADMIN, NULL, true, dep_key);
    sc_store_release(th_store(), db);
    /* beta holds the demo too, so that a route reaching its data by
     * mistake would find something to read or change */
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_int_eq(sc_org_open(th_store(), "beta", 1, &beta, &errs), SC_OK);
    const char *root = getenv("SCRUTINY_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/demo", root ? root : ".");
    bool already;
    db = sc_store_acquire(beta);
    ck_assert_int_eq(sc_demo_load(db, path, &already, &errs), SC_OK);
    sc_store_release(beta, db);
    sc_errors_clear(&errs);
}

static void setup(void)
{
    start(false);
}

static void setup_private(void)
{
    start(true);
}

static void teardown(void)
{
    sc_store_close(beta);
    beta = NULL;
    th_stop_orgs(codes);
}

static int64_t beta_version(void)
{
    sc_db *db = sc_store_acquire(beta);
    int64_t v = -1;
    ck_assert_int_eq(sc_db_data_version(db, &v), SC_OK);
    sc_store_release(beta, db);
    return v;
}

static th_resp call(const char *method, const char *path, const char *key, const char *body)
{
    return th_request(method, path, key, body, NULL, NULL);
}

static void expect(const char *method, const char *path, const char *key, const char *body,
                   long status)
{
    th_resp r = call(method, path, key, body);
    ck_assert_msg(r.status == status, "%s %s: %ld (wanted %ld) %s", method, path, r.status, status,
                  r.body);
    th_free(&r);
}

START_TEST(create_and_list_over_the_api)
{
    th_resp r = call("POST", "/api/v1/orgs", dep_key,
                     "{\"code\": \"gamma\", \"name\": \"Gamma Leisure Trust\"}");
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_str_eq(r.location, "/api/v1/orgs/gamma");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "code")), "gamma");
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "name")), "Gamma Leisure Trust");
    th_free(&r);
    /* its routes answer at once: a fresh database, migrated on first use */
    r = call("GET", "/api/v1/orgs/gamma/indicators", dep_key, NULL);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 0);
    th_free(&r);

    /* taken, bad, or by a key that is not the deployment's: nothing made */
    r = call("POST", "/api/v1/orgs", dep_key, "{\"code\": \"gamma\", \"name\": \"Again\"}");
    th_assert_problem(&r, 409);
    th_free(&r);
    r = call("POST", "/api/v1/orgs", dep_key, "{\"code\": \"-no\", \"name\": \"\", \"x\": 1}");
    ck_assert_uint_ge(th_assert_problem(&r, 422), 3);
    ck_assert(th_has_error_pointer(&r, "/code"));
    ck_assert(th_has_error_pointer(&r, "/name"));
    ck_assert(th_has_error_pointer(&r, "/x"));
    th_free(&r);
    r = call("POST", "/api/v1/orgs", th_admin_key, "{\"code\": \"delta\", \"name\": \"D\"}");
    th_assert_problem(&r, 403);
    th_free(&r);
    r = call("POST", "/api/v1/orgs", a_admin, "{\"code\": \"delta\", \"name\": \"D\"}");
    th_assert_problem(&r, 403);
    th_free(&r);
    r = call("POST", "/api/v1/orgs", NULL, "{\"code\": \"delta\", \"name\": \"D\"}");
    th_assert_problem(&r, 401);
    th_free(&r);
    /* the organisations are the deployment's: no prefix */
    r = call("GET", "/api/v1/orgs/alpha/orgs", dep_key, NULL);
    th_assert_problem(&r, 404);
    th_free(&r);

    /* the deployment sees every organisation, an organisation itself only */
    r = call("GET", "/api/v1/orgs", dep_key, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 4);
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "code")), "alpha");
    json_t *dflt = json_array_get(json_object_get(r.json, "items"), 2);
    ck_assert_str_eq(json_string_value(json_object_get(dflt, "code")), "default");
    ck_assert(json_is_true(json_object_get(dflt, "default")));
    ck_assert(json_is_null(json_object_get(dflt, "created_at")));
    th_free(&r);
    /* as public as the reads (with --private-read: foreign_keys_with_private_read) */
    r = call("GET", "/api/v1/orgs", a_reader, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 4);
    th_free(&r);
    r = call("GET", "/api/v1/orgs", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 4);
    th_free(&r);

    /* unknown organisations, and codes that cannot be one */
    expect("GET", "/api/v1/orgs/nowhere/indicators", dep_key, NULL, 404);
    expect("GET", "/api/v1/orgs/-x/indicators", dep_key, NULL, 404);
    expect("GET", "/api/v1/orgs//indicators", dep_key, NULL, 404);
}
END_TEST

static const char area_x[] = "{\"name\": \"Area of X\"}";
static const char area_y[] = "{\"name\": \"Area of Y\"}";

START_TEST(figures_stay_in_their_organisation)
{
    /* alpha is fresh, beta holds the demo: each gets a service area of its
     * own */
    expect("PUT", "/api/v1/orgs/alpha/service-areas/only-alpha", a_admin, area_x, 201);
    expect("PUT", "/api/v1/orgs/beta/service-areas/only-beta", b_admin, area_y, 201);
    expect("GET", "/api/v1/orgs/alpha/service-areas/only-alpha", a_reader, NULL, 200);
    expect("GET", "/api/v1/orgs/alpha/service-areas/only-beta", a_reader, NULL, 404);
    expect("GET", "/api/v1/orgs/beta/service-areas/only-alpha", b_admin, NULL, 404);
    expect("GET", "/api/v1/service-areas/only-alpha", th_reader_key, NULL, 404);
    expect("GET", "/api/v1/service-areas/only-beta", th_reader_key, NULL, 404);

    /* a result pushed to beta: beta's, not the default's (same demo, one
     * figure changed) */
    const char *path = "/api/v1/quarters/2020-21-Q1/indicators/CFA-CIN-PLAN";
    char bpath[160];
    snprintf(bpath, sizeof bpath, "/api/v1/orgs/beta%s", path + 7);
    th_resp before = call("GET", path, th_reader_key, NULL);
    ck_assert_int_eq(before.status, 200);
    th_resp r = call("PUT", bpath, b_writer,
                     "{\"availability\": \"reported\", \"value\": 12.5, \"commentary\": \"beta\"}");
    ck_assert_msg(r.status == 200 || r.status == 201, "%ld %s", r.status, r.body);
    th_free(&r);
    r = call("GET", bpath, b_writer, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(r.json, "commentary")), "beta");
    th_free(&r);
    th_resp after = call("GET", path, th_reader_key, NULL);
    ck_assert_str_eq(after.body, before.body);
    th_free(&after);
    th_free(&before);

    /* the render cache: alpha's list and beta's list may carry one data
     * version number, and are still two answers. Each asked twice (the
     * second from the cache). */
    for (int i = 0; i < 2; i++) {
        th_resp a = call("GET", "/api/v1/orgs/alpha/service-areas", a_reader, NULL);
        th_resp b = call("GET", "/api/v1/orgs/beta/service-areas", b_admin, NULL);
        th_resp d = call("GET", "/api/v1/service-areas", th_reader_key, NULL);
        ck_assert(strstr(a.body, "only-alpha") && !strstr(a.body, "only-beta"));
        ck_assert(strstr(b.body, "only-beta") && !strstr(b.body, "only-alpha"));
        ck_assert(!strstr(d.body, "only-alpha") && !strstr(d.body, "only-beta"));
        th_free(&a);
        th_free(&b);
        th_free(&d);
    }

    /* a webhook subscription is its organisation's: beta's is not listed
     * by the default organisation, nor the default's by beta */
    r = call("POST", "/api/v1/orgs/beta/webhooks", b_admin,
             "{\"url\": \"http://127.0.0.1:9/beta\", \"secret\": \"0123456789abcdef-beta\","
             " \"events\": [\"return_received\"]}");
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_msg(strncmp(r.location, "/api/v1/orgs/beta/webhooks/", 27) == 0, "%s", r.location);
    th_free(&r);
    r = call("GET", "/api/v1/webhooks", th_admin_key, NULL);
    ck_assert_msg(!strstr(r.body, "127.0.0.1:9/beta"), "%s", r.body);
    th_free(&r);
    r = call("GET", "/api/v1/orgs/beta/webhooks", b_admin, NULL);
    ck_assert_msg(strstr(r.body, "127.0.0.1:9/beta"), "%s", r.body);
    th_free(&r);
}
END_TEST

/* Subscribes a receiver to status_outside_target under prefix ("" for the
 * default organisation) with key. */
static void subscribe(const rc_receiver *rc, const char *prefix, const char *key)
{
    char path[128], body[256];
    snprintf(path, sizeof path, "%s/webhooks", prefix[0] ? prefix : "/api/v1");
    snprintf(body, sizeof body,
             "{\"url\": \"http://127.0.0.1:%d/hooks\", \"secret\": \"0123456789abcdef-hooks\","
             " \"events\": [\"status_outside_target\"]}",
             rc_port(rc));
    expect("POST", path, key, body, 201);
}

START_TEST(webhooks_deliver_only_their_organisations_events)
{
    rc_receiver *mine = rc_start(204, 0), *theirs = rc_start(204, 0);
    ck_assert(mine && theirs);
    subscribe(mine, "/api/v1/orgs/beta", b_admin);
    subscribe(theirs, "", th_admin_key);
    /* CP-SEEN at 50% is outside its target range in 2020-21-Q1 (the demo) */
    const char *outside = "{\"availability\": \"reported\", \"value\": 50}";
    expect("PUT", "/api/v1/orgs/beta/quarters/2020-21-Q1/indicators/CP-SEEN", b_writer, outside,
           200);
    ck_assert(rc_wait(mine, 1, 5000));
    rc_post p;
    ck_assert(rc_get(mine, 0, &p));
    ck_assert_str_eq(p.event, "status_outside_target");
    /* the default organisation's worker polls every 200 ms: a second is
     * five polls with nothing for its receiver */
    ck_assert(!rc_wait(theirs, 1, 1000));
    expect("PUT", "/api/v1/quarters/2020-21-Q1/indicators/CP-SEEN", th_writer_key, outside, 200);
    ck_assert(rc_wait(theirs, 1, 5000));
    ck_assert(!rc_wait(mine, 2, 1000));
    rc_stop(mine);
    rc_stop(theirs);
}
END_TEST

/* A plausible value for the parameter after segment prev. */
static const char *param_for(const char *prev, size_t n)
{
    static const struct {
        const char *after;
        const char *value;
    } values[] = {
        {"quarters", "2020-21-Q1"},
        {"indicators", "CFA-CIN-PLAN"},
        {"outturns", "2019-20"},
        {"targets", "2020-21-Q1"},
        {"service-areas", "governance"},
        {"demand-measures", "contacts"},
        {"demand", "contacts"},
        {"populations", "2020-21"},
        {"placement-types", "ifa"},
        {"placements", "ifa"},
        {"risk-shares", "2020-21"},
        {"questions", "1"},
        {"webhooks", "1"},
    };
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        if (strlen(values[i].after) == n && strncmp(values[i].after, prev, n) == 0)
            return values[i].value;
    return "x";
}

/* The route's pattern under prefix ("" for none), with its parameters
 * filled in. */
static void fill(const char *pattern, const char *prefix, char *out, size_t n)
{
    size_t used = (size_t)snprintf(out, n, "%s", prefix[0] ? prefix : "/api/v1");
    const char *p = pattern + strlen("/api/v1");
    const char *prev = "";
    size_t prev_n = 0;
    while (*p && used < n) {
        const char *seg = p + 1;
        size_t len = strcspn(seg, "/");
        if (len == 2 && strncmp(seg, "{}", 2) == 0) {
            used += (size_t)snprintf(out + used, n - used, "/%s", param_for(prev, prev_n));
        } else {
            used += (size_t)snprintf(out + used, n - used, "/%.*s", (int)len, seg);
            prev = seg;
            prev_n = len;
        }
        p = seg + len;
    }
}

/* A body each write could take for real (the check comes before it is
 * read, so any body would do; these are what a client would send). */
static const char *body_for(const sc_route *route)
{
    if (!route->takes_body)
        return NULL;
    if (strstr(route->pattern, "/lock") || strstr(route->pattern, "/unlock"))
        return "{\"reason\": \"OSMC 18 August\"}";
    if (strcmp(route->pattern, "/api/v1/quarters/{}/indicators/{}") == 0)
        return "{\"availability\": \"reported\", \"value\": 1, \"commentary\": \"foreign\"}";
    if (strstr(route->pattern, "service-areas") || strstr(route->pattern, "demand-measures") ||
        strstr(route->pattern, "placement-types"))
        return "{\"name\": \"Foreign\"}";
    if (strstr(route->pattern, "webhooks"))
        return "{\"url\": \"http://127.0.0.1:9/x\", \"secret\": \"0123456789abcdef-x\","
               " \"events\": [\"return_received\"]}";
    return "{\"value\": 1}";
}

/* Every route of the table, under beta's prefix, with each of alpha's
 * keys and the default organisation's admin key: 403, and beta's data
 * version as it was. Routes that need no key (the API's description) are
 * the service's, not an organisation's, and are skipped; the
 * deployment's own (/api/v1/orgs) have no prefixed form. Alpha's keys get
 * the same on the unprefixed (default) paths. */
static void walk_foreign(void)
{
    const char *keys[] = {a_reader, a_writer, a_admin, th_admin_key};
    int64_t v0 = beta_version();
    int walked = 0;
    for (size_t i = 0; i < sc_route_count; i++) {
        const sc_route *route = &sc_routes[i];
        if (strncmp(route->pattern, "/api/v1", 7) != 0 || route->role == SC_ROLE_NONE ||
            strncmp(route->pattern, "/api/v1/orgs", 12) == 0)
            continue;
        char path[256], plain[256];
        fill(route->pattern, "/api/v1/orgs/beta", path, sizeof path);
        fill(route->pattern, "", plain, sizeof plain);
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            th_resp r = call(route->method, path, keys[k], body_for(route));
            ck_assert_msg(r.status == 403, "%s %s with key %zu: %ld %s", route->method, path, k,
                          r.status, r.body);
            ck_assert_str_eq(r.content_type, "application/problem+json");
            th_free(&r);
            if (keys[k] == th_admin_key)
                continue;
            r = call(route->method, plain, keys[k], body_for(route));
            ck_assert_msg(r.status == 403, "%s %s with key %zu: %ld %s", route->method, plain, k,
                          r.status, r.body);
            th_free(&r);
            walked++;
        }
    }
    ck_assert_int_ge(walked, 3 * 60); /* 66 routes when this was written */
    ck_assert_int_eq(beta_version(), v0);
}

START_TEST(foreign_keys_touch_nothing_on_any_route)
{
    /* beta opened by the server first, so that its caches are warm too */
    expect("GET", "/api/v1/orgs/beta/quarters/2020-21-Q1/summary", b_admin, NULL, 200);
    walk_foreign();
}
END_TEST

START_TEST(foreign_keys_with_private_read)
{
    walk_foreign();
    /* without a key: 401 on beta's reads now, as on the default's */
    expect("GET", "/api/v1/orgs/beta/indicators", NULL, NULL, 401);
    expect("GET", "/api/v1/orgs/beta/indicators", b_admin, NULL, 200);
    expect("GET", "/api/v1/indicators", NULL, NULL, 401);
    /* the list of organisations: every one for the deployment, its own
     * for an organisation's key, none without a key */
    th_resp r = call("GET", "/api/v1/orgs", a_reader, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 1);
    json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "code")), "alpha");
    th_free(&r);
    r = call("GET", "/api/v1/orgs", th_reader_key, NULL);
    first = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "code")), "default");
    th_free(&r);
    r = call("GET", "/api/v1/orgs", dep_key, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(r.json, "count")), 3);
    th_free(&r);
    expect("GET", "/api/v1/orgs", NULL, NULL, 401);
}
END_TEST

START_TEST(deployment_key_acts_on_every_organisation)
{
    int64_t v0 = beta_version();
    expect("PUT", "/api/v1/orgs/beta/service-areas/by-deployment", dep_key, area_x, 201);
    ck_assert_int_gt(beta_version(), v0);
    expect("GET", "/api/v1/orgs/beta/service-areas/by-deployment", dep_key, NULL, 200);
    expect("PUT", "/api/v1/orgs/alpha/service-areas/by-deployment", dep_key, area_y, 201);
    expect("PUT", "/api/v1/service-areas/by-deployment", dep_key, area_x, 201);
    expect("POST", "/api/v1/orgs/beta/quarters/2020-21-Q1/lock", dep_key,
           "{\"reason\": \"OSMC 18 August\"}", 200);
    expect("GET", "/api/v1/orgs/beta/quarters/2020-21-Q1/summary", dep_key, NULL, 200);
}
END_TEST

START_TEST(unprefixed_routes_are_the_default_organisation)
{
    /* today's keys and paths, unchanged; the prefix "default" is the same */
    th_resp a = call("GET", "/api/v1/quarters/2020-21-Q1/summary", th_reader_key, NULL);
    th_resp b =
        call("GET", "/api/v1/orgs/default/quarters/2020-21-Q1/summary", th_reader_key, NULL);
    ck_assert_int_eq(a.status, 200);
    ck_assert_int_eq(b.status, 200);
    ck_assert_str_eq(a.body, b.body);
    th_free(&a);
    th_free(&b);
    expect("PUT", "/api/v1/service-areas/plain", th_admin_key, area_x, 201);
    expect("GET", "/api/v1/orgs/default/service-areas/plain", th_reader_key, NULL, 200);
    expect("GET", "/api/v1/orgs/alpha/service-areas/plain", a_reader, NULL, 404);
    /* a write under the prefix says where it went */
    th_resp r = call("PUT", "/api/v1/orgs/alpha/indicators/A-ONE", a_admin,
                     "{\"name\": \"One\", \"category\": \"contractual\", \"service_area\":"
                     " \"governance\", \"unit\": \"count\", \"polarity\": \"higher_is_better\"}");
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_str_eq(r.location, "/api/v1/orgs/alpha/indicators/A-ONE");
    th_free(&r);
    /* the index of an organisation: its prefix alone, and its links lead
     * into that organisation (the default's, prefixed or not, are the
     * plain ones: one answer, one cache entry) */
    r = call("GET", "/api/v1/orgs/alpha", a_reader, NULL);
    ck_assert_int_eq(r.status, 200);
    json_t *links = json_object_get(r.json, "links");
    ck_assert_str_eq(json_string_value(json_object_get(links, "quarter_summary")),
                     "/api/v1/orgs/alpha/quarters/{quarter}/summary");
    ck_assert_str_eq(json_string_value(json_object_get(links, "health")), "/healthz");
    th_free(&r);
    for (int i = 0; i < 2; i++) {
        r = call("GET", i ? "/api/v1" : "/api/v1/orgs/default", th_reader_key, NULL);
        links = json_object_get(r.json, "links");
        ck_assert_str_eq(json_string_value(json_object_get(links, "quarter_summary")),
                         "/api/v1/quarters/{quarter}/summary");
        th_free(&r);
    }
    /* so does the next page of a quarter's revisions */
    r = call("GET", "/api/v1/orgs/beta/quarters/2020-21-Q1/revisions?limit=1", b_admin, NULL);
    ck_assert_int_eq(r.status, 200);
    const char *next = json_string_value(json_object_get(r.json, "next_url"));
    ck_assert_msg(
        next && strncmp(next, "/api/v1/orgs/beta/quarters/2020-21-Q1/revisions?before=", 55) == 0,
        "%s", r.body);
    th_free(&r);
    /* the service's own routes need no key and take any */
    expect("GET", "/healthz", a_reader, NULL, 200);
    expect("GET", "/api/v1/openapi.json", a_admin, NULL, 200);
    expect("GET", "/api/v1/orgs/beta/openapi.json", a_admin, NULL, 200);
}
END_TEST

static Suite *orgs_suite(void)
{
    Suite *s = suite_create("orgs");
    TCase *tc = tcase_create("orgs");
    tcase_set_timeout(tc, 240);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, create_and_list_over_the_api);
    tcase_add_test(tc, figures_stay_in_their_organisation);
    tcase_add_test(tc, foreign_keys_touch_nothing_on_any_route);
    tcase_add_test(tc, deployment_key_acts_on_every_organisation);
    tcase_add_test(tc, unprefixed_routes_are_the_default_organisation);
    tcase_add_test(tc, webhooks_deliver_only_their_organisations_events);
    suite_add_tcase(s, tc);
    TCase *pr = tcase_create("private-read");
    tcase_set_timeout(pr, 240);
    tcase_add_checked_fixture(pr, setup_private, teardown);
    tcase_add_test(pr, foreign_keys_with_private_read);
    suite_add_tcase(s, pr);
    return s;
}

TH_MAIN(orgs_suite)
