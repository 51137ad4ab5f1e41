#!/usr/bin/env bash
# bench/as_of.sh - a past as_of read against the same read of now (issue 12).
#
#   bench/as_of.sh [BUILD_DIR]      (default build-release, else build)
#
# On the synthetic 500 x 80 dataset (bench/gen.py): loads it, notes an
# instant T, pushes one 500-result return (every value changed), then
# BENCH_AS_OF_ROUNDS times (default 7): makes one small write (so nothing is
# answered from the render cache), and times the first GET of the quarter's
# summary, indicator list and report now, and as_of an instant between T and
# the push (a different millisecond each round, so never cached either).
# Prints the medians and the ratio as_of / now; the target is a ratio of at
# most 3 for each. Traffic goes to 127.0.0.1 only; everything started here
# is stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
BUILD=${1:-}
[ -n "$BUILD" ] || { [ -x "$ROOT/build-release/server/scrutiny" ] && BUILD=$ROOT/build-release || BUILD=$ROOT/build; }
EXE=$BUILD/server/scrutiny
ROUNDS=${BENCH_AS_OF_ROUNDS:-7}
PORT=${BENCH_AS_OF_PORT:-18398}
Q=2020-21-Q1
TMP=$(mktemp -d)
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

python3 "$HERE/gen.py" --out "$TMP/syn" >/dev/null
SCRUTINY_DEMO_DIR=$TMP/syn "$EXE" demo load --db "$TMP/syn.db" >/dev/null 2>&1
KEY=$("$EXE" keys create --role writer --name bench --db "$TMP/syn.db" | tail -1)
"$EXE" serve --db "$TMP/syn.db" --port "$PORT" --quiet 2>"$TMP/serve.log" &
SPID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
BASE=http://127.0.0.1:$PORT/api/v1

# every value moves, so that the past differs from now everywhere
python3 - "$TMP/syn/return-$Q.json" "$TMP/push.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for it in d.get("indicators", []):
    if "numerator" in it and it["numerator"] > 0:
        it["numerator"] -= 1
        it.pop("value", None)
    elif isinstance(it.get("value"), (int, float)):
        it["value"] = round(it["value"] * 0.9, 1)
json.dump(d, open(sys.argv[2], "w"))
PY
sleep 0.3
T0=$(date -u +%s%3N)
sleep 0.3
code=$(curl -s -o "$TMP/push.out" -w '%{http_code}' -X PUT -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' --data-binary @"$TMP/push.json" "$BASE/quarters/$Q/return")
[ "$code" = 200 ] || { echo "as_of.sh: the push answered $code: $(head -c 300 "$TMP/push.out")" >&2; exit 1; }

instant() { date -u -d "@$(( ($1) / 1000 )).$(printf '%03d' $(( ($1) % 1000 )))" +%Y-%m-%dT%H:%M:%S.%3NZ; }
time_get() { curl -s -o /dev/null -w '%{time_total}' "$1"; }
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

declare -A now asof
for r in $(seq "$ROUNDS"); do
  # one small write: a new data version, so "now" is rendered afresh too
  curl -s -o /dev/null -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"value\": $((1000 + r))}" "$BASE/quarters/$Q/demand/contacts"
  at=$(instant $((T0 + r * 10)))
  for read in summary indicators report; do
    now[$read]+="$(time_get "$BASE/quarters/$Q/$read") "
    asof[$read]+="$(time_get "$BASE/quarters/$Q/$read?as_of=$at") "
  done
done
printf '%-12s %12s %12s %8s %s\n' read "now ms" "as_of ms" ratio verdict
fail=0
for read in summary indicators report; do
  n=$(median ${now[$read]}); a=$(median ${asof[$read]})
  line=$(awk -v n="$n" -v a="$a" 'BEGIN { r = a / n; printf "%12.1f %12.1f %8.2f %s", n * 1000, a * 1000, r, r <= 3 ? "PASS" : "FAIL" }')
  printf '%-12s %s\n' "$read" "$line"
  case $line in *FAIL) fail=1 ;; esac
done
exit $fail
