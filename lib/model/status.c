/* status.c - status rules and the names of statuses (see status.h). */
#include "status.h"

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

sc_status sc_status_compare(sc_polarity polarity, int64_t value, int64_t target, int64_t tolerance)
{
    int64_t gap = polarity == SC_HIGHER_IS_BETTER ? value - target : target - value;
    if (gap >= 0)
        return SC_STATUS_BETTER;
    if (gap >= -tolerance)
        return SC_STATUS_WITHIN;
    return SC_STATUS_OUTSIDE;
}

sc_status sc_status_judge(const sc_status_input *in)
{
    if (!in->has_result)
        return SC_STATUS_NOT_SUBMITTED;
    switch (in->availability) {
    case SC_AVAIL_NOT_AVAILABLE:
        return SC_STATUS_NOT_AVAILABLE;
    case SC_AVAIL_ANNUAL_NOT_DUE:
        return SC_STATUS_ANNUAL_NOT_DUE;
    case SC_AVAIL_SUSPENDED:
        return SC_STATUS_SUSPENDED;
    case SC_AVAIL_REPORTED:
    case SC_AVAIL_COUNT:
        break;
    }
    if (!in->has_target)
        return SC_STATUS_TARGET_TBC;
    return sc_status_compare(in->polarity, in->value_scaled, in->target_scaled,
                             in->tolerance_scaled);
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

bool sc_polarity_from_key(const char *key, sc_polarity *out)
{
    int i;
    if (!lookup(sc_polarity_keys, SC_POLARITY_COUNT, key, &i))
        return false;
    *out = (sc_polarity)i;
    return true;
}
