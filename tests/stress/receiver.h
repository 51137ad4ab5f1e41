/* receiver.h - a webhook receiver on loopback for the tests (API and
 * stress): a thread that accepts one POST per connection, keeps what it
 * received, waits delay_ms and answers status. */
#ifndef SC_TEST_RECEIVER_H
#define SC_TEST_RECEIVER_H

#include <stdbool.h>

#define RC_KEEP 64

typedef struct {
    char event[64];
    char delivery[32];
    char timestamp[32];
    char signature[96];
    char body[4096];
} rc_post;

typedef struct rc_receiver rc_receiver;

/* Listens on 127.0.0.1 (a free port); NULL on failure. */
rc_receiver *rc_start(int status, int delay_ms);
int rc_port(const rc_receiver *r);
/* Posts received so far. */
int rc_count(rc_receiver *r);
/* A copy of post i (0 = first) of the last RC_KEEP; false when gone. */
bool rc_get(rc_receiver *r, int i, rc_post *out);
/* How many times the first post's delivery was sent again (a retry). */
int rc_first_repeats(rc_receiver *r);
/* Waits up to timeout_ms for at least n posts; false when they do not come. */
bool rc_wait(rc_receiver *r, int n, int timeout_ms);
void rc_stop(rc_receiver *r);

#endif
