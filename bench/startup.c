/* startup.c - start-up to first answer, for bench/run.sh.
 *
 *   startup COUNT PORT LOG -- PROGRAM ARGS...
 *
 * COUNT times: notes the time (CLOCK_MONOTONIC), forks and execs PROGRAM
 * ARGS (which must listen on 127.0.0.1:PORT), then tries every 200 us to
 * connect to 127.0.0.1:PORT and send GET /healthz; the start-up time is from
 * just before fork() to the end of the first 200 answer. The server is then
 * stopped with SIGTERM and waited for before the next start. The child's
 * stdout and stderr go to LOG (appended). The child gets SIGTERM if this
 * program dies (PR_SET_PDEATHSIG), so nothing is left running.
 *
 * Prints one line (milliseconds):
 *   starts=N median_ms=.. min_ms=.. max_ms=.. all=a,b,c,...
 * Exit status 1 when a start does not answer 200 within 10 s or exits. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

/* 1: answered 200; 0: not listening yet (or not answering yet); -1: answered otherwise. */
static int probe(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return 0;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\n\r\n";
    if (write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1)) {
        close(fd);
        return 0;
    }
    char buf[512];
    size_t got = 0;
    ssize_t n;
    /* the status line is enough */
    while (got < 12 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(fd);
    if (got < 12)
        return 0;
    buf[got] = '\0';
    return strncmp(buf, "HTTP/1.1 200", 12) == 0 || strncmp(buf, "HTTP/1.0 200", 12) == 0 ? 1 : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: startup COUNT PORT LOG -- PROGRAM ARGS...\n");
        return 2;
    }
    int count = atoi(argv[1]);
    int port = atoi(argv[2]);
    const char *log = argv[3];
    char **cmd = argv + 5;
    if (count < 1 || port < 1 || port > 65535) {
        fprintf(stderr, "startup: COUNT >= 1 and a PORT are needed\n");
        return 2;
    }
    if (probe(port) != 0) {
        fprintf(stderr, "startup: something already answers on port %d\n", port);
        return 1;
    }
    double *t = calloc((size_t)count, sizeof *t);
    if (!t)
        return 1;
    pid_t parent = getpid();
    for (int i = 0; i < count; i++) {
        double t0 = now_ms();
        pid_t pid = fork();
        if (pid < 0) {
            perror("startup: fork");
            return 1;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent)
                _exit(1);
            int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
            execv(cmd[0], cmd);
            perror("startup: exec");
            _exit(127);
        }
        int r = 0;
        double t1 = 0;
        while (now_ms() - t0 < 10000) {
            r = probe(port);
            if (r != 0) {
                t1 = now_ms();
                break;
            }
            int st;
            if (waitpid(pid, &st, WNOHANG) == pid) {
                fprintf(stderr,
                        "startup: start %d: the server exited before answering "
                        "(see %s)\n",
                        i + 1, log);
                free(t);
                return 1;
            }
            pause_us(200);
        }
        kill(pid, SIGTERM);
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (r != 1) {
            fprintf(stderr, "startup: start %d: %s\n", i + 1,
                    r < 0 ? "/healthz answered, but not 200" : "no answer within 10 s");
            free(t);
            return 1;
        }
        t[i] = t1 - t0;
    }
    printf("starts=%d", count);
    char all[4096];
    size_t used = 0;
    all[0] = '\0';
    for (int i = 0; i < count && used < sizeof all - 16; i++)
        used += (size_t)snprintf(all + used, sizeof all - used, "%s%.1f", i ? "," : "", t[i]);
    qsort(t, (size_t)count, sizeof *t, cmp_double);
    double median = count % 2 ? t[count / 2] : (t[count / 2 - 1] + t[count / 2]) / 2;
    printf(" median_ms=%.2f min_ms=%.2f max_ms=%.2f all=%s\n", median, t[0], t[count - 1], all);
    free(t);
    return 0;
}
