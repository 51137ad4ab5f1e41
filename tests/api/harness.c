/* harness.c - in-process server and libcurl client for the API tests. */
#include "harness.h"

#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "demo.h"
#include "http.h"
#include "keys.h"
#include "sqlite.h"
#include "store.h"
#include "testdb.h"

char th_admin_key[64];
char th_writer_key[64];
char th_reader_key[64];

static sc_store *store;
static sc_server *server;
static char dir[64];
static char base[64];
static char target[256]; /* the store: a SQLite file or a PostgreSQL URI */

static void make_key(sc_db *db, const char *name, sc_role role, char *out)
{
    sc_errors errs = SC_ERRORS_INIT;
    char key[SC_KEY_STRLEN];
    ck_assert_int_eq(sc_keys_create(db, name, role, key, &errs), SC_OK);
    snprintf(out, 64, "%s", key);
    sc_errors_clear(&errs);
}

void th_start(const th_options *opt)
{
    snprintf(dir, sizeof dir, "/tmp/scrutiny-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/test.db", dir);
    ck_assert(testdb_create(path, target, sizeof target));
    sc_errors errs = SC_ERRORS_INIT;
    ck_assert_msg(sc_store_open(target, 4, &store, &errs) == SC_OK, "open %s: %s", target,
                  errs.message ? errs.message : "?");
    sc_db *db = sc_store_acquire(store);
    make_key(db, "test-admin", SC_ROLE_ADMIN, th_admin_key);
    make_key(db, "test-writer", SC_ROLE_WRITER, th_writer_key);
    make_key(db, "test-reader", SC_ROLE_READER, th_reader_key);
    sc_store_release(store, db);
    sc_server_config cfg = {.host = "127.0.0.1",
                            .port = 0,
                            .threads = 2,
                            .private_read = opt && opt->private_read,
                            .suppress_below = opt ? opt->suppress_below : 0,
                            .max_body = opt && opt->max_body ? opt->max_body : 0,
                            .access_log = NULL,
                            .cors_origins = opt ? opt->cors_origins : NULL,
                            .cors_count = opt ? opt->cors_count : 0};
    char err[256];
    server = sc_server_start(&cfg, store, err, sizeof err);
    ck_assert_msg(server != NULL, "server did not start: %s", err);
    snprintf(base, sizeof base, "http://127.0.0.1:%d", sc_server_port(server));
}

void th_stop(void)
{
    sc_server_stop(server, 5000);
    server = NULL;
    sc_store_close(store);
    store = NULL;
    testdb_drop(target);
    char path[160];
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/test.db%s", dir, suffixes[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void log_exchange(const char *method, const char *path, const th_resp *r);

static size_t on_body(char *data, size_t size, size_t n, void *cls)
{
    th_resp *r = cls;
    size_t add = size * n;
    char *b = realloc(r->body, r->len + add + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, data, add);
    r->len += add;
    b[r->len] = '\0';
    r->body = b;
    return add;
}

static void copy_header(const char *line, size_t len, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
        return;
    const char *v = line + nl + 1;
    while (*v == ' ')
        v++;
    size_t vl = len - (size_t)(v - line);
    while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
        vl--;
    if (vl >= n)
        vl = n - 1;
    memcpy(out, v, vl);
    out[vl] = '\0';
}

static size_t on_header(char *line, size_t size, size_t n, void *cls)
{
    th_resp *r = cls;
    size_t len = size * n;
    copy_header(line, len, "Content-Type", r->content_type, sizeof r->content_type);
    copy_header(line, len, "ETag", r->etag, sizeof r->etag);
    copy_header(line, len, "Location", r->location, sizeof r->location);
    copy_header(line, len, "Allow", r->allow, sizeof r->allow);
    copy_header(line, len, "Cache-Control", r->cache_control, sizeof r->cache_control);
    copy_header(line, len, "WWW-Authenticate", r->www_authenticate, sizeof r->www_authenticate);
    copy_header(line, len, "Content-Disposition", r->content_disposition,
                sizeof r->content_disposition);
    copy_header(line, len, "Access-Control-Allow-Origin", r->acao, sizeof r->acao);
    copy_header(line, len, "Access-Control-Allow-Methods", r->acam, sizeof r->acam);
    copy_header(line, len, "Access-Control-Allow-Headers", r->acah, sizeof r->acah);
    copy_header(line, len, "Vary", r->vary, sizeof r->vary);
    copy_header(line, len, "Content-Encoding", r->content_encoding, sizeof r->content_encoding);
    return len;
}

/* Replaces a gzip body by what it decodes to (failing the test when it is
 * not valid gzip), as an HTTP client that asked for gzip does. */
static void gunzip_body(th_resp *r)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
    size_t cap = r->len * 4 + 1024, n = 0;
    char *out = malloc(cap);
    ck_assert_ptr_nonnull(out);
    z.next_in = (Bytef *)r->body;
    z.avail_in = (uInt)r->len;
    int rc;
    do {
        if (cap - n < 1024) {
            cap *= 2;
            out = realloc(out, cap);
            ck_assert_ptr_nonnull(out);
        }
        z.next_out = (Bytef *)out + n;
        z.avail_out = (uInt)(cap - n - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        n = z.total_out;
    } while (rc == Z_OK);
    ck_assert_msg(rc == Z_STREAM_END && z.avail_in == 0, "the gzip body does not decode");
    inflateEnd(&z);
    out[n] = '\0';
    free(r->body);
    r->body = out;
    r->len = n;
}

th_resp th_request(const char *method, const char *path, const char *key, const char *body,
                   const char *content_type, const char *extra_header)
{
    return th_request_headers(method, path, key, body, content_type, extra_header, NULL);
}

th_resp th_request_headers(const char *method, const char *path, const char *key, const char *body,
                           const char *content_type, const char *extra_header, const char *header2)
{
    th_resp r;
    memset(&r, 0, sizeof r);
    r.body = calloc(1, 1);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    char url[2048];
    snprintf(url, sizeof url, "%s%s", base, path);
    struct curl_slist *h = NULL;
    char auth[128];
    if (key) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
        h = curl_slist_append(h, auth);
    }
    if (body) {
        char ct[160];
        snprintf(ct, sizeof ct, "Content-Type: %s",
                 content_type ? content_type : "application/json");
        h = curl_slist_append(h, ct);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    h = curl_slist_append(h, "Expect:");
    if (extra_header)
        h = curl_slist_append(h, extra_header);
    if (header2)
        h = curl_slist_append(h, header2);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(c);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    r.wire_len = r.len;
    if (strcmp(r.content_encoding, "gzip") == 0 && r.len)
        gunzip_body(&r);
    if (r.len)
        r.json = json_loadb(r.body, r.len, 0, NULL);
    log_exchange(method, path, &r);
    return r;
}

/* RFC 4648 base64 of n bytes (malloc'd), or NULL on out of memory. */
static char *base64(const char *in, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((n + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)in[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)in[i + 2];
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? abc[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* With SCRUTINY_RESPONSE_LOG set, every exchange is appended to that file
 * as one JSON line { method, path, status, headers, body } so that
 * api-spec/tools/validate-responses.mjs can check each response against
 * the OpenAPI description: the spec and the server cannot drift apart. */
static void log_exchange(const char *method, const char *path, const th_resp *r)
{
    const char *file = getenv("SCRUTINY_RESPONSE_LOG");
    if (!file || !*file)
        return;
    json_t *headers = json_object();
    const char *names[] = {"content-type",
                           "etag",
                           "location",
                           "allow",
                           "cache-control",
                           "www-authenticate",
                           "content-disposition",
                           "access-control-allow-origin"};
    const char *values[] = {r->content_type,
                            r->etag,
                            r->location,
                            r->allow,
                            r->cache_control,
                            r->www_authenticate,
                            r->content_disposition,
                            r->acao};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (values[i][0])
            json_object_set_new(headers, names[i], json_string(values[i]));
    json_t *line = json_pack("{s:s, s:s, s:i, s:o}", "method", method, "path", path, "status",
                             (int)r->status, "headers", headers);
    /* a binary body (an XLSX workbook) is not a JSON string: it is logged
     * as base64, marked so */
    bool binary = strncmp(r->content_type, "application/vnd.openxmlformats", 31) == 0;
    json_t *text_body = binary ? NULL : json_stringn(r->body, r->len);
    if (text_body) {
        json_object_set_new(line, "body", text_body);
    } else {
        char *b64 = base64(r->body, r->len);
        json_object_set_new(line, "body", json_string(b64 ? b64 : ""));
        json_object_set_new(line, "body_base64", json_true());
        free(b64);
    }
    char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;
    /* one write() on an O_APPEND descriptor: lines from threads never mix */
    int fd = text ? open(file, O_WRONLY | O_APPEND | O_CREAT, 0644) : -1;
    if (fd >= 0) {
        size_t n = strlen(text);
        text[n] = '\n';
        ssize_t w = write(fd, text, n + 1);
        (void)w;
        text[n] = '\0';
        close(fd);
    }
    free(text);
    json_decref(line);
}

void th_free(th_resp *r)
{
    free(r->body);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

th_resp th_get(const char *path)
{
    return th_request("GET", path, NULL, NULL, NULL, NULL);
}

th_resp th_put(const char *path, const char *key, const char *body)
{
    return th_request("PUT", path, key, body, NULL, NULL);
}

th_resp th_put_json(const char *path, const char *key, const json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    th_resp r = th_put(path, key, s);
    free(s);
    return r;
}

size_t th_assert_problem(const th_resp *r, long status)
{
    ck_assert_msg(r->status == status, "expected %ld, got %ld: %s", status, r->status, r->body);
    ck_assert_str_eq(r->content_type, "application/problem+json");
    ck_assert_ptr_nonnull(r->json);
    ck_assert_int_eq(json_integer_value(json_object_get(r->json, "status")), status);
    ck_assert_ptr_nonnull(json_string_value(json_object_get(r->json, "type")));
    ck_assert_ptr_nonnull(json_string_value(json_object_get(r->json, "title")));
    ck_assert_ptr_nonnull(json_string_value(json_object_get(r->json, "detail")));
    return json_array_size(json_object_get(r->json, "errors"));
}

bool th_has_error_pointer(const th_resp *r, const char *pointer)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r->json, "errors"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "pointer")), pointer) == 0)
            return true;
    }
    return false;
}

json_t *th_load_source_json(const char *relpath)
{
    const char *root = getenv("SCRUTINY_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", relpath);
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err);
    ck_assert_msg(doc != NULL, "%s: %s", path, err.text);
    return doc;
}

void th_load_demo(void)
{
    const char *root = getenv("SCRUTINY_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/demo", root ? root : ".");
    th_load_demo_dir(path);
}

void th_load_demo_dir(const char *path)
{
    sc_errors errs = SC_ERRORS_INIT;
    bool already;
    sc_db *db = sc_store_acquire(store);
    sc_rc rc = sc_demo_load(db, path, &already, &errs);
    sc_store_release(store, db);
    ck_assert_msg(rc == SC_OK, "demo load: %s %s", sc_rc_name(rc),
                  errs.message ? errs.message : "");
    sc_errors_clear(&errs);
}

void th_demo_restatement_instants(char pack[32], char restated[32])
{
    th_resp r = th_get("/api/v1/quarters/2019-20-Q3/revisions?kind=demand&code=referrals&limit=1");
    json_t *it = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_msg(it && json_is_object(json_object_get(it, "old")), "no restatement: %s", r.body);
    json_int_t id = json_integer_value(json_object_get(it, "id"));
    snprintf(restated, 32, "%s", json_string_value(json_object_get(it, "at")));
    th_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/quarters/2019-20-Q3/revisions?before=%lld&limit=1",
             (long long)id);
    r = th_get(path);
    it = json_array_get(json_object_get(r.json, "items"), 0);
    ck_assert_ptr_nonnull(it);
    snprintf(pack, 32, "%s", json_string_value(json_object_get(it, "at")));
    th_free(&r);
    ck_assert_msg(strcmp(pack, restated) < 0, "%s is not before %s", pack, restated);
}

void th_push_2020_21_q1(void)
{
    json_t *defs = th_load_source_json("data/demo/definitions-2020-21.json");
    json_t *ret = th_load_source_json("data/demo/return-2020-21-Q1.json");
    size_t i, j;
    json_t *ind, *t;
    char path[256];
    json_array_foreach(json_object_get(defs, "indicators"), i, ind)
    {
        const char *code = json_string_value(json_object_get(ind, "code"));
        json_t *def = json_deep_copy(ind);
        json_object_del(def, "targets");
        snprintf(path, sizeof path, "/api/v1/indicators/%s", code);
        th_resp r = th_put_json(path, th_admin_key, def);
        ck_assert_msg(r.status == 201, "PUT %s: %ld %s", path, r.status, r.body);
        th_free(&r);
        json_decref(def);
        json_array_foreach(json_object_get(ind, "targets"), j, t)
        {
            json_t *body = json_deep_copy(t);
            const char *from = json_string_value(json_object_get(t, "from_quarter"));
            snprintf(path, sizeof path, "/api/v1/indicators/%s/targets/%s", code, from);
            r = th_put_json(path, th_admin_key, body);
            ck_assert_msg(r.status == 201, "PUT %s: %ld %s", path, r.status, r.body);
            th_free(&r);
            json_decref(body);
        }
    }
    json_array_foreach(json_object_get(ret, "indicators"), i, ind)
    {
        const char *code = json_string_value(json_object_get(ind, "code"));
        snprintf(path, sizeof path, "/api/v1/quarters/2020-21-Q1/indicators/%s", code);
        th_resp r = th_put_json(path, th_writer_key, ind);
        ck_assert_msg(r.status == 201, "PUT %s: %ld %s", path, r.status, r.body);
        th_free(&r);
    }
    json_decref(defs);
    json_decref(ret);
}

/* ---- for the hostile-input tests ---- */

sc_store *th_store(void)
{
    return store;
}

int th_port(void)
{
    return server ? sc_server_port(server) : 0;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Parses what th_raw received into r (status 0 when it is not HTTP). */
static void parse_raw(th_resp *r)
{
    const char *b = r->body;
    if (r->len < 12 || strncmp(b, "HTTP/1.", 7) != 0)
        return;
    r->status = strtol(b + 9, NULL, 10);
    const char *end = strstr(b, "\r\n\r\n");
    if (!end)
        return;
    for (const char *line = strstr(b, "\r\n") + 2; line < end;) {
        const char *eol = strstr(line, "\r\n");
        size_t n = (size_t)(eol - line);
        copy_header(line, n, "Content-Type", r->content_type, sizeof r->content_type);
        copy_header(line, n, "Allow", r->allow, sizeof r->allow);
        copy_header(line, n, "WWW-Authenticate", r->www_authenticate, sizeof r->www_authenticate);
        line = eol + 2;
    }
    size_t head = (size_t)(end + 4 - b);
    memmove(r->body, r->body + head, r->len - head + 1);
    r->len -= head;
    if (r->len)
        r->json = json_loadb(r->body, r->len, 0, NULL);
}

/* True once the reply in buf (len bytes) is complete by its Content-Length. */
static bool raw_complete(const char *buf, size_t len)
{
    const char *end = strstr(buf, "\r\n\r\n");
    if (!end)
        return false;
    const char *cl = NULL;
    for (const char *p = buf; p && p < end; p = strstr(p, "\r\n")) {
        p += 2;
        if (strncasecmp(p, "Content-Length:", 15) == 0) {
            cl = p + 15;
            break;
        }
    }
    return cl && len - (size_t)(end + 4 - buf) >= strtoul(cl, NULL, 10);
}

th_resp th_raw(const char *bytes, size_t len, int timeout_ms)
{
    th_resp r;
    memset(&r, 0, sizeof r);
    size_t cap = 65536;
    r.body = calloc(1, cap + 1);
    ck_assert_ptr_nonnull(r.body);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)th_port())};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_msg(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "connect: %s",
                  strerror(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    size_t sent = 0;
    bool sending = len > 0, done = false;
    long deadline = now_ms() + timeout_ms;
    while (!done) {
        long left = deadline - now_ms();
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = (short)(POLLIN | (sending ? POLLOUT : 0))};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        if (p.revents & POLLIN || p.revents & (POLLHUP | POLLERR)) {
            if (r.len == cap) {
                char *nb = realloc(r.body, 2 * cap + 1);
                ck_assert_ptr_nonnull(nb);
                r.body = nb;
                cap *= 2;
            }
            ssize_t n = recv(fd, r.body + r.len, cap - r.len, 0);
            if (n > 0) {
                r.len += (size_t)n;
                r.body[r.len] = '\0';
                done = raw_complete(r.body, r.len);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                done = true; /* closed (or reset) */
            }
        }
        if (!done && sending && p.revents & POLLOUT) {
            size_t chunk = len - sent < 65536 ? len - sent : 65536;
            ssize_t n = send(fd, bytes + sent, chunk, MSG_NOSIGNAL);
            if (n > 0) {
                sent += (size_t)n;
                sending = sent < len;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                sending = false; /* the server stopped reading: keep its answer */
            }
        }
    }
    close(fd);
    parse_raw(&r);
    return r;
}

static void dump_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        *buf = realloc(*buf, *cap);
        ck_assert_ptr_nonnull(*buf);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

char *th_db_dump(void)
{
    if (testdb_pg())
        return testdb_dump(target);
    sc_db *db = sc_store_acquire(store);
    sqlite3 *h = sc_db_handle(db);
    char *out = NULL;
    size_t len = 0, cap = 0;
    dump_append(&out, &len, &cap, "", 0);
    sqlite3_stmt *tables;
    ck_assert_int_eq(sqlite3_prepare_v2(h,
                                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", t);
        sqlite3_stmt *probe;
        ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &probe, NULL), SQLITE_OK);
        int cols = sqlite3_column_count(probe);
        sqlite3_finalize(probe);
        /* ordered by every column: a fixed order whatever the table's key */
        size_t used = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY ", t);
        for (int c = 1; c <= cols && used < sizeof sql; c++)
            used += (size_t)snprintf(sql + used, sizeof sql - used, "%s%d", c > 1 ? ", " : "", c);
        sqlite3_stmt *rows;
        ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
        dump_append(&out, &len, &cap, "== ", 3);
        dump_append(&out, &len, &cap, t, strlen(t));
        dump_append(&out, &len, &cap, "\n", 1);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < cols; c++) {
                if (c)
                    dump_append(&out, &len, &cap, "|", 1);
                if (sqlite3_column_type(rows, c) == SQLITE_BLOB) {
                    const unsigned char *blob = sqlite3_column_blob(rows, c);
                    int n = sqlite3_column_bytes(rows, c);
                    for (int i = 0; i < n; i++) {
                        char hex[3];
                        snprintf(hex, sizeof hex, "%02x", blob[i]);
                        dump_append(&out, &len, &cap, hex, 2);
                    }
                } else if (sqlite3_column_type(rows, c) == SQLITE_NULL) {
                    dump_append(&out, &len, &cap, "NULL", 4);
                } else {
                    const char *v = (const char *)sqlite3_column_text(rows, c);
                    dump_append(&out, &len, &cap, v, strlen(v));
                }
            }
            dump_append(&out, &len, &cap, "\n", 1);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sc_store_release(store, db);
    return out;
}

/* ---- organisations (test_orgs.c) ---- */

void th_stop_orgs(const char *const *codes)
{
    /* the server closes the organisations' stores as it stops; their
     * files (lib/store/org.h: <root>.orgs/<code>.db) go before th_stop
     * removes the root's folder */
    sc_server_stop(server, 5000);
    server = NULL;
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (const char *const *c = codes; c && *c; c++) {
        for (int i = 0; i < 3; i++) {
            char path[512];
            snprintf(path, sizeof path, "%s/test.db.orgs/%s.db%s", dir, *c, suffixes[i]);
            unlink(path);
        }
    }
    char orgs[160];
    snprintf(orgs, sizeof orgs, "%s/test.db.orgs", dir);
    rmdir(orgs);
    th_stop();
}
