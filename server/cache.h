/* cache.h - rendered GET answers, kept by the database's data version.
 *
 * Dashboards poll the same few URLs; between two writes the answer cannot
 * change, so the bytes (and their ETag) are rendered once per data version
 * and served from memory after that. Every write moves the version on (see
 * sc_db_data_version), which makes every older entry unreachable: a write
 * can never be followed by a stale read. The cache is bounded in bytes
 * (answers, their gzip forms, keys and each entry's own size all count) and
 * in entries, and emptied whenever it is full or the version moves.
 */
#ifndef SC_CACHE_H
#define SC_CACHE_H

#include <stdbool.h>
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

/* Keys longer than this are not kept: a long query string names an answer
 * that is cheap to render again and costly to remember. */
#define SC_CACHE_MAX_KEY 1024

/* NULL on out of memory. max_bytes bounds everything the cache holds. */
sc_cache *sc_cache_new(size_t max_bytes);
void sc_cache_free(sc_cache *c);

/* The answer for key at version, with a reference for the caller, or NULL. */
sc_cached *sc_cache_get(sc_cache *c, const char *key, int64_t version);

/* Stores an answer (copies everything) and returns it with a reference for
 * the caller, or NULL when it (or its key) is too large or memory is
 * short. */
sc_cached *sc_cache_put(sc_cache *c, const char *key, int64_t version, const char *body, size_t len,
                        const char *etag, const char *media_type, const char *disposition);

void sc_cache_release(sc_cached *e);

/* The gzip form of a cached answer (see gzip.h): made once, by the first
 * request that wants it, and kept with the answer. Owned by the entry, so
 * valid while the caller holds its reference. */
typedef struct sc_cached_gz {
    char *body;
    size_t len;
    char etag[40];
} sc_cached_gz;

/* The gzip form attached to e: sets *known and returns it (NULL when it
 * was found not worth keeping), or sets *known false when none was made
 * yet. */
const sc_cached_gz *sc_cache_gz(sc_cached *e, bool *known);

/* Attaches gz (malloc'd, with a malloc'd body; the cache takes both) to e,
 * or records that none is worth keeping when gz is NULL. When another
 * request attached one first, gz is freed and that one is returned. */
const sc_cached_gz *sc_cache_attach_gz(sc_cached *e, sc_cached_gz *gz);

/* Hits and misses since start, and what is held now, for /metrics. */
void sc_cache_stats(sc_cache *c, unsigned long long *hits, unsigned long long *misses,
                    size_t *bytes, size_t *entries);

#endif
