/* webhook.c - events and subscription validation (webhook.h). */
#include "webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enumkey.h"
#include "jv.h"

const char *const sc_event_keys[SC_EVENT_N] = {"return_received", "quarter_overdue",
                                               "status_outside_target", "figure_restated",
                                               "question_answered"};

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

bool sc_webhook_url_parse(const char *url, sc_webhook_url *out)
{
    static const char scheme[] = "http://";
    sc_webhook_url u = {.port = 80};
    if (!url || strlen(url) > SC_WEBHOOK_URL_MAX || strncmp(url, scheme, 7) != 0)
        return false;
    const char *p = url + 7, *h = p;
    while (host_char(*p))
        p++;
    size_t hn = (size_t)(p - h);
    if (!hn || hn > SC_WEBHOOK_HOST_MAX || h[0] == '.' || h[0] == '-' || h[hn - 1] == '.')
        return false;
    memcpy(u.host, h, hn);
    if (*p == ':') {
        long port = 0;
        int digits = 0;
        for (p++; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
            port = port * 10 + (*p - '0');
        if (!digits || port < 1 || port > 65535)
            return false;
        u.port = (int)port;
    }
    if (*p && *p != '/')
        return false;
    for (const char *c = p; *c; c++)
        if (*c <= ' ' || *c > '~')
            return false;
    snprintf(u.path, sizeof u.path, "%s", *p ? p : "/");
    if (out)
        *out = u;
    return true;
}

sc_rc sc_webhook_from_json(const json_t *doc, sc_webhook_input *out, sc_errors *errs)
{
    static const char *const members[] = {"url", "secret", "events", NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    if (sc_jv_string(doc, "", "url", true, 1, SC_WEBHOOK_URL_MAX, true, &out->url, errs) ==
            SC_JV_OK &&
        !sc_webhook_url_parse(out->url, NULL))
        sc_errors_add(errs, "/url",
                      "url must be http://HOST[:PORT][/PATH] (a DNS name or IPv4 address, port "
                      "1-65535, no spaces); https needs a TLS-terminating relay");
    sc_jv_string(doc, "", "secret", true, SC_WEBHOOK_SECRET_MIN, SC_WEBHOOK_SECRET_MAX, true,
                 &out->secret, errs);
    const json_t *ev = json_object_get(doc, "events");
    if (!json_is_array(ev) || !json_array_size(ev) || json_array_size(ev) > SC_EVENT_N) {
        sc_errors_add(errs, "/events", "events must be an array of 1-%d event names", SC_EVENT_N);
    } else {
        char keys[200];
        sc_enumkey_list(sc_event_keys, SC_EVENT_N, keys, sizeof keys);
        size_t i;
        json_t *e;
        json_array_foreach(ev, i, e)
        {
            int k = sc_enumkey_find(sc_event_keys, SC_EVENT_N, json_string_value(e));
            char ptr[40];
            snprintf(ptr, sizeof ptr, "/events/%zu", i);
            if (k < 0)
                sc_errors_add(errs, ptr, "an event must be one of %s", keys);
            else if (out->events & (1u << k))
                sc_errors_add(errs, ptr, "%s is listed twice", sc_event_keys[k]);
            else
                out->events |= 1u << k;
        }
    }
    return errs->count > before ? SC_EINVALID : SC_OK;
}

json_t *sc_webhook_events_json(unsigned events)
{
    json_t *a = json_array();
    for (int k = 0; k < SC_EVENT_N; k++)
        if (events & (1u << k))
            json_array_append_new(a, json_string(sc_event_keys[k]));
    return a;
}

long sc_webhook_backoff_ms(int attempts, long base_ms, long cap_ms)
{
    long d = base_ms;
    for (int i = 1; i < attempts && d < cap_ms; i++)
        d *= 2;
    return d < cap_ms ? d : cap_ms;
}
