/* common.c - see common.h. */
#include "common.h"

#include "testdb.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static st_server *current;

void st_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stress: FAIL: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (current && current->pid > 0) {
        fprintf(stderr, "stress: the server's log is %s (folder kept)\n", current->log);
        kill(current->pid, SIGKILL);
        waitpid(current->pid, NULL, 0);
    }
    exit(1);
}

void st_shared_indicator_body(char *body, size_t n, int i)
{
    snprintf(body, n,
             "{\"name\": \"Shared %d\", \"category\": \"strategic_partnership\", "
             "\"service_area\": \"child-protection\", \"polarity\": \"higher_is_better\", "
             "\"unit\": \"count\", \"decimals\": 0}",
             i);
}

void st_return_body(char *body, size_t n, long s1, long s2, long s3, long rest)
{
    snprintf(
        body, n,
        "{\"indicators\": [{\"code\": \"S1\", \"availability\": \"reported\", \"value\": %ld}, "
        "{\"code\": \"S2\", \"availability\": \"reported\", \"value\": %ld}, "
        "{\"code\": \"S3\", \"availability\": \"reported\", \"value\": %ld}], "
        "\"demand\": [{\"code\": \"contacts\", \"value\": %ld}], "
        "\"finance\": {\"units\": \"gbp\", \"lines\": [{\"code\": \"l\", \"name\": \"Line\", "
        "\"budget\": {\"gross\": %ld, \"income\": 0, \"net\": %ld}, "
        "\"outturn\": {\"gross\": 0, \"income\": 0, \"net\": 0}}]}}",
        s1, s2, s3, rest, rest, rest);
}

double st_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void st_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

long st_raise_nofile(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    rlim_t target = (rlim_t)want;
    if (rl.rlim_max != RLIM_INFINITY && target > rl.rlim_max)
        target = rl.rlim_max;
    if (rl.rlim_cur < target) {
        rl.rlim_cur = target;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return (long)rl.rlim_cur;
}

/* Runs exe with args, returns the last line of its stdout (the new key). */
static void make_key(st_server *s, const char *role, const char *name, char out[64])
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' keys create --db '%s' --role %s --name %s 2>>'%s'", s->exe,
             s->db, role, name, s->log);
    FILE *p = popen(cmd, "r");
    ST_CHECK(p, "cannot run %s", cmd);
    char line[256] = "", last[256] = "";
    while (fgets(line, sizeof line, p))
        if (line[0] && line[0] != '\n')
            snprintf(last, sizeof last, "%s", line);
    int rc = pclose(p);
    last[strcspn(last, "\r\n")] = '\0';
    ST_CHECK(rc == 0 && strncmp(last, "sk_", 3) == 0, "keys create %s: exit %d, \"%s\"", role, rc,
             last);
    size_t n = strlen(last) < 63 ? strlen(last) : 63;
    memcpy(out, last, n);
    out[n] = '\0';
}

void st_init(st_server *s, const char *exe)
{
    memset(s, 0, sizeof *s);
    s->exe = exe;
    current = s;
    snprintf(s->dir, sizeof s->dir, "/tmp/scrutiny-stress-XXXXXX");
    ST_CHECK(mkdtemp(s->dir), "mkdtemp: %s", strerror(errno));
    char path[192];
    snprintf(path, sizeof path, "%s/stress.db", s->dir);
    /* a SQLite file, or with SCRUTINY_TEST_PG a fresh PostgreSQL database */
    ST_CHECK(testdb_create(path, s->db, sizeof s->db), "cannot make the test database");
    snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
    ST_CHECK(access(exe, X_OK) == 0, "%s is not an executable (build first)", exe);
    make_key(s, "admin", "stress-admin", s->admin);
    make_key(s, "writer", "stress-writer", s->writer);
}

/* The port from "scrutiny: serving DB on http://127.0.0.1:PORT/ ..." */
static int port_in_log(const char *log, long from)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return 0;
    fseek(f, from, SEEK_SET);
    char line[1024];
    int port = 0;
    while (!port && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "serving ");
        const char *h = p ? strstr(p, "http://127.0.0.1:") : NULL;
        if (h)
            port = atoi(h + strlen("http://127.0.0.1:"));
    }
    fclose(f);
    return port;
}

void st_start(st_server *s, const char *const *extra)
{
    ST_CHECK(s->pid == 0, "server already running");
    /* where this start's lines begin in the log */
    FILE *f = fopen(s->log, "a");
    ST_CHECK(f, "cannot open %s", s->log);
    long from = ftell(f);
    fclose(f);
    const char *argv[32] = {s->exe,      "serve",  "--db", s->db,    "--host",
                            "127.0.0.1", "--port", "0",    "--quiet"};
    int argc = 9;
    for (int i = 0; extra && extra[i] && argc < 31; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    pid_t pid = fork();
    ST_CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int fd = open(s->log, O_WRONLY | O_APPEND | O_CREAT, 0644);
        int null = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(null, 1);
            dup2(null, 0);
        }
        execv(s->exe, (char *const *)argv);
        _exit(127);
    }
    s->pid = pid;
    s->port = 0;
    for (int waited = 0; waited < 20000 && !s->port; waited += 10) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            s->pid = 0;
            st_fail("the server exited at start (status %d); see %s", status, s->log);
        }
        s->port = port_in_log(s->log, from);
        if (!s->port)
            st_sleep_ms(10);
    }
    ST_CHECK(s->port, "the server did not start listening in 20 s; see %s", s->log);
}

void st_kill(st_server *s, int sig)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, sig);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

void st_stop(st_server *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    int status = 0;
    pid_t got = 0;
    for (int waited = 0; waited < 20000 && got == 0; waited += 20) {
        got = waitpid(s->pid, &status, WNOHANG);
        if (got == 0)
            st_sleep_ms(20);
    }
    if (got == 0)
        st_fail("the server did not stop within 20 s of SIGTERM; see %s", s->log);
    s->pid = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        st_fail("the server did not stop cleanly on SIGTERM (%s %d); see %s",
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), s->log);
}

void st_cleanup(st_server *s)
{
    st_kill(s, SIGKILL);
    testdb_drop(s->db);
    static const char *const files[] = {"stress.db", "stress.db-wal", "stress.db-shm",
                                        "stress.db-journal", "server.log"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", s->dir, files[i]);
        unlink(p);
    }
    rmdir(s->dir);
    current = NULL;
}

static size_t on_body(char *data, size_t size, size_t n, void *cls)
{
    st_resp *r = cls;
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

st_resp st_http(CURL *c, const st_server *s, const char *method, const char *path, const char *key,
                const char *body, long timeout_ms)
{
    st_resp r = {0};
    r.body = calloc(1, 1);
    char url[1024], auth[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
    struct curl_slist *h = NULL;
    if (key) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
        h = curl_slist_append(h, auth);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_reset(c);
    if (body) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    r.curl = curl_easy_perform(c);
    if (r.curl == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    return r;
}

void st_resp_free(st_resp *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}
