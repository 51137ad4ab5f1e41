/* http.c - the libmicrohttpd daemon: its life cycle, the access-handler
 * calls of one request (its head, its body, its answer, its end), the
 * counters for /metrics. What a request means is dispatch.c's; how its
 * answer is sent, respond.c's; the head checks, head.c's. */
#include "http.h"

#include <microhttpd.h>
#include <netdb.h>
#include <sched.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "accesslog.h"
#include "dispatch.h"
#include "head.h"
#include "respond.h"
#include "server_internal.h"

/* After an early 413 the rest of the body is read and dropped (linger.h)
 * up to this many times the limit, for at most LINGER_MS, on at most
 * LINGER_FDS sockets at once */
#define DISCARD_LIMIT_FACTOR 64
#define LINGER_MS 10000
#define LINGER_FDS 64

/* Rendered answers kept per data version; small enough for the RSS target. */
#define CACHE_BYTES ((size_t)8 << 20)
/* The built-in documents (OpenAPI, the docs page and its 1.5 MB script),
 * kept with their ETag and gzip form once asked for */
#define STATIC_BYTES ((size_t)16 << 20)

/* ---- one request across libmicrohttpd's calls ---- */

static void req_init(sc_req *req, sc_server *srv, struct MHD_Connection *conn, const char *method,
                     const char *path)
{
    *req =
        (sc_req){.conn = conn, .server = srv, .method = method, .path = path, .role = SC_ROLE_NONE};
}

static void req_clear(sc_req *req)
{
    sc_cache_release(req->cached);
    req->cached = NULL;
    for (int i = 0; i < req->nparams; i++)
        free(req->params[i]);
    req->nparams = 0;
    json_decref(req->body);
    req->body = NULL;
    sc_reply_reset(req);
    req->csv_body = NULL; /* borrowed from cs->body */
    req->csv_len = 0;
}

/* Queues the answer in cs->req and releases what the request held. */
static enum MHD_Result finish(sc_server *srv, struct MHD_Connection *conn, sc_conn_state *cs)
{
    sc_req *req = &cs->req;
    if (req->db)
        sc_store_release(sc_conn_store(cs), req->db);
    req->db = NULL;
    enum MHD_Result ret = sc_respond_send(srv, cs);
    req_clear(req);
    return ret;
}

/* An answer before the request has been read (or while its body is still
 * arriving): queued now, and the connection closed after it when close. */
static enum MHD_Result answer_early(sc_server *srv, struct MHD_Connection *conn, sc_conn_state *cs,
                                    const char *method, const char *url, int status,
                                    const char *slug, const char *title, const char *detail,
                                    bool close)
{
    req_init(&cs->req, srv, conn, method, url);
    sc_reply_problem(&cs->req, status, slug, title, "%s", detail);
    cs->close = cs->close || close;
    cs->replied = true;
    return finish(srv, conn, cs);
}

/* 413 at once, the connection closed after it and the rest of the body
 * drained meanwhile (linger.h), so the client can read the answer. */
static enum MHD_Result answer_too_large(sc_server *srv, struct MHD_Connection *conn,
                                        sc_conn_state *cs, const char *method, const char *url)
{
    char detail[96];
    snprintf(detail, sizeof detail, "request bodies are limited to %zu bytes", srv->cfg.max_body);
    cs->too_large = true;
    cs->linger = true;
    return answer_early(srv, conn, cs, method, url, 413, "body-too-large", "Content Too Large",
                        detail, true);
}

/* The first call, with the request head: refuse what cannot be trusted. */
static enum MHD_Result begin(sc_server *srv, struct MHD_Connection *conn, const char *url,
                             const char *method, const char *version, void **req_cls)
{
    sc_conn_state *cs = calloc(1, sizeof *cs);
    if (!cs)
        return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &cs->start);
    cs->method = strndup(method, 16);
    cs->target = strndup(url, 400);
    cs->srv = srv;
    cs->conn = conn;
    cs->head = strcmp(method, "HEAD") == 0;
    *req_cls = cs;
    atomic_fetch_add(&srv->in_flight, 1);
    if (atomic_load(&srv->stopping))
        return answer_early(srv, conn, cs, method, url, 503, "shutting-down", "Service Unavailable",
                            "the server is shutting down; retry shortly", true);
    int status;
    const char *bad = sc_head_problem(conn, method, url, version, &status);
    if (bad)
        return answer_early(srv, conn, cs, method, url, status,
                            status == 501 ? "not-implemented" : "bad-request",
                            status == 501 ? "Not Implemented" : "Bad Request", bad, true);
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body)
        return answer_too_large(srv, conn, cs, method, url);
    return MHD_YES;
}

/* A piece of the body: kept, or dropped once the body is known too large. */
static enum MHD_Result take_body(sc_server *srv, sc_conn_state *cs, const char *data, size_t n)
{
    if (!cs->too_large && cs->len + n > srv->cfg.max_body) {
        /* chunked, found too large part way: libmicrohttpd 0.9.75 takes no
         * answer while a body is arriving, so the rest is read and dropped
         * and the 413 sent when it ends; past the bound, the connection is
         * closed */
        cs->too_large = true;
        free(cs->body);
        cs->body = NULL;
        cs->len = cs->cap = 0;
    }
    if (cs->too_large) {
        cs->discarded += n;
        return cs->discarded > DISCARD_LIMIT_FACTOR * srv->cfg.max_body ? MHD_NO : MHD_YES;
    }
    if (cs->len + n > cs->cap) {
        size_t cap = cs->cap ? cs->cap : 4096;
        while (cap < cs->len + n)
            cap *= 2;
        char *b = realloc(cs->body, cap);
        if (!b)
            return MHD_NO;
        cs->body = b;
        cs->cap = cap;
    }
    memcpy(cs->body + cs->len, data, n);
    cs->len += n;
    return MHD_YES;
}

/* RFC 9112 §3.2.2: a server must accept the absolute form of a target
 * ("GET http://host/api/v1/..."); routing uses its path. */
static const char *origin_form(const char *url)
{
    size_t scheme = strncasecmp(url, "http://", 7) == 0    ? 7
                    : strncasecmp(url, "https://", 8) == 0 ? 8
                                                           : 0;
    if (!scheme)
        return url;
    const char *path = strchr(url + scheme, '/');
    return path ? path : "/";
}

/* libmicrohttpd calls this with the head first, then once per piece of the
 * body, then with none left; a queued write comes back here once more,
 * when the writer thread resumes its connection, and so does a read that
 * waited for the data version (vgate.h). */
static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **req_cls)
{
    sc_server *srv = cls;
    sc_conn_state *cs = *req_cls;
    if (!cs)
        return begin(srv, conn, url, method, version, req_cls);
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        return take_body(srv, cs, upload_data, n);
    }
    if (cs->replied)
        return MHD_YES;
    int job = atomic_load(&cs->job);
    if (job == SC_JOB_QUEUED)
        return MHD_YES; /* not ours yet: the writer thread resumes it */
    if (job == SC_JOB_DONE)
        return finish(srv, conn, cs);
    if (job == SC_JOB_VERSIONED) {
        sc_dispatch_resume_read(srv, cs);
        return finish(srv, conn, cs);
    }
    req_init(&cs->req, srv, conn, method, origin_form(url));
    cs->allow[0] = '\0';
    if (cs->too_large)
        return answer_too_large(srv, conn, cs, method, url);
    if (sc_dispatch(srv, cs))
        return MHD_YES;
    return finish(srv, conn, cs);
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    sc_server *srv = cls;
    sc_conn_state *cs = *req_cls;
    (void)toe;
    if (!cs)
        return;
    atomic_fetch_sub(&srv->in_flight, 1);
    atomic_fetch_add(&srv->requests, 1);
    if (cs->status >= 100 && cs->status < 600)
        atomic_fetch_add(&srv->by_class[cs->status / 100], 1);
    sc_accesslog_line(srv, cs);
    if (cs->linger) {
        /* the duplicate keeps the socket open after libmicrohttpd closes
         * its descriptor; it has already sent the answer */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci)
            sc_linger_add(srv->linger, dup(ci->connect_fd));
    }
    if (cs->req.db)
        sc_store_release(sc_conn_store(cs), cs->req.db);
    req_clear(&cs->req);
    free(cs->org);
    free(cs->org_path);
    free(cs->key_org);
    free(cs->body);
    free(cs->key_name);
    free(cs->method);
    free(cs->target);
    free(cs);
    *req_cls = NULL;
}

/* libmicrohttpd would decode %HH in the path before routing: an encoded
 * slash would then split a segment ("2020%2F21-Q1" would become two), %00
 * would cut the path short, and a decoded "%25" could be decoded again
 * later. So it decodes nothing: the router decodes each segment once,
 * after splitting (router.c), and dispatch decodes the query arguments
 * once (dispatch.c). */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

/* ---- lifecycle ---- */

static int resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len,
                   char *err, size_t err_n)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    int rc = getaddrinfo(host, portstr, &hints, &ai);
    if (rc != 0 || !ai) {
        snprintf(err, err_n,
                 "cannot use host %s: %s (give a numeric address such as "
                 "127.0.0.1 or ::)",
                 host, gai_strerror(rc));
        return -1;
    }
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

int sc_server_default_threads(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void server_free(sc_server *srv)
{
    sc_hooks_stop(srv->hooks);
    /* before the organisations' stores its readers use */
    sc_vgate_free(srv->vgate);
    sc_orgreg_free(srv->orgs);
    sc_writeq_free(srv->writes);
    sc_linger_free(srv->linger);
    sc_cache_free(srv->cache);
    sc_cache_free(srv->statics);
    free(srv);
}

static struct MHD_Daemon *start_daemon(sc_server *srv, const struct sockaddr_storage *ss, bool tls)
{
    const sc_server_config *cfg = &srv->cfg;
    unsigned flags =
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
    if (ss->ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (tls)
        flags |= MHD_USE_TLS;
    /* the TLS options go last; with no TLS they end the list early */
    struct MHD_OptionItem tls_opts[] = {
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cfg->tls_cert_pem},
        {tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, (void *)cfg->tls_key_pem},
        {MHD_OPTION_END, 0, NULL}};
    return MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, access_handler, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)ss, MHD_OPTION_THREAD_POOL_SIZE,
        /* one worker is the daemon's own thread, not a pool (1 would be
         * refused with a warning) */
        (unsigned)(cfg->threads > 1 ? cfg->threads : 0), MHD_OPTION_NOTIFY_COMPLETED, completed,
        srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        /* one address cannot hold every connection open (slow-loris) */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
        NULL, MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
}

sc_server *sc_server_start(const sc_server_config *cfg, sc_store *store, char *err, size_t err_n)
{
    sc_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, err_n, "out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
    srv->store = store;
    if (srv->cfg.threads <= 0)
        srv->cfg.threads = sc_server_default_threads();
    if (!srv->cfg.max_body)
        srv->cfg.max_body = SC_DEFAULT_MAX_BODY;
    bool tls = cfg->tls_cert_pem && cfg->tls_key_pem;
    struct sockaddr_storage ss;
    socklen_t sslen;
    srv->cache = sc_cache_new(CACHE_BYTES);
    srv->vgate = sc_vgate_new(sc_store_remote(store), NULL);
    srv->statics = sc_cache_new(STATIC_BYTES);
    srv->writes = sc_writeq_new(SC_WRITE_QUEUE_JOBS, SC_WRITE_WAIT_MS, sc_dispatch_run_write);
    srv->linger = sc_linger_new(LINGER_FDS, LINGER_MS,
                                DISCARD_LIMIT_FACTOR *
                                    (srv->cfg.max_body ? srv->cfg.max_body : SC_DEFAULT_MAX_BODY));
    if (!srv->cache || !srv->vgate || !srv->statics || !srv->writes || !srv->linger)
        snprintf(err, err_n, "out of memory");
    else if (sodium_init() < 0)
        snprintf(err, err_n, "libsodium failed to initialise");
    else if (resolve(cfg->host ? cfg->host : "127.0.0.1", cfg->port, &ss, &sslen, err, err_n) != 0)
        ; /* resolve wrote err */
    else if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        snprintf(err, err_n, "this libmicrohttpd was built without TLS support");
    else if (clock_gettime(CLOCK_MONOTONIC, &srv->started),
             !(srv->daemon = start_daemon(srv, &ss, tls)))
        snprintf(err, err_n, "cannot listen on %s port %d (in use, or not permitted%s)",
                 cfg->host ? cfg->host : "127.0.0.1", cfg->port,
                 tls ? ", or the TLS certificate and key do not match" : "");
    if (!srv->daemon) {
        server_free(srv);
        return NULL;
    }
    sc_hooks_config hc;
    sc_hooks_config_default(&hc);
    if (cfg->webhook_backoff_ms > 0)
        hc.backoff_ms = cfg->webhook_backoff_ms;
    /* an organisation's store gets as many connections as the root: its
     * requests, its writes and its webhook workers are the same load */
    if (!(srv->orgs = sc_orgreg_new(store, srv->cfg.threads + 3, &hc)) ||
        !(srv->hooks = sc_hooks_start(store, &hc))) {
        snprintf(err, err_n, "cannot start the webhook delivery worker");
        MHD_stop_daemon(srv->daemon);
        server_free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : cfg->port;
    return srv;
}

int sc_server_port(const sc_server *srv)
{
    return srv->port;
}

sc_store *sc_server_store(const sc_server *srv)
{
    return srv->store;
}

void sc_server_stop(sc_server *srv, int timeout_ms)
{
    if (!srv)
        return;
    /* MHD_quiesce_daemon races with epoll worker threads in libmicrohttpd
     * 0.9.75 (both take the listening socket out of the epoll set, and the
     * loser aborts), so draining is done here: new requests are answered
     * 503 while those in flight finish, then the daemon stops. */
    atomic_store(&srv->stopping, true);
    for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < timeout_ms; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* writes still queued are answered 503 and their connections resumed
     * before the daemon stops (it refuses to stop with any suspended) */
    sc_writeq_free(srv->writes);
    srv->writes = NULL;
    /* and so are reads still waiting for the data version */
    sc_vgate_stop(srv->vgate);
    MHD_stop_daemon(srv->daemon);
    server_free(srv);
}

void sc_server_get_stats(const sc_server *srv, sc_server_stats *out)
{
    memset(out, 0, sizeof *out);
    out->requests = atomic_load(&srv->requests);
    for (int i = 0; i < 6; i++)
        out->by_class[i] = atomic_load(&srv->by_class[i]);
    out->in_flight = atomic_load(&srv->in_flight);
    out->uptime_seconds = sc_server_elapsed_ms(&srv->started) / 1000.0;
    out->threads = srv->cfg.threads;
    sc_cache_stats(srv->cache, &out->cache_hits, &out->cache_misses, &out->cache_bytes,
                   &out->cache_entries);
}
