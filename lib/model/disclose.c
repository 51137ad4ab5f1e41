/* disclose.c - the disclosure rules (disclose.h). */
#include "disclose.h"

bool sc_disclose_count(double count, int threshold)
{
    return threshold > 0 && count < threshold;
}

bool sc_disclose_ratio(int64_t numerator, int64_t denominator, int threshold)
{
    return sc_disclose_count((double)numerator, threshold) ||
           sc_disclose_count((double)denominator, threshold) ||
           sc_disclose_count((double)(denominator - numerator), threshold);
}

bool sc_disclose_result(const sc_indicator *ind, const sc_result *r, int threshold)
{
    if (r->availability != SC_AVAIL_REPORTED)
        return false;
    if (r->has_ratio && sc_disclose_ratio(r->numerator, r->denominator, threshold))
        return true;
    if (r->has_count && sc_disclose_count((double)r->count, threshold))
        return true;
    return ind->unit == SC_UNIT_COUNT && r->has_value && sc_disclose_count(r->value, threshold);
}
