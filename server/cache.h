/* cache.h - rendered GET answers, kept by the database's data version.
 *
 * Dashboards poll the same few URLs; between two writes the answer cannot
 * change, so the bytes (and their ETag) are rendered once per data version
 * and served from memory after that. Every write moves the version on (see
 * sc_db_data_version), which makes every older entry unreachable: a write
 * can never be followed by a stale read. The cache is bounded in bytes and
 * emptied whenever it is full or the version moves.
 */
#ifndef SC_CACHE_H
#define SC_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct sc_cache sc_cache;

/* A cached answer, shared by reference between the cache and responses
 * being sent; release each one obtained with sc_cache_release(). */
typedef struct sc_cached {
    char *body;
    size_t len;
    char etag[40];
    char *media_type;  /* NULL for application/json */
    char *disposition; /* NULL when none */
} sc_cached;

/* NULL on out of memory. max_bytes bounds the bodies kept. */
sc_cache *sc_cache_new(size_t max_bytes);
void sc_cache_free(sc_cache *c);

/* The answer for key at version, with a reference for the caller, or NULL. */
sc_cached *sc_cache_get(sc_cache *c, const char *key, int64_t version);

/* Stores an answer (copies everything) and returns it with a reference for
 * the caller, or NULL when it is too large or memory is short. */
sc_cached *sc_cache_put(sc_cache *c, const char *key, int64_t version, const char *body,
                        size_t len, const char *etag, const char *media_type,
                        const char *disposition);

void sc_cache_release(sc_cached *e);

/* Hits and misses since start, for /metrics. */
void sc_cache_stats(sc_cache *c, unsigned long long *hits, unsigned long long *misses,
                    size_t *bytes);

#endif
