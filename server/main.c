/* main.c - the scrutiny command line: serve, keys, demo, import, report,
 * verify. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv_return.h"
#include "demand_view.h"
#include "demo.h"
#include "http.h"
#include "keys.h"
#include "org.h"
#include "report.h"
#include "return.h"
#include "revision.h"
#include "signoff.h"
#include "store.h"
#include "utc.h"

#ifndef SC_DEMO_DIR
#define SC_DEMO_DIR "data/demo"
#endif

static const char usage[] =
    "usage:\n"
    "  scrutiny serve [--db PATH] [--host ADDR] [--port N] [--threads N] [--demo]\n"
    "                 [--private-read] [--cors-origin ORIGIN]... [--max-body BYTES] [--quiet]\n"
    "                 [--tls-cert FILE --tls-key FILE] [--webhook-backoff-ms MS]\n"
    "                 [--suppress-below N]\n"
    "  scrutiny keys create --role reader|writer|admin --name NAME [--org CODE | --deployment]\n"
    "                 [--db PATH]\n"
    "  scrutiny keys list [--db PATH]\n"
    "  scrutiny keys revoke NAME [--db PATH]\n"
    "  scrutiny orgs create CODE --name NAME [--db PATH]\n"
    "  scrutiny orgs list [--db PATH]\n"
    "  scrutiny demo load [--org CODE] [--db PATH]\n"
    "  scrutiny import FILE.json|FILE.csv --quarter QUARTER [--dry-run] [--org CODE] [--db PATH]\n"
    "  scrutiny report QUARTER [--format text|markdown|csv] [--decimals 0-2]\n"
    "                 [--change-decimals 0-2] [--quarters 5-9] [--as-of INSTANT]\n"
    "                 [--since RFC3339-INSTANT] [--org CODE] [--db PATH]\n"
    "  scrutiny verify FILE --quarter QUARTER [--org CODE] [--db PATH]\n"
    "                 (exit 0 same, 1 differs, 2 error)\n"
    "  scrutiny --version | --help\n"
    "environment: SCRUTINY_DB (database path), SCRUTINY_PORT (port),\n"
    "             SCRUTINY_SUPPRESS_BELOW (as --suppress-below),\n"
    "             SCRUTINY_DEMO_DIR (demo data folder, default " SC_DEMO_DIR ")\n";

typedef struct {
    const char *db;
    const char *host;
    int port;
    int threads;
    bool demo;
    bool private_read;
    int suppress_below;
    bool quiet;
    size_t max_body;
    long webhook_backoff_ms;
    const char *role;
    const char *name;
    const char *quarter;
    bool dry_run;
    const char *format;
    int decimals;
    int change_decimals; /* -1: as decimals */
    int quarters;        /* the report's demand window */
    char as_of[32];      /* "" for now */
    const char *cors[16];
    size_t ncors;
    const char *tls_cert;
    const char *tls_key;
    char since[32];  /* report: the changes since this instant (utc.h form), "" for none */
    const char *org; /* the organisation a command works on (org.h); NULL: the default */
    bool deployment; /* keys create: a deployment key */
} options;

static bool parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Parses options after the subcommand words; returns the index of the
 * first positional argument or -1 on a bad option (message printed). */
/* --suppress-below and SCRUTINY_SUPPRESS_BELOW: 0 (off) to 1000. */
static bool parse_suppress(const char *s, options *o)
{
    long v;
    if (!parse_int(s, 0, 1000, &v)) {
        fprintf(stderr, "scrutiny: --suppress-below takes 0-1000 (0: no disclosure control)\n");
        return false;
    }
    o->suppress_below = (int)v;
    return true;
}

static int parse_options(int argc, char **argv, options *o)
{
    enum {
        O_DB = 1,
        O_HOST,
        O_PORT,
        O_THREADS,
        O_DEMO,
        O_PRIVATE,
        O_QUIET,
        O_MAXBODY,
        O_ROLE,
        O_NAME,
        O_QUARTER,
        O_DRY_RUN,
        O_FORMAT,
        O_DECIMALS,
        O_CORS,
        O_TLS_CERT,
        O_TLS_KEY,
        O_SINCE,
        O_HOOK_BACKOFF,
        O_SUPPRESS,
        O_CHANGE_DECIMALS,
        O_QUARTERS,
        O_AS_OF,
        O_ORG,
        O_DEPLOYMENT
    };
    static const struct option longopts[] = {
        {"db", required_argument, NULL, O_DB},
        {"host", required_argument, NULL, O_HOST},
        {"port", required_argument, NULL, O_PORT},
        {"threads", required_argument, NULL, O_THREADS},
        {"demo", no_argument, NULL, O_DEMO},
        {"private-read", no_argument, NULL, O_PRIVATE},
        {"quiet", no_argument, NULL, O_QUIET},
        {"max-body", required_argument, NULL, O_MAXBODY},
        {"role", required_argument, NULL, O_ROLE},
        {"name", required_argument, NULL, O_NAME},
        {"quarter", required_argument, NULL, O_QUARTER},
        {"dry-run", no_argument, NULL, O_DRY_RUN},
        {"format", required_argument, NULL, O_FORMAT},
        {"decimals", required_argument, NULL, O_DECIMALS},
        {"cors-origin", required_argument, NULL, O_CORS},
        {"tls-cert", required_argument, NULL, O_TLS_CERT},
        {"tls-key", required_argument, NULL, O_TLS_KEY},
        {"since", required_argument, NULL, O_SINCE},
        {"webhook-backoff-ms", required_argument, NULL, O_HOOK_BACKOFF},
        {"suppress-below", required_argument, NULL, O_SUPPRESS},
        {"change-decimals", required_argument, NULL, O_CHANGE_DECIMALS},
        {"quarters", required_argument, NULL, O_QUARTERS},
        {"as-of", required_argument, NULL, O_AS_OF},
        {"org", required_argument, NULL, O_ORG},
        {"deployment", no_argument, NULL, O_DEPLOYMENT},
        {NULL, 0, NULL, 0}};
    int c;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB:
            o->db = optarg;
            break;
        case O_HOST:
            o->host = optarg;
            break;
        case O_PORT:
            if (!parse_int(optarg, 0, 65535, &v)) {
                fprintf(stderr, "scrutiny: --port takes 0-65535\n");
                return -1;
            }
            o->port = (int)v;
            break;
        case O_THREADS:
            if (!parse_int(optarg, 1, 256, &v)) {
                fprintf(stderr, "scrutiny: --threads takes 1-256\n");
                return -1;
            }
            o->threads = (int)v;
            break;
        case O_DEMO:
            o->demo = true;
            break;
        case O_PRIVATE:
            o->private_read = true;
            break;
        case O_QUIET:
            o->quiet = true;
            break;
        case O_MAXBODY:
            if (!parse_int(optarg, 1024, 64L << 20, &v)) {
                fprintf(stderr, "scrutiny: --max-body takes 1024-67108864 bytes\n");
                return -1;
            }
            o->max_body = (size_t)v;
            break;
        case O_HOOK_BACKOFF:
            if (!parse_int(optarg, 1, 3600 * 1000, &v)) {
                fprintf(stderr, "scrutiny: --webhook-backoff-ms takes 1-3600000\n");
                return -1;
            }
            o->webhook_backoff_ms = (long)v;
            break;
        case O_ROLE:
            o->role = optarg;
            break;
        case O_ORG:
            o->org = optarg;
            break;
        case O_DEPLOYMENT:
            o->deployment = true;
            break;
        case O_NAME:
            o->name = optarg;
            break;
        case O_QUARTER:
            o->quarter = optarg;
            break;
        case O_DRY_RUN:
            o->dry_run = true;
            break;
        case O_FORMAT:
            o->format = optarg;
            break;
        case O_TLS_CERT:
            o->tls_cert = optarg;
            break;
        case O_TLS_KEY:
            o->tls_key = optarg;
            break;
        case O_SINCE:
            if (!sc_utc_parse(optarg, o->since)) {
                fprintf(stderr, "scrutiny: --since takes an RFC 3339 date-time such as "
                                "2020-08-18T09:30:00Z\n");
                return -1;
            }
            break;
        case O_CORS:
            /* an origin is scheme://host[:port] with no path, or "*" */
            if (o->ncors == sizeof o->cors / sizeof *o->cors ||
                (strcmp(optarg, "*") != 0 &&
                 (strncmp(optarg, "http", 4) != 0 || !strstr(optarg, "://") ||
                  strchr(strstr(optarg, "://") + 3, '/')))) {
                fprintf(stderr, "scrutiny: --cors-origin takes an origin such as "
                                "https://dashboard.example.gov.uk, or * (at most 16)\n");
                return -1;
            }
            o->cors[o->ncors++] = optarg;
            break;
        case O_SUPPRESS:
            if (!parse_suppress(optarg, o))
                return -1;
            break;
        case O_DECIMALS:
            if (!parse_int(optarg, 0, 2, &v)) {
                fprintf(stderr, "scrutiny: --decimals takes 0-2\n");
                return -1;
            }
            o->decimals = (int)v;
            break;
        case O_CHANGE_DECIMALS:
            if (!parse_int(optarg, 0, 2, &v)) {
                fprintf(stderr, "scrutiny: --change-decimals takes 0-2\n");
                return -1;
            }
            o->change_decimals = (int)v;
            break;
        case O_QUARTERS:
            if (!parse_int(optarg, SC_DEMAND_VIEW_QUARTERS, SC_DEMAND_VIEW_MAX_QUARTERS, &v)) {
                fprintf(stderr, "scrutiny: --quarters takes %d-%d\n", SC_DEMAND_VIEW_QUARTERS,
                        SC_DEMAND_VIEW_MAX_QUARTERS);
                return -1;
            }
            o->quarters = (int)v;
            break;
        case O_AS_OF:
            if (!sc_utc_parse(optarg, o->as_of)) {
                fprintf(stderr, "scrutiny: --as-of takes an RFC 3339 date-time such as "
                                "2020-01-27T17:00:00Z\n");
                return -1;
            }
            break;
        default:
            fputs(usage, stderr);
            return -1;
        }
    }
    return optind;
}

static sc_store *open_store(const char *path, int connections)
{
    sc_store *st = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    if (sc_store_open(path, connections, &st, &errs) != SC_OK) {
        fprintf(stderr, "scrutiny: %s\n", errs.message ? errs.message : "cannot open database");
        st = NULL;
    }
    sc_errors_clear(&errs);
    return st;
}

/* The store of the organisation a command works on: the root database for
 * the default one (no --org), its own database otherwise (org.h). The root
 * is closed again: keys and organisations are not what these commands
 * touch. NULL (the reason printed) for an unknown organisation. */
static sc_store *open_org_store(const options *o, int connections)
{
    sc_store *root = open_store(o->db, connections);
    if (!root || !o->org || strcmp(o->org, SC_ORG_DEFAULT) == 0)
        return root;
    sc_db *db = sc_store_acquire(root);
    bool known = false;
    sc_rc rc = sc_org_exists(db, o->org, &known);
    sc_store_release(root, db);
    sc_store *st = NULL;
    sc_errors errs = SC_ERRORS_INIT;
    if (rc != SC_OK)
        fprintf(stderr, "scrutiny: cannot read the organisations: %s\n", sc_rc_name(rc));
    else if (!known)
        fprintf(stderr, "scrutiny: there is no organisation %s (scrutiny orgs list shows them)\n",
                o->org);
    else if (sc_org_open(root, o->org, connections, &st, &errs) != SC_OK)
        fprintf(stderr, "scrutiny: %s\n",
                errs.message ? errs.message : "cannot open the organisation's database");
    sc_errors_clear(&errs);
    sc_store_close(root);
    return st;
}

static const char *demo_dir(void)
{
    const char *d = getenv("SCRUTINY_DEMO_DIR");
    return d && *d ? d : SC_DEMO_DIR;
}

/* Loads the demo into an empty database; a non-empty one is left alone
 * (serve --demo on an existing demo database just serves it). */
static int load_demo(sc_store *st, bool refuse_non_empty)
{
    sc_db *db = sc_store_acquire(st);
    sc_errors errs = SC_ERRORS_INIT;
    bool already = false;
    sc_rc rc = sc_demo_load(db, demo_dir(), &already, &errs);
    sc_store_release(st, db);
    int ret = 0;
    if (rc == SC_OK && already) {
        fprintf(stderr, "scrutiny: the demo data is loaded already; nothing to do\n");
    } else if (rc == SC_ECONFLICT && !refuse_non_empty) {
        fprintf(stderr, "scrutiny: database has data already; --demo left it as it is\n");
    } else if (rc != SC_OK) {
        fprintf(stderr, "scrutiny: cannot load the demo data: %s\n",
                errs.message ? errs.message : sc_rc_name(rc));
        for (size_t i = 0; i < errs.count; i++)
            fprintf(stderr, "  %s: %s\n", errs.items[i].pointer, errs.items[i].detail);
        ret = 1;
    } else {
        fprintf(stderr, "scrutiny: loaded the demo data from %s\n", demo_dir());
    }
    sc_errors_clear(&errs);
    return ret;
}

/* Reads a whole (PEM) file; NULL with a message on failure. */
static char *read_file(const char *path, const char *what)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (!f) {
        fprintf(stderr, "scrutiny: cannot read %s %s: %s\n", what, path, strerror(errno));
        return NULL;
    }
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *b = cap > (1u << 20) ? NULL : realloc(buf, cap);
            if (!b) {
                fprintf(stderr, "scrutiny: %s %s is too large\n", what, path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t n = fread(buf + len, 1, 4096, f);
        len += n;
        if (n < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

static int cmd_serve(options *o)
{
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    /* blocked before any thread starts, so only sigwait() below sees them */
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!o->tls_cert != !o->tls_key) {
        fprintf(stderr, "scrutiny: --tls-cert and --tls-key go together\n");
        return 2;
    }
    char *cert = o->tls_cert ? read_file(o->tls_cert, "certificate") : NULL;
    char *key = o->tls_key ? read_file(o->tls_key, "key") : NULL;
    if ((o->tls_cert && !cert) || (o->tls_key && !key)) {
        free(cert);
        free(key);
        return 1;
    }
    int threads = o->threads;
    /* on a remote database a cached read waits for the data version
     * without holding its worker (vgate.h), but a miss still renders on
     * the worker, a round trip per statement: a few workers per CPU keep
     * it busy meanwhile. Measured on one CPU shared with PostgreSQL (a
     * cached summary, 50 connections): 1 worker served 44,200 req/s, 2
     * 38,300-40,500, 4 42,400 and 8 35,500 */
    if (threads <= 0)
        threads = sc_server_default_threads() * (sc_store_target_remote(o->db) ? 4 : 1);
    /* a connection per worker thread, two spare for the odd slow one, and
     * one for the webhook workers (hooks.c) */
    sc_store *st = open_store(o->db, threads + 3);
    if (!st) {
        free(cert);
        free(key);
        return 1;
    }
    if (o->demo && load_demo(st, false) != 0) {
        sc_store_close(st);
        free(cert);
        free(key);
        return 1;
    }
    sc_server_config cfg = {.host = o->host,
                            .port = o->port,
                            .threads = threads,
                            .private_read = o->private_read,
                            .suppress_below = o->suppress_below,
                            .max_body = o->max_body,
                            .webhook_backoff_ms = o->webhook_backoff_ms,
                            .access_log = o->quiet ? NULL : stderr,
                            .cors_origins = o->cors,
                            .cors_count = o->ncors,
                            .tls_cert_pem = cert,
                            .tls_key_pem = key};
    char err[256];
    sc_server *srv = sc_server_start(&cfg, st, err, sizeof err);
    if (!srv) {
        fprintf(stderr, "scrutiny: %s\n", err);
        sc_store_close(st);
        free(cert);
        free(key);
        return 1;
    }
    /* a PostgreSQL URI may hold a password: logs are read by more people */
    char *shown = sc_store_target_redacted(o->db);
    fprintf(stderr, "scrutiny: serving %s on %s://%s%s%s:%d/ (reads %s)\n",
            shown ? shown : "the database", cert ? "https" : "http",
            strchr(o->host, ':') ? "[" : "", o->host, strchr(o->host, ':') ? "]" : "",
            sc_server_port(srv), o->private_read ? "need a key" : "public");
    free(shown);
    if (o->suppress_below > 0)
        fprintf(stderr, "scrutiny: reads without a key show counts below %d as [c]\n",
                o->suppress_below);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "scrutiny: %s received, finishing requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    sc_server_stop(srv, 10000);
    sc_store_close(st);
    if (key)
        memset(key, 0, strlen(key));
    free(cert);
    free(key);
    fprintf(stderr, "scrutiny: stopped\n");
    return 0;
}

static int cmd_keys(int argc, char **argv, int first, options *o)
{
    if (first >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *verb = argv[first];
    sc_store *st = open_store(o->db, 1);
    if (!st)
        return 1;
    sc_db *db = sc_store_acquire(st);
    sc_errors errs = SC_ERRORS_INIT;
    int ret = 0;
    if (strcmp(verb, "create") == 0) {
        sc_role role;
        char key[SC_KEY_STRLEN];
        if (!o->name || !o->role || !sc_role_from_key(o->role, &role)) {
            fprintf(stderr, "scrutiny: keys create needs --role reader|writer|admin and --name\n");
            ret = 2;
        } else {
            sc_rc rc = sc_keys_create_in(db, o->name, role, o->org, o->deployment, key, &errs);
            if (rc == SC_OK) {
                printf("created %s key \"%s\" for %s; it is shown only now:\n%s\n", o->role,
                       o->name,
                       o->deployment ? "the deployment (every organisation)"
                       : o->org      ? o->org
                                     : SC_ORG_DEFAULT,
                       key);
            } else {
                fprintf(stderr, "scrutiny: %s\n", errs.message ? errs.message : sc_rc_name(rc));
                ret = 1;
            }
        }
    } else if (strcmp(verb, "list") == 0) {
        json_t *items = NULL;
        if (sc_keys_list(db, &items) == SC_OK) {
            size_t i;
            json_t *k;
            printf("%-24s %-7s %-21s %-21s %s\n", "NAME", "ROLE", "CREATED", "REVOKED", "ORG");
            json_array_foreach(items, i, k)
            {
                const char *rev = json_string_value(json_object_get(k, "revoked_at"));
                const char *org = json_string_value(json_object_get(k, "org"));
                /* ORG last, so that scripts reading the first columns keep
                 * working; "*" is a deployment key's (every organisation) */
                printf("%-24s %-7s %-21s %-21s %s\n", json_string_value(json_object_get(k, "name")),
                       json_string_value(json_object_get(k, "role")),
                       json_string_value(json_object_get(k, "created_at")), rev ? rev : "-",
                       org ? org : "*");
            }
            json_decref(items);
        } else {
            ret = 1;
        }
    } else if (strcmp(verb, "revoke") == 0 && first + 1 < argc) {
        sc_rc rc = sc_keys_revoke(db, argv[first + 1]);
        if (rc == SC_OK) {
            printf("revoked \"%s\"\n", argv[first + 1]);
        } else {
            fprintf(stderr, "scrutiny: %s\n",
                    rc == SC_ENOTFOUND ? "no active key by that name" : sc_rc_name(rc));
            ret = 1;
        }
    } else {
        fputs(usage, stderr);
        ret = 2;
    }
    sc_errors_clear(&errs);
    sc_store_release(st, db);
    sc_store_close(st);
    return ret;
}

/* scrutiny orgs create CODE --name NAME | orgs list: the deployment's
 * organisations, in the root database. */
static int cmd_orgs(int argc, char **argv, int first, options *o)
{
    if (first >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *verb = argv[first];
    bool create = strcmp(verb, "create") == 0 && first + 1 < argc && first + 2 == argc;
    bool list = strcmp(verb, "list") == 0 && first + 1 == argc;
    if ((!create && !list) || (create && !o->name)) {
        if (create)
            fprintf(stderr, "scrutiny: orgs create needs a CODE and --name NAME\n");
        else
            fputs(usage, stderr);
        return 2;
    }
    sc_store *st = open_store(o->db, 1);
    if (!st)
        return 1;
    sc_db *db = sc_store_acquire(st);
    sc_errors errs = SC_ERRORS_INIT;
    int ret = 0;
    if (create) {
        const char *code = argv[first + 1];
        sc_rc rc = sc_db_begin_write(db);
        if (rc == SC_OK)
            rc = sc_org_create(db, code, o->name, &errs);
        if (rc == SC_OK)
            rc = sc_db_commit(db);
        if (rc == SC_OK) {
            printf("created organisation %s (\"%s\"); its routes are /api/v1/orgs/%s/...\n", code,
                   o->name, code);
        } else {
            fprintf(stderr, "scrutiny: %s\n",
                    errs.count     ? errs.items[0].detail
                    : errs.message ? errs.message
                                   : sc_rc_name(rc));
            ret = rc == SC_EINVALID ? 2 : 1;
        }
        sc_db_rollback(db);
    } else {
        json_t *items = NULL;
        if (sc_org_list(db, NULL, &items) == SC_OK) {
            size_t i;
            json_t *it;
            printf("%-24s %-21s %s\n", "CODE", "CREATED", "NAME");
            json_array_foreach(items, i, it)
            {
                const char *created = json_string_value(json_object_get(it, "created_at"));
                printf("%-24s %-21s %s\n", json_string_value(json_object_get(it, "code")),
                       created ? created : "-", json_string_value(json_object_get(it, "name")));
            }
            json_decref(items);
        } else {
            ret = 1;
        }
    }
    sc_errors_clear(&errs);
    sc_store_release(st, db);
    sc_store_close(st);
    return ret;
}

/* Reads all of path (at most max bytes) into a malloc'd buffer with its
 * length in *len; NULL (the reason printed) when it cannot. */
static char *read_all(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "scrutiny: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    bool err = ferror(f);
    fclose(f);
    if (!buf || err || n > max) {
        fprintf(stderr, "scrutiny: %s: %s\n", path,
                !buf  ? "out of memory"
                : err ? "read error"
                      : "larger than 64 MiB");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/* Applies a quarterly return offline, with the same validation and
 * messages as PUT /api/v1/quarters/{quarter}/return: a JSON document, or
 * the long-form CSV (a .csv file, or any file that does not start with {
 * or [), whose problems also name their row and column. */
static int cmd_import(int argc, char **argv, int first, options *o)
{
    sc_period q;
    char hint[200];
    if (first + 1 != argc || !o->quarter) {
        fputs(usage, stderr);
        return 2;
    }
    if (!sc_period_parse(o->quarter, &q, hint, sizeof hint)) {
        fprintf(stderr, "scrutiny: --quarter \"%s\" is %s\n", o->quarter, hint);
        return 2;
    }
    const char *file = argv[first];
    size_t len = 0;
    char *text = read_all(file, (size_t)64 << 20, &len);
    if (!text)
        return 1;
    json_t *doc = NULL;
    sc_csv_origins *origins = NULL;
    if (ends_with(file, ".csv") || (!ends_with(file, ".json") && sc_csv_return_sniff(text, len))) {
        sc_csv_problems cp = {0};
        sc_rc prc = sc_csv_return_parse(text, len, &doc, &origins, &cp);
        if (prc != SC_OK) {
            fprintf(stderr, "scrutiny: %s %s; nothing was stored\n", file,
                    prc == SC_ENOMEM ? "could not be read (out of memory)"
                    : cp.malformed   ? "is not CSV of the return's layout"
                                     : "has problems");
            for (size_t i = 0; i < cp.count; i++)
                fprintf(stderr, "  %s\n", cp.items[i].detail);
            sc_csv_problems_clear(&cp);
            free(text);
            return 1;
        }
    } else {
        json_error_t jerr;
        doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!doc) {
            fprintf(stderr, "scrutiny: %s is not valid JSON: %s (line %d, column %d)\n", file,
                    jerr.text, jerr.line, jerr.column);
            free(text);
            return 1;
        }
    }
    free(text);
    sc_store *st = open_org_store(o, 1);
    if (!st) {
        json_decref(doc);
        sc_csv_origins_free(origins);
        return 1;
    }
    sc_db *db = sc_store_acquire(st);
    sc_errors errs = SC_ERRORS_INIT;
    sc_return_outcome out;
    sc_rc rc = sc_db_begin_write(db);
    if (rc == SC_OK)
        rc = sc_return_apply(db, q, doc, "import", &out, &errs);
    if (rc == SC_OK && !o->dry_run)
        rc = sc_db_commit(db);
    int ret = 0;
    if (rc == SC_OK) {
        const sc_counts *c[] = {&out.indicators, &out.demand, &out.finance};
        static const char *const what[] = {"indicators", "demand", "finance"};
        printf("%s %s for %s:\n", o->dry_run ? "checked (dry run, nothing stored)" : "imported",
               file, o->quarter);
        for (int i = 0; i < 3; i++)
            printf("  %-10s created %d, updated %d, unchanged %d\n", what[i], c[i]->created,
                   c[i]->updated, c[i]->unchanged);
    } else if (rc == SC_EINVALID) {
        fprintf(stderr, "scrutiny: %s has %zu problem%s; nothing was stored\n", file, errs.count,
                errs.count == 1 ? "" : "s");
        for (size_t i = 0; i < errs.count; i++) {
            sc_csv_cell at = sc_csv_origin_of(origins, errs.items[i].pointer);
            if (at.row)
                fprintf(stderr, "  row %zu, %s: %s (%s)\n", at.row, at.column, errs.items[i].detail,
                        errs.items[i].pointer[0] ? errs.items[i].pointer : "/");
            else
                fprintf(stderr, "  %s: %s\n",
                        errs.items[i].pointer[0] ? errs.items[i].pointer : "/",
                        errs.items[i].detail);
        }
        ret = 1;
    } else {
        fprintf(stderr, "scrutiny: import failed: %s\n", sc_db_errmsg(db));
        ret = 1;
    }
    sc_db_rollback(db);
    sc_errors_clear(&errs);
    sc_store_release(st, db);
    sc_store_close(st);
    json_decref(doc);
    sc_csv_origins_free(origins);
    return ret;
}

/* Says whether FILE is one of the quarter's signed-off files and, if not,
 * what differs (signoff.h); exits 0 when it is, 1 when it is not, 2 when
 * it cannot tell. */
static int cmd_verify(int argc, char **argv, int first, options *o)
{
    sc_period q;
    char hint[200];
    if (first + 1 != argc || !o->quarter) {
        fputs(usage, stderr);
        return SC_VERIFY_ERROR;
    }
    if (!sc_period_parse(o->quarter, &q, hint, sizeof hint)) {
        fprintf(stderr, "scrutiny: --quarter \"%s\" is %s\n", o->quarter, hint);
        return SC_VERIFY_ERROR;
    }
    size_t len = 0;
    char *bytes = read_all(argv[first], (size_t)64 << 20, &len);
    if (!bytes)
        return SC_VERIFY_ERROR;
    sc_store *st = open_org_store(o, 1);
    int ret = SC_VERIFY_ERROR;
    if (st) {
        sc_db *db = sc_store_acquire(st);
        ret = sc_signoff_verify(db, q, argv[first], bytes, len, stdout, stderr);
        sc_store_release(st, db);
        sc_store_close(st);
    }
    free(bytes);
    return ret;
}

/* Prints the quarter's committee report. */
static int cmd_report(int argc, char **argv, int first, options *o)
{
    sc_period q;
    char hint[200];
    if (first + 1 != argc) {
        fputs(usage, stderr);
        return 2;
    }
    if (!sc_period_parse(argv[first], &q, hint, sizeof hint)) {
        fprintf(stderr, "scrutiny: \"%s\" is %s\n", argv[first], hint);
        return 2;
    }
    sc_report_format f = SC_REPORT_N;
    for (int i = 0; i < SC_REPORT_N; i++)
        if (strcmp(o->format ? o->format : "text", sc_report_format_keys[i]) == 0)
            f = (sc_report_format)i;
    if (f == SC_REPORT_N) {
        fprintf(stderr, "scrutiny: --format takes text, markdown or csv\n");
        return 2;
    }
    sc_store *st = open_org_store(o, 1);
    if (!st)
        return 1;
    sc_db *db = sc_store_acquire(st);
    char *text = NULL;
    sc_report_layout lay = sc_report_layout_default(o->decimals);
    if (o->change_decimals >= 0)
        lay.change_decimals = o->change_decimals;
    lay.demand_quarters = o->quarters;
    sc_rc rc = sc_db_begin_read(db);
    if (rc == SC_OK && o->as_of[0])
        rc = sc_revision_as_of(db, o->as_of, SC_AS_OF_ALL);
    if (rc == SC_OK)
        rc = sc_report_build_since(db, q, f, &lay, *o->since ? o->since : NULL, &text);
    sc_db_rollback(db);
    if (rc == SC_OK)
        fputs(text, stdout);
    else
        fprintf(stderr, "scrutiny: cannot build the report: %s\n", sc_db_errmsg(db));
    free(text);
    sc_store_release(st, db);
    sc_store_close(st);
    return rc == SC_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("scrutiny %s\n", SC_VERSION);
        return 0;
    }
    options o = {.db = "scrutiny.db",
                 .host = "127.0.0.1",
                 .port = 8080,
                 .change_decimals = -1,
                 .quarters = SC_DEMAND_VIEW_QUARTERS};
    const char *env_db = getenv("SCRUTINY_DB");
    const char *env_port = getenv("SCRUTINY_PORT");
    long v;
    if (env_db && *env_db)
        o.db = env_db;
    if (env_port && *env_port) {
        if (!parse_int(env_port, 0, 65535, &v)) {
            fprintf(stderr, "scrutiny: SCRUTINY_PORT must be 0-65535\n");
            return 2;
        }
        o.port = (int)v;
    }
    const char *env_suppress = getenv("SCRUTINY_SUPPRESS_BELOW");
    if (env_suppress && *env_suppress && !parse_suppress(env_suppress, &o))
        return 2;
    const char *cmd = argv[1];
    int first = parse_options(argc - 1, argv + 1, &o);
    if (first < 0)
        return 2;
    first += 1; /* index into argv */
    if (strcmp(cmd, "serve") == 0)
        return first < argc ? (fputs(usage, stderr), 2) : cmd_serve(&o);
    if (strcmp(cmd, "keys") == 0)
        return cmd_keys(argc, argv, first, &o);
    if (strcmp(cmd, "orgs") == 0)
        return cmd_orgs(argc, argv, first, &o);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc, argv, first, &o);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc, argv, first, &o);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc, argv, first, &o);
    if (strcmp(cmd, "demo") == 0 && first < argc && strcmp(argv[first], "load") == 0) {
        sc_store *st = open_org_store(&o, 1);
        if (!st)
            return 1;
        int ret = load_demo(st, true);
        sc_store_close(st);
        return ret;
    }
    fputs(usage, stderr);
    return 2;
}
