/* stress_concurrency.c - 100 clients at once against a real `scrutiny
 * serve`: no 5xx (in particular no 503 "database busy"), no transport
 * error, and a final state equal to the last acknowledged writes.
 *
 *   stress_concurrency SCRUTINY_EXE [REQUESTS_PER_CLIENT (default 40)]
 *                       [CLIENTS (default 100)]
 *
 * Half the clients write, half read. Writer w owns quarter Q_w (the w-th
 * quarter from 2030-31-Q1) and sends, in order, numbered requests n =
 * 1, 2, ...: mostly quarterly returns setting the three shared indicators
 * S1..S3, the contacts demand figure and a one-line finance statement of
 * Q_w all to n; every fifth a single PUT of the contacts figure to n; every
 * seventh a dry run of a return with the value 999999, which must never
 * become visible. All writers write the same tables at the same time, so
 * they contend for SQLite's write lock. Readers loop over the summary,
 * indicator list, demand, finance and the demand table of random quarters,
 * /metrics and /healthz. The server runs with --threads 8.
 *
 * At the end each writer's quarter must hold exactly its last acknowledged
 * values (a writer's requests are sequential, so "last" is well defined),
 * read back over HTTP. */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

#define MAX_CLIENTS 400
#define FIRST_QUARTER (2030 * 4)
#define DRY_VALUE 999999

static st_server srv;
static int per_client = 40;
static int clients = 100;
static int writers;

typedef struct {
    int id;
    unsigned seed;
    long last_return;   /* n of the last acknowledged return */
    long last_contacts; /* n of the last acknowledged write of contacts */
    long requests, errors;
    double worst; /* slowest answer, seconds */
} client;

static client cl[MAX_CLIENTS];
static atomic_long total_5xx, total_503, total_transport, total_unexpected, total_requests;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int reported;

static void quarter_id(int w, char out[32])
{
    int q = FIRST_QUARTER + w;
    int y = q / 4;
    snprintf(out, 32, "%04d-%02d-Q%d", y % 10000, (y + 1) % 100, q % 4 + 1);
}

static void note(client *c, const char *what, const char *path, const st_resp *r)
{
    atomic_fetch_add(&total_unexpected, 1);
    if (r->status >= 500)
        atomic_fetch_add(&total_5xx, 1);
    if (r->status == 503)
        atomic_fetch_add(&total_503, 1);
    if (r->status == 0)
        atomic_fetch_add(&total_transport, 1);
    c->errors++;
    pthread_mutex_lock(&report_lock);
    if (reported++ < 20)
        fprintf(stderr, "stress_concurrency: client %d %s %s: %ld %s %.200s\n", c->id, what, path,
                r->status, r->status ? "" : curl_easy_strerror(r->curl), r->body);
    pthread_mutex_unlock(&report_lock);
}

static void timed(client *c, double t0)
{
    double d = st_now() - t0;
    if (d > c->worst)
        c->worst = d;
    c->requests++;
    atomic_fetch_add(&total_requests, 1);
}

static void writer(client *c, CURL *h)
{
    int w = c->id / 2;
    char q[32], path[128], body[2048];
    quarter_id(w, q);
    for (long n = 1; n <= per_client; n++) {
        double t0 = st_now();
        st_resp r;
        if (n % 7 == 0) {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/return?dry_run=true", q);
            st_return_body(body, sizeof body, DRY_VALUE, DRY_VALUE, DRY_VALUE, DRY_VALUE);
            r = st_http(h, &srv, "PUT", path, srv.writer, body, 60000);
            if (r.status != 200)
                note(c, "PUT", path, &r);
        } else if (n % 5 == 0) {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/demand/contacts", q);
            snprintf(body, sizeof body, "{\"value\": %ld}", n);
            r = st_http(h, &srv, "PUT", path, srv.writer, body, 60000);
            if (r.status == 200 || r.status == 201)
                c->last_contacts = n;
            else
                note(c, "PUT", path, &r);
        } else {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/return", q);
            st_return_body(body, sizeof body, n, n, n, n);
            r = st_http(h, &srv, "PUT", path, srv.writer, body, 60000);
            if (r.status == 200) {
                c->last_return = n;
                c->last_contacts = n;
            } else {
                note(c, "PUT", path, &r);
            }
        }
        timed(c, t0);
        st_resp_free(&r);
    }
}

static void reader(client *c, CURL *h)
{
    for (long n = 1; n <= per_client; n++) {
        char q[32], path[160];
        quarter_id(writers ? (int)(rand_r(&c->seed) % (unsigned)writers) : 0, q);
        long ok2 = 0; /* a second acceptable status */
        switch (rand_r(&c->seed) % 7) {
        case 0:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/summary?decimals=0", q);
            break;
        case 1:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators", q);
            break;
        case 2:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/demand", q);
            break;
        case 3:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", q);
            ok2 = 404; /* before its writer's first return */
            break;
        case 4:
            snprintf(path, sizeof path, "/api/v1/demand?from=2030-31-Q1&to=2032-33-Q4");
            break;
        case 5:
            snprintf(path, sizeof path, "/metrics");
            break;
        default:
            snprintf(path, sizeof path, "/healthz");
            break;
        }
        double t0 = st_now();
        st_resp r = st_http(h, &srv, "GET", path, NULL, NULL, 60000);
        if (r.status != 200 && !(ok2 && r.status == ok2))
            note(c, "GET", path, &r);
        else if (strstr(r.body, "999999"))
            st_fail("a dry run became visible: GET %s: %.300s", path, r.body);
        timed(c, t0);
        st_resp_free(&r);
    }
}

static void *run_client(void *arg)
{
    client *c = arg;
    CURL *h = curl_easy_init();
    if (c->id % 2 == 0)
        writer(c, h);
    else
        reader(c, h);
    curl_easy_cleanup(h);
    return NULL;
}

static void define(CURL *h)
{
    for (int i = 1; i <= 3; i++) {
        char path[64], body[512];
        snprintf(path, sizeof path, "/api/v1/indicators/S%d", i);
        st_shared_indicator_body(body, sizeof body, i);
        st_resp r = st_http(h, &srv, "PUT", path, srv.admin, body, 10000);
        ST_CHECK(r.status == 201, "define S%d: %ld %s", i, r.status, r.body);
        st_resp_free(&r);
        snprintf(path, sizeof path, "/api/v1/indicators/S%d/targets/2030-31-Q1", i);
        r = st_http(h, &srv, "PUT", path, srv.admin, "{\"target\": 20, \"tolerance\": 2}", 10000);
        ST_CHECK(r.status == 201, "target S%d: %ld %s", i, r.status, r.body);
        st_resp_free(&r);
    }
}

static double number_at(json_t *doc, const char *what)
{
    json_t *v = json_object_get(doc, what);
    return json_is_number(v) ? json_number_value(v) : -1;
}

/* Each writer's quarter holds its last acknowledged values. */
static void check_final(CURL *h)
{
    int checked = 0;
    for (int i = 0; i < clients; i += 2) {
        const client *c = &cl[i];
        int w = i / 2;
        char q[32], path[128];
        quarter_id(w, q);
        for (int k = 1; k <= 3; k++) {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/S%d", q, k);
            st_resp r = st_http(h, &srv, "GET", path, NULL, NULL, 10000);
            json_t *doc = json_loads(r.body, 0, NULL);
            double v = number_at(doc, "value");
            if (c->last_return)
                ST_CHECK(r.status == 200 && v == (double)c->last_return,
                         "writer %d: %s is %g, last acknowledged return set %ld (%ld %.200s)", w,
                         path, v, c->last_return, r.status, r.body);
            json_decref(doc);
            st_resp_free(&r);
            checked++;
        }
        snprintf(path, sizeof path, "/api/v1/quarters/%s/demand/contacts", q);
        st_resp r = st_http(h, &srv, "GET", path, NULL, NULL, 10000);
        json_t *doc = json_loads(r.body, 0, NULL);
        double v = number_at(doc, "value");
        if (c->last_contacts)
            ST_CHECK(r.status == 200 && v == (double)c->last_contacts,
                     "writer %d: contacts is %g, last acknowledged write set %ld (%ld %.200s)", w,
                     v, c->last_contacts, r.status, r.body);
        json_decref(doc);
        st_resp_free(&r);
        snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", q);
        r = st_http(h, &srv, "GET", path, NULL, NULL, 10000);
        doc = json_loads(r.body, 0, NULL);
        json_t *line = json_array_get(json_object_get(doc, "lines"), 0);
        v = number_at(json_object_get(line, "budget"), "net");
        if (c->last_return)
            ST_CHECK(r.status == 200 && v == (double)c->last_return,
                     "writer %d: finance budget is %g, last acknowledged return set %ld (%ld)", w,
                     v, c->last_return, r.status);
        json_decref(doc);
        st_resp_free(&r);
        checked += 2;
    }
    printf("stress_concurrency: final state checked: %d figures equal the last acknowledged "
           "writes\n",
           checked);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRUTINY_EXE [REQUESTS_PER_CLIENT] [CLIENTS]\n", argv[0]);
        return 2;
    }
    if (argc > 2 && atoi(argv[2]) > 0)
        per_client = atoi(argv[2]);
    if (argc > 3 && atoi(argv[3]) > 1)
        clients = atoi(argv[3]) > MAX_CLIENTS ? MAX_CLIENTS : atoi(argv[3]);
    writers = (clients + 1) / 2;
    signal(SIGPIPE, SIG_IGN);
    st_raise_nofile(4096);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double t0 = st_now();
    st_init(&srv, argv[1]);
    static const char *const extra[] = {"--threads", "8", NULL};
    st_start(&srv, extra);
    CURL *h = curl_easy_init();
    define(h);

    pthread_t t[MAX_CLIENTS];
    double t1 = st_now();
    for (int i = 0; i < clients; i++) {
        cl[i].id = i;
        cl[i].seed = (unsigned)(i * 7919 + 1);
        ST_CHECK(pthread_create(&t[i], NULL, run_client, &cl[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < clients; i++)
        pthread_join(t[i], NULL);
    double elapsed = st_now() - t1, worst = 0;
    for (int i = 0; i < clients; i++)
        if (cl[i].worst > worst)
            worst = cl[i].worst;
    printf("stress_concurrency: %d clients, %ld requests in %.1f s (%.0f/s), slowest %.2f s; "
           "%ld unexpected answers (%ld 5xx, %ld 503, %ld transport errors)\n",
           clients, atomic_load(&total_requests), elapsed,
           (double)atomic_load(&total_requests) / elapsed, worst, atomic_load(&total_unexpected),
           atomic_load(&total_5xx), atomic_load(&total_503), atomic_load(&total_transport));
    ST_CHECK(atomic_load(&total_unexpected) == 0,
             "%ld unexpected answers (%ld 5xx of which %ld 503 busy, %ld transport errors)",
             atomic_load(&total_unexpected), atomic_load(&total_5xx), atomic_load(&total_503),
             atomic_load(&total_transport));
    check_final(h);
    curl_easy_cleanup(h);
    st_stop(&srv);
    printf("stress_concurrency: ok in %.1f s\n", st_now() - t0);
    st_cleanup(&srv);
    curl_global_cleanup();
    return 0;
}
