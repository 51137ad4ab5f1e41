/* linger.c - read and drop what a client still sends, then close
 * (linger.h). One thread polls every lingering socket. */
#include "linger.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    long long deadline_ms;
    size_t budget;
} held;

struct sc_linger {
    pthread_mutex_t lock;
    pthread_t thread;
    atomic_bool stopping;
    held *fds;
    size_t n, max;
    long max_ms;
    size_t max_bytes;
};

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Reads what is there; false when the socket is done with. */
static bool drain(held *h)
{
    char buf[16384];
    for (;;) {
        ssize_t got = read(h->fd, buf, sizeof buf);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        if ((size_t)got >= h->budget)
            return false;
        h->budget -= (size_t)got;
    }
}

static void *linger_loop(void *arg)
{
    sc_linger *l = arg;
    struct pollfd *pfd = calloc(l->max ? l->max : 1, sizeof *pfd);
    while (pfd && !atomic_load(&l->stopping)) {
        pthread_mutex_lock(&l->lock);
        size_t n = l->n;
        for (size_t i = 0; i < n; i++)
            pfd[i] = (struct pollfd){.fd = l->fds[i].fd, .events = POLLIN};
        pthread_mutex_unlock(&l->lock);
        poll(pfd, n, 100);
        pthread_mutex_lock(&l->lock);
        long long now = now_ms();
        /* only the first n entries were polled; entries added since stay */
        for (size_t i = n; i-- > 0;) {
            held *h = &l->fds[i];
            bool keep = now < h->deadline_ms && (!pfd[i].revents || drain(h));
            if (!keep) {
                close(h->fd);
                l->fds[i] = l->fds[--l->n];
            }
        }
        pthread_mutex_unlock(&l->lock);
    }
    free(pfd);
    return NULL;
}

sc_linger *sc_linger_new(size_t max_fds, long max_ms, size_t max_bytes)
{
    sc_linger *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->fds = calloc(max_fds ? max_fds : 1, sizeof *l->fds);
    l->max = max_fds;
    l->max_ms = max_ms;
    l->max_bytes = max_bytes;
    atomic_init(&l->stopping, false);
    pthread_mutex_init(&l->lock, NULL);
    if (!l->fds || pthread_create(&l->thread, NULL, linger_loop, l) != 0) {
        pthread_mutex_destroy(&l->lock);
        free(l->fds);
        free(l);
        return NULL;
    }
    return l;
}

void sc_linger_add(sc_linger *l, int fd)
{
    if (fd < 0)
        return;
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    pthread_mutex_lock(&l->lock);
    if (l->n < l->max && !atomic_load(&l->stopping)) {
        l->fds[l->n++] = (held){fd, now_ms() + l->max_ms, l->max_bytes};
        fd = -1;
    }
    pthread_mutex_unlock(&l->lock);
    if (fd >= 0)
        close(fd);
}

void sc_linger_free(sc_linger *l)
{
    if (!l)
        return;
    atomic_store(&l->stopping, true);
    pthread_join(l->thread, NULL);
    for (size_t i = 0; i < l->n; i++)
        close(l->fds[i].fd);
    pthread_mutex_destroy(&l->lock);
    free(l->fds);
    free(l);
}
