# shellcheck shell=bash
# bench/lib.sh - what the benchmark scripts share; sourced, not run.

# median N...: the median of the numbers (the mean of the middle two of an
# even count, to 3 decimals)
median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
