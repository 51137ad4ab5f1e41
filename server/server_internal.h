/* server_internal.h - what http.c, dispatch.c, respond.c and accesslog.c
 * share about a server and one request on it; private to server/.
 *
 * http.c owns both structures: it makes the server in sc_server_start and
 * frees it in sc_server_stop, and makes one sc_conn_state per request in
 * its first access-handler call and frees it when libmicrohttpd reports
 * the request completed. The other files only borrow them.
 */
#ifndef SC_SERVER_INTERNAL_H
#define SC_SERVER_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cache.h"
#include "hooks.h"
#include "http.h"
#include "linger.h"
#include "orgreg.h"
#include "req.h"
#include "routes.h"
#include "vgate.h"
#include "writeq.h"

struct MHD_Connection;
struct MHD_Daemon;

/* "GET, HEAD, PUT, DELETE, OPTIONS" with room to spare */
#define SC_MAX_ALLOW 128
/* Writes that may wait for the writer thread at once; more are 503. */
#define SC_WRITE_QUEUE_JOBS 256
/* A write that waited this long for its turn is not applied (503): its
 * client has most likely given up, and the queue must drain. */
#define SC_WRITE_WAIT_MS 10000

struct sc_server {
    struct MHD_Daemon *daemon;
    sc_store *store;
    sc_cache *cache;
    sc_vgate *vgate;   /* shared data-version reads (vgate.h) */
    sc_cache *statics; /* one version forever: built-in bytes never change */
    sc_writeq *writes; /* every write runs on its thread (writeq.h) */
    sc_linger *linger; /* sockets answered before their body was read */
    sc_hooks *hooks;   /* the webhook delivery worker (hooks.h) */
    sc_orgreg *orgs;   /* the other organisations' stores (orgreg.h) */
    sc_server_config cfg;
    int port;
    struct timespec started;
    atomic_ullong requests;
    atomic_ullong by_class[6];
    atomic_ullong in_flight;
    atomic_bool stopping; /* draining: new requests get 503 */
};

/* Where a suspended request stands: a write in the write queue (writeq.h)
 * or a read waiting for the data version (vgate.h) is QUEUED; the writer
 * thread sets DONE when the write's answer is made, the version's reader
 * VERSIONED when the read may go on. */
enum { SC_JOB_NONE = 0, SC_JOB_QUEUED, SC_JOB_DONE, SC_JOB_VERSIONED };

/* Per-request state kept by libmicrohttpd between calls (*req_cls). */
typedef struct sc_conn_state {
    struct timespec start;
    char *body;
    size_t len;
    size_t cap;
    size_t discarded;
    bool too_large;
    bool close;  /* answer with Connection: close (framing could not be trusted) */
    bool linger; /* answered with body unread: drain it before the socket closes */
    int status;
    size_t bytes;
    char *key_name;
    char *method; /* for the access log, as received */
    char *target; /* the request target as received, for the access log */
    bool replied; /* an answer was queued before the body ended (413) */
    /* the request, kept here so that a write can wait in the write queue
     * while its connection is suspended */
    sc_req req;
    const sc_route *route;
    /* a read waiting for the data version: its place in the gate's queue,
     * the sheet it asked for (an sc_sheet_format) and the read's outcome */
    sc_vgate_waiter vwait;
    int sheet;
    sc_rc version_rc;
    int64_t version;
    char allow[SC_MAX_ALLOW];
    bool head;
    atomic_int job;
    sc_server *srv;
    struct MHD_Connection *conn;
    /* the organisation the request addresses (docs/API.md,
     * "Organisations"): its store, which req.db comes from (NULL: the
     * root's, the default organisation's), and, under /api/v1/orgs/{org},
     * the code and the path with the prefix taken off (owned) */
    sc_store *store;
    char *org;
    char *org_path;
    char *key_org; /* the key's organisation (owned) */
} sc_conn_state;

/* The store req.db of cs was taken from. */
static inline sc_store *sc_conn_store(const sc_conn_state *cs)
{
    return cs->store ? cs->store : cs->srv->store;
}

/* Milliseconds on CLOCK_MONOTONIC since from. */
static inline double sc_server_elapsed_ms(const struct timespec *from)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - from->tv_sec) * 1e3 + (double)(now.tv_nsec - from->tv_nsec) / 1e6;
}

#endif
