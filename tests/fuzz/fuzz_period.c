/* fuzz_period.c - the quarter-id parser (sc_period_parse, lib/period.c).
 *
 * Input: the bytes of a would-be quarter id. The first byte also picks the
 * size of the hint buffer (0-255 bytes, allocated exactly so an overflow
 * is caught). Invariants: a parsed id formats back to exactly the input
 * (only the canonical spelling is accepted), its year and quarter are in
 * range, and the hint is always NUL-terminated within its buffer. */
#include <string.h>

#include "fuzz.h"
#include "period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strndup(data, size);
    size_t hint_n = size ? data[0] : 0;
    char *hint = hint_n ? malloc(hint_n) : NULL;
    if (hint)
        memset(hint, 'x', hint_n);

    sc_period p = SC_PERIOD_NONE;
    bool ok = sc_period_parse(s, &p, hint, hint_n);
    if (ok) {
        char canon[SC_PERIOD_ID_LEN];
        sc_period_format(p, canon);
        FUZZ_CHECK(strcmp(canon, s) == 0, "\"%s\" parsed but formats as \"%s\"", s, canon);
        FUZZ_CHECK(sc_period_year(p) >= SC_PERIOD_MIN_YEAR &&
                       sc_period_year(p) <= SC_PERIOD_MAX_YEAR,
                   "year %d", sc_period_year(p));
        FUZZ_CHECK(sc_period_quarter(p) >= 1 && sc_period_quarter(p) <= 4, "quarter %d",
                   sc_period_quarter(p));
        sc_period back;
        FUZZ_CHECK(sc_period_parse(canon, &back, NULL, 0) && back == p, "round trip of %s", canon);
    } else if (hint) {
        FUZZ_CHECK(memchr(hint, '\0', hint_n) != NULL, "hint not terminated");
    }
    /* the parse with no hint buffer must agree */
    sc_period p2 = SC_PERIOD_NONE;
    FUZZ_CHECK(sc_period_parse(s, &p2, NULL, 0) == ok && (!ok || p2 == p), "hint changes result");
    free(hint);
    free(s);
    return 0;
}
