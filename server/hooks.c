/* hooks.c - the webhook delivery worker and its HTTP/1.1 client
 * (hooks.h).
 *
 * The client is deliberately small: http:// only (https needs a
 * TLS-terminating relay, docs/API.md §19c), one POST per connection
 * (Connection: close), a timeout on the connect, on each write and on each
 * read, and at most SC_WEBHOOK_RESPONSE_MAX bytes of the answer kept. It
 * connects only to the host and port of a subscription's validated URL.
 * libcurl stays a test-only dependency. */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cycle.h"
#include "store_calendar.h"
#include "store_webhook.h"
#include "webhook.h"

#define DUE_BATCH 16
#define SC_HOOKS_THREADS 4 /* receivers served at once; one thread per receiver at most */

typedef struct {
    sc_hooks *h;
    int slot;
} worker_arg;
#define OVERDUE_EVERY_S 60

struct sc_hooks {
    sc_store *store;
    sc_hooks_config cfg;
    pthread_t threads[SC_HOOKS_THREADS];
    worker_arg args[SC_HOOKS_THREADS];
    int started;
    int64_t busy[SC_HOOKS_THREADS]; /* the subscription each thread sends to; 0: none */
    pthread_mutex_t lock;
    pthread_mutex_t db_lock; /* the workers share one pooled connection at a time */
    pthread_cond_t wake;
    bool stopping;
    time_t overdue_checked;
};

void sc_hooks_config_default(sc_hooks_config *cfg)
{
    cfg->backoff_ms = 1000;
    cfg->backoff_cap_ms = 3600 * 1000;
    cfg->timeout_ms = 5000;
    cfg->poll_ms = 200;
}

void sc_hooks_sign(const char *secret, long long ts, const char *body, char *out, size_t n)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    char prefix[32];
    int len = snprintf(prefix, sizeof prefix, "%lld.", ts);
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)prefix, (unsigned long long)len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[2 * sizeof mac + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    snprintf(out, n, "sha256=%s", hex);
}

/* ---- the client ---- */

typedef struct {
    int status;                                 /* 0 when no status line was read */
    char response[SC_WEBHOOK_RESPONSE_MAX + 1]; /* the answer's first bytes */
    char error[400];                            /* why it failed, "" when it did not */
} post_result;

/* Waits for fd to be ready for events; false on timeout or error. */
static bool wait_fd(int fd, short events, long timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = events};
    int rc;
    do
        rc = poll(&p, 1, (int)timeout_ms);
    while (rc < 0 && errno == EINTR);
    return rc == 1 && !(p.revents & (POLLERR | POLLNVAL));
}

static int connect_to(const sc_webhook_url *u, long timeout_ms, char *err, size_t errn)
{
    char port[8];
    snprintf(port, sizeof port, "%d", u->port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
    int g = getaddrinfo(u->host, port, &hints, &res);
    if (g != 0) {
        snprintf(err, errn, "cannot resolve %.100s: %s", u->host, gai_strerror(g));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0)
            continue;
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if ((connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
             (errno == EINPROGRESS && wait_fd(fd, POLLOUT, timeout_ms) &&
              getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)))
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, errn, "cannot connect to %.100s:%d", u->host, u->port);
    return fd;
}

static bool send_all(int fd, const char *p, size_t n, long timeout_ms)
{
    while (n) {
        if (!wait_fd(fd, POLLOUT, timeout_ms))
            return false;
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads the answer's first bytes (the rest is not waited for). */
static void read_answer(int fd, long timeout_ms, post_result *r)
{
    size_t got = 0;
    while (got < SC_WEBHOOK_RESPONSE_MAX && wait_fd(fd, POLLIN, timeout_ms)) {
        ssize_t n = recv(fd, r->response + got, SC_WEBHOOK_RESPONSE_MAX - got, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (memmem(r->response, got, "\r\n\r\n", 4))
            break; /* the head is in: the status is all that decides */
    }
    r->response[got] = '\0';
    int major, minor, status;
    if (sscanf(r->response, "HTTP/%d.%d %3d", &major, &minor, &status) == 3 && status >= 100 &&
        status <= 599)
        r->status = status;
    else
        snprintf(r->error, sizeof r->error, got ? "not an HTTP answer" : "no answer in time");
}

static void post(const sc_webhook_due *d, long timeout_ms, post_result *r)
{
    memset(r, 0, sizeof *r);
    sc_webhook_url u;
    if (!sc_webhook_url_parse(d->url, &u)) {
        snprintf(r->error, sizeof r->error, "the URL is not valid");
        return;
    }
    int fd = connect_to(&u, timeout_ms, r->error, sizeof r->error);
    if (fd < 0)
        return;
    long long ts = (long long)time(NULL);
    char sig[96], head[SC_WEBHOOK_URL_MAX + 600];
    sc_hooks_sign(d->secret, ts, d->body, sig, sizeof sig);
    int hn = snprintf(head, sizeof head,
                      "POST %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: scrutiny-webhooks\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                      "Connection: close\r\nX-Scrutiny-Event: %s\r\nX-Scrutiny-Delivery: %lld\r\n"
                      "X-Scrutiny-Timestamp: %lld\r\nX-Scrutiny-Signature: %s\r\n\r\n",
                      u.path, u.host, u.port, strlen(d->body), d->event, (long long)d->id, ts, sig);
    if (hn < 0 || (size_t)hn >= sizeof head || !send_all(fd, head, (size_t)hn, timeout_ms) ||
        !send_all(fd, d->body, strlen(d->body), timeout_ms))
        snprintf(r->error, sizeof r->error, "the request could not be sent in time");
    else
        read_answer(fd, timeout_ms, r);
    close(fd);
}

/* ---- the worker ---- */

/* The workers take at most one of the pool's connections at once (the
 * server sizes the pool for it), so HTTP workers never wait for them. */
static sc_db *db_take(sc_hooks *h)
{
    pthread_mutex_lock(&h->db_lock);
    return sc_store_acquire(h->store);
}

static void db_give(sc_hooks *h, sc_db *db)
{
    sc_store_release(h->store, db);
    pthread_mutex_unlock(&h->db_lock);
}

static void record(sc_hooks *h, const sc_webhook_due *d, const post_result *r)
{
    int attempts = d->attempts + 1;
    long retry = sc_webhook_backoff_ms(attempts, h->cfg.backoff_ms, h->cfg.backoff_cap_ms);
    sc_db *db = db_take(h);
    if (sc_db_begin_write(db) == SC_OK &&
        sc_store_webhook_attempt(db, d->id, attempts, r->status,
                                 r->response[0] ? r->response : NULL, r->error[0] ? r->error : NULL,
                                 retry) == SC_OK)
        sc_db_commit(db);
    db_give(h, db);
}

static bool busy(const sc_hooks *h, int64_t webhook)
{
    for (int i = 0; i < SC_HOOKS_THREADS; i++)
        if (h->busy[i] == webhook)
            return true;
    return false;
}

/* Takes the oldest due delivery of a subscription no other thread is
 * sending to (h->lock held), marking it busy in slot; false when none. */
static bool take(sc_hooks *h, int slot, sc_webhook_due *out)
{
    sc_webhook_due due[DUE_BATCH] = {0};
    int n = 0;
    bool found = false;
    sc_db *db = db_take(h);
    if (sc_db_begin_read(db) != SC_OK || sc_store_webhook_due(db, due, DUE_BATCH, &n) != SC_OK)
        n = 0;
    db_give(h, db);
    for (int i = 0; i < n; i++) {
        if (!found && !busy(h, due[i].webhook)) {
            *out = due[i];
            h->busy[slot] = due[i].webhook;
            found = true;
        } else {
            sc_webhook_due_clear(&due[i]);
        }
    }
    return found;
}

/* Raises quarter_overdue once for each quarter found overdue today. */
static void check_overdue(sc_hooks *h)
{
    time_t now = time(NULL);
    if (now - h->overdue_checked < OVERDUE_EVERY_S)
        return;
    h->overdue_checked = now;
    char today[16];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    sc_period qs[64];
    int n = 0;
    sc_db *db = db_take(h);
    bool open = sc_db_begin_write(db) == SC_OK;
    if (!open || sc_store_calendars_due_before(db, today, qs, 64, &n) != SC_OK)
        n = 0;
    for (int i = 0; i < n; i++) {
        bool raised = true;
        json_t *state = json_object();
        if (state &&
            sc_store_webhook_raised(db, SC_EVENT_QUARTER_OVERDUE, qs[i], &raised) == SC_OK &&
            !raised && sc_cycle_add_state(db, qs[i], today, state) == SC_OK &&
            strcmp(json_string_value(json_object_get(state, "state")), "overdue") == 0) {
            json_t *data =
                json_pack("{s:O, s:O}", "return_due",
                          json_object_get(json_object_get(state, "calendar"), "return_due"),
                          "not_submitted", json_object_get(state, "not_submitted"));
            sc_store_webhook_raise(db, SC_EVENT_QUARTER_OVERDUE, qs[i], NULL, data);
            json_decref(data);
        }
        json_decref(state);
    }
    if (open)
        sc_db_commit(db);
    db_give(h, db);
}

static void wait_poll(sc_hooks *h)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (h->cfg.poll_ms % 1000) * 1000000L;
    until.tv_sec += h->cfg.poll_ms / 1000 + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&h->wake, &h->lock, &until);
}

static void *worker(void *arg)
{
    sc_hooks *h = ((worker_arg *)arg)->h;
    int slot = ((worker_arg *)arg)->slot;
    pthread_mutex_lock(&h->lock);
    while (!h->stopping) {
        if (slot == 0) {
            pthread_mutex_unlock(&h->lock);
            check_overdue(h);
            pthread_mutex_lock(&h->lock);
        }
        sc_webhook_due d;
        if (!take(h, slot, &d)) {
            wait_poll(h);
            continue;
        }
        pthread_mutex_unlock(&h->lock);
        post_result r;
        post(&d, h->cfg.timeout_ms, &r);
        record(h, &d, &r);
        sc_webhook_due_clear(&d);
        pthread_mutex_lock(&h->lock);
        h->busy[slot] = 0;
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

sc_hooks *sc_hooks_start(sc_store *store, const sc_hooks_config *cfg)
{
    sc_hooks *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->store = store;
    h->cfg = *cfg;
    pthread_mutex_init(&h->lock, NULL);
    pthread_mutex_init(&h->db_lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    for (; h->started < SC_HOOKS_THREADS; h->started++) {
        h->args[h->started] = (worker_arg){h, h->started};
        if (pthread_create(&h->threads[h->started], NULL, worker, &h->args[h->started]) != 0)
            break;
    }
    if (!h->started) {
        sc_hooks_stop(h);
        return NULL;
    }
    return h;
}

void sc_hooks_stop(sc_hooks *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stopping = true;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
    for (int i = 0; i < h->started; i++)
        pthread_join(h->threads[i], NULL);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    pthread_mutex_destroy(&h->db_lock);
    free(h);
}
