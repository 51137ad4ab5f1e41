/* period.c - quarter ids: parsing, formatting and arithmetic (see period.h). */
#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

sc_period sc_period_make(int start_year, int quarter)
{
    return start_year * 4 + (quarter - 1);
}

char *sc_period_last_day(sc_period p, char *buf)
{
    static const char *const ends[] = {"06-30", "09-30", "12-31", "03-31"};
    int q = sc_period_quarter(p), year = sc_period_year(p) + (q == 4);
    snprintf(buf, SC_DATE_ID_LEN, "%04d-%s", year, ends[q - 1]);
    return buf;
}

int sc_period_year(sc_period p)
{
    return p / 4;
}

int sc_period_quarter(sc_period p)
{
    return p % 4 + 1;
}

sc_period sc_period_previous(sc_period p)
{
    return p - 1;
}

sc_period sc_period_next(sc_period p)
{
    return p + 1;
}

sc_period sc_period_same_last_year(sc_period p)
{
    return p - 4;
}

bool sc_period_within(sc_period p, sc_period from, sc_period to)
{
    if (from != SC_PERIOD_NONE && p < from)
        return false;
    if (to != SC_PERIOD_NONE && p > to)
        return false;
    return true;
}

char *sc_period_format(sc_period p, char *buf)
{
    unsigned y = (unsigned)sc_period_year(p) % 10000u;
    unsigned y2 = (y + 1u) % 100u;
    buf[0] = (char)('0' + y / 1000u);
    buf[1] = (char)('0' + y / 100u % 10u);
    buf[2] = (char)('0' + y / 10u % 10u);
    buf[3] = (char)('0' + y % 10u);
    buf[4] = '-';
    buf[5] = (char)('0' + y2 / 10u);
    buf[6] = (char)('0' + y2 % 10u);
    buf[7] = '-';
    buf[8] = 'Q';
    buf[9] = (char)('0' + sc_period_quarter(p));
    buf[10] = '\0';
    return buf;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Finds a plausible (year, quarter) in a non-canonical spelling, for the
 * hint only: the first 4-digit run is the year, and a Q or q followed by
 * 1-4 anywhere gives the quarter. */
static bool guess(const char *s, int *year, int *quarter)
{
    *year = -1;
    *quarter = -1;
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        if (*year < 0 && i + 4 <= len && all_digits(s + i, 4) &&
            (i + 4 == len || !isdigit((unsigned char)s[i + 4])) &&
            (i == 0 || !isdigit((unsigned char)s[i - 1]))) {
            *year = num(s + i, 4);
            i += 3;
            continue;
        }
        if ((s[i] == 'Q' || s[i] == 'q') && i + 1 < len && s[i + 1] >= '1' && s[i + 1] <= '4')
            *quarter = s[i + 1] - '0';
    }
    return *year >= SC_PERIOD_MIN_YEAR && *year <= SC_PERIOD_MAX_YEAR && *quarter > 0;
}

static void set_hint(const char *s, char *hint, size_t hint_n, const char *why)
{
    int y, q;
    if (!hint || !hint_n)
        return;
    if (guess(s, &y, &q)) {
        char canon[SC_PERIOD_ID_LEN];
        sc_period_format(sc_period_make(y, q), canon);
        snprintf(hint, hint_n, "%s: quarters are written YYYY-YY-Qn; did you mean %s?", why, canon);
    } else {
        snprintf(hint, hint_n,
                 "%s: quarters are written YYYY-YY-Qn, e.g. 2020-21-Q1 for April-June 2020", why);
    }
}

bool sc_period_parse(const char *s, sc_period *out, char *hint, size_t hint_n)
{
    if (!s) {
        set_hint("", hint, hint_n, "missing quarter");
        return false;
    }
    if (strlen(s) != 10 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) ||
        s[7] != '-' || s[8] != 'Q' || s[9] < '1' || s[9] > '4') {
        set_hint(s, hint, hint_n, "not a quarter id");
        return false;
    }
    int y = num(s, 4);
    int y2 = num(s + 5, 2);
    if (y < SC_PERIOD_MIN_YEAR || y > SC_PERIOD_MAX_YEAR) {
        if (hint && hint_n)
            snprintf(hint, hint_n,
                     "year out of range: financial years run from %d-%02d to %d-%02d, the "
                     "last whose quarters end within the year 9999",
                     SC_PERIOD_MIN_YEAR, (SC_PERIOD_MIN_YEAR + 1) % 100, SC_PERIOD_MAX_YEAR,
                     (SC_PERIOD_MAX_YEAR + 1) % 100);
        return false;
    }
    if (y2 != (y + 1) % 100) {
        if (hint && hint_n) {
            char canon[SC_PERIOD_ID_LEN];
            sc_period_format(sc_period_make(y, s[9] - '0'), canon);
            snprintf(hint, hint_n,
                     "the second year of a financial year is the first plus one; did you mean %s?",
                     canon);
        }
        return false;
    }
    *out = sc_period_make(y, s[9] - '0');
    return true;
}
