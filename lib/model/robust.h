/* robust.h - how far a figure lies from its own recent history, measured
 * so that one earlier outlier does not hide the next: the modified z-score
 * of Iglewicz and Hoaglin, 0.6745 (x - median) / MAD, where MAD is the
 * median absolute deviation of the history from its median. The push
 * warnings (return_warnings.h) use it with SC_ROBUST_THRESHOLD.
 */
#ifndef SC_ROBUST_H
#define SC_ROBUST_H

#include <stdbool.h>
#include <stddef.h>

/* Iglewicz and Hoaglin's cut-off: |score| above 3.5 is a likely outlier. */
#define SC_ROBUST_THRESHOLD 3.5
/* Fewer points than this say too little about a figure's usual range. */
#define SC_ROBUST_MIN_POINTS 4

typedef struct {
    double median; /* of the history */
    double mad;    /* median absolute deviation from it */
    double score;  /* 0.6745 (x - median) / mad */
} sc_robust;

/* Scores x against history[0..n) into *out. Returns false, *out untouched,
 * when n < SC_ROBUST_MIN_POINTS or the MAD is 0 (at least half the history
 * is one value: no spread to measure against). history is not changed. */
bool sc_robust_score(const double *history, size_t n, double x, sc_robust *out);

#endif
