/* cache.c - a bounded, version-keyed cache of rendered answers (cache.h). */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 512
/* Entries kept at most: each costs a few hundred bytes besides its answer,
 * and the byte bound alone would let many tiny answers pile up. */
#define MAX_ENTRIES 4096

typedef struct entry {
    sc_cached pub; /* first: sc_cached pointers are entry pointers */
    atomic_int refs;
    _Atomic(sc_cached_gz *) gz; /* NULL: not made yet; &no_gz: not worth it */
    struct sc_cache *owner;
    char *key;
    uint64_t hash;
    size_t charge; /* what it counts against the bound (entry_charge) */
    struct entry *next;
} entry;

struct sc_cache {
    pthread_mutex_t lock;
    entry *bucket[BUCKETS];
    int64_t version;
    size_t bytes; /* everything held: answers, gzip forms, keys, entries */
    size_t max_bytes;
    size_t entries;
    unsigned long long hits, misses;
};

/* marks an answer whose gzip form is not smaller */
static sc_cached_gz no_gz;

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void entry_unref(entry *e)
{
    if (atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    sc_cached_gz *gz = atomic_load(&e->gz);
    if (gz && gz != &no_gz) {
        free(gz->body);
        free(gz);
    }
    free(e->pub.body);
    free(e->pub.media_type);
    free(e->pub.disposition);
    free(e->key);
    free(e);
}

void sc_cache_release(sc_cached *e)
{
    if (e)
        entry_unref((entry *)e);
}

/* Drops every entry; the caller holds the lock. */
static void flush(sc_cache *c)
{
    for (size_t i = 0; i < BUCKETS; i++) {
        entry *e = c->bucket[i];
        while (e) {
            entry *next = e->next;
            entry_unref(e);
            e = next;
        }
        c->bucket[i] = NULL;
    }
    c->bytes = 0;
    c->entries = 0;
}

sc_cache *sc_cache_new(size_t max_bytes)
{
    sc_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pthread_mutex_init(&c->lock, NULL);
    c->max_bytes = max_bytes;
    c->version = -1;
    return c;
}

void sc_cache_free(sc_cache *c)
{
    if (!c)
        return;
    flush(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

sc_cached *sc_cache_get(sc_cache *c, const char *key, int64_t version)
{
    uint64_t h = hash_of(key);
    entry *found = NULL;
    pthread_mutex_lock(&c->lock);
    if (version == c->version) {
        for (entry *e = c->bucket[h % BUCKETS]; e; e = e->next) {
            if (e->hash == h && strcmp(e->key, key) == 0) {
                atomic_fetch_add(&e->refs, 1);
                found = e;
                break;
            }
        }
    }
    if (found)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->lock);
    return found ? &found->pub : NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Every byte an entry keeps alive, not only its answer: a key can be far
 * longer than the answer it names (a long query string on an empty list),
 * so keys and the entry itself count against the bound too. */
static size_t entry_charge(const char *key, size_t len, const char *media_type,
                           const char *disposition)
{
    return sizeof(entry) + strlen(key) + 1 + len + (media_type ? strlen(media_type) + 1 : 0) +
           (disposition ? strlen(disposition) + 1 : 0);
}

sc_cached *sc_cache_put(sc_cache *c, const char *key, int64_t version, const char *body, size_t len,
                        const char *etag, const char *media_type, const char *disposition)
{
    size_t charge = entry_charge(key, len, media_type, disposition);
    if (charge > c->max_bytes / 4 || strlen(key) > SC_CACHE_MAX_KEY)
        return NULL;
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    atomic_init(&e->gz, NULL);
    e->owner = c;
    e->pub.body = malloc(len ? len : 1);
    e->key = strdup(key);
    e->pub.media_type = dup_or_null(media_type);
    e->pub.disposition = dup_or_null(disposition);
    if (!e->pub.body || !e->key || (media_type && !e->pub.media_type) ||
        (disposition && !e->pub.disposition)) {
        atomic_init(&e->refs, 1);
        entry_unref(e);
        return NULL;
    }
    memcpy(e->pub.body, body, len);
    e->pub.len = len;
    strncpy(e->pub.etag, etag, sizeof e->pub.etag - 1);
    e->hash = hash_of(key);
    e->charge = charge;
    atomic_init(&e->refs, 2); /* the cache's and the caller's */
    pthread_mutex_lock(&c->lock);
    if (version < c->version) {
        /* rendered from an older snapshot than the cache holds: serve it
         * to this request only */
        pthread_mutex_unlock(&c->lock);
        atomic_store(&e->refs, 1);
        return &e->pub;
    }
    if (version > c->version || c->bytes + charge > c->max_bytes || c->entries >= MAX_ENTRIES) {
        flush(c);
        c->version = version;
    }
    entry **slot = &c->bucket[e->hash % BUCKETS];
    for (entry **p = slot; *p; p = &(*p)->next) {
        if ((*p)->hash == e->hash && strcmp((*p)->key, key) == 0) {
            entry *old = *p;
            *p = old->next;
            c->bytes -= old->charge;
            c->entries--;
            entry_unref(old);
            break;
        }
    }
    e->next = *slot;
    *slot = e;
    c->bytes += charge;
    c->entries++;
    pthread_mutex_unlock(&c->lock);
    return &e->pub;
}

const sc_cached_gz *sc_cache_gz(sc_cached *pub, bool *known)
{
    sc_cached_gz *gz = atomic_load(&((entry *)pub)->gz);
    *known = gz != NULL;
    return gz == &no_gz ? NULL : gz;
}

const sc_cached_gz *sc_cache_attach_gz(sc_cached *pub, sc_cached_gz *gz)
{
    entry *e = (entry *)pub;
    sc_cache *c = e->owner;
    sc_cached_gz *expected = NULL;
    if (!atomic_compare_exchange_strong(&e->gz, &expected, gz ? gz : &no_gz)) {
        if (gz) {
            free(gz->body);
            free(gz);
        }
        return expected == &no_gz ? NULL : expected;
    }
    if (gz) {
        /* counted against the bound even if the entry has just been
         * flushed: that only brings the next flush forward */
        pthread_mutex_lock(&c->lock);
        e->charge += gz->len;
        c->bytes += gz->len;
        pthread_mutex_unlock(&c->lock);
    }
    return gz;
}

void sc_cache_stats(sc_cache *c, unsigned long long *hits, unsigned long long *misses,
                    size_t *bytes, size_t *entries)
{
    pthread_mutex_lock(&c->lock);
    *hits = c->hits;
    *misses = c->misses;
    *bytes = c->bytes;
    *entries = c->entries;
    pthread_mutex_unlock(&c->lock);
}
