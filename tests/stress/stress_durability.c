/* stress_durability.c - nothing acknowledged is lost, nothing half-written
 * is seen, across SIGKILLs of a real `scrutiny serve`.
 *
 *   stress_durability SCRUTINY_EXE [KILLS (default 25)]
 *
 * Five count indicators D1..D5 are defined. A pusher thread then sends
 * quarterly returns in a loop, each for a new quarter (push n goes to the
 * n-th quarter from 2000-01-Q1) setting D1..D5 to n and the contacts demand
 * figure to n: six rows in one transaction. At a random moment (5-400 ms
 * into the round, so sometimes mid-commit) the server is SIGKILLed; the
 * database file is then opened directly and checked:
 *
 *   - PRAGMA integrity_check is "ok";
 *   - every push that was acknowledged (HTTP 200) has all six rows, with
 *     value n;
 *   - the push in flight when the server died (sent, never answered) has
 *     all six rows or none (and stays that way in later rounds);
 *   - nothing was stored for a push never sent.
 *
 * then the server is restarted on the same file (it must start), a
 * recovered push is spot-checked over HTTP, and the next round begins.
 * The database runs with journal_mode=WAL and synchronous=FULL (lib/store.c). */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "testdb.h"

#define MAX_PUSHES 30000
#define FIRST_YEAR 2000

enum { NEVER = 0, ACKED, INFLIGHT, PRESENT, ABSENT };

static st_server srv;
static unsigned char state[MAX_PUSHES]; /* per push number */
static atomic_int next_push = 1;
static atomic_bool stop_pushing;
static atomic_int pushes_acked;

static void quarter_id(int n, char out[32])
{
    int q = FIRST_YEAR * 4 + n; /* n-th quarter after 2000-01-Q1 */
    int y = q / 4;
    snprintf(out, 32, "%04d-%02d-Q%d", y % 10000, (y + 1) % 100, q % 4 + 1);
}

static void *pusher(void *arg)
{
    (void)arg;
    CURL *c = curl_easy_init();
    while (!atomic_load(&stop_pushing)) {
        int n = atomic_load(&next_push);
        if (n >= MAX_PUSHES)
            break;
        char q[32], path[96], body[1024];
        quarter_id(n, q);
        snprintf(path, sizeof path, "/api/v1/quarters/%s/return", q);
        int len = snprintf(body, sizeof body, "{\"indicators\": [");
        for (int i = 1; i <= 5; i++)
            len += snprintf(body + len, sizeof body - (size_t)len,
                            "%s{\"code\": \"D%d\", \"availability\": \"reported\", \"value\": %d}",
                            i > 1 ? ", " : "", i, n);
        snprintf(body + len, sizeof body - (size_t)len,
                 "], \"demand\": [{\"code\": \"contacts\", \"value\": %d}]}", n);
        state[n] = INFLIGHT;
        st_resp r = st_http(c, &srv, "PUT", path, srv.writer, body, 10000);
        if (r.status == 200) {
            state[n] = ACKED;
            atomic_fetch_add(&pushes_acked, 1);
            atomic_fetch_add(&next_push, 1);
        } else if (r.status != 0) {
            st_fail("push %d (%s): HTTP %ld %s", n, q, r.status, r.body);
        } else {
            /* the server died under us: this push stays in flight */
            atomic_fetch_add(&next_push, 1);
            st_resp_free(&r);
            break;
        }
        st_resp_free(&r);
    }
    curl_easy_cleanup(c);
    return NULL;
}

/* rows[n] = how many of the six rows of push n exist; bad[n] set when one
 * holds a value other than n. */
static void read_rows(sqlite3 *db, int *rows, unsigned char *bad)
{
    static const char *const sql[] = {
        "SELECT quarter, value FROM results WHERE indicator_code IN "
        "('D1', 'D2', 'D3', 'D4', 'D5')",
        "SELECT quarter, value FROM demand_values WHERE measure_code = 'contacts'"};
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st;
        ST_CHECK(sqlite3_prepare_v2(db, sql[k], -1, &st, NULL) == SQLITE_OK, "prepare: %s",
                 sqlite3_errmsg(db));
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int n = sqlite3_column_int(st, 0) - FIRST_YEAR * 4;
            if (n < 1 || n >= MAX_PUSHES)
                st_fail("a row for a quarter never pushed (%d)", sqlite3_column_int(st, 0));
            rows[n]++;
            if (sqlite3_column_double(st, 1) != (double)n)
                bad[n] = 1;
        }
        ST_CHECK(rc == SQLITE_DONE, "reading: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
}

typedef struct {
    int *rows;
    unsigned char *bad;
} pg_rows;

static void pg_row(void *arg, const char *const *vals, int ncols)
{
    pg_rows *p = arg;
    ST_CHECK(ncols == 2 && vals[0] && vals[1], "a row without its quarter and value");
    int q = atoi(vals[0]);
    int n = q - FIRST_YEAR * 4;
    if (n < 1 || n >= MAX_PUSHES)
        st_fail("a row for a quarter never pushed (%d)", q);
    p->rows[n]++;
    if (strtod(vals[1], NULL) != (double)n)
        p->bad[n] = 1;
}

/* On PostgreSQL the server's database is read over libpq: there is no file
 * to check (the server's own recovery is what a kill tests there). */
static void read_rows_pg(int *rows, unsigned char *bad)
{
    pg_rows p = {rows, bad};
    /* the killed server's sessions first end: a COMMIT it sent lands or not */
    ST_CHECK(testdb_wait_alone(srv.db), "the killed server's sessions do not end");
    ST_CHECK(testdb_rows(srv.db,
                         "SELECT quarter, value FROM results WHERE indicator_code IN"
                         " ('D1', 'D2', 'D3', 'D4', 'D5')",
                         pg_row, &p),
             "reading the results");
    ST_CHECK(testdb_rows(srv.db,
                         "SELECT quarter, value FROM demand_values WHERE measure_code = 'contacts'",
                         pg_row, &p),
             "reading the demand values");
}

static void check_file(int round)
{
    static int rows[MAX_PUSHES];
    static unsigned char bad[MAX_PUSHES];
    memset(rows, 0, sizeof rows);
    memset(bad, 0, sizeof bad);
    sqlite3 *db = NULL;
    if (testdb_pg()) {
        read_rows_pg(rows, bad);
        goto judge;
    }
    ST_CHECK(sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK,
             "round %d: cannot open the database after the kill", round);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st;
    ST_CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK,
             "integrity_check: %s", sqlite3_errmsg(db));
    ST_CHECK(sqlite3_step(st) == SQLITE_ROW, "integrity_check gave no row");
    const char *ok = (const char *)sqlite3_column_text(st, 0);
    ST_CHECK(ok && strcmp(ok, "ok") == 0, "round %d: integrity_check: %s", round,
             ok ? ok : "(null)");
    sqlite3_finalize(st);
    read_rows(db, rows, bad);
    sqlite3_close(db);
judge:

    for (int n = 1; n < MAX_PUSHES; n++) {
        char q[32];
        quarter_id(n, q);
        ST_CHECK(!bad[n], "round %d: push %d (%s) stored with another value", round, n, q);
        switch (state[n]) {
        case ACKED:
        case PRESENT:
            ST_CHECK(rows[n] == 6,
                     "round %d: push %d (%s) was %s but %d of its 6 rows are "
                     "there",
                     round, n, q, state[n] == ACKED ? "acknowledged" : "seen", rows[n]);
            break;
        case INFLIGHT:
            ST_CHECK(rows[n] == 0 || rows[n] == 6,
                     "round %d: push %d (%s), in flight at the "
                     "kill, is half there: %d of 6 rows",
                     round, n, q, rows[n]);
            state[n] = rows[n] ? PRESENT : ABSENT;
            break;
        case ABSENT:
        case NEVER:
            ST_CHECK(rows[n] == 0, "round %d: push %d (%s) %s, yet %d rows are there", round, n, q,
                     state[n] == ABSENT ? "was absent after its kill" : "was never sent", rows[n]);
            break;
        }
    }
}

static void define_indicators(void)
{
    CURL *c = curl_easy_init();
    for (int i = 1; i <= 5; i++) {
        char path[64], body[512];
        snprintf(path, sizeof path, "/api/v1/indicators/D%d", i);
        snprintf(body, sizeof body,
                 "{\"name\": \"Durability %d\", \"category\": \"contractual\", "
                 "\"service_area\": \"workforce\", \"polarity\": \"higher_is_better\", "
                 "\"unit\": \"count\", \"decimals\": 0}",
                 i);
        st_resp r = st_http(c, &srv, "PUT", path, srv.admin, body, 10000);
        ST_CHECK(r.status == 201, "define D%d: %ld %s", i, r.status, r.body);
        st_resp_free(&r);
    }
    curl_easy_cleanup(c);
}

/* The newest push that is stored, read back over HTTP after the restart. */
static void spot_check(int round)
{
    int n = 0;
    for (int i = MAX_PUSHES - 1; i > 0 && !n; i--)
        if (state[i] == ACKED || state[i] == PRESENT)
            n = i;
    if (!n)
        return;
    char q[32], path[96];
    quarter_id(n, q);
    snprintf(path, sizeof path, "/api/v1/quarters/%s/indicators/D3", q);
    CURL *c = curl_easy_init();
    st_resp r = st_http(c, &srv, "GET", path, NULL, NULL, 10000);
    char want[32];
    snprintf(want, sizeof want, "\"value\":%d", n);
    ST_CHECK(r.status == 200 && strstr(r.body, want), "round %d: GET %s after restart: %ld %s",
             round, path, r.status, r.body);
    st_resp_free(&r);
    curl_easy_cleanup(c);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRUTINY_EXE [KILLS]\n", argv[0]);
        return 2;
    }
    int kills = argc > 2 ? atoi(argv[2]) : 25;
    if (kills < 1)
        kills = 25;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    if (getenv("STRESS_SEED"))
        seed = (unsigned)strtoul(getenv("STRESS_SEED"), NULL, 10);
    srand(seed);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double t0 = st_now();
    st_init(&srv, argv[1]);
    st_start(&srv, NULL);
    define_indicators();
    int inflight_present = 0, inflight_absent = 0;
    for (int round = 1; round <= kills; round++) {
        atomic_store(&stop_pushing, false);
        pthread_t t;
        pthread_create(&t, NULL, pusher, NULL);
        st_sleep_ms(5 + rand() % 396);
        st_kill(&srv, SIGKILL);
        atomic_store(&stop_pushing, true);
        pthread_join(t, NULL);
        check_file(round);
        for (int n = 1; n < MAX_PUSHES; n++)
            if (state[n] == PRESENT || state[n] == ABSENT) {
                /* count each in-flight push once, when first resolved */
                static unsigned char counted[MAX_PUSHES];
                if (!counted[n]) {
                    counted[n] = 1;
                    state[n] == PRESENT ? inflight_present++ : inflight_absent++;
                }
            }
        st_start(&srv, NULL);
        spot_check(round);
        ST_CHECK(atomic_load(&next_push) < MAX_PUSHES - 100, "too many pushes for the test");
    }
    st_stop(&srv);
    check_file(kills + 1);
    printf("stress_durability: ok: %d SIGKILLs, %d pushes acknowledged and all present, "
           "%d in flight at a kill (%d committed whole, %d not at all), integrity ok, "
           "%.1f s (seed %u)\n",
           kills, atomic_load(&pushes_acked), inflight_present + inflight_absent, inflight_present,
           inflight_absent, st_now() - t0, seed);
    st_cleanup(&srv);
    curl_global_cleanup();
    return 0;
}
