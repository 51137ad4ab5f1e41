/* vgate.c - coalesced, asynchronous data-version reads (see vgate.h). */
#include "vgate.h"

#include <pthread.h>
#include <stdlib.h>

/* The gate of one store and its reader thread. Waiters queue on `waiting`;
 * the reader takes the whole queue just before it starts a read, so every
 * waiter it serves arrived before that read began. */
typedef struct {
    sc_vgate *gate;
    sc_store *store;
    sc_vgate_waiter *waiting; /* newest first; order does not matter */
    pthread_cond_t wake;
    pthread_t thread;
} gate_entry;

struct sc_vgate {
    bool shared;
    sc_vgate_read_fn read;
    bool stopping;
    pthread_mutex_t lock;
    /* one entry per store used so far (the default organisation's and each
     * other organisation's); entries live as long as the gate */
    gate_entry **entries;
    int count, cap;
};

/* One read on a connection of the store's pool, taken for the read only:
 * an organisation's pool is small and the reader is idle most of the time
 * on a quiet one. */
static sc_rc read_version(sc_store *store, int64_t *out)
{
    sc_db *db = sc_store_acquire(store);
    sc_rc rc = sc_db_data_version(db, out);
    sc_store_release(store, db);
    return rc;
}

sc_vgate *sc_vgate_new(bool shared, sc_vgate_read_fn read)
{
    sc_vgate *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->shared = shared;
    g->read = read ? read : read_version;
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

bool sc_vgate_shared(const sc_vgate *g)
{
    return g->shared;
}

static void *reader_main(void *arg)
{
    gate_entry *e = arg;
    sc_vgate *g = e->gate;
    pthread_mutex_lock(&g->lock);
    for (;;) {
        while (!e->waiting && !g->stopping)
            pthread_cond_wait(&e->wake, &g->lock);
        if (!e->waiting)
            break; /* stopping, and nobody left to serve */
        sc_vgate_waiter *batch = e->waiting;
        e->waiting = NULL;
        pthread_mutex_unlock(&g->lock);
        int64_t v = 0;
        sc_rc rc = g->read(e->store, &v);
        while (batch) {
            /* fn may end the waiter's life: read next first */
            sc_vgate_waiter *next = batch->next;
            batch->fn(batch->arg, rc, rc == SC_OK ? v : 0);
            batch = next;
        }
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

/* The entry of store, made (with its reader) when missing; NULL when out
 * of memory or threads. Called with the lock held. */
static gate_entry *entry_of(sc_vgate *g, sc_store *store)
{
    for (int i = 0; i < g->count; i++)
        if (g->entries[i]->store == store)
            return g->entries[i];
    if (g->count == g->cap) {
        int cap = g->cap ? g->cap * 2 : 8;
        gate_entry **es = realloc(g->entries, (size_t)cap * sizeof *es);
        if (!es)
            return NULL;
        g->entries = es;
        g->cap = cap;
    }
    gate_entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->gate = g;
    e->store = store;
    pthread_cond_init(&e->wake, NULL);
    if (pthread_create(&e->thread, NULL, reader_main, e) != 0) {
        pthread_cond_destroy(&e->wake);
        free(e);
        return NULL;
    }
    g->entries[g->count++] = e;
    return e;
}

bool sc_vgate_wait(sc_vgate *g, sc_store *store, sc_vgate_waiter *w)
{
    if (!g->shared)
        return false;
    pthread_mutex_lock(&g->lock);
    gate_entry *e = g->stopping ? NULL : entry_of(g, store);
    if (e) {
        w->next = e->waiting;
        e->waiting = w;
        pthread_cond_signal(&e->wake);
    }
    pthread_mutex_unlock(&g->lock);
    return e != NULL;
}

void sc_vgate_stop(sc_vgate *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    bool joined = g->stopping;
    g->stopping = true;
    for (int i = 0; i < g->count; i++)
        pthread_cond_signal(&g->entries[i]->wake);
    pthread_mutex_unlock(&g->lock);
    if (joined)
        return;
    /* no entry is added once stopping is set, so count is final */
    for (int i = 0; i < g->count; i++)
        pthread_join(g->entries[i]->thread, NULL);
}

void sc_vgate_free(sc_vgate *g)
{
    if (!g)
        return;
    sc_vgate_stop(g);
    for (int i = 0; i < g->count; i++) {
        pthread_cond_destroy(&g->entries[i]->wake);
        free(g->entries[i]);
    }
    pthread_mutex_destroy(&g->lock);
    free(g->entries);
    free(g);
}
