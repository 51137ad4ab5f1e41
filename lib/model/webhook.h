/* webhook.h - webhook subscriptions (docs/API.md §19c): the events the
 * scrutiny cycle announces, and the validation of a subscription (a strict
 * http:// URL, a shared secret, the events wanted). Delivery, signing and
 * the delivery log live in the store and the server. */
#ifndef SC_WEBHOOK_H
#define SC_WEBHOOK_H

#include <jansson.h>
#include <stdbool.h>

#include "errors.h"

#define SC_WEBHOOK_URL_MAX 2000
#define SC_WEBHOOK_HOST_MAX 253
#define SC_WEBHOOK_SECRET_MIN 16
#define SC_WEBHOOK_SECRET_MAX 256

typedef enum {
    SC_EVENT_RETURN_RECEIVED = 0, /* a quarterly return was applied */
    SC_EVENT_QUARTER_OVERDUE,     /* return_due passed with indicators not submitted */
    SC_EVENT_STATUS_OUTSIDE,      /* a result written is outside its target range */
    SC_EVENT_FIGURE_RESTATED,     /* a result of a quarter signed off before changed */
    SC_EVENT_QUESTION_ANSWERED,   /* the trust answered a member's question */
    SC_EVENT_N
} sc_event;

extern const char *const sc_event_keys[SC_EVENT_N];

/* A parsed http:// URL; host and path point into buffers of their own. */
typedef struct {
    char host[SC_WEBHOOK_HOST_MAX + 1];
    int port;                          /* 80 when not given */
    char path[SC_WEBHOOK_URL_MAX + 1]; /* from the first '/', "/" when none */
} sc_webhook_url;

/* True when url is http://HOST[:PORT][/PATH] with HOST a DNS name or an
 * IPv4 address (letters, digits, '-', '.'), PORT 1-65535 and PATH of
 * printable ASCII without spaces; at most SC_WEBHOOK_URL_MAX long. Fills
 * out when not NULL. */
bool sc_webhook_url_parse(const char *url, sc_webhook_url *out);

/* A subscription as sent: { url, secret, events }. Borrowed from the
 * document; events is a bit set of 1 << sc_event. */
typedef struct {
    const char *url;
    const char *secret;
    unsigned events;
} sc_webhook_input;

/* Validates the POST body, every problem with its pointer. SC_EINVALID. */
sc_rc sc_webhook_from_json(const json_t *doc, sc_webhook_input *out, sc_errors *errs);

/* The event keys of a bit set as a JSON array; new reference. */
json_t *sc_webhook_events_json(unsigned events);

/* The delay before attempt number attempts + 1 (attempts >= 1 made so
 * far): base_ms doubled per attempt, capped at cap_ms. */
long sc_webhook_backoff_ms(int attempts, long base_ms, long cap_ms);

#endif
