/* linger.h - a lingering close for connections answered before their body
 * was read.
 *
 * A request whose body is too large is answered 413 at once. If the socket
 * were then closed with the rest of the body unread, the kernel would reset
 * the connection, and a client that writes its whole body before reading
 * (most HTTP libraries) would see a broken pipe instead of the 413. So, as
 * nginx does, such a socket is kept open after the answer and its input
 * read and dropped, for a bounded time and size, before it is closed.
 * libmicrohttpd closes its own descriptor; this module holds a duplicate.
 */
#ifndef SC_LINGER_H
#define SC_LINGER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sc_linger sc_linger;

/* Starts the thread: at most max_fds sockets at once, each read for at
 * most max_ms and max_bytes. NULL when out of memory or threads. */
sc_linger *sc_linger_new(size_t max_fds, long max_ms, size_t max_bytes);

/* Takes fd (a duplicate the caller made) and closes it when its input
 * ends, or its time or byte budget is spent; closes it at once when
 * max_fds are already lingering. */
void sc_linger_add(sc_linger *l, int fd);

/* Stops the thread and closes every socket it held. Accepts NULL. */
void sc_linger_free(sc_linger *l);

#endif
