/* period.h - quarters of the UK local-government financial year.
 *
 * A quarter is held as a plain int: start_year * 4 + (n - 1), so ordering,
 * "previous quarter" and "same quarter last year" are integer arithmetic.
 * The canonical spelling is YYYY-YY-Qn (2020-21-Q1 = April-June 2020).
 */
#ifndef SC_PERIOD_H
#define SC_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

typedef int sc_period;

#define SC_PERIOD_NONE (-1)
/* Financial years (by their first calendar year) run from 1000-01 to
 * 9998-99: every date of their quarters is then a four-digit RFC 3339
 * date, since 9998-99-Q4 ends on 9999-03-31 while 9999-00 would end in the
 * year 10000. */
#define SC_PERIOD_MIN_YEAR 1000
#define SC_PERIOD_MAX_YEAR 9998
#define SC_PERIOD_FIRST (SC_PERIOD_MIN_YEAR * 4)
#define SC_PERIOD_LAST (SC_PERIOD_MAX_YEAR * 4 + 3)
#define SC_PERIOD_ID_LEN 11 /* "2020-21-Q1" plus NUL */
#define SC_DATE_ID_LEN 11   /* "2021-03-31" plus NUL */

/* Parses the canonical form only, within SC_PERIOD_FIRST..SC_PERIOD_LAST.
 * Returns true and sets *out on success.
 * On failure, if hint is non-NULL, writes a sentence (at most hint_n bytes)
 * saying what is wrong and, where the input is recognisably a quarter in
 * another spelling ("2020/21 Q1", "Q1 2020-21", "2020-2021-q1"), which
 * canonical id was probably meant. */
bool sc_period_parse(const char *s, sc_period *out, char *hint, size_t hint_n);

/* Writes the canonical id into buf (at least SC_PERIOD_ID_LEN bytes). */
char *sc_period_format(sc_period p, char *buf);

sc_period sc_period_make(int start_year, int quarter);
int sc_period_year(sc_period p);    /* the financial year's first calendar year */
int sc_period_quarter(sc_period p); /* 1..4 */
sc_period sc_period_previous(sc_period p);
sc_period sc_period_next(sc_period p);
sc_period sc_period_same_last_year(sc_period p);

/* Writes the quarter's last day, "YYYY-MM-DD", into buf (at least
 * SC_DATE_ID_LEN bytes: 2020-21-Q1 ends 2020-06-30, Q4 ends 2021-03-31); returns buf. */
char *sc_period_last_day(sc_period p, char *buf);

/* True when p lies within [from, to]; SC_PERIOD_NONE bounds are open. */
bool sc_period_within(sc_period p, sc_period from, sc_period to);

#endif
