/* stress_limits.c - slow clients and expensive documents must not starve
 * normal clients of a real `scrutiny serve` (default settings, demo data).
 *
 *   stress_limits SCRUTINY_EXE
 *
 * Environment (all optional): STRESS_SLOW (slow connections in phase 1,
 * default 200), STRESS_SLOW_SECONDS (length of phase 1, default 12),
 * STRESS_SATURATE (slow connections in phase 3, default 1100: more than
 * the server's connection limit of 1000), STRESS_SATURATE_BOUND (seconds a
 * normal client may wait in phase 3, default 45), STRESS_BIG_BOUND (seconds
 * for the expensive document, default 5).
 *
 * Phase 1, slow-loris: STRESS_SLOW connections each send the start of a
 * request and then one more header byte per second, never finishing. While
 * they are held, a normal client asks /healthz and a quarter's summary
 * every 100 ms: every answer must be 200 within 2 s.
 *
 * Phase 2, expensive but legal documents: a 0.9 MB return naming 30000
 * different (unknown) demand measures, and one naming 20000 different
 * (unknown) indicators, must each be answered (422) within
 * STRESS_BIG_BOUND seconds.
 *
 * Phase 3, more slow connections than the connection limit: a normal
 * client must still be served within STRESS_SATURATE_BOUND seconds. The
 * slow connections all come from 127.0.0.2 and the normal client from
 * 127.0.0.1, so either defence passes: a limit of connections per client
 * address, or shedding clients that take too long to send their request
 * head (an idle timeout alone never fires for a client that sends a byte
 * a second). Afterwards, with the slow connections gone, the server must
 * answer at once. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static st_server srv;
static int *slow_fd;
static int slow_n;
static atomic_int slow_open; /* connections the server has not closed */
static atomic_bool dripping;
static pthread_mutex_t slow_lock = PTHREAD_MUTEX_INITIALIZER;

static int failures;

/* A broken promise in one phase: reported, counted, the phase ends, the
 * next phase still runs. */
#define PHASE_CHECK(cond, ...)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "stress_limits: FAIL: ");                                              \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && atoi(v) > 0 ? atoi(v) : def;
}

static int slow_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    /* the attacker comes from 127.0.0.2, the normal clients from 127.0.0.1
     * (all of 127/8 is loopback on Linux), so a per-address connection
     * limit is a defence this test can see; if the bind fails the slow
     * connections share 127.0.0.1 */
    struct sockaddr_in from = {.sin_family = AF_INET};
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);
    (void)bind(fd, (struct sockaddr *)&from, sizeof from);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    static const char start[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    if (send(fd, start, sizeof start - 1, MSG_NOSIGNAL) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Opens n more slow connections (in batches, so the accept queue keeps up). */
static int open_slow(int n)
{
    int opened = 0;
    pthread_mutex_lock(&slow_lock);
    slow_fd = realloc(slow_fd, (size_t)(slow_n + n) * sizeof *slow_fd);
    for (int i = 0; i < n; i++) {
        int fd = slow_connect();
        if (fd < 0)
            continue;
        slow_fd[slow_n++] = fd;
        opened++;
        atomic_fetch_add(&slow_open, 1);
        if (i % 50 == 49) {
            pthread_mutex_unlock(&slow_lock);
            st_sleep_ms(20);
            pthread_mutex_lock(&slow_lock);
        }
    }
    pthread_mutex_unlock(&slow_lock);
    return opened;
}

static void close_slow(void)
{
    pthread_mutex_lock(&slow_lock);
    for (int i = 0; i < slow_n; i++)
        if (slow_fd[i] >= 0)
            close(slow_fd[i]);
    slow_n = 0;
    atomic_store(&slow_open, 0);
    pthread_mutex_unlock(&slow_lock);
}

/* One header byte per connection per second; notes connections the server
 * has closed. */
static void *dripper(void *arg)
{
    (void)arg;
    while (atomic_load(&dripping)) {
        pthread_mutex_lock(&slow_lock);
        for (int i = 0; i < slow_n; i++) {
            if (slow_fd[i] < 0)
                continue;
            if (send(slow_fd[i], "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN) {
                close(slow_fd[i]);
                slow_fd[i] = -1;
                atomic_fetch_sub(&slow_open, 1);
            }
        }
        pthread_mutex_unlock(&slow_lock);
        for (int t = 0; t < 10 && atomic_load(&dripping); t++)
            st_sleep_ms(100);
    }
    return NULL;
}

/* A normal client: a new connection for each request, as a new visitor
 * would open (a kept-alive connection would dodge the connection limit). */
static st_resp fresh_get(const char *path, long timeout_ms)
{
    CURL *c = curl_easy_init();
    st_resp r = st_http(c, &srv, "GET", path, NULL, NULL, timeout_ms);
    curl_easy_cleanup(c);
    return r;
}

static void phase_slowloris(void)
{
    int want = env_int("STRESS_SLOW", 200), secs = env_int("STRESS_SLOW_SECONDS", 12);
    int got = open_slow(want);
    PHASE_CHECK(got == want, "phase 1: only %d of %d slow connections opened", got, want);
    printf("stress_limits: phase 1: %d slow connections dripping a byte a second\n", got);
    double end = st_now() + secs, worst = 0;
    int served = 0;
    while (st_now() < end) {
        static const char *const paths[] = {"/healthz",
                                            "/api/v1/quarters/2020-21-Q1/summary?decimals=0"};
        for (int i = 0; i < 2; i++) {
            double t0 = st_now();
            st_resp r = fresh_get(paths[i], 5000);
            double d = st_now() - t0;
            PHASE_CHECK(r.status == 200, "phase 1: GET %s with %d slow connections held: %ld (%s)",
                        paths[i], atomic_load(&slow_open), r.status,
                        r.status ? r.body : curl_easy_strerror(r.curl));
            PHASE_CHECK(d <= 2.0, "phase 1: GET %s took %.2f s with slow connections held",
                        paths[i], d);
            if (d > worst)
                worst = d;
            served++;
            st_resp_free(&r);
        }
        st_sleep_ms(100);
    }
    printf("stress_limits: phase 1 ok: %d normal requests served in %d s, slowest %.3f s; "
           "the server closed %d of the %d slow connections meanwhile\n",
           served, secs, worst, got - atomic_load(&slow_open), got);
}

/* One expensive but legal document: a return of n entries made by fmt
 * (one %d, the entry's number) under member, each with its own code. */
static void big_document(CURL *h, const char *member, const char *fmt, int count, const char *what)
{
    int bound = env_int("STRESS_BIG_BOUND", 5);
    size_t cap = 1 << 20, n = 0;
    char *body = malloc(cap);
    n += (size_t)snprintf(body + n, cap - n, "{\"%s\": [", member);
    for (int i = 0; i < count && n < cap; i++) {
        if (i)
            body[n++] = ',';
        n += (size_t)snprintf(body + n, cap - n, fmt, i);
    }
    if (n < cap)
        n += (size_t)snprintf(body + n, cap - n, "]}");
    if (n >= cap - 1) {
        free(body);
        PHASE_CHECK(false, "phase 2: the %s document does not fit in 1 MB", what);
    }
    double t0 = st_now();
    st_resp r =
        st_http(h, &srv, "PUT", "/api/v1/quarters/2020-21-Q2/return", srv.writer, body, 120000);
    double d = st_now() - t0;
    long status = r.status;
    st_resp_free(&r);
    free(body);
    printf("stress_limits: phase 2: a %zu-byte return of %d %s: %ld in %.2f s\n", n, count, what,
           status, d);
    PHASE_CHECK(status == 422, "phase 2 (%s): expected 422, got %ld", what, status);
    PHASE_CHECK(d <= bound, "phase 2 (%s): the answer took %.1f s (bound %d s)", what, d, bound);
}

/* Found here: lib/ret.c compared each entry's code with every earlier one
 * (O(n^2)): 8-18 s of one worker thread for one 0.9 MB request from one
 * writer key. Now found by sorting: well under a second. */
static void phase_big_document(CURL *h)
{
    big_document(h, "demand", "{\"code\": \"m%d\", \"value\": 1}", 30000,
                 "distinct unknown demand codes");
    big_document(h, "indicators", "{\"code\": \"I%d\", \"availability\": \"suspended\"}", 20000,
                 "distinct unknown indicator codes");
}

static void phase_saturate(void)
{
    int want = env_int("STRESS_SATURATE", 1100), bound = env_int("STRESS_SATURATE_BOUND", 45);
    long limit = st_raise_nofile(2 * want + 512);
    if (limit < 2L * want + 256) {
        printf("stress_limits: phase 3 SKIPPED: the open-file limit is %ld, %d are needed\n", limit,
               2 * want + 256);
        return;
    }
    int got = open_slow(want);
    printf("stress_limits: phase 3: %d more slow connections (%d held)\n", got,
           atomic_load(&slow_open));
    double t0 = st_now(), served_after = -1;
    int refused = 0;
    while (st_now() - t0 < bound) {
        st_resp r = fresh_get("/healthz", 3000);
        bool ok = r.status == 200;
        st_resp_free(&r);
        if (ok) {
            served_after = st_now() - t0;
            break;
        }
        refused++;
        st_sleep_ms(500);
    }
    printf("stress_limits: phase 3: %s (%d refused attempts); the server closed %d of the "
           "slow connections\n",
           served_after >= 0 ? "a normal client was served" : "no normal client was served",
           refused, slow_n - atomic_load(&slow_open));
    if (served_after >= 0)
        printf("stress_limits: phase 3: served after %.1f s\n", served_after);
    /* KNOWN BUG: the slow connections fill the connection limit (1000,
     * server/http.c) and are never shed, because each byte resets the 30 s
     * idle timeout: every new client is turned away for as long as the
     * attacker keeps dripping. A deadline for the whole request head (for
     * example 10 s from accept) or a per-address connection limit
     * (MHD_OPTION_PER_IP_CONNECTION_LIMIT) would keep slots free. */
    PHASE_CHECK(served_after >= 0,
                "phase 3: with %d slow connections held, no normal request was "
                "served in %d s",
                atomic_load(&slow_open), bound);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCRUTINY_EXE\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    st_raise_nofile(4096);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double t0 = st_now();
    st_init(&srv, argv[1]);
    static const char *const demo[] = {"--demo", NULL};
    st_start(&srv, demo);
    CURL *h = curl_easy_init();

    atomic_store(&dripping, true);
    pthread_t drip;
    pthread_create(&drip, NULL, dripper, NULL);
    phase_slowloris();
    phase_big_document(h);
    phase_saturate();
    atomic_store(&dripping, false);
    pthread_join(drip, NULL);
    close_slow();

    /* the slow clients gone, the server answers at once */
    double t1 = st_now();
    st_resp r = fresh_get("/healthz", 5000);
    for (int i = 0; r.status != 200 && i < 10; i++) {
        st_resp_free(&r);
        st_sleep_ms(200);
        r = fresh_get("/healthz", 5000);
    }
    ST_CHECK(r.status == 200 && st_now() - t1 < 5, "after the slow clients left: %ld", r.status);
    st_resp_free(&r);
    curl_easy_cleanup(h);
    st_stop(&srv);
    st_cleanup(&srv);
    curl_global_cleanup();
    if (failures) {
        fprintf(stderr, "stress_limits: %d phase%s FAILED (%.1f s)\n", failures,
                failures == 1 ? "" : "s", st_now() - t0);
        return 1;
    }
    printf("stress_limits: ok in %.1f s\n", st_now() - t0);
    return 0;
}
