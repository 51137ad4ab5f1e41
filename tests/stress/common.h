/* common.h - what the stress programs in tests/stress share: a real
 * `scrutiny serve` process on a fresh database in a temporary folder
 * (started, killed, restarted), keys made with `scrutiny keys create`, and
 * a small libcurl client. Traffic goes to 127.0.0.1 only.
 *
 * These are plain programs (no Check): each prints what it did and exits
 * non-zero with a message on the first broken promise. */
#ifndef SC_STRESS_COMMON_H
#define SC_STRESS_COMMON_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct {
    const char *exe; /* build/server/scrutiny */
    char dir[128];   /* temporary folder */
    char db[256];    /* dir/stress.db, or a PostgreSQL URI (SCRUTINY_TEST_PG) */
    char log[192];   /* the server's stderr */
    pid_t pid;       /* 0 when not running */
    int port;
    char admin[64];
    char writer[64];
} st_server;

/* Prints "stress: FAIL ..." and exits 1 (killing the server if any). */
void st_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define ST_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            st_fail(__VA_ARGS__);                                                                  \
    } while (0)

/* Makes the folder and the database and creates an admin and a writer key. */
void st_init(st_server *s, const char *exe);
/* Starts `scrutiny serve --db ... --port 0 --quiet` plus extra (NULL-ended)
 * and waits until it listens. */
void st_start(st_server *s, const char *const *extra);
/* SIGKILL (or sig) and reap. */
void st_kill(st_server *s, int sig);
/* SIGTERM, and the server must exit 0 within 20 s (a clean stop; under
 * AddressSanitizer a leak report would make the status non-zero). */
void st_stop(st_server *s);
/* Stops the server if running and removes the folder. */
void st_cleanup(st_server *s);

typedef struct {
    long status; /* 0 on a transport error */
    CURLcode curl;
    char *body; /* NUL-terminated */
    size_t len;
} st_resp;

/* One request to the server; body may be NULL; key may be NULL. c is a
 * curl handle owned by the calling thread (reused for keep-alive). */
st_resp st_http(CURL *c, const st_server *s, const char *method, const char *path, const char *key,
                const char *body, long timeout_ms);
void st_resp_free(st_resp *r);

/* The shared indicators S1..S3 the concurrency tests push: the body of
 * PUT /api/v1/indicators/S<i>. */
void st_shared_indicator_body(char *body, size_t n, int i);
/* A quarterly return setting S1..S3 to s1..s3, and the contacts figure and
 * a one-line finance statement's budget (gross and net) to rest. */
void st_return_body(char *body, size_t n, long s1, long s2, long s3, long rest);

double st_now(void); /* seconds, monotonic */
void st_sleep_ms(long ms);
/* Raises the open-file soft limit to at most want; returns the limit. */
long st_raise_nofile(long want);

#endif
