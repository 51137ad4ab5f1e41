/* role.c - the roles a key can have, and their keys (role.h). */
#include "role.h"

#include <string.h>

static const char *const role_keys[] = {"reader", "writer", "admin"};

const char *sc_role_key(sc_role r)
{
    return r >= SC_ROLE_READER && r <= SC_ROLE_ADMIN ? role_keys[r] : "none";
}

bool sc_role_from_key(const char *s, sc_role *out)
{
    for (int i = 0; s && i < 3; i++) {
        if (strcmp(s, role_keys[i]) == 0) {
            *out = (sc_role)i;
            return true;
        }
    }
    return false;
}
