/* fuzz_http.c - the whole request pipeline (server/http.c: request line,
 * headers, percent-decoding, routing, query checks, authentication, body
 * limits, handlers, problem answers) of a real in-process server.
 *
 * Set-up, once: a server on 127.0.0.1 (a free port) over a temporary
 * database with the demonstration data and three keys. Input: the raw
 * bytes of one connection's requests; "$W", "$A" and "$R" are replaced by
 * the writer's, the admin's and the reader's key so that the fuzzer gets
 * past authentication. So that every input is a whole request (an
 * unfinished one would only make libmicrohttpd wait for the rest until
 * its idle timeout), the head gets its closing blank line if it lacks one,
 * a body shorter than its Content-Length is padded with spaces, and a
 * chunked body gets a last chunk. The bytes are sent, the sending side is
 * shut, and the first answer is read (at most 10 s).
 *
 * Invariants on the first answer: once begun it is finished within 10 s
 * (silence means libmicrohttpd still waits for input: not judged); an answer from
 * the application (it carries X-Content-Type-Options) is never 5xx; an
 * application answer of 400 or more is application/problem+json whose
 * body is JSON with the same status (except for HEAD, which has no body).
 * libMicroHTTPd's own refusals (bad request line, headers too big, 505)
 * carry no such header and are not judged. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "fuzz.h"
#include "http.h"
#include "keys.h"
#include "store.h"

#ifndef FUZZ_DEMO_DIR
#define FUZZ_DEMO_DIR "data/demo"
#endif

#define ANSWER_MS 10000
#define SILENCE_MS 500

static sc_store *store;
static sc_server *server;
static int port;
static char dir[64];
static char keys[3][SC_KEY_STRLEN]; /* writer, admin, reader */

/* The temporary folder goes at exit however the run ends (libFuzzer
 * exits without calling fuzz_cleanup); removing open files is fine. */
static void remove_files(void)
{
    static const char *const files[] = {"fuzz.db", "fuzz.db-wal", "fuzz.db-shm"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN);
    snprintf(dir, sizeof dir, "/tmp/scrutiny-fuzz-http-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(remove_files);
    char path[128];
    snprintf(path, sizeof path, "%s/fuzz.db", dir);
    sc_errors errs = SC_ERRORS_INIT;
    if (sc_store_open(path, 4, &store, &errs) != SC_OK) {
        fprintf(stderr, "fuzz_http: cannot open %s\n", path);
        abort();
    }
    sc_db *db = sc_store_acquire(store);
    const char *demo = getenv("SCRUTINY_DEMO_DIR");
    bool already;
    if (sc_demo_load(db, demo && *demo ? demo : FUZZ_DEMO_DIR, &already, &errs) != SC_OK ||
        sc_keys_create(db, "fuzz-writer", SC_ROLE_WRITER, keys[0], &errs) != SC_OK ||
        sc_keys_create(db, "fuzz-admin", SC_ROLE_ADMIN, keys[1], &errs) != SC_OK ||
        sc_keys_create(db, "fuzz-reader", SC_ROLE_READER, keys[2], &errs) != SC_OK) {
        fprintf(stderr, "fuzz_http: set-up failed: %s\n", errs.message ? errs.message : "");
        abort();
    }
    sc_store_release(store, db);
    sc_errors_clear(&errs);
    sc_server_config cfg = {.host = "127.0.0.1", .port = 0, .threads = 2};
    char err[256];
    server = sc_server_start(&cfg, store, err, sizeof err);
    if (!server) {
        fprintf(stderr, "fuzz_http: %s\n", err);
        abort();
    }
    port = sc_server_port(server);
    return 0;
}

void fuzz_cleanup(void)
{
    sc_server_stop(server, 5000);
    server = NULL;
    sc_store_close(store);
    store = NULL;
    remove_files();
}

/* The input with $W, $A and $R replaced by keys, made whole (see above). */
static char *expand(const uint8_t *data, size_t size, size_t *len)
{
    char *out = malloc(size * 24 + 16);
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '$' && i + 1 < size && strchr("WAR", data[i + 1])) {
            const char *k = keys[data[i + 1] == 'W' ? 0 : data[i + 1] == 'A' ? 1 : 2];
            memcpy(out + n, k, strlen(k));
            n += strlen(k);
            i++;
        } else {
            out[n++] = (char)data[i];
        }
    }
    out[n] = '\0';
    /* the input may hold NUL bytes: search by length, not as a string */
    char *end = memmem(out, n, "\r\n\r\n", 4);
    if (!end) {
        /* the head never ends: end it */
        if (n >= 2 && out[n - 2] == '\r' && out[n - 1] == '\n') {
            memcpy(out + n, "\r\n", 3);
            n += 2;
        } else {
            memcpy(out + n, "\r\n\r\n", 5);
            n += 4;
        }
        end = out + n - 4;
    }
    size_t head = (size_t)(end + 4 - out), body = n - head;
    bool chunked = false;
    long want = -1;
    for (char *l = out; l < end;) {
        char *eol = memmem(l, (size_t)(end + 2 - l), "\r\n", 2);
        size_t ll = (size_t)(eol - l);
        if (ll > 15 && strncasecmp(l, "Content-Length:", 15) == 0 && want < 0)
            want = strtol(l + 15, NULL, 10);
        if (ll > 18 && strncasecmp(l, "Transfer-Encoding:", 18) == 0 && memmem(l, ll, "chunked", 7))
            chunked = true;
        l = eol + 2;
    }
    if (chunked) {
        out = realloc(out, n + 16);
        memcpy(out + n, "\r\n0\r\n\r\n", 8);
        n += 7;
    } else if (want > (long)body && want <= 2 * 1024 * 1024) {
        out = realloc(out, head + (size_t)want + 1);
        memset(out + n, ' ', head + (size_t)want - n);
        n = head + (size_t)want;
        out[n] = '\0';
    }
    *len = n;
    return out;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static const char *header(const char *head, const char *end, const char *name, size_t *vlen);

/* True once buf holds a whole first answer (by its Content-Length; no
 * body for HEAD, 204 and 304). */
static bool answer_complete(const char *req, const char *buf, size_t len)
{
    const char *end = strstr(buf, "\r\n\r\n");
    if (!end || len < 12)
        return false;
    long status = strtol(buf + 9, NULL, 10);
    if (strncmp(req, "HEAD ", 5) == 0 || status == 204 || status == 304 || status < 200)
        return true;
    size_t vl;
    const char *cl = header(buf, end, "Content-Length", &vl);
    return cl && len - (size_t)(end + 4 - buf) >= strtoul(cl, NULL, 10);
}

/* Sends req and collects what comes back until the first answer is whole
 * or the server closes. An answer that starts must finish within
 * ANSWER_MS (false otherwise). When nothing at all comes back within
 * SILENCE_MS of the last byte sent, libmicrohttpd is waiting for more
 * input (leading blank lines, bare LF line ends, ...): the connection is
 * dropped and the input not judged (*out_len 0, true). */
static bool exchange(const char *req, size_t len, char **out, size_t *out_len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    FUZZ_CHECK(fd >= 0, "socket: %s", strerror(errno));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = connect(fd, (struct sockaddr *)&sa, sizeof sa);
    if (rc != 0 && errno == EINTR) {
        /* a signal (libFuzzer's timer) interrupted it: the connection goes
         * on being made, so wait for it rather than fail the run */
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int err = 0;
        socklen_t elen = sizeof err;
        rc = poll(&p, 1, 5000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 &&
                     err == 0
                 ? 0
                 : -1;
        errno = err ? err : ETIMEDOUT;
    }
    FUZZ_CHECK(rc == 0, "connect: %s", strerror(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    size_t cap = 65536, got = 0, sent = 0;
    char *buf = malloc(cap + 1);
    bool sending = len > 0, done = false, whole = true;
    if (!sending)
        shutdown(fd, SHUT_WR);
    long start = now_ms(), last_sent = start;
    while (!done) {
        long now = now_ms();
        if (now - start > ANSWER_MS) {
            whole = got == 0 && now - last_sent > SILENCE_MS;
            break;
        }
        if (!sending && got == 0 && now - last_sent > SILENCE_MS)
            break;
        struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (sending ? POLLOUT : 0))};
        if (poll(&p, 1, 50) <= 0)
            continue;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            if (got == cap) {
                cap *= 2;
                buf = realloc(buf, cap + 1);
            }
            ssize_t n = recv(fd, buf + got, cap - got, 0);
            if (n > 0) {
                got += (size_t)n;
                buf[got] = '\0';
                done = answer_complete(req, buf, got);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                done = true;
            }
        }
        if (sending && (p.revents & POLLOUT)) {
            ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += (size_t)n;
                last_sent = now_ms();
            }
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
                shutdown(fd, SHUT_WR);
                sending = false;
            }
        }
    }
    /* a reset, so the server frees the connection at once */
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    buf[got] = '\0';
    *out = buf;
    *out_len = got;
    return whole;
}

static const char *header(const char *head, const char *end, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    for (const char *l = strstr(head, "\r\n"); l && l < end; l = strstr(l + 2, "\r\n")) {
        const char *h = l + 2;
        if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
            const char *v = h + nl + 1;
            while (*v == ' ')
                v++;
            *vlen = strcspn(v, "\r\n");
            return v;
        }
    }
    return NULL;
}

static void judge(const char *req, const char *resp, size_t len)
{
    if (len == 0)
        return; /* closed without an answer: the HTTP layer's choice */
    FUZZ_CHECK(len >= 12 && strncmp(resp, "HTTP/1.", 7) == 0, "not an HTTP answer: %.80s", resp);
    long status = strtol(resp + 9, NULL, 10);
    const char *end = strstr(resp, "\r\n\r\n");
    FUZZ_CHECK(end != NULL, "answer without the end of its headers: %.200s", resp);
    size_t vl;
    bool app = header(resp, end, "X-Content-Type-Options", &vl) != NULL;
    if (!app)
        return;
    /* 501 is the one 5xx a request earns: a transfer coding other than
     * chunked (RFC 9112 section 6.1) */
    FUZZ_CHECK(status < 500 || status == 501, "the application answered %ld to: %.300s\n%.600s",
               status, req, resp);
    if (status < 400 || strncmp(req, "HEAD ", 5) == 0)
        return;
    const char *ct = header(resp, end, "Content-Type", &vl);
    FUZZ_CHECK(ct && vl == 24 && strncmp(ct, "application/problem+json", 24) == 0,
               "%ld without problem+json to: %.300s\n%.600s", status, req, resp);
    const char *cl = header(resp, end, "Content-Length", &vl);
    FUZZ_CHECK(cl, "%ld problem without Content-Length", status);
    size_t body_len = strtoul(cl, NULL, 10);
    const char *body = end + 4;
    FUZZ_CHECK((size_t)(resp + len - body) >= body_len, "problem body cut short");
    json_error_t jerr;
    json_t *j = json_loadb(body, body_len, 0, &jerr);
    FUZZ_CHECK(j != NULL, "problem body is not JSON (%s): %.300s", jerr.text, body);
    FUZZ_CHECK(json_integer_value(json_object_get(j, "status")) == status &&
                   json_string_value(json_object_get(j, "detail")),
               "problem body does not match its status %ld: %.300s", status, body);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *req = expand(data, size, &len);
    char *resp;
    size_t resp_len;
    bool whole = exchange(req, len, &resp, &resp_len);
    FUZZ_CHECK(whole, "an answer begun was not finished in %d ms: %.300s\n%.300s", ANSWER_MS, req,
               resp);
    judge(req, resp, resp_len);
    free(resp);
    free(req);
    return 0;
}
