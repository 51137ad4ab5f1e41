/* writeq.c - one writer thread over a bounded FIFO of jobs (writeq.h). */
#include "writeq.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    void *job;
    struct timespec queued;
} slot;

struct sc_writeq {
    pthread_mutex_t lock;
    pthread_cond_t ready;
    pthread_t thread;
    slot *ring;
    size_t cap, head, count;
    bool running; /* a job is being run now */
    bool stopping;
    long max_wait_ms;
    sc_writeq_fn fn;
};

static long waited_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 +
           (long)(now.tv_nsec - since->tv_nsec) / 1000000;
}

static void *writer(void *arg)
{
    sc_writeq *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!q->count && !q->stopping)
            pthread_cond_wait(&q->ready, &q->lock);
        if (!q->count)
            break;
        slot s = q->ring[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
        q->running = true;
        bool stopping = q->stopping;
        pthread_mutex_unlock(&q->lock);
        q->fn(s.job, stopping                                ? SC_WRITEQ_STOPPED
                     : waited_ms(&s.queued) > q->max_wait_ms ? SC_WRITEQ_EXPIRED
                                                             : SC_WRITEQ_RUN);
        pthread_mutex_lock(&q->lock);
        q->running = false;
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

sc_writeq *sc_writeq_new(size_t max_jobs, long max_wait_ms, sc_writeq_fn fn)
{
    sc_writeq *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->ring = calloc(max_jobs ? max_jobs : 1, sizeof *q->ring);
    q->cap = max_jobs ? max_jobs : 1;
    q->max_wait_ms = max_wait_ms;
    q->fn = fn;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->ready, NULL);
    if (!q->ring || pthread_create(&q->thread, NULL, writer, q) != 0) {
        pthread_cond_destroy(&q->ready);
        pthread_mutex_destroy(&q->lock);
        free(q->ring);
        free(q);
        return NULL;
    }
    return q;
}

bool sc_writeq_push(sc_writeq *q, void *job)
{
    bool ok = false;
    pthread_mutex_lock(&q->lock);
    if (!q->stopping && q->count < q->cap) {
        slot *s = &q->ring[(q->head + q->count) % q->cap];
        s->job = job;
        clock_gettime(CLOCK_MONOTONIC, &s->queued);
        q->count++;
        ok = true;
        pthread_cond_signal(&q->ready);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

size_t sc_writeq_depth(sc_writeq *q)
{
    pthread_mutex_lock(&q->lock);
    size_t n = q->count + (q->running ? 1 : 0);
    pthread_mutex_unlock(&q->lock);
    return n;
}

void sc_writeq_free(sc_writeq *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_cond_signal(&q->ready);
    pthread_mutex_unlock(&q->lock);
    pthread_join(q->thread, NULL);
    pthread_cond_destroy(&q->ready);
    pthread_mutex_destroy(&q->lock);
    free(q->ring);
    free(q);
}
