/* hooks.h - the webhook delivery worker (docs/API.md §19c): four threads,
 * owned by the server, that send the deliveries the store holds as due
 * (one receiver at a time per thread, a receiver's deliveries one at a time
 * and in order, so a slow receiver holds one thread and no other receiver),
 * signs each body with its subscription's secret, records every attempt
 * and retries with exponential backoff; and, once a minute, raises
 * quarter_overdue for quarters whose return is overdue. It never runs on
 * an HTTP worker or the writer thread, so a slow or failing receiver
 * cannot slow an API answer. */
#ifndef SC_HOOKS_H
#define SC_HOOKS_H

#include <stddef.h>

#include "store.h"

typedef struct sc_hooks sc_hooks;

typedef struct {
    long backoff_ms;     /* first retry after this; doubled per attempt */
    long backoff_cap_ms; /* never longer than this */
    long timeout_ms;     /* connect, send and read, each */
    long poll_ms;        /* how often the log is read for due deliveries */
} sc_hooks_config;

/* Defaults: retries after 1 s, 2 s, 4 s ... capped at one hour; 5 s
 * timeouts; the log read every 200 ms. */
void sc_hooks_config_default(sc_hooks_config *cfg);

/* Starts the workers on store (borrowed). NULL when out of memory or no
 * thread could be made. */
sc_hooks *sc_hooks_start(sc_store *store, const sc_hooks_config *cfg);

/* Stops the workers (an attempt in flight ends by its timeout) and frees
 * it; what is not yet delivered stays in the log for the next start.
 * Accepts NULL. */
void sc_hooks_stop(sc_hooks *h);

/* The signature header value of body at timestamp ts (Unix seconds):
 * "sha256=" and the hex HMAC-SHA256 of "<ts>.<body>" keyed by secret, into
 * out (at least 72 bytes). */
void sc_hooks_sign(const char *secret, long long ts, const char *body, char *out, size_t n);

#endif
