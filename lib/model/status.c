/* status.c - status rules and the names of statuses (see status.h). */
#include "status.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "enumkey.h"

const char *const sc_status_keys[SC_STATUS_COUNT] = {
    "outside_target_range", "within_target_range", "better_than_target", "not_available",
    "annual_not_due",       "target_tbc",          "suspended",          "not_submitted",
};

static const char *const status_labels[SC_STATUS_COUNT] = {
    "Outside target range",
    "Within target range",
    "Better than target",
    "Not available",
    "Annual KPI not yet due",
    "Target figure to be confirmed",
    "Suspended",
    "Not submitted",
};

const char *const sc_availability_keys[SC_AVAIL_COUNT] = {"reported", "not_available",
                                                          "annual_not_due", "suspended"};

const char *const sc_polarity_keys[SC_POLARITY_COUNT] = {"higher_is_better", "lower_is_better"};

const char *const sc_status_rule_keys[SC_RULE_COUNT] = {
    "no_result",    "not_reported",     "no_target",
    "meets_target", "within_tolerance", "outside_tolerance",
};

static const char *const rule_texts[SC_RULE_COUNT] = {
    "no result was submitted for the quarter",
    "the result is not reported (its availability), so it is not judged against the target",
    "no target is in force for the quarter",
    "the gap to the target is 0 or more: meeting the target counts as better than target",
    "the gap to the target is negative but no larger than the tolerance",
    "the gap to the target is larger than the tolerance",
};

static sc_status_verdict compare(sc_polarity polarity, int64_t value, int64_t target,
                                 int64_t tolerance)
{
    sc_status_verdict v = {.has_gap = true};
    v.gap_scaled = polarity == SC_HIGHER_IS_BETTER ? value - target : target - value;
    if (v.gap_scaled >= 0)
        v.status = SC_STATUS_BETTER, v.rule = SC_RULE_MEETS_TARGET;
    else if (v.gap_scaled >= -tolerance)
        v.status = SC_STATUS_WITHIN, v.rule = SC_RULE_WITHIN_TOLERANCE;
    else
        v.status = SC_STATUS_OUTSIDE, v.rule = SC_RULE_OUTSIDE_TOLERANCE;
    return v;
}

sc_status sc_status_compare(sc_polarity polarity, int64_t value, int64_t target, int64_t tolerance)
{
    return compare(polarity, value, target, tolerance).status;
}

sc_status_verdict sc_status_decide(const sc_status_input *in)
{
    sc_status_verdict v = {.rule = SC_RULE_NOT_REPORTED};
    if (!in->has_result) {
        v.status = SC_STATUS_NOT_SUBMITTED, v.rule = SC_RULE_NO_RESULT;
        return v;
    }
    switch (in->availability) {
    case SC_AVAIL_NOT_AVAILABLE:
        v.status = SC_STATUS_NOT_AVAILABLE;
        return v;
    case SC_AVAIL_ANNUAL_NOT_DUE:
        v.status = SC_STATUS_ANNUAL_NOT_DUE;
        return v;
    case SC_AVAIL_SUSPENDED:
        v.status = SC_STATUS_SUSPENDED;
        return v;
    case SC_AVAIL_REPORTED:
    case SC_AVAIL_COUNT:
        break;
    }
    if (!in->has_target) {
        v.status = SC_STATUS_TARGET_TBC, v.rule = SC_RULE_NO_TARGET;
        return v;
    }
    return compare(in->polarity, in->value_scaled, in->target_scaled, in->tolerance_scaled);
}

sc_status sc_status_judge(const sc_status_input *in)
{
    return sc_status_decide(in).status;
}

static bool lookup(const char *const *keys, int n, const char *key, int *out)
{
    int i = sc_enumkey_find(keys, n, key);
    if (i < 0)
        return false;
    *out = i;
    return true;
}

const char *sc_status_key(sc_status s)
{
    return (unsigned)s < SC_STATUS_COUNT ? sc_status_keys[s] : NULL;
}

const char *sc_status_label(sc_status s)
{
    return (unsigned)s < SC_STATUS_COUNT ? status_labels[s] : NULL;
}

char *sc_status_phrase(sc_status s, char *buf, size_t n)
{
    snprintf(buf, n, "%s", (unsigned)s < SC_STATUS_COUNT ? status_labels[s] : "");
    buf[0] = (char)tolower((unsigned char)buf[0]);
    return buf;
}

bool sc_status_from_key(const char *key, sc_status *out)
{
    int i;
    if (!lookup(sc_status_keys, SC_STATUS_COUNT, key, &i))
        return false;
    *out = (sc_status)i;
    return true;
}

const char *sc_availability_key(sc_availability a)
{
    return (unsigned)a < SC_AVAIL_COUNT ? sc_availability_keys[a] : NULL;
}

bool sc_availability_from_key(const char *key, sc_availability *out)
{
    int i;
    if (!lookup(sc_availability_keys, SC_AVAIL_COUNT, key, &i))
        return false;
    *out = (sc_availability)i;
    return true;
}

const char *sc_polarity_key(sc_polarity p)
{
    return (unsigned)p < SC_POLARITY_COUNT ? sc_polarity_keys[p] : NULL;
}

const char *sc_polarity_words(sc_polarity p)
{
    return p == SC_HIGHER_IS_BETTER ? "higher is better" : "lower is better";
}

const char *sc_status_rule_key(sc_status_rule r)
{
    return (unsigned)r < SC_RULE_COUNT ? sc_status_rule_keys[r] : NULL;
}

const char *sc_status_rule_text(sc_status_rule r)
{
    return (unsigned)r < SC_RULE_COUNT ? rule_texts[r] : NULL;
}

bool sc_polarity_from_key(const char *key, sc_polarity *out)
{
    int i;
    if (!lookup(sc_polarity_keys, SC_POLARITY_COUNT, key, &i))
        return false;
    *out = (sc_polarity)i;
    return true;
}
