/* harness.h - API test harness: the real scrutiny server started in-process
 * on a free port over a fresh database, and a small libcurl client.
 *
 * Like libmicrohttpd's own src/testcurl, the daemon runs in the test
 * process (so sanitizers and valgrind see both sides) and is reached only
 * over HTTP on 127.0.0.1.
 */
#ifndef SC_TEST_HARNESS_H
#define SC_TEST_HARNESS_H

#include <jansson.h>
#include <stdbool.h>

typedef struct {
    long status;
    char *body; /* NUL-terminated, possibly empty */
    size_t len;
    json_t *json; /* parsed body, or NULL when not JSON */
    char content_type[128];
    char etag[80];
    char location[256];
    char allow[128];
    char cache_control[128];
    char www_authenticate[128];
    char content_disposition[160];
    char acao[160]; /* Access-Control-Allow-Origin */
    char acam[160]; /* Access-Control-Allow-Methods */
    char acah[200]; /* Access-Control-Allow-Headers */
    char vary[80];
    char content_encoding[32];
    size_t wire_len; /* body bytes as received; body/len/json are decoded
                        when Content-Encoding is gzip */
} th_resp;

/* Keys created for every test server. */
extern char th_admin_key[64];
extern char th_writer_key[64];
extern char th_reader_key[64];

typedef struct {
    bool private_read;
    size_t max_body;
    const char *const *cors_origins;
    size_t cors_count;
    int suppress_below; /* disclosure control of reads without a key; 0 off */
} th_options;

/* Starts a server on a new temporary database (fails the test on error). */
void th_start(const th_options *opt);
/* Stops it and removes the database. */
void th_stop(void);

/* Sends a request. key may be NULL (no Authorization). body may be NULL.
 * content_type NULL means application/json when there is a body.
 * extra_header, when not NULL, is one more "Name: value" line.
 * Returns a response to free with th_free(). */
th_resp th_request(const char *method, const char *path, const char *key, const char *body,
                   const char *content_type, const char *extra_header);
/* The same with two extra header lines (either may be NULL). */
th_resp th_request_headers(const char *method, const char *path, const char *key, const char *body,
                           const char *content_type, const char *header1, const char *header2);
void th_free(th_resp *r);

/* Shorthands. */
th_resp th_get(const char *path);
th_resp th_put(const char *path, const char *key, const char *body);
th_resp th_put_json(const char *path, const char *key, const json_t *body);

/* Asserts the response is problem+json with that status, and returns the
 * number of entries in its errors array (0 when none). */
size_t th_assert_problem(const th_resp *r, long status);

/* True when the problem's errors array has an entry with that pointer. */
bool th_has_error_pointer(const th_resp *r, const char *pointer);

/* Reads a file below the source root (SCRUTINY_SOURCE_ROOT) as JSON. */
json_t *th_load_source_json(const char *relpath);

/* Loads the demo dataset (data/demo) into the test server's database
 * through the same loader as `scrutiny demo load`. */
void th_load_demo(void);

/* The same from another folder laid out as data/demo (a manifest.json
 * naming its files), e.g. the definitions without the returns. */
void th_load_demo_dir(const char *path);

/* After th_load_demo: the instant at which the demo's 2019/20 Q3 pack
 * stood (the quarter's last revision before the restatement of its
 * referrals, 949 -> 946) and the restatement's own instant, as revisions
 * date them (32 bytes each). */
void th_demo_restatement_instants(char pack[32], char restated[32]);

/* Pushes the demo definitions (indicators + targets) and the 2020-21-Q1
 * return over HTTP, one PUT per figure, asserting each succeeds. */
void th_push_2020_21_q1(void);

/* ---- for the hostile-input tests (test_hostile.c) ---- */

#include <stddef.h>

#include "store.h"

/* The running test server's store (to revoke keys, read the tables) and
 * its port. */
sc_store *th_store(void);
int th_port(void);

/* Sends bytes exactly as given over a new TCP connection to the test
 * server (for what libcurl will not send: bad request lines, lowercase
 * methods, dot segments, conflicting Content-Length, raw non-UTF-8
 * bytes), reading the answer while sending so an early reply is kept.
 * Reads until the server closes, a complete Content-Length body has
 * arrived, or timeout_ms passes. status is 0 when no answer came; the
 * headers copied are Content-Type, Allow and WWW-Authenticate; json is
 * the parsed body when it is JSON. Free with th_free(). */
th_resp th_raw(const char *bytes, size_t len, int timeout_ms);

/* Every table of the test database as text, in a fixed order (tables by
 * name, rows by rowid or primary key): equal dumps mean equal data.
 * Caller frees. */
char *th_db_dump(void);

/* ---- organisations (test_orgs.c) ---- */

/* th_stop for a server whose database grew organisations: stops it,
 * removes the databases of the organisations codes (NULL-terminated) beside
 * the root, then does what th_stop does. */
void th_stop_orgs(const char *const *codes);

#endif
