/* stress_writelock.c - one slow write must not stall the readers of a real
 * `scrutiny serve` (issue 13, finding 8).
 *
 *   stress_writelock SCRUTINY_EXE
 *
 * Another process (this one, through SQLite, or on PostgreSQL a second
 * connection holding the writers' advisory lock, as another node would) holds the database's write
 * lock for HOLD_S seconds while WRITERS clients each push a demand figure,
 * against a server with two worker threads. Before writes had a thread of
 * their own, each queued write held a worker for the 10 s busy timeout and
 * /healthz waited behind them (19.5 s measured). Now, all the while:
 *   - /healthz and a quarter's summary, each on a new connection every
 *     100 ms, answer 200 within READ_BOUND_MS;
 *   - once the lock is let go, every write is applied (200), and the
 *     figures read back are the ones written.
 * A second phase holds the lock for longer than the server lets a write
 * wait: the writes are then answered 503 with Retry-After, and nothing is
 * applied. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "testdb.h"

#define HOLD_S 6
#define WRITERS 3
#define READ_BOUND_MS 1000.0

static st_server srv;

typedef struct {
    int n;
    long status;
    char retry_after_seen;
} writer_arg;

static void *writer(void *arg)
{
    writer_arg *w = arg;
    CURL *h = curl_easy_init();
    char path[96], body[64];
    static const char *const measures[WRITERS] = {"contacts", "referrals", "children-in-need"};
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/demand/%s", measures[w->n]);
    snprintf(body, sizeof body, "{\"value\": %d}", 7000 + w->n);
    st_resp r = st_http(h, &srv, "PUT", path, srv.writer, body, 60000);
    w->status = r.status;
    st_resp_free(&r);
    curl_easy_cleanup(h);
    return NULL;
}

/* the write lock, held by this process: a SQLite connection or a libpq one */
typedef struct {
    sqlite3 *db;
    void *pg;
} held_lock;

static held_lock take_write_lock(void)
{
    held_lock l = {0};
    if (testdb_pg()) {
        l.pg = testdb_hold_write_lock(srv.db);
        ST_CHECK(l.pg != NULL, "cannot take the write lock on %s", srv.db);
        return l;
    }
    sqlite3 *db = NULL;
    ST_CHECK(sqlite3_open(srv.db, &db) == SQLITE_OK, "cannot open %s", srv.db);
    ST_CHECK(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK,
             "cannot take the write lock: %s", sqlite3_errmsg(db));
    l.db = db;
    return l;
}

static void release_write_lock(held_lock l)
{
    if (l.pg)
        testdb_release(l.pg);
    if (l.db) {
        sqlite3_exec(l.db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(l.db);
    }
}

/* Reads on fresh connections every 100 ms for seconds s; the slowest. */
static double read_while(double s)
{
    double worst = 0, until = st_now() + s;
    int n = 0;
    while (st_now() < until) {
        static const char *const paths[] = {"/healthz", "/api/v1/quarters/2020-21-Q1/summary"};
        CURL *h = curl_easy_init(); /* a new connection: any worker may get it */
        double t0 = st_now();
        st_resp r = st_http(h, &srv, "GET", paths[n++ % 2], NULL, NULL, 30000);
        double ms = (st_now() - t0) * 1000;
        ST_CHECK(r.status == 200, "GET %s answered %ld while a write waited", paths[(n - 1) % 2],
                 r.status);
        st_resp_free(&r);
        curl_easy_cleanup(h);
        if (ms > worst)
            worst = ms;
        st_sleep_ms(100);
    }
    printf("stress_writelock: %d reads, slowest %.1f ms\n", n, worst);
    return worst;
}

static long value_of(const char *measure)
{
    CURL *h = curl_easy_init();
    char path[96];
    snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/demand/%s", measure);
    st_resp r = st_http(h, &srv, "GET", path, NULL, NULL, 10000);
    ST_CHECK(r.status == 200, "GET %s: %ld", path, r.status);
    const char *v = strstr(r.body, "\"value\":");
    long value = v ? strtol(v + 8, NULL, 10) : -1;
    st_resp_free(&r);
    curl_easy_cleanup(h);
    return value;
}

static void run_writers(pthread_t *t, writer_arg *w)
{
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (writer_arg){.n = i};
        pthread_create(&t[i], NULL, writer, &w[i]);
    }
}

int main(int argc, char **argv)
{
    ST_CHECK(argc == 2, "usage: stress_writelock SCRUTINY_EXE");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    st_init(&srv, argv[1]);
    static const char *const extra[] = {"--demo", "--threads", "2", NULL};
    st_start(&srv, extra);

    /* phase 1: the lock is held for HOLD_S s, less than a write may wait */
    held_lock db = take_write_lock();
    pthread_t t[WRITERS];
    writer_arg w[WRITERS];
    run_writers(t, w);
    double worst = read_while(HOLD_S);
    release_write_lock(db);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(t[i], NULL);
    ST_CHECK(worst < READ_BOUND_MS, "a read took %.0f ms while writes waited (bound %.0f)", worst,
             READ_BOUND_MS);
    for (int i = 0; i < WRITERS; i++)
        ST_CHECK(w[i].status == 200, "write %d answered %ld after the lock was let go", i,
                 w[i].status);
    ST_CHECK(value_of("contacts") == 7000 && value_of("referrals") == 7001 &&
                 value_of("children-in-need") == 7002,
             "the written figures do not read back");
    printf("stress_writelock: %d writes waited %d s and were applied\n", WRITERS, HOLD_S);

    /* phase 2: held past what a write may wait (10 s busy timeout, 10 s in
     * the queue): 503, nothing applied, and reads still answer */
    db = take_write_lock();
    for (int i = 0; i < WRITERS; i++)
        w[i] = (writer_arg){.n = i};
    run_writers(t, w);
    worst = read_while(22);
    release_write_lock(db);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(t[i], NULL);
    ST_CHECK(worst < READ_BOUND_MS, "a read took %.0f ms in phase 2", worst);
    for (int i = 0; i < WRITERS; i++)
        ST_CHECK(w[i].status == 503, "write %d answered %ld, not 503, after waiting too long", i,
                 w[i].status);
    ST_CHECK(value_of("contacts") == 7000, "a refused write was applied");
    printf("stress_writelock: writes that waited too long were refused (503)\n");

    st_stop(&srv);
    st_cleanup(&srv);
    curl_global_cleanup();
    printf("stress_writelock: ok\n");
    return 0;
}
