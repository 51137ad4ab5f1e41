/* utc.h - instants: what as_of and revisions are dated with. */
#ifndef SC_UTC_H
#define SC_UTC_H

#include <stdbool.h>
#include <time.h>

/* Parses an RFC 3339 date-time ("2020-08-18T09:30:00Z", offsets and
 * fractions allowed) into the store's UTC form "YYYY-MM-DDTHH:MM:SS.mmmZ"
 * (out has room for 32 bytes). Returns false when it is not one. */
bool sc_utc_parse(const char *s, char out[32]);

/* True when s is an RFC 3339 full-date "YYYY-MM-DD" naming a real
 * calendar day (years 0001-9999). */
bool sc_utc_date_valid(const char *s);

/* The whole seconds of an instant in the store's UTC form (as
 * sc_utc_parse writes it), for file dates; (time_t)-1 when s is not one. */
time_t sc_utc_seconds(const char *s);

#endif
