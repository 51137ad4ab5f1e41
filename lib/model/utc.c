/* utc.c - RFC 3339 instants in the store's UTC form (utc.h). */
#include "utc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool sc_utc_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    int year = atoi(s), month = atoi(s + 5), day = atoi(s + 8);
    return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

/* YYYY-MM-DDTHH:MM:SS into tm: a real calendar date and time of day. */
static bool read_date_time(const char *s, struct tm *tm)
{
    if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
        return false;
    int year = atoi(s), month = atoi(s + 5);
    *tm = (struct tm){.tm_year = year - 1900,
                      .tm_mon = month - 1,
                      .tm_mday = atoi(s + 8),
                      .tm_hour = atoi(s + 11),
                      .tm_min = atoi(s + 14),
                      .tm_sec = atoi(s + 17)};
    return year >= 1 && month >= 1 && month <= 12 && tm->tm_mday >= 1 &&
           tm->tm_mday <= days_in_month(year, month) && tm->tm_hour <= 23 && tm->tm_min <= 59 &&
           tm->tm_sec <= 60;
}

/* [.frac](Z|+HH:MM|-HH:MM) to the end: milliseconds and the offset east of
 * UTC in seconds. */
static bool read_fraction_offset(const char *p, int *ms, long *offset)
{
    *ms = 0;
    *offset = 0;
    if (*p == '.') {
        p++;
        int n = 0;
        for (; isdigit((unsigned char)*p); n++, p++)
            if (n < 3)
                *ms = *ms * 10 + (*p - '0');
        if (n == 0)
            return false;
        for (; n < 3; n++)
            *ms *= 10;
    }
    if (*p == 'Z' || *p == 'z')
        return p[1] == '\0';
    if ((*p != '+' && *p != '-') || !digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2) ||
        p[6] != '\0' || atoi(p + 1) > 23 || atoi(p + 4) > 59)
        return false;
    *offset = (atoi(p + 1) * 60 + atoi(p + 4)) * 60L * (*p == '-' ? -1 : 1);
    return true;
}

bool sc_utc_parse(const char *s, char out[32])
{
    struct tm tm;
    int ms;
    long offset;
    if (!s || !read_date_time(s, &tm) || !read_fraction_offset(s + 19, &ms, &offset))
        return false;
    time_t t = timegm(&tm);
    if (t == (time_t)-1)
        return false;
    t -= offset;
    struct tm utc;
    /* the store's times, and RFC 3339's, have four-digit years: an offset
     * must not carry 9999-12-31 into the year 10000, nor 0001-01-01 into 0 */
    if (!gmtime_r(&t, &utc) || utc.tm_year + 1900 < 1 || utc.tm_year + 1900 > 9999)
        return false;
    int n = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms);
    return n > 0 && n < 32;
}

time_t sc_utc_seconds(const char *s)
{
    struct tm tm;
    if (!s || !read_date_time(s, &tm))
        return (time_t)-1;
    return timegm(&tm);
}
