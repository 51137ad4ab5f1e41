/* calendar.c - a quarter's calendar and its state on a day (calendar.h). */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "utc.h"

const char *const sc_meeting_kind_keys[SC_MEETING_N] = {"finance_review", "challenge", "scrutiny"};
const char *const sc_cycle_state_keys[SC_CYCLE_N] = {"awaiting_return", "overdue", "submitted",
                                                     "signed_off"};

/* A required full-date member of obj copied into out. */
static void take_date(const json_t *obj, const char *base, const char *key, char *out,
                      sc_errors *errs)
{
    const char *s = NULL;
    if (sc_jv_string(obj, base, key, true, 10, 10, true, &s, errs) != SC_JV_OK)
        return;
    if (!sc_utc_date_valid(s)) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "%s/%s", base, key);
        sc_errors_add(errs, ptr, "%s must be a date written YYYY-MM-DD (got \"%.20s\")", key, s);
        return;
    }
    memcpy(out, s, SC_DATE_LEN);
}

static int by_date(const void *a, const void *b)
{
    return strcmp(((const sc_meeting *)a)->date, ((const sc_meeting *)b)->date);
}

static sc_rc take_meeting(const json_t *m, const char *base, sc_meeting *out, sc_errors *errs)
{
    static const char *const members[] = {"date", "kind", "name", NULL};
    if (!sc_jv_object(m, base, members, errs))
        return SC_EINVALID;
    take_date(m, base, "date", out->date, errs);
    int kind = 0;
    sc_jv_enum(m, base, "kind", true, sc_meeting_kind_keys, SC_MEETING_N, &kind, errs);
    out->kind = (sc_meeting_kind)kind;
    const char *name = NULL;
    sc_jv_string(m, base, "name", false, 1, SC_MEETING_NAME_MAX, true, &name, errs);
    if (name && !(out->name = strdup(name)))
        return SC_ENOMEM;
    return SC_OK;
}

sc_rc sc_calendar_from_json(const json_t *doc, sc_calendar *out, sc_errors *errs)
{
    static const char *const members[] = {"return_due", "meetings", NULL};
    memset(out, 0, sizeof *out);
    size_t before = errs->count;
    if (!sc_jv_object(doc, "", members, errs))
        return SC_EINVALID;
    take_date(doc, "", "return_due", out->return_due, errs);
    const json_t *ms = json_object_get(doc, "meetings");
    if (!json_is_array(ms) || json_array_size(ms) > SC_CALENDAR_MEETINGS_MAX) {
        sc_errors_add(errs, "/meetings", "meetings must be an array of 0-%d meetings",
                      SC_CALENDAR_MEETINGS_MAX);
        return SC_EINVALID;
    }
    size_t n = json_array_size(ms);
    out->meetings = n ? calloc(n, sizeof *out->meetings) : NULL;
    if (n && !out->meetings)
        return SC_ENOMEM;
    out->count = n;
    for (size_t i = 0; i < n; i++) {
        char base[32];
        snprintf(base, sizeof base, "/meetings/%zu", i);
        if (take_meeting(json_array_get(ms, i), base, &out->meetings[i], errs) == SC_ENOMEM) {
            sc_calendar_clear(out);
            return SC_ENOMEM;
        }
    }
    if (errs->count > before) {
        sc_calendar_clear(out);
        return SC_EINVALID;
    }
    if (n > 1) /* qsort of no meetings would pass a null array */
        qsort(out->meetings, n, sizeof *out->meetings, by_date);
    return SC_OK;
}

json_t *sc_calendar_to_json(const sc_calendar *c)
{
    json_t *ms = json_array();
    for (size_t i = 0; i < c->count; i++)
        json_array_append_new(ms, json_pack("{s:s, s:s, s:o}", "date", c->meetings[i].date, "kind",
                                            sc_meeting_kind_keys[c->meetings[i].kind], "name",
                                            sc_jv_new_string_or_null(c->meetings[i].name)));
    return json_pack("{s:s, s:o}", "return_due", c->return_due, "meetings", ms);
}

static bool names_equal(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool sc_calendar_equal(const sc_calendar *a, const sc_calendar *b)
{
    if (strcmp(a->return_due, b->return_due) != 0 || a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const sc_meeting *x = &a->meetings[i], *y = &b->meetings[i];
        if (strcmp(x->date, y->date) != 0 || x->kind != y->kind || !names_equal(x->name, y->name))
            return false;
    }
    return true;
}

void sc_calendar_clear(sc_calendar *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        free(c->meetings[i].name);
    free(c->meetings);
    memset(c, 0, sizeof *c);
}

const sc_meeting *sc_calendar_next_meeting(const sc_calendar *c, const char *today)
{
    for (size_t i = 0; c && i < c->count; i++)
        if (strcmp(c->meetings[i].date, today) >= 0)
            return &c->meetings[i];
    return NULL;
}

const sc_meeting *sc_calendar_last_meeting(const sc_calendar *c, const char *today)
{
    const sc_meeting *last = NULL;
    for (size_t i = 0; c && i < c->count && strcmp(c->meetings[i].date, today) < 0; i++)
        last = &c->meetings[i];
    return last;
}

sc_cycle_state sc_cycle_state_on(const sc_calendar *c, bool locked, size_t missing,
                                 const char *today)
{
    if (locked)
        return SC_CYCLE_SIGNED_OFF;
    if (!missing)
        return SC_CYCLE_SUBMITTED;
    if (c && c->return_due[0] && strcmp(today, c->return_due) > 0)
        return SC_CYCLE_OVERDUE;
    return SC_CYCLE_AWAITING_RETURN;
}

bool sc_calendar_finance_stale(const char *as_at, const char *date)
{
    int y, m;
    if (!as_at || sscanf(date, "%4d-%2d", &y, &m) != 2)
        return false;
    if (--m == 0) {
        m = 12;
        y--;
    }
    char wanted[32];
    snprintf(wanted, sizeof wanted, "%04d-%02d", y, m);
    return strcmp(as_at, wanted) < 0;
}
