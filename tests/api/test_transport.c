/* test_transport.c - what an outside attack review found in the HTTP layer
 * (issue 13): the render cache's memory and keys, request framing and
 * headers that could be read two ways, the absolute form of a target, and a
 * too-large body answered 413 to a client that writes before it reads. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "test_main.h"

static void setup(void)
{
    th_start(NULL);
    th_load_demo();
}

static void teardown(void)
{
    th_stop();
}

static double metric(const char *name)
{
    th_resp r = th_get("/metrics");
    ck_assert_int_eq(r.status, 200);
    char want[96];
    snprintf(want, sizeof want, "\n%s ", name);
    const char *p = strstr(r.body, want);
    ck_assert_msg(p, "no %s in /metrics", name);
    double v = strtod(p + strlen(want), NULL);
    th_free(&r);
    return v;
}

/* A long query string on a small answer: the key is what costs memory. */
static void get_revisions_with_code(int i, size_t code_len)
{
    char *path = malloc(code_len + 64);
    int n = snprintf(path, code_len + 64, "/api/v1/quarters/2020-21-Q1/revisions?code=%06d", i);
    memset(path + n, 'x', code_len - 6);
    path[n + code_len - 6] = '\0';
    th_resp r = th_get(path);
    ck_assert_int_eq(r.status, 200);
    th_free(&r);
    free(path);
}

START_TEST(cache_counts_keys)
{
    for (int i = 0; i < 300; i++)
        get_revisions_with_code(i, 900);
    double entries = metric("scrutiny_cache_entries");
    double bytes = metric("scrutiny_cache_bytes");
    ck_assert_msg(entries >= 300, "entries %.0f", entries);
    /* every key of about 920 bytes is counted, not only the tiny answers */
    ck_assert_msg(bytes >= entries * 900, "%.0f bytes for %.0f entries", bytes, entries);
    ck_assert_msg(bytes <= 8 << 20, "bytes %.0f over the bound", bytes);
}
END_TEST

START_TEST(cache_keeps_no_long_keys)
{
    double before = metric("scrutiny_cache_entries");
    for (int i = 0; i < 50; i++)
        get_revisions_with_code(i, 4000);
    ck_assert_double_eq(metric("scrutiny_cache_entries"), before);
}
END_TEST

START_TEST(cache_entries_bounded)
{
    for (int i = 0; i < 4200; i++)
        get_revisions_with_code(i, 8);
    double entries = metric("scrutiny_cache_entries");
    ck_assert_msg(entries <= 4096, "entries %.0f", entries);
    ck_assert_msg(metric("scrutiny_cache_bytes") <= 8 << 20, "over the byte bound");
}
END_TEST

/* ?code=a%26limit%3D5 is one argument, ?code=a&limit=5 two: never one key */
START_TEST(cache_key_unambiguous)
{
    th_resp one = th_get("/api/v1/quarters/2020-21-Q1/revisions?code=referrals%26limit%3D1");
    ck_assert_int_eq(one.status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(one.json, "items")), 0);
    th_free(&one);
    th_resp two = th_get("/api/v1/quarters/2020-21-Q1/revisions?code=referrals&limit=1");
    ck_assert_int_eq(two.status, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(two.json, "items")), 1);
    th_free(&two);
}
END_TEST

/* ---- raw requests ---- */

typedef struct {
    char *bytes; /* everything the server sent, NUL-terminated */
    size_t len;
    bool closed; /* the server closed the connection */
} raw_answer;

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)th_port())};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* Reads until the server closes or wait_ms of silence. */
static raw_answer read_all(int fd, int wait_ms)
{
    raw_answer a = {malloc(1), 0, false};
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, wait_ms) <= 0)
            break;
        char buf[8192];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            a.closed = true;
            break;
        }
        a.bytes = realloc(a.bytes, a.len + (size_t)n + 1);
        memcpy(a.bytes + a.len, buf, (size_t)n);
        a.len += (size_t)n;
    }
    a.bytes[a.len] = '\0';
    return a;
}

static raw_answer raw(const char *req, size_t len)
{
    int fd = connect_server();
    ck_assert_int_eq(send(fd, req, len, MSG_NOSIGNAL), (ssize_t)len);
    raw_answer a = read_all(fd, 3000);
    close(fd);
    return a;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* One response, that status, problem+json, and the connection closed. */
static void assert_refused(const raw_answer *a, const char *status_line, const char *detail)
{
    ck_assert_msg(strncmp(a->bytes, status_line, strlen(status_line)) == 0, "answer: %.300s",
                  a->bytes);
    ck_assert_int_eq(count(a->bytes, "HTTP/1.1 "), 1);
    ck_assert_msg(strstr(a->bytes, "\r\nContent-Type: application/problem+json\r\n"), "%s",
                  a->bytes);
    ck_assert_msg(strstr(a->bytes, "\r\nConnection: close\r\n"), "%s", a->bytes);
    ck_assert_msg(strstr(a->bytes, detail), "detail lacks \"%s\": %s", detail, a->bytes);
    ck_assert_msg(a->closed, "the connection was kept open");
}

#define RAW(s) raw(s, sizeof s - 1)
#define DEMAND_PUT "PUT /api/v1/quarters/2020-21-Q1/demand/contacts HTTP/1.1\r\nHost: x\r\n"

static const struct {
    const char *name, *request, *status, *detail;
} refused[] = {
    {"Content-Length and Transfer-Encoding",
     DEMAND_PUT "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nContent-Type: "
                "application/json\r\n\r\n0\r\n\r\n",
     "HTTP/1.1 400 ", "Transfer-Encoding and Content-Length"},
    {"space before the colon of Transfer-Encoding",
     DEMAND_PUT "Transfer-Encoding : chunked\r\nContent-Type: application/json\r\n\r\n"
                "0\r\n\r\n",
     "HTTP/1.1 400 ", "whitespace"},
    {"space before the colon of Authorization",
     "GET /healthz HTTP/1.1\r\nHost: x\r\nAuthorization : Bearer x\r\n\r\n", "HTTP/1.1 400 ",
     "whitespace"},
    {"obs-fold", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n\r\n", "HTTP/1.1 400 ",
     "obs-fold"},
    {"obs-fold with a tab, bare LF", "GET /healthz HTTP/1.1\nHost: x\nX-Note: one\n\ttwo\n\n",
     "HTTP/1.1 400 ", "obs-fold"},
    {"unknown transfer coding",
     DEMAND_PUT "Transfer-Encoding: gzip\r\nContent-Type: application/json\r\n\r\nxx",
     "HTTP/1.1 501 ", "chunked"},
    {"two transfer codings",
     DEMAND_PUT "Transfer-Encoding: gzip, chunked\r\nContent-Type: application/json\r\n\r\n"
                "0\r\n\r\n",
     "HTTP/1.1 501 ", "chunked"},
};

START_TEST(framing_refused)
{
    char *before = th_db_dump();
    raw_answer a = raw(refused[_i].request, strlen(refused[_i].request));
    char *after = th_db_dump();
    int same = strcmp(before, after) == 0;
    free(before);
    free(after);
    ck_assert_msg(same, "[%s] the database changed", refused[_i].name);
    assert_refused(&a, refused[_i].status, refused[_i].detail);
    free(a.bytes);
}
END_TEST

/* "Bearer <key>\0junk" must not authenticate as <key> */
START_TEST(nul_in_authorization)
{
    char req[256];
    int n = snprintf(req, sizeof req, DEMAND_PUT "Authorization: Bearer %s", th_writer_key);
    const char tail[] = "\0junk\r\nContent-Type: application/json\r\nContent-Length: "
                        "12\r\n\r\n{\"value\": 1}";
    memcpy(req + n, tail, sizeof tail - 1);
    char *before = th_db_dump();
    raw_answer a = raw(req, (size_t)n + sizeof tail - 1);
    char *after = th_db_dump();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    assert_refused(&a, "HTTP/1.1 400 ", "NUL");
    free(a.bytes);
}
END_TEST

/* folding and bare LF that are sound still pass */
START_TEST(sound_heads_pass)
{
    raw_answer a = RAW("GET /healthz HTTP/1.1\nHost: x\nX-Empty:\nX-Note: a  \n"
                       "Connection: close\n\n");
    ck_assert_msg(strncmp(a.bytes, "HTTP/1.1 200 ", 13) == 0, "%s", a.bytes);
    free(a.bytes);
    a = RAW("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nConnection: close\r\n\r\n");
    ck_assert_msg(strncmp(a.bytes, "HTTP/1.1 200 ", 13) == 0, "%s", a.bytes);
    free(a.bytes);
}
END_TEST

/* RFC 9112 section 3.2.2: the absolute form is accepted */
START_TEST(absolute_form)
{
    raw_answer a = RAW("GET http://127.0.0.1/api/v1/quarters/2020-21-Q1/summary HTTP/1.1\r\n"
                       "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
    th_resp r = th_get("/api/v1/quarters/2020-21-Q1/summary");
    ck_assert_msg(strncmp(a.bytes, "HTTP/1.1 200 ", 13) == 0, "%.200s", a.bytes);
    const char *body = strstr(a.bytes, "\r\n\r\n");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body + 4, r.body);
    th_free(&r);
    free(a.bytes);
}
END_TEST

/* An unknown transfer coding is answered at once, not after a timeout. */
START_TEST(unknown_coding_answered_at_once)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    raw_answer a = RAW(DEMAND_PUT "Transfer-Encoding: compress\r\n\r\n");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_msg(strncmp(a.bytes, "HTTP/1.1 501 ", 13) == 0, "%.200s", a.bytes);
    ck_assert_msg(t1.tv_sec - t0.tv_sec < 3, "took %ld s", (long)(t1.tv_sec - t0.tv_sec));
    free(a.bytes);
}
END_TEST

/* A client that writes its whole 8 MB body before reading (as Python's
 * http.client does) must be able to write it and then read the 413. */
START_TEST(too_large_written_before_read)
{
    size_t len = (size_t)8 << 20;
    char head[256];
    int hn = snprintf(head, sizeof head,
                      DEMAND_PUT "Authorization: Bearer %s\r\nContent-Type: "
                                 "application/json\r\nContent-Length: %zu\r\n\r\n",
                      th_writer_key, len);
    int fd = connect_server();
    ck_assert_int_eq(send(fd, head, (size_t)hn, MSG_NOSIGNAL), hn);
    char *body = malloc(len);
    memset(body, ' ', len);
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, body + sent, len - sent, MSG_NOSIGNAL);
        ck_assert_msg(n > 0, "the body could not be written: %zu of %zu bytes sent", sent, len);
        sent += (size_t)n;
    }
    free(body);
    raw_answer a = read_all(fd, 5000);
    close(fd);
    ck_assert_msg(strncmp(a.bytes, "HTTP/1.1 413 ", 13) == 0, "%.200s", a.bytes);
    ck_assert_msg(strstr(a.bytes, "application/problem+json"), "%s", a.bytes);
    free(a.bytes);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("transport");
    TCase *tc = tcase_create("transport");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cache_counts_keys);
    tcase_add_test(tc, cache_keeps_no_long_keys);
    tcase_add_test(tc, cache_entries_bounded);
    tcase_add_test(tc, cache_key_unambiguous);
    tcase_add_loop_test(tc, framing_refused, 0, (int)(sizeof refused / sizeof refused[0]));
    tcase_add_test(tc, nul_in_authorization);
    tcase_add_test(tc, sound_heads_pass);
    tcase_add_test(tc, absolute_form);
    tcase_add_test(tc, unknown_coding_answered_at_once);
    tcase_add_test(tc, too_large_written_before_read);
    suite_add_tcase(s, tc);
    return s;
}

TH_MAIN(suite)
