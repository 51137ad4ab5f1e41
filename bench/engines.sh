#!/usr/bin/env bash
# bench/engines.sh - the engines side by side (issue 15), run by
# `bench/run.sh --engine postgres`: one scrutiny node on SQLite, one node on
# PostgreSQL, and two PostgreSQL nodes on one database behind nginx
# round-robin, in the same run, on the same demo data (or --synthetic).
#
# For each hot read (wrk, cached answers: the same paths as bench/run.sh):
# req/s and p99 of the SQLite node, of the PostgreSQL node, of that node
# through nginx (what the balancer itself costs), and of the two nodes
# through nginx; the ratios PostgreSQL/SQLite (target >= 0.5) and two
# nodes / one node through the same balancer (target >= 1.6, when the load
# generator is not the bottleneck). Then the durable push of the full
# 2020/21 Q1 return (bench/push.c) on each engine: median and p99 (target
# on PostgreSQL: median <= 20 ms).
#
# Then the same two configurations again with each node held to a share of
# one CPU (BENCH_NODE_CPU percent, default 10, a cgroup CPU quota per node):
# the nodes are then the bottleneck, not wrk, nginx or PostgreSQL, which is
# the condition of the 1.6x target on a machine too small to give each node
# CPUs of its own. Needs root and a cgroup cpu controller (v1 or v2);
# without them the report says it was not measured.
#
# With --orgs N (best with --synthetic): then fills the PostgreSQL
# database with N organisations of the same size (N - 1 more schemas,
# each a copy of the first organisation's tables) and measures the first
# organisation's hot reads on a fresh node again: the target is within 2x
# of the single-organisation figures.
#
# Placement: wrk and the push timer on the first CPU, every server process
# (scrutiny nodes, nginx, PostgreSQL) on the others, as bench/run.sh. On a
# 2-CPU machine the two nodes share one CPU with PostgreSQL and nginx, so
# they cannot scale: the report says so rather than hide it.
# Traffic goes to 127.0.0.1 only; everything started here stops on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

SYNTHETIC=0
ORGS=0
prev=""
for arg in "$@"; do
  if [ "$prev" = --orgs ]; then ORGS=$arg; prev=""; continue; fi
  case "$arg" in
    --synthetic) SYNTHETIC=1 ;;
    --orgs) prev=--orgs ;;
    --engine|postgres|--engine=postgres) ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "engines.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
WARMUP=${BENCH_WARMUP:-2}
PUSHES=${BENCH_PUSHES:-200}
PUSH_WARMUP=${BENCH_PUSH_WARMUP:-5}
PORT=${BENCH_PORT:-18330}
BUILD_DIR=${BENCH_BUILD_DIR:-build-release}
KEEP=${BENCH_KEEP:-0}
NODE_CPU=${BENCH_NODE_CPU:-10}
QUARTER=2020-21-Q1
for v in ORGS NODE_CPU DURATION ROUNDS CONNECTIONS WARMUP PUSHES PUSH_WARMUP PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "engines.sh: $v must be a whole number" >&2; exit 2; }
done
(( PORT >= 18300 && PORT <= 18394 )) || { echo "engines.sh: BENCH_PORT must be 18300-18394" >&2; exit 2; }
P_SQLITE=$PORT P_PG1=$((PORT + 1)) P_PG2=$((PORT + 2)) P_LB2=$((PORT + 3)) P_LB1=$((PORT + 4))

say() { printf '%s\n' "engines.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

CORES=$(nproc)
if (( CORES >= 2 )) && command -v taskset >/dev/null; then
  LOAD_RUN=(taskset -c 0) SERVER_RUN=(taskset -c "1-$((CORES - 1))") PLACEMENT="wrk on CPU 0, servers on CPUs 1-$((CORES - 1))"
else
  LOAD_RUN=() SERVER_RUN=() PLACEMENT="shared: wrk and every server on every CPU"
fi

PIDS=()
TMP=""
PG_DIR=""
CGROUPS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for p in "${CGROUPS[@]}"; do rmdir "$p" 2>/dev/null || true; done
  [ -n "$PG_DIR" ] && "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
  if [ -n "$TMP" ]; then
    if [ "$KEEP" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for c in wrk nginx curl cc python3 pkg-config; do
  command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] ||
    die "$c is missing: run bench/run.sh once (it installs what the benchmarks need)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

say "building scrutiny in $BUILD_DIR (release)"
(cd "$ROOT" && scripts/build.sh "$BUILD_DIR" -Dbuildtype=release -Dtests=false) >/dev/null 2>&1 ||
  die "build failed (run: scripts/build.sh $BUILD_DIR -Dbuildtype=release -Dtests=false)"
BIN=$ROOT/$BUILD_DIR/server/scrutiny

TMP=$(mktemp -d /tmp/scrutiny-engines.XXXXXX)
chmod 755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/nginx/tmp"
# shellcheck disable=SC2046 # pkg-config's flags are meant to split
cc -std=c17 -O2 -Wall -o "$TMP/bin/push" "$HERE/push.c" $(pkg-config --cflags --libs libcurl jansson) -lm ||
  die "cannot build bench/push.c"

DEMO_DIR=$ROOT/data/demo
HISTORY_CODE=${BENCH_HISTORY_CODE:-CP-SEEN}
PUSH_FILE=$DEMO_DIR/return-2020-21-Q1.json
if [ "$SYNTHETIC" = 1 ]; then
  DEMO_DIR=$TMP/synthetic
  python3 "$HERE/gen.py" --out "$DEMO_DIR" --indicators "${BENCH_SYN_INDICATORS:-500}" \
    --quarters "${BENCH_SYN_QUARTERS:-80}" >/dev/null || die "bench/gen.py failed"
  HISTORY_CODE=${BENCH_HISTORY_CODE:-SYN-PFS-000}
  PUSH_FILE=$DEMO_DIR/return-2020-21-Q1.json
fi

say "starting a throw-away PostgreSQL cluster"
PG_DIR=$TMP/pg
PG_URI=$("${SERVER_RUN[@]}" "$ROOT/scripts/pg-cluster.sh" start "$PG_DIR") || die "cannot start PostgreSQL"
psql -X -q "$PG_URI" -c "CREATE DATABASE bench" >/dev/null || die "cannot create the database"
PG_DB_URI=${PG_URI%/*}/bench

now_ns() { date +%s%N; }
wait_port() { # port pid what
  local t0 code
  t0=$(now_ns)
  while :; do
    kill -0 "$2" 2>/dev/null || die "$3 exited at start-up (see $TMP/*.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' "http://127.0.0.1:$1/healthz" || true)
    [ "$code" = 200 ] && return 0
    (( ($(now_ns) - t0) / 1000000000 < 900 )) || die "$3 did not answer in 900 s"
    sleep 0.05
  done
}
start_node() { # port db log
  SCRUTINY_DEMO_DIR=$DEMO_DIR "${SERVER_RUN[@]}" "$BIN" serve --demo --quiet --host 127.0.0.1 \
    --port "$1" --db "$2" >>"$TMP/$3.log" 2>&1 &
  PIDS+=($!)
  NODE_PID[$1]=$!
  wait_port "$1" $! "scrutiny ($3)"
}
declare -A NODE_PID # port -> the scrutiny process listening there

say "starting the SQLite node, loading the data"
start_node "$P_SQLITE" "$TMP/bench.db" sqlite
say "starting PostgreSQL node 1, loading the data"
start_node "$P_PG1" "$PG_DB_URI" pg1
say "starting PostgreSQL node 2 on the same database"
start_node "$P_PG2" "$PG_DB_URI" pg2

cat >"$TMP/nginx/nginx.conf" <<EOF
# round-robin in front of the PostgreSQL nodes (bench/engines.sh)
daemon off;
worker_processes $(( CORES > 1 ? CORES - 1 : 1 ));
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/tmp/body;
  proxy_temp_path $TMP/nginx/tmp/proxy;
  fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
  scgi_temp_path $TMP/nginx/tmp/scgi;
  upstream two { server 127.0.0.1:$P_PG1; server 127.0.0.1:$P_PG2; keepalive 64; }
  upstream one { server 127.0.0.1:$P_PG1; keepalive 64; }
  server {
    listen 127.0.0.1:$P_LB2;
    location / { proxy_pass http://two; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  server {
    listen 127.0.0.1:$P_LB1;
    location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
"${SERVER_RUN[@]}" "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
PIDS+=($!)
wait_port "$P_LB2" $! nginx

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
# wrk_rps port path: "rps p99_ms wrk_cpu%" of one measured run
wrk_run() {
  local out=$TMP/wrk.txt t
  (( WARMUP > 0 )) && "${LOAD_RUN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$1$2" >/dev/null 2>&1
  { TIMEFORMAT='%U %S'; time "${LOAD_RUN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
      -s "$HERE/report.lua" "http://127.0.0.1:$1$2" >"$out" 2>&1; } 2>"$TMP/wrk.time" || { cat "$out" >&2; die "wrk failed"; }
  local line rps p99 es
  line=$(sed -n 's/^BENCH //p' "$out")
  rps=$(tr ' ' '\n' <<<"$line" | sed -n 's/^rps=//p')
  p99=$(tr ' ' '\n' <<<"$line" | sed -n 's/^p99_us=//p')
  es=$(tr ' ' '\n' <<<"$line" | sed -n 's/^err_status=//p')
  (( ${es:-0} == 0 )) || die "wrk saw $es non-2xx answers on $1$2"
  t=$(awk -v d="$DURATION" '{ printf "%.0f", ($1 + $2) / d * 100 }' "$TMP/wrk.time")
  echo "$rps $(awk -v u="$p99" 'BEGIN { printf "%.2f", u / 1000 }') $t"
}

paths() {
  cat <<EOF
indicators /api/v1/quarters/$QUARTER/indicators
summary /api/v1/quarters/$QUARTER/summary
demand /api/v1/demand?from=2019-20-Q1&to=$QUARTER
finance /api/v1/quarters/$QUARTER/finance
history /api/v1/indicators/$HISTORY_CODE/history
EOF
}

REPORT=$TMP/report.txt
{
  echo "scrutiny engines: $( [ "$SYNTHETIC" = 1 ] && echo synthetic || echo demo ) data, $CONNECTIONS connections, ${DURATION}s x $ROUNDS rounds (medians), $PLACEMENT"
  printf '%-11s %9s %7s %9s %7s %9s %9s %7s %8s %8s\n' endpoint sqlite p99 pg p99 "pg via lb" "2 via lb" p99 "pg/sql" "2/1"
} >"$REPORT"
SATURATED=()
WORST_PG=9 WORST_TWO=9
while read -r name path; do
  declare -a s=() p=() l=() t=() sp=() pp=() tp=()
  for ((r = 0; r < ROUNDS; r++)); do
    read -r a b c < <(wrk_run "$P_SQLITE" "$path"); s+=("$a"); sp+=("$b"); (( c >= 95 )) && SATURATED+=("$name sqlite")
    read -r a b c < <(wrk_run "$P_PG1" "$path"); p+=("$a"); pp+=("$b"); (( c >= 95 )) && SATURATED+=("$name pg")
    read -r a b c < <(wrk_run "$P_LB1" "$path"); l+=("$a")
    read -r a b c < <(wrk_run "$P_LB2" "$path"); t+=("$a"); tp+=("$b"); (( c >= 95 )) && SATURATED+=("$name two")
  done
  ms=$(median "${s[@]}") mp=$(median "${p[@]}") ml=$(median "${l[@]}") mt=$(median "${t[@]}")
  r1=$(awk -v a="$mp" -v b="$ms" 'BEGIN { printf "%.2f", a / b }')
  r2=$(awk -v a="$mt" -v b="$ml" 'BEGIN { printf "%.2f", a / b }')
  WORST_PG=$(awk -v a="$r1" -v b="$WORST_PG" 'BEGIN { print (a < b) ? a : b }')
  WORST_TWO=$(awk -v a="$r2" -v b="$WORST_TWO" 'BEGIN { print (a < b) ? a : b }')
  printf '%-11s %9.0f %7s %9.0f %7s %9.0f %9.0f %7s %8s %8s\n' "$name" "$ms" "$(median "${sp[@]}")" "$mp" \
    "$(median "${pp[@]}")" "$ml" "$mt" "$(median "${tp[@]}")" "$r1" "$r2" >>"$REPORT"
  say "measured $name"
done < <(paths)

# ---- two nodes when the nodes are the bottleneck ----
# cap_node pid name: puts the process in a cgroup of its own holding it to
# NODE_CPU percent of one CPU (10 ms periods: longer ones stall a node in
# bursts, and a closed-loop load then measures the stalls); false when this
# machine cannot (not root, no cpu controller)
cap_node() {
  local dir period=10000 quota=$((NODE_CPU * 100))
  if [ -w /sys/fs/cgroup/cpu ] && [ -e /sys/fs/cgroup/cpu/cgroup.procs ]; then
    dir=/sys/fs/cgroup/cpu/scrutiny-bench-$$-$2
    mkdir -p "$dir" 2>/dev/null || return 1
    CGROUPS+=("$dir")
    echo "$period" >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us" || return 1
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || return 1
    dir=/sys/fs/cgroup/scrutiny-bench-$$-$2
    mkdir -p "$dir" 2>/dev/null || return 1
    CGROUPS+=("$dir")
    echo "$quota $period" >"$dir/cpu.max" || return 1
  else
    return 1
  fi
  echo "$1" >"$dir/cgroup.procs"
}
uncap_node() { # pid
  if [ -e /sys/fs/cgroup/cpu/cgroup.procs ]; then echo "$1" >/sys/fs/cgroup/cpu/cgroup.procs
  else echo "$1" >/sys/fs/cgroup/cgroup.procs; fi 2>/dev/null || true
}
NODE1_PID=${NODE_PID[$P_PG1]} NODE2_PID=${NODE_PID[$P_PG2]}
WORST_CAPPED=""
capped() { cap_node "$NODE1_PID" n1 && cap_node "$NODE2_PID" n2; } 2>/dev/null
if (( NODE_CPU > 0 && NODE_CPU < 100 )) && capped; then
  say "each PostgreSQL node held to $NODE_CPU% of one CPU: one node and two through nginx"
  {
    echo
    echo "each PostgreSQL node held to $NODE_CPU% of one CPU (a cgroup quota), so the nodes are the bottleneck:"
    printf '%-11s %12s %12s %8s\n' endpoint "1 via lb" "2 via lb" "2/1"
  } >>"$REPORT"
  WORST_CAPPED=9
  while read -r name path; do
    l=() t=()
    for ((r = 0; r < ROUNDS; r++)); do
      read -r a b c < <(wrk_run "$P_LB1" "$path"); l+=("$a")
      read -r a b c < <(wrk_run "$P_LB2" "$path"); t+=("$a")
    done
    ml=$(median "${l[@]}") mt=$(median "${t[@]}")
    r2=$(awk -v a="$mt" -v b="$ml" 'BEGIN { printf "%.2f", a / b }')
    WORST_CAPPED=$(awk -v a="$r2" -v b="$WORST_CAPPED" 'BEGIN { print (a < b) ? a : b }')
    printf '%-11s %12.0f %12.0f %8s\n' "$name" "$ml" "$mt" "$r2" >>"$REPORT"
  done < <(paths)
  uncap_node "$NODE1_PID"
  uncap_node "$NODE2_PID"
else
  # node 1 may have been capped before node 2 could not be: the pushes
  # below run on it
  uncap_node "$NODE1_PID"
  say "cannot hold a node to a share of a CPU here (needs root and a cgroup cpu controller): capped nodes not measured"
fi

say "pushes: $PUSHES timed returns on each engine"
python3 - "$PUSH_FILE" "$TMP/push-a.json" "$TMP/push-b.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for i, out in enumerate(sys.argv[2:]):
    d = json.loads(json.dumps(doc))
    d["indicators"][0]["commentary"] = "bench variant %d" % i
    json.dump(d, open(out, "w"))
EOF
push_on() { # port db label
  local key
  key=$("$BIN" keys create --db "$2" --role writer --name "bench-$3" | tail -1)
  "${LOAD_RUN[@]}" "$TMP/bin/push" "http://127.0.0.1:$1/api/v1/quarters/$QUARTER/return" "$key" \
    "$TMP/push-a.json" "$TMP/push-b.json" "$PUSHES" "$PUSH_WARMUP" "$TMP/push-$3.txt" || die "pushes failed on $3"
}
PUSH_SQLITE=$(push_on "$P_SQLITE" "$TMP/bench.db" sqlite)
PUSH_PG=$(push_on "$P_PG1" "$PG_DB_URI" pg)
{
  echo "push (full $QUARTER return, durable): sqlite $PUSH_SQLITE"
  echo "push (full $QUARTER return, durable): postgres $PUSH_PG"
  echo "PostgreSQL node / SQLite node, cached hot reads: worst ratio $WORST_PG (target >= 0.5)"
  echo "two PostgreSQL nodes / one, through the same nginx: worst ratio $WORST_TWO (target >= 1.6 when the load generator is not the bottleneck)"
  (( CORES <= 2 )) && echo "note: $CORES CPUs: both nodes, nginx and PostgreSQL share CPU 1, so two nodes cannot scale here"
  if [ -n "$WORST_CAPPED" ]; then
    echo "two PostgreSQL nodes / one, each node held to $NODE_CPU% of a CPU (the nodes the bottleneck): worst ratio $WORST_CAPPED (target >= 1.6)"
  else
    echo "two nodes with the nodes the bottleneck: not measured (no cgroup CPU quota here)"
  fi
  (( ${#SATURATED[@]} == 0 )) || echo "wrk used >= 95% of its CPU in: ${SATURATED[*]} (req/s there is a floor)"
} >>"$REPORT"

# ---- many organisations in one PostgreSQL database ----
# measure_pg port: one line per hot read, "name rps" (medians of ROUNDS)
measure_pg() {
  local name path r a b c rs
  while read -r name path; do
    rs=()
    for ((r = 0; r < ROUNDS; r++)); do read -r a b c < <(wrk_run "$1" "$path"); rs+=("$a"); done
    echo "$name $(median "${rs[@]}")"
  done < <(paths)
}
if (( ORGS > 1 )); then
  say "organisations: the first organisation's hot reads alone in the database"
  measure_pg "$P_PG1" >"$TMP/orgs-1.txt"
  kill "${PIDS[@]}" 2>/dev/null || true
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  # the first organisation's tables: every table of the default schema but
  # the deployment's own (organisations and keys)
  TABLES=$(psql -X -At "$PG_DB_URI" -c "SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('orgs', 'api_keys', 'schema_version') ORDER BY 1")
  t0=$(date +%s)
  for ((i = 2; i <= ORGS; i++)); do
    code=$(printf 'bench-%03d' "$i")
    "$BIN" orgs create "$code" --name "Bench organisation $i" --db "$PG_DB_URI" >/dev/null
    # opening the organisation's store makes and migrates its schema
    "$BIN" report "$QUARTER" --org "$code" --db "$PG_DB_URI" >/dev/null 2>&1 || true
    {
      echo "SET session_replication_role = replica;" # no triggers: a copy, not new figures
      for t in $TABLES; do
        echo "DELETE FROM \"org_$code\".\"$t\";"
        echo "INSERT INTO \"org_$code\".\"$t\" OVERRIDING SYSTEM VALUE SELECT * FROM public.\"$t\";"
      done
    } | psql -X -q -v ON_ERROR_STOP=1 "$PG_DB_URI" >/dev/null || die "cannot copy organisation $code"
    (( i % 10 == 0 )) && say "organisations: $i of $ORGS ($(( $(date +%s) - t0 )) s)"
  done
  psql -X -q "$PG_DB_URI" -c "VACUUM ANALYZE" >/dev/null
  SIZE=$(psql -X -At "$PG_DB_URI" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
  start_node "$P_PG1" "$PG_DB_URI" pg1-orgs
  say "organisations: the first organisation's hot reads among $ORGS"
  measure_pg "$P_PG1" >"$TMP/orgs-n.txt"
  {
    echo
    echo "$ORGS organisations in one PostgreSQL database ($SIZE, copied in $(( $(date +%s) - t0 )) s), the first one's hot reads on a fresh node:"
    printf '%-11s %12s %12s %9s\n' endpoint "1 org req/s" "$ORGS orgs" slowdown
  } >>"$REPORT"
  WORST_ORGS=0
  while read -r name one many; do
    sl=$(awk -v a="$one" -v b="$many" 'BEGIN { printf "%.2f", a / b }')
    WORST_ORGS=$(awk -v a="$sl" -v b="$WORST_ORGS" 'BEGIN { print (a > b) ? a : b }')
    printf '%-11s %12.0f %12.0f %9s\n' "$name" "$one" "$many" "$sl" >>"$REPORT"
  done < <(paste -d' ' "$TMP/orgs-1.txt" <(cut -d' ' -f2 "$TMP/orgs-n.txt"))
  echo "$ORGS organisations: worst slowdown of the first organisation's hot reads $WORST_ORGS (target <= 2)" >>"$REPORT"
fi
cat "$REPORT"
