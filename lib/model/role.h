/* role.h - what a key may do: each role includes the ones before it
 * (reader, then writer, then admin). */
#ifndef SC_ROLE_H
#define SC_ROLE_H

#include <stdbool.h>

typedef enum { SC_ROLE_NONE = -1, SC_ROLE_READER = 0, SC_ROLE_WRITER, SC_ROLE_ADMIN } sc_role;

/* "reader", "writer", "admin"; "none" for SC_ROLE_NONE. Static. */
const char *sc_role_key(sc_role r);
/* false when s names no role. */
bool sc_role_from_key(const char *s, sc_role *out);

#endif
