/* stress_nodes.c - two `scrutiny serve` nodes on one PostgreSQL database
 * behave as one service (issue 15): no stale read, no lost acknowledged
 * write, no half-applied quarter.
 *
 *   stress_nodes SCRUTINY_EXE [ROUNDS (default 40)] [WRITERS (default 6)]
 *
 * Needs SCRUTINY_TEST_PG (st_init then makes a fresh database there);
 * without it the program says so and exits 77, which meson counts as a
 * skip: one SQLite file has one node by design.
 *
 * 1. Visibility. Writer w owns quarter Q_w and sends ROUNDS numbered
 *    requests, alternating the node it writes to: a quarterly return
 *    setting S1..S3, contacts and a finance line to n, or a single PUT of
 *    contacts. After each acknowledged write it reads the figure back from
 *    the OTHER node, which must already answer n: the read goes through
 *    that node's render cache, which readers keep warm on both nodes the
 *    whole time, so a cache that missed the other node's write shows here.
 *    (That a request is never given a data-version read begun before it
 *    arrived is proven interleaving by interleaving in
 *    tests/unit/test_vgate.c: on a fast loopback that window is too
 *    narrow for a test of timing to hit.)
 * 2. Whole returns. Two clients, one per node, push returns of different
 *    values into the same quarter at the same moment, again and again,
 *    while a third locks it from one node at a random point. Every quarter
 *    read afterwards, from both nodes, holds one return entirely (never S1
 *    from one and S2 from the other), one node's last acknowledged return;
 *    a return sent after the lock's 200 is refused (409).
 * 3. At the end every writer's quarter holds its last acknowledged values
 *    on both nodes.
 * 4. Outage. The database refuses the nodes (ALLOW_CONNECTIONS false and
 *    every session of theirs terminated, as in a failover): /healthz on
 *    both answers 503; once it takes connections again both answer 200
 *    and serve figures, without a restart. */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "testdb.h"

#define MAX_WRITERS 32
#define READERS 4
#define FIRST_QUARTER (2030 * 4)
#define RACE_ROUNDS 12

static st_server node[2];
static int rounds = 40;
static int writers = 6;
static atomic_int stop_readers;
static atomic_long reads_done;

/* st_fail kills the server it knows (node 1); this kills node 2 too */
static void kill_second(void)
{
    st_kill(&node[1], SIGKILL);
}

static void quarter_id(int w, char out[32])
{
    int q = FIRST_QUARTER + w;
    int y = q / 4;
    snprintf(out, 32, "%04d-%02d-Q%d", y % 10000, (y + 1) % 100, q % 4 + 1);
}

/* The number at key of the JSON answer to GET path on node k; -1 when
 * absent, -2 on a non-200. */
static double read_number(CURL *h, int k, const char *path, const char *key)
{
    st_resp r = st_http(h, &node[k], "GET", path, NULL, NULL, 30000);
    double v = -2;
    if (r.status == 200) {
        json_t *doc = json_loads(r.body, 0, NULL);
        json_t *x = json_object_get(doc, key);
        v = json_is_number(x) ? json_number_value(x) : -1;
        json_decref(doc);
    }
    st_resp_free(&r);
    return v;
}

static double read_budget(CURL *h, int k, const char *q)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/finance", q);
    st_resp r = st_http(h, &node[k], "GET", path, NULL, NULL, 30000);
    double v = -2;
    if (r.status == 200) {
        json_t *doc = json_loads(r.body, 0, NULL);
        json_t *line = json_array_get(json_object_get(doc, "lines"), 0);
        json_t *x = json_object_get(json_object_get(line, "budget"), "net");
        v = json_is_number(x) ? json_number_value(x) : -1;
        json_decref(doc);
    }
    st_resp_free(&r);
    return v;
}

static double read_result(CURL *h, int k, const char *q, int s)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/S%d", q, s);
    return read_number(h, k, path, "value");
}

static double read_contacts(CURL *h, int k, const char *q)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/demand/contacts", q);
    return read_number(h, k, path, "value");
}

typedef struct {
    int id;
    long last_return, last_contacts, acknowledged, checked;
} writer;

static writer wr[MAX_WRITERS];

static void *run_writer(void *arg)
{
    writer *c = arg;
    CURL *h = curl_easy_init();
    char q[32], path[128], body[2048];
    quarter_id(c->id, q);
    for (long n = 1; n <= rounds; n++) {
        int k = (int)((c->id + n) % 2), other = 1 - k;
        bool single = n % 5 == 0;
        if (single) {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/demand/contacts", q);
            snprintf(body, sizeof body, "{\"value\": %ld}", n);
        } else {
            snprintf(path, sizeof path, "/api/v1/quarters/%s/return", q);
            st_return_body(body, sizeof body, n, n, n, n);
        }
        st_resp r = st_http(h, &node[k], "PUT", path, node[k].writer, body, 60000);
        bool ok = r.status == 200 || r.status == 201;
        ST_CHECK(ok, "writer %d: PUT %s on node %d: %ld %.300s", c->id, path, k, r.status, r.body);
        st_resp_free(&r);
        c->acknowledged++;
        c->last_contacts = n;
        if (!single)
            c->last_return = n;
        /* the very next read, on the other node */
        double got = read_contacts(h, other, q);
        ST_CHECK(got == (double)n,
                 "stale read: writer %d wrote contacts %ld of %s on node %d, node %d answered %g",
                 c->id, n, q, k, other, got);
        if (!single) {
            got = read_result(h, other, q, 2);
            ST_CHECK(got == (double)n,
                     "stale read: writer %d's return set S2 of %s to %ld on node %d, node %d "
                     "answered %g",
                     c->id, q, n, k, other, got);
        }
        c->checked++;
    }
    curl_easy_cleanup(h);
    return NULL;
}

/* Keeps both nodes' render caches full of the writers' quarters. */
static void *run_reader(void *arg)
{
    int id = (int)(intptr_t)arg;
    unsigned seed = (unsigned)id * 7919u + 1u;
    CURL *h = curl_easy_init();
    while (!atomic_load(&stop_readers)) {
        char q[32], path[160];
        quarter_id((int)(rand_r(&seed) % (unsigned)writers), q);
        int k = (int)(rand_r(&seed) % 2);
        switch (rand_r(&seed) % 4) {
        case 0:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/summary", q);
            break;
        case 1:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/demand/contacts", q);
            break;
        case 2:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/S2", q);
            break;
        default:
            snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators", q);
            break;
        }
        st_resp r = st_http(h, &node[k], "GET", path, NULL, NULL, 30000);
        ST_CHECK(r.status == 200 || r.status == 404, "reader: GET %s on node %d: %ld %.200s", path,
                 k, r.status, r.body);
        st_resp_free(&r);
        atomic_fetch_add(&reads_done, 1);
    }
    curl_easy_cleanup(h);
    return NULL;
}

static void define(CURL *h)
{
    for (int i = 1; i <= 3; i++) {
        char path[64], body[512];
        snprintf(path, sizeof path, "/api/v1/indicators/S%d", i);
        st_shared_indicator_body(body, sizeof body, i);
        st_resp r = st_http(h, &node[i % 2], "PUT", path, node[0].admin, body, 10000);
        ST_CHECK(r.status == 201, "define S%d: %ld %s", i, r.status, r.body);
        st_resp_free(&r);
        /* a definition made on one node is there at once on the other */
        r = st_http(h, &node[1 - i % 2], "GET", path, NULL, NULL, 10000);
        ST_CHECK(r.status == 200, "S%d defined on node %d, node %d answered %ld", i, i % 2,
                 1 - i % 2, r.status);
        st_resp_free(&r);
    }
}

typedef struct {
    int k;         /* the node this racer pushes to */
    const char *q; /* the contested quarter */
    long base;     /* its returns set S1 = base + 2 i, S2 = S1 + 1, S3 = S1 + 2 */
    long last;     /* the S1 of its last acknowledged return, 0 for none */
    bool refused;  /* a return was refused as locked */
} racer;

/* When the lock of the current race was acknowledged, in microseconds of
 * st_now(); 0 before. A return sent after it must be refused. */
static atomic_llong lock_acked_us;

static void *run_racer(void *arg)
{
    racer *c = arg;
    CURL *h = curl_easy_init();
    char path[128], body[2048];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/return", c->q);
    for (int i = 0; i < RACE_ROUNDS * 4; i++) {
        long v = c->base + 10L * i;
        st_return_body(body, sizeof body, v, v + 1, v + 2, v);
        long long sent_us = (long long)(st_now() * 1e6);
        long long lock_us = atomic_load(&lock_acked_us);
        st_resp r = st_http(h, &node[c->k], "PUT", path, node[c->k].writer, body, 60000);
        if (r.status == 200) {
            ST_CHECK(!lock_us || sent_us < lock_us,
                     "%s: a return sent to node %d after the lock was acknowledged was applied",
                     c->q, c->k);
            c->last = v;
        } else {
            ST_CHECK(r.status == 409, "racer on node %d: %ld %.300s", c->k, r.status, r.body);
            c->refused = true;
        }
        st_resp_free(&r);
        if (c->refused)
            break;
    }
    curl_easy_cleanup(h);
    return NULL;
}

/* Every figure of q, on both nodes, comes from one return: S1 = v,
 * S2 = v + 1, S3 = v + 2, contacts and budget v, with v one of the two
 * racers' last acknowledged returns. */
static long healthz(CURL *h, int k)
{
    st_resp r = st_http(h, &node[k], "GET", "/healthz", NULL, NULL, 30000);
    long status = r.status;
    st_resp_free(&r);
    return status;
}

static void outage(CURL *h)
{
    char name[96], sql[512];
    testdb_name(node[0].db, name, sizeof name);
    snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS false", name);
    ST_CHECK(testdb_admin(sql), "%s failed", sql);
    snprintf(sql, sizeof sql,
             "DO $$ BEGIN PERFORM pg_terminate_backend(pid) FROM pg_stat_activity"
             " WHERE datname = '%s'; END $$",
             name);
    ST_CHECK(testdb_admin(sql), "%s failed", sql);
    for (int k = 0; k < 2; k++)
        ST_CHECK(healthz(h, k) == 503,
                 "node %d: /healthz is not 503 while the database refuses "
                 "connections",
                 k);
    snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS true", name);
    ST_CHECK(testdb_admin(sql), "%s failed", sql);
    char q[32];
    quarter_id(0, q);
    for (int k = 0; k < 2; k++) {
        ST_CHECK(healthz(h, k) == 200, "node %d: /healthz is not 200 once the database is back", k);
        ST_CHECK(read_contacts(h, k, q) == (double)wr[0].last_contacts,
                 "node %d: no figures after the outage", k);
    }
    printf("stress_nodes: outage: both nodes answered /healthz 503 while the database refused "
           "them and 200, with their figures, once it was back (no restart)\n");
}

static void check_whole(CURL *h, const char *q, long last_a, long last_b)
{
    for (int k = 0; k < 2; k++) {
        double s1 = read_result(h, k, q, 1), s2 = read_result(h, k, q, 2),
               s3 = read_result(h, k, q, 3), ct = read_contacts(h, k, q),
               bud = read_budget(h, k, q);
        ST_CHECK(s2 == s1 + 1 && s3 == s1 + 2 && ct == s1 && bud == s1,
                 "half-applied return in %s on node %d: S1 %g, S2 %g, S3 %g, contacts %g, "
                 "budget %g",
                 q, k, s1, s2, s3, ct, bud);
        ST_CHECK(s1 == (double)last_a || s1 == (double)last_b,
                 "%s on node %d: S1 is %g, not the last acknowledged return of either node "
                 "(%ld, %ld)",
                 q, k, s1, last_a, last_b);
    }
}

/* Two nodes race returns into one quarter while one of them locks it. */
static void race(CURL *h, int round)
{
    char q[32];
    quarter_id(MAX_WRITERS + round, q);
    racer a = {.k = 0, .q = q, .base = 1000000L * (round + 1)};
    racer b = {.k = 1, .q = q, .base = 1000000L * (round + 1) + 5};
    atomic_store(&lock_acked_us, 0);
    pthread_t ta, tb;
    ST_CHECK(pthread_create(&ta, NULL, run_racer, &a) == 0, "pthread_create");
    ST_CHECK(pthread_create(&tb, NULL, run_racer, &b) == 0, "pthread_create");
    st_sleep_ms(20 + 15 * (round % 5));
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/%s/lock", q);
    int lk = round % 2;
    st_resp r = st_http(h, &node[lk], "POST", path, node[lk].admin,
                        "{\"reason\": \"signed off in the stress test\"}", 60000);
    ST_CHECK(r.status == 200, "lock %s on node %d: %ld %.300s", q, lk, r.status, r.body);
    atomic_store(&lock_acked_us, (long long)(st_now() * 1e6));
    st_resp_free(&r);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ST_CHECK(a.refused && b.refused, "%s: a racer never met the lock", q);
    ST_CHECK(a.last || b.last, "%s: the lock came before any return", q);
    check_whole(h, q, a.last, b.last);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRUTINY_EXE [ROUNDS] [WRITERS]\n", argv[0]);
        return 2;
    }
    if (!testdb_pg()) {
        printf("stress_nodes: skipped: needs SCRUTINY_TEST_PG (several nodes share one "
               "PostgreSQL database; a SQLite file has one node)\n");
        return 77;
    }
    if (argc > 2 && atoi(argv[2]) > 0)
        rounds = atoi(argv[2]);
    if (argc > 3 && atoi(argv[3]) > 0)
        writers = atoi(argv[3]) > MAX_WRITERS ? MAX_WRITERS : atoi(argv[3]);
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double t0 = st_now();
    st_init(&node[0], argv[1]);
    /* the second node: the same database and keys, its own log */
    node[1] = node[0];
    snprintf(node[1].log, sizeof node[1].log, "%s/server-2.log", node[0].dir);
    static const char *const extra[] = {"--threads", "4", NULL};
    st_start(&node[0], extra);
    atexit(kill_second);
    st_start(&node[1], extra);
    CURL *h = curl_easy_init();
    define(h);

    pthread_t rt[READERS], wt[MAX_WRITERS];
    for (int i = 0; i < READERS; i++)
        ST_CHECK(pthread_create(&rt[i], NULL, run_reader, (void *)(intptr_t)i) == 0,
                 "pthread_create");
    for (int i = 0; i < writers; i++) {
        wr[i].id = i;
        ST_CHECK(pthread_create(&wt[i], NULL, run_writer, &wr[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < writers; i++)
        pthread_join(wt[i], NULL);
    long acked = 0, checked = 0;
    for (int i = 0; i < writers; i++) {
        acked += wr[i].acknowledged;
        checked += wr[i].checked;
    }
    printf("stress_nodes: %d writers, %ld acknowledged writes across two nodes, each read back "
           "at once from the other node (%ld checks), %ld cache-warming reads\n",
           writers, acked, checked, atomic_load(&reads_done));

    for (int round = 0; round < RACE_ROUNDS; round++)
        race(h, round);
    printf("stress_nodes: %d quarters raced by returns from both nodes and locked mid-race: "
           "each holds one whole return, one node's last acknowledged; none applied after the "
           "lock\n",
           RACE_ROUNDS);
    atomic_store(&stop_readers, 1);
    for (int i = 0; i < READERS; i++)
        pthread_join(rt[i], NULL);

    for (int i = 0; i < writers; i++) {
        char q[32];
        quarter_id(i, q);
        for (int k = 0; k < 2; k++) {
            ST_CHECK(read_contacts(h, k, q) == (double)wr[i].last_contacts,
                     "lost write: %s contacts on node %d is not %ld", q, k, wr[i].last_contacts);
            for (int s = 1; s <= 3; s++)
                ST_CHECK(read_result(h, k, q, s) == (double)wr[i].last_return,
                         "lost write: %s S%d on node %d is not %ld", q, s, k, wr[i].last_return);
            ST_CHECK(read_budget(h, k, q) == (double)wr[i].last_return,
                     "lost write: %s budget on node %d is not %ld", q, k, wr[i].last_return);
        }
    }
    printf("stress_nodes: final state on both nodes equals the last acknowledged writes\n");
    outage(h);
    curl_easy_cleanup(h);
    st_stop(&node[1]);
    st_stop(&node[0]);
    printf("stress_nodes: ok in %.1f s\n", st_now() - t0);
    st_cleanup(&node[0]);
    curl_global_cleanup();
    return 0;
}
