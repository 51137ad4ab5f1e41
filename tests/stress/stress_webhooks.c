/* stress_webhooks.c - webhook deliveries to a slow and to a failing
 * receiver never slow API answers (issue 18 item 2), against a real
 * `scrutiny serve --webhook-backoff-ms 200`.
 *
 *   stress_webhooks SCRUTINY_EXE [WRITES (default 100)]
 *
 * WRITES result PUTs, each outside its target (so each raises
 * status_outside_target), are timed with no subscriber; then a receiver
 * that sleeps 3 s before answering and one that answers 500 subscribe,
 * and the same number of PUTs are timed again. The slowest answer with
 * the receivers may exceed the slowest without them by at most 500 ms (a
 * delivery that ran on an API path would cost 3 s), and the median by at
 * most 3 times plus 20 ms. Then the failing receiver must have been sent
 * the same delivery again (retried with backoff), the log must say so
 * (attempts, status 500, pending), the slow receiver must have been
 * reached, and the server must still stop cleanly. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "receiver.h"

static st_server srv;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void ok(CURL *c, const char *method, const char *path, const char *key, const char *body)
{
    st_resp r = st_http(c, &srv, method, path, key, body, 10000);
    ST_CHECK(r.status >= 200 && r.status < 300, "%s %s: %ld %s", method, path, r.status, r.body);
    st_resp_free(&r);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Times n PUTs of results outside target; the median and the slowest. */
static void timed_puts(CURL *c, int n, int round, double *median, double *worst)
{
    double *t = calloc((size_t)n, sizeof *t);
    ST_CHECK(t, "out of memory");
    for (int i = 0; i < n; i++) {
        char body[96];
        snprintf(body, sizeof body, "{\"availability\": \"reported\", \"value\": %d}",
                 10 * (round + 1) + i % 2);
        double t0 = now_s();
        ok(c, "PUT", "/api/v1/quarters/2020-21-Q1/indicators/HOOK-1", srv.writer, body);
        t[i] = now_s() - t0;
    }
    qsort(t, (size_t)n, sizeof *t, by_value);
    *median = t[n / 2];
    *worst = t[n - 1];
    free(t);
}

static void subscribe(CURL *c, const rc_receiver *rc)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"url\": \"http://127.0.0.1:%d/h\", \"secret\": \"stress-secret-0123456789\","
             " \"events\": [\"status_outside_target\"]}",
             rc_port(rc));
    ok(c, "POST", "/api/v1/webhooks", srv.admin, body);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: stress_webhooks SCRUTINY_EXE [WRITES]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 100;
    if (n < 10)
        n = 10;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    st_init(&srv, argv[1]);
    static const char *const extra[] = {"--webhook-backoff-ms", "200", NULL};
    st_start(&srv, extra);
    CURL *c = curl_easy_init();
    ok(c, "PUT", "/api/v1/indicators/HOOK-1", srv.admin,
       "{\"name\": \"Hook indicator\", \"category\": \"strategic_partnership\", \"service_area\":"
       " \"child-protection\", \"polarity\": \"higher_is_better\", \"unit\": \"percent\","
       " \"decimals\": 0}");
    ok(c, "PUT", "/api/v1/indicators/HOOK-1/targets/2020-21-Q1", srv.admin,
       "{\"target\": 90, \"tolerance\": 5}");

    double med0, worst0, med1, worst1;
    timed_puts(c, n, 0, &med0, &worst0);
    rc_receiver *slow = rc_start(204, 3000), *failing = rc_start(500, 0);
    ST_CHECK(slow && failing, "cannot start the receivers");
    subscribe(c, slow);
    subscribe(c, failing);
    timed_puts(c, n, 1, &med1, &worst1);
    printf("stress: %d PUTs without receivers: median %.1f ms, slowest %.1f ms\n", n, med0 * 1e3,
           worst0 * 1e3);
    printf("stress: %d PUTs with a slow and a failing receiver: median %.1f ms, slowest %.1f ms\n",
           n, med1 * 1e3, worst1 * 1e3);
    ST_CHECK(worst1 <= worst0 + 0.5, "the slowest answer went from %.3f s to %.3f s", worst0,
             worst1);
    ST_CHECK(med1 <= 3 * med0 + 0.02, "the median answer went from %.4f s to %.4f s", med0, med1);

    /* the failing receiver is sent its first delivery again */
    bool retried = false;
    for (int waited = 0; waited < 10000 && !(retried = rc_first_repeats(failing) > 0);
         waited += 100) {
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    ST_CHECK(retried, "the failing receiver was not sent a delivery twice (%d posts)",
             rc_count(failing));
    ST_CHECK(rc_count(slow) >= 1, "the slow receiver was never reached");
    st_resp r =
        st_http(c, &srv, "GET", "/api/v1/webhooks/2/deliveries?limit=500", srv.admin, NULL, 10000);
    json_t *log = json_loads(r.body, 0, NULL);
    st_resp_free(&r);
    json_t *items = json_object_get(log, "items");
    ST_CHECK(json_array_size(items) == (size_t)n, "the failing receiver's log holds %zu, not %d",
             json_array_size(items), n);
    json_t *oldest = json_array_get(items, json_array_size(items) - 1);
    ST_CHECK(json_integer_value(json_object_get(oldest, "attempts")) >= 2 &&
                 json_integer_value(json_object_get(oldest, "status_code")) == 500 &&
                 strcmp(json_string_value(json_object_get(oldest, "state")), "pending") == 0,
             "the oldest delivery's log: %s", json_dumps(oldest, JSON_COMPACT));
    printf("stress: failing receiver: %d posts, its first delivery attempted %lld times;"
           " slow receiver: %d posts\n",
           rc_count(failing), (long long)json_integer_value(json_object_get(oldest, "attempts")),
           rc_count(slow));
    json_decref(log);
    curl_easy_cleanup(c);
    st_stop(&srv);
    rc_stop(slow);
    rc_stop(failing);
    st_cleanup(&srv);
    curl_global_cleanup();
    printf("stress: webhooks OK\n");
    return 0;
}
