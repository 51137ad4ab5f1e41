/* enumkey.c - enum names and their "must be one of" list (enumkey.h). */
#include "enumkey.h"

#include <stdio.h>
#include <string.h>

int sc_enumkey_find(const char *const *keys, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(keys[i], s) == 0)
            return i;
    return -1;
}

void sc_enumkey_list(const char *const *keys, int n, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && off < len; i++)
        off += (size_t)snprintf(buf + off, len - off, "%s\"%s\"", i ? ", " : "", keys[i]);
}
