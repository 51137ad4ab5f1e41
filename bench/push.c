/* push.c - latency of the quarterly return push, for bench/run.sh.
 *
 *   push URL KEY FILE_A FILE_B COUNT [WARMUP] [SAMPLES_OUT]
 *
 * PUTs FILE_A, FILE_B, FILE_A, ... to URL (one keep-alive connection,
 * sequential, Authorization: Bearer KEY), WARMUP pushes first that are not
 * counted, then COUNT timed pushes. The two files differ (run.sh changes one
 * indicator's commentary), so every push really writes: each answer must be
 * 200 with "stored": true and "updated" >= 1, or the run fails. The time of a
 * push is from the start of the request to the end of the answer
 * (CLOCK_MONOTONIC around curl_easy_perform).
 *
 * Prints one line of key=value pairs (milliseconds):
 *   pushes=N median_ms=.. p99_ms=.. min_ms=.. mean_ms=.. max_ms=.. bytes=..
 * p99 is the nearest-rank percentile (the ceil(0.99 N)-th smallest);
 * the median is the middle sample (mean of the two middle ones for even N).
 * SAMPLES_OUT, when given, gets every timed sample, one per line, in order.
 *
 * Build: cc -O2 -o push push.c $(pkg-config --cflags --libs libcurl jansson) */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} buf;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    buf *b = ud;
    size_t add = size * n;
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->len + add + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return 0;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (on_data(tmp, 1, n, &b) != n) {
            fclose(f);
            free(b.data);
            return NULL;
        }
    fclose(f);
    *len = b.len;
    return b.data;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One push; returns its duration in ms, or a negative number on failure. */
static double push_once(CURL *h, const char *body, size_t len, buf *resp, int i)
{
    resp->len = 0;
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    double t0 = now_ms();
    CURLcode rc = curl_easy_perform(h);
    double t = now_ms() - t0;
    if (rc != CURLE_OK) {
        fprintf(stderr, "push: request %d failed: %s\n", i, curl_easy_strerror(rc));
        return -1;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    json_error_t jerr;
    json_t *doc = json_loadb(resp->data ? resp->data : "", resp->len, 0, &jerr);
    json_t *stored = json_object_get(doc, "stored");
    json_int_t updated = json_integer_value(json_object_get(doc, "updated"));
    bool ok = status == 200 && json_is_true(stored) && updated >= 1;
    if (!ok)
        fprintf(stderr, "push: request %d: HTTP %ld, stored=%s, updated=%lld: %.400s\n", i, status,
                json_is_true(stored) ? "true" : "false", (long long)updated,
                resp->data ? resp->data : "");
    json_decref(doc);
    return ok ? t : -1;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: push URL KEY FILE_A FILE_B COUNT [WARMUP] [SAMPLES_OUT]\n");
        return 2;
    }
    const char *url = argv[1];
    int count = atoi(argv[5]);
    int warmup = argc > 6 ? atoi(argv[6]) : 0;
    const char *samples_out = argc > 7 ? argv[7] : NULL;
    if (count < 1 || warmup < 0) {
        fprintf(stderr, "push: COUNT must be >= 1 and WARMUP >= 0\n");
        return 2;
    }
    size_t len[2];
    char *body[2] = {slurp(argv[3], &len[0]), slurp(argv[4], &len[1])};
    if (!body[0] || !body[1])
        return 1;
    if (len[0] == len[1] && memcmp(body[0], body[1], len[0]) == 0) {
        fprintf(stderr, "push: FILE_A and FILE_B are the same: pushes would not write\n");
        return 2;
    }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    char auth[512];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", argv[2]);
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip */
    buf resp = {0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");

    double *t = calloc((size_t)count, sizeof *t);
    int rc = 0;
    for (int i = 0; i < warmup + count && t; i++) {
        int v = i % 2;
        double ms = push_once(h, body[v], len[v], &resp, i);
        if (ms < 0) {
            rc = 1;
            break;
        }
        if (i >= warmup)
            t[i - warmup] = ms;
    }
    if (rc == 0 && t) {
        if (samples_out) {
            FILE *f = fopen(samples_out, "w");
            for (int i = 0; f && i < count; i++)
                fprintf(f, "%.3f\n", t[i]);
            if (f)
                fclose(f);
        }
        double sum = 0;
        for (int i = 0; i < count; i++)
            sum += t[i];
        qsort(t, (size_t)count, sizeof *t, cmp_double);
        double median = count % 2 ? t[count / 2] : (t[count / 2 - 1] + t[count / 2]) / 2;
        int r99 = (int)ceil(0.99 * count); /* nearest rank, 1-based */
        printf("pushes=%d median_ms=%.3f p99_ms=%.3f min_ms=%.3f mean_ms=%.3f max_ms=%.3f "
               "bytes=%zu\n",
               count, median, t[r99 - 1], t[0], sum / count, t[count - 1], len[0]);
    }
    free(t);
    free(resp.data);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    free(body[0]);
    free(body[1]);
    return rc;
}
