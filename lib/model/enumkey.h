/* enumkey.h - the names an enum's values have in the API, and the "must be
 * one of" list of them. Each enum keeps its names in one array (status.h,
 * indicator.h, ...); these are the one lookup and the one message for all. */
#ifndef SC_ENUMKEY_H
#define SC_ENUMKEY_H

#include <stddef.h>

/* The index of s in keys[0..n), or -1 (also for NULL). */
int sc_enumkey_find(const char *const *keys, int n, const char *s);

/* Writes "\"a\", \"b\", \"c\"" into buf (cut to fit len). */
void sc_enumkey_list(const char *const *keys, int n, char *buf, size_t len);

#endif
