/* http.h - the scrutiny HTTP server: a libmicrohttpd daemon with its own
 * thread pool on epoll, dispatching to the route table (routes.c).
 *
 * Started by `scrutiny serve` and, in-process on port 0, by the API tests.
 */
#ifndef SC_HTTP_H
#define SC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

typedef struct {
    const char *host;                /* address to bind, e.g. "127.0.0.1" or "::" */
    int port;                        /* 0 picks a free port (see sc_server_port) */
    int threads;                     /* worker threads; <= 0: sc_server_default_threads() */
    bool private_read;               /* GETs need a reader key too */
    int suppress_below;              /* disclosure control of reads without a key: counts
                                        below it are confidential (public_view.h); 0 off */
    size_t max_body;                 /* request body limit in bytes */
    FILE *access_log;                /* one line per request; NULL for none */
    const char *const *cors_origins; /* browser origins allowed (CORS), "*" for any
                                        origin's public reads; NULL for none */
    size_t cors_count;
    const char *tls_cert_pem; /* with tls_key_pem: serve HTTPS (libmicrohttpd + GnuTLS) */
    const char *tls_key_pem;
    long webhook_backoff_ms; /* first webhook retry delay; <= 0: 1 s (hooks.h) */
} sc_server_config;

#define SC_DEFAULT_MAX_BODY ((size_t)1 << 20)

typedef struct sc_server sc_server;

/* One worker per CPU this process may run on (its affinity mask, so that
 * taskset, cpusets and container CPU limits are respected), at least 1.
 * More workers than CPUs only adds tail latency: each worker owns its
 * connections, and a descheduled worker stalls all of them. */
int sc_server_default_threads(void);

/* Starts serving on store (borrowed: it must outlive the server); cfg is
 * copied, but the strings, the CORS list and the access log it points to
 * are borrowed for the server's life too. The caller owns the server and
 * frees it with sc_server_stop. Returns NULL with a message in err on
 * failure (out of memory, bad host, address in use, no TLS support, a TLS
 * certificate and key that do not match), having freed what it made. */
sc_server *sc_server_start(const sc_server_config *cfg, sc_store *store, char *err, size_t err_n);

/* The bound port (useful after asking for port 0). */
int sc_server_port(const sc_server *srv);

/* Stops accepting, lets requests in flight finish (up to timeout_ms), then
 * stops the daemon and frees the server. Accepts NULL. */
void sc_server_stop(sc_server *srv, int timeout_ms);

/* Counters for /metrics. */
typedef struct {
    unsigned long long requests;
    unsigned long long by_class[6]; /* index = status / 100 */
    unsigned long long in_flight;
    double uptime_seconds;
    int threads;
    unsigned long long cache_hits;
    unsigned long long cache_misses;
    size_t cache_bytes; /* everything the render cache holds */
    size_t cache_entries;
} sc_server_stats;

/* Fills *out; cannot fail. */
void sc_server_get_stats(const sc_server *srv, sc_server_stats *out);

/* The store the server was started on (borrowed). */
sc_store *sc_server_store(const sc_server *srv);

#endif
