/* vgate.c - coalesced data-version reads (see vgate.h). */
#include "vgate.h"

#include <pthread.h>
#include <stdlib.h>

/* The gate of one store: reads are numbered as they start; a request
 * arriving when `started` reads have begun needs a read numbered above
 * that. */
typedef struct {
    const sc_store *store;
    uint64_t started;  /* reads begun */
    uint64_t finished; /* the number of the newest read that has ended */
    bool in_flight;
    sc_rc rc; /* that read's outcome */
    int64_t version;
} gate_entry;

struct sc_vgate {
    bool shared;
    pthread_mutex_t lock;
    pthread_cond_t done;
    /* one entry per store (the default organisation's and each other
     * organisation's that has been used); entries live as long as the gate */
    gate_entry *entries;
    int count, cap;
};

sc_vgate *sc_vgate_new(bool shared)
{
    sc_vgate *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->shared = shared;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->done, NULL);
    return g;
}

void sc_vgate_free(sc_vgate *g)
{
    if (!g)
        return;
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->done);
    free(g->entries);
    free(g);
}

/* The entry of store, made when missing; NULL when out of memory. Called
 * with the lock held. */
static gate_entry *entry_of(sc_vgate *g, const sc_store *store)
{
    for (int i = 0; i < g->count; i++)
        if (g->entries[i].store == store)
            return &g->entries[i];
    if (g->count == g->cap) {
        int cap = g->cap ? g->cap * 2 : 8;
        gate_entry *e = realloc(g->entries, (size_t)cap * sizeof *e);
        if (!e)
            return NULL;
        g->entries = e;
        g->cap = cap;
    }
    gate_entry *e = &g->entries[g->count++];
    *e = (gate_entry){.store = store};
    return e;
}

sc_rc sc_vgate_read(sc_vgate *g, sc_store *store, sc_db *db, int64_t *out)
{
    if (!g->shared)
        return sc_db_data_version(db, out);
    pthread_mutex_lock(&g->lock);
    gate_entry *e = entry_of(g, store);
    if (!e) {
        pthread_mutex_unlock(&g->lock);
        return sc_db_data_version(db, out);
    }
    /* the index into entries, since a new store's entry may move them */
    int at = (int)(e - g->entries);
    uint64_t need = e->started + 1;
    for (;;) {
        e = &g->entries[at];
        if (e->finished >= need) {
            sc_rc rc = e->rc;
            *out = e->version;
            pthread_mutex_unlock(&g->lock);
            return rc;
        }
        if (!e->in_flight)
            break;
        pthread_cond_wait(&g->done, &g->lock);
    }
    /* no read in flight: this request makes the one the others wait for */
    uint64_t mine = ++e->started;
    e->in_flight = true;
    pthread_mutex_unlock(&g->lock);
    int64_t v = 0;
    sc_rc rc = sc_db_data_version(db, &v);
    pthread_mutex_lock(&g->lock);
    e = &g->entries[at];
    e->in_flight = false;
    e->finished = mine;
    e->rc = rc;
    e->version = v;
    pthread_cond_broadcast(&g->done);
    pthread_mutex_unlock(&g->lock);
    *out = v;
    return rc;
}
