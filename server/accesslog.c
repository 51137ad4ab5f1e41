/* accesslog.c - the access log line of each request (accesslog.h). */
#include "accesslog.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

/* Writes s for the access log: a quote, a backslash or any byte outside
 * printable ASCII (control bytes, ESC, DEL, UTF-8) becomes \xHH, so that a
 * request target or key name can neither end its field early, forge a line
 * nor reach the terminal as a control sequence. Stops at n bytes. */
static void log_field(FILE *f, const char *s, size_t n)
{
    for (const unsigned char *p = (const unsigned char *)s; *p && n > 0; p++, n--) {
        if (*p >= ' ' && *p < 0x7f && *p != '"' && *p != '\\')
            fputc(*p, f);
        else
            fprintf(f, "\\x%02X", *p);
    }
}

void sc_accesslog_line(const sc_server *srv, const sc_conn_state *cs)
{
    struct MHD_Connection *conn = cs->conn;
    if (!srv->cfg.access_log)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr)
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                           : sizeof(struct sockaddr_in),
                    addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
    time_t now = time(NULL);
    struct tm tm;
    char ts[32];
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    FILE *f = srv->cfg.access_log;
    flockfile(f); /* one line at a time from every worker */
    fprintf(f, "%s %s \"", ts, addr);
    log_field(f, cs->method ? cs->method : "-", 16);
    fputc(' ', f);
    log_field(f, cs->target ? cs->target : "-", 400);
    fprintf(f, "\" %d %zu %.2fms key=", cs->status, cs->bytes, sc_server_elapsed_ms(&cs->start));
    log_field(f, cs->key_name ? cs->key_name : "-", 128);
    fputc('\n', f);
    funlockfile(f);
}
