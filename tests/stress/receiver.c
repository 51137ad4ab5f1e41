/* receiver.c - the tests' webhook receiver (receiver.h). */
#include "receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct rc_receiver {
    int fd, port, status, delay_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    volatile bool stopping;
    int count;
    int first_repeats;
    char first[32]; /* the first post's delivery id */
    rc_post posts[RC_KEEP];
};

/* The value of header name in head, copied into out. */
static void header(const char *head, const char *name, char *out, size_t n)
{
    out[0] = '\0';
    size_t len = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n"))
        if (strncasecmp(p + 2, name, len) == 0 && p[2 + len] == ':') {
            const char *v = p + 3 + len;
            while (*v == ' ')
                v++;
            size_t k = strcspn(v, "\r");
            snprintf(out, n, "%.*s", (int)(k < n ? k : n - 1), v);
            return;
        }
}

static void serve_one(rc_receiver *r, int c)
{
    char buf[8192];
    size_t got = 0;
    char *end = NULL;
    long want = -1;
    struct pollfd p = {.fd = c, .events = POLLIN};
    while (got < sizeof buf - 1 && poll(&p, 1, 2000) == 1) {
        ssize_t n = recv(c, buf + got, sizeof buf - 1 - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
        buf[got] = '\0';
        if (!end && (end = strstr(buf, "\r\n\r\n"))) {
            char cl[32];
            *end = '\0';
            header(buf, "Content-Length", cl, sizeof cl);
            want = atol(cl);
        }
        if (end && (long)(got - (size_t)(end + 4 - buf)) >= want)
            break;
    }
    if (end) {
        rc_post post = {0};
        header(buf, "X-Scrutiny-Event", post.event, sizeof post.event);
        header(buf, "X-Scrutiny-Delivery", post.delivery, sizeof post.delivery);
        header(buf, "X-Scrutiny-Timestamp", post.timestamp, sizeof post.timestamp);
        header(buf, "X-Scrutiny-Signature", post.signature, sizeof post.signature);
        snprintf(post.body, sizeof post.body, "%s", end + 4);
        pthread_mutex_lock(&r->lock);
        if (!r->count)
            memcpy(r->first, post.delivery, sizeof r->first);
        else if (strcmp(post.delivery, r->first) == 0)
            r->first_repeats++;
        r->posts[r->count % RC_KEEP] = post;
        r->count++;
        pthread_mutex_unlock(&r->lock);
    }
    if (r->delay_ms) {
        struct timespec ts = {r->delay_ms / 1000, (r->delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    char answer[128];
    int n =
        snprintf(answer, sizeof answer, "HTTP/1.1 %d Test\r\nContent-Length: 0\r\n\r\n", r->status);
    if (send(c, answer, (size_t)n, MSG_NOSIGNAL) < 0)
        perror("receiver: send");
    close(c);
}

static void *run(void *arg)
{
    rc_receiver *r = arg;
    while (!r->stopping) {
        struct pollfd p = {.fd = r->fd, .events = POLLIN};
        if (poll(&p, 1, 100) != 1)
            continue;
        int c = accept(r->fd, NULL, NULL);
        if (c >= 0)
            serve_one(r, c);
    }
    return NULL;
}

rc_receiver *rc_start(int status, int delay_ms)
{
    rc_receiver *r = calloc(1, sizeof *r);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (!r || (r->fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
        bind(r->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(r->fd, 64) != 0 ||
        getsockname(r->fd, (struct sockaddr *)&a, &al) != 0) {
        free(r);
        return NULL;
    }
    r->port = ntohs(a.sin_port);
    r->status = status;
    r->delay_ms = delay_ms;
    pthread_mutex_init(&r->lock, NULL);
    if (pthread_create(&r->thread, NULL, run, r) != 0) {
        close(r->fd);
        free(r);
        return NULL;
    }
    return r;
}

int rc_port(const rc_receiver *r)
{
    return r->port;
}

int rc_count(rc_receiver *r)
{
    pthread_mutex_lock(&r->lock);
    int n = r->count;
    pthread_mutex_unlock(&r->lock);
    return n;
}

bool rc_get(rc_receiver *r, int i, rc_post *out)
{
    pthread_mutex_lock(&r->lock);
    bool ok = i >= 0 && i < r->count && i >= r->count - RC_KEEP;
    if (ok)
        *out = r->posts[i % RC_KEEP];
    pthread_mutex_unlock(&r->lock);
    return ok;
}

int rc_first_repeats(rc_receiver *r)
{
    pthread_mutex_lock(&r->lock);
    int n = r->first_repeats;
    pthread_mutex_unlock(&r->lock);
    return n;
}

bool rc_wait(rc_receiver *r, int n, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 20) {
        if (rc_count(r) >= n)
            return true;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return false;
}

void rc_stop(rc_receiver *r)
{
    if (!r)
        return;
    r->stopping = true;
    pthread_join(r->thread, NULL);
    close(r->fd);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
