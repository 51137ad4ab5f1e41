#!/usr/bin/env bash
# bench/run.sh - scrutiny against the physical limit of this machine (issue 8).
#
#   bench/run.sh               the demo data (data/demo)
#   bench/run.sh --synthetic   500 indicators x 80 quarters (bench/gen.py), compared
#                              with the demo data's hot reads measured in the same run
#
# Builds scrutiny optimised (build-release/), starts it on a fresh database on
# 127.0.0.1, and measures with wrk: the hot reads, the same bytes served as
# static files by nginx (the limit), a durable quarterly-return push (bench/push.c),
# peak RSS and start-up to first answer (bench/startup.c). Prints one report.
# Traffic goes only to 127.0.0.1; everything started here is stopped on exit.
# Settings (environment): see bench/README.md or --help.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

usage() {
  cat <<'EOF'
usage: bench/run.sh [--synthetic] [--help]

environment (defaults in brackets):
  BENCH_DURATION=10         seconds of each measured wrk run
  BENCH_CONNECTIONS=50      wrk connections
  BENCH_WRK_THREADS=2       wrk threads
  BENCH_WARMUP=2            seconds of unmeasured wrk load before each measured run (0: none)
  BENCH_PUSHES=200          timed quarterly-return pushes (sequential)
  BENCH_PUSH_WARMUP=5       untimed pushes before them
  BENCH_STARTS=10           server starts timed for start-up to first answer
  BENCH_PORT=18310          first of three loopback ports (scrutiny, nginx, start-up); 18300-18397
  BENCH_SERVER_THREADS=     scrutiny --threads (empty: the server's default, one per core)
  BENCH_BUILD_DIR=build-release   build folder (configured -Dbuildtype=release -Dtests=false)
  BENCH_HISTORY_CODE=       indicator for /indicators/<code>/history (CP-SEEN; synthetic: its first)
  BENCH_SYN_INDICATORS=500  BENCH_SYN_QUARTERS=80   size of the synthetic dataset
  BENCH_KEEP=0              1 keeps the temporary folder (databases, bodies, wrk output)
EOF
}

SYNTHETIC=0
for arg in "$@"; do
  case "$arg" in
    --synthetic) SYNTHETIC=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; usage >&2; exit 2 ;;
  esac
done

DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WARMUP=${BENCH_WARMUP:-2}
PUSHES=${BENCH_PUSHES:-200}
PUSH_WARMUP=${BENCH_PUSH_WARMUP:-5}
STARTS=${BENCH_STARTS:-10}
PORT=${BENCH_PORT:-18310}
SERVER_THREADS=${BENCH_SERVER_THREADS:-}
BUILD_DIR=${BENCH_BUILD_DIR:-build-release}
SYN_INDICATORS=${BENCH_SYN_INDICATORS:-500}
SYN_QUARTERS=${BENCH_SYN_QUARTERS:-80}
KEEP=${BENCH_KEEP:-0}

for v in DURATION CONNECTIONS WRK_THREADS WARMUP PUSHES PUSH_WARMUP STARTS PORT \
         SYN_INDICATORS SYN_QUARTERS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "run.sh: BENCH_$v must be a whole number (got ${!v})" >&2; exit 2; }
done
if (( PORT < 18300 || PORT > 18397 )); then
  echo "run.sh: BENCH_PORT must be 18300-18397 (it uses PORT, PORT+1 and PORT+2)" >&2
  exit 2
fi
(( DURATION >= 1 && CONNECTIONS >= 1 && WRK_THREADS >= 1 && PUSHES >= 1 && STARTS >= 1 )) ||
  { echo "run.sh: durations and counts must be at least 1" >&2; exit 2; }
(( WRK_THREADS <= CONNECTIONS )) || { echo "run.sh: BENCH_WRK_THREADS > BENCH_CONNECTIONS" >&2; exit 2; }

SPORT=$PORT            # scrutiny
NPORT=$((PORT + 1))    # nginx
UPORT=$((PORT + 2))    # start-up measurement
QUARTER=2020-21-Q1
CORES=$(nproc)
TICKS=$(getconf CLK_TCK)

say() { printf '%s\n' "run.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

# ---- processes started here, stopped on any exit ----
SPID=""
NPID=""
TMP=""
stop_pid() { # pid signal
  local pid=$1 sig=${2:-TERM} i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -"$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_pid "$SPID" TERM
  stop_pid "$NPID" QUIT # nginx: graceful stop of master and workers
  SPID=""
  NPID=""
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "$KEEP" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- what it needs ----
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

ensure_deps() {
  local pkgs=()
  command -v wrk >/dev/null || pkgs+=(wrk)
  [ -n "$(find_nginx)" ] || pkgs+=(nginx)
  command -v cc >/dev/null || pkgs+=(gcc libc6-dev)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v python3 >/dev/null || pkgs+=(python3)
  command -v pkg-config >/dev/null || pkgs+=(pkg-config)
  if command -v pkg-config >/dev/null; then
    pkg-config --exists libcurl || pkgs+=(libcurl4-openssl-dev)
    pkg-config --exists jansson || pkgs+=(libjansson-dev)
  else
    pkgs+=(libcurl4-openssl-dev libjansson-dev)
  fi
  if [ ${#pkgs[@]} -gt 0 ]; then
    say "installing ${pkgs[*]} (apt-get)"
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
      die "run as root or install sudo (needed: ${pkgs[*]})"
    fi
    # keep Debian's nginx service from starting on port 80 at install time
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
      "${as_root[@]}" chmod 755 "$policy"
    fi
    local ok=0
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "${pkgs[@]}" >/dev/null && ok=1
    [ -n "$policy" ] && "${as_root[@]}" rm -f "$policy"
    [ "$ok" = 1 ] || die "apt-get install ${pkgs[*]} failed"
  fi
  if ! command -v meson >/dev/null || ! command -v ninja >/dev/null ||
     ! pkg-config --exists libmicrohttpd sqlite3 libsodium; then
    say "scrutiny's build dependencies are missing: scripts/install-deps.sh"
    "$ROOT/scripts/install-deps.sh" >&2
  fi
}

ensure_deps
NGINX=$(find_nginx)

# ---- build (optimised) ----
say "building scrutiny in $BUILD_DIR (release)"
if ! (cd "$ROOT" && scripts/build.sh "$BUILD_DIR" -Dbuildtype=release -Dtests=false) \
     >/tmp/scrutiny-bench-build.$$.log 2>&1; then
  tail -30 /tmp/scrutiny-bench-build.$$.log >&2
  rm -f /tmp/scrutiny-bench-build.$$.log
  die "build failed"
fi
rm -f /tmp/scrutiny-bench-build.$$.log
BIN=$ROOT/$BUILD_DIR/server/scrutiny
[ -x "$BIN" ] || die "no $BIN"
BUILDTYPE=$(cd "$ROOT" && meson introspect "$BUILD_DIR" --buildoptions 2>/dev/null |
  python3 -c 'import json,sys; print(next((o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"), "?"))' \
  2>/dev/null || echo "?")

[ "$BUILDTYPE" = release ] ||
  say "warning: $BUILD_DIR is configured as $BUILDTYPE, not release (meson configure $BUILD_DIR -Dbuildtype=release)"

# how busy the machine is before anything starts (other sessions, builds, ...)
b0=$(awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat)
sleep 1
b1=$(awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat)
BUSY_BEFORE=$(( (b1 - b0) * 100 / (CORES * TICKS) ))

TMP=$(mktemp -d /tmp/scrutiny-bench.XXXXXX)
chmod 755 "$TMP" # nginx workers (an unprivileged user when run as root) read the bodies here
mkdir -p "$TMP/bin" "$TMP/www" "$TMP/nginx"
chmod 755 "$TMP/www"

# shellcheck disable=SC2046 # pkg-config's flags are meant to split
cc -std=c17 -O2 -Wall -o "$TMP/bin/push" "$HERE/push.c" \
  $(pkg-config --cflags --libs libcurl jansson) -lm || die "cannot build bench/push.c"
cc -std=c17 -O2 -Wall -o "$TMP/bin/startup" "$HERE/startup.c" || die "cannot build bench/startup.c"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$SPORT" "$NPORT" "$UPORT"; do
  port_busy "$p" && die "port $p on 127.0.0.1 is in use: choose another BENCH_PORT (18300-18397)"
done

now_ns() { date +%s%N; }
fmt_ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }

# ---- scrutiny ----
start_server() { # db demo_dir
  local db=$1 dir=$2
  local args=(serve --demo --quiet --host 127.0.0.1 --port "$SPORT" --db "$db")
  [ -n "$SERVER_THREADS" ] && args+=(--threads "$SERVER_THREADS")
  local t0 t1 code
  t0=$(now_ns)
  SCRUTINY_DEMO_DIR=$dir "$BIN" "${args[@]}" >>"$TMP/server.log" 2>&1 &
  SPID=$!
  while :; do
    kill -0 "$SPID" 2>/dev/null || { tail -5 "$TMP/server.log" >&2; die "scrutiny exited at start-up"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' "http://127.0.0.1:$SPORT/healthz" || true)
    [ "$code" = 200 ] && break
    (( ($(now_ns) - t0) / 1000000000 < 600 )) || die "scrutiny did not answer /healthz in 600 s"
    sleep 0.02
  done
  t1=$(now_ns)
  LOAD_MS=$(( (t1 - t0) / 1000000 ))
}
stop_server() { stop_pid "$SPID" TERM; SPID=""; }

cpu_ticks() { # pid...: utime + stime of these processes, in clock ticks
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    total=$(( total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }') ))
  done
  echo "$total"
}
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4; exit }' /proc/stat; } # user + nice + system, all CPUs
# shellcheck disable=SC2046 # a list of numbers
nginx_pids() { echo "$NPID" $(ps -o pid= --ppid "$NPID" 2>/dev/null); }

# ---- nginx ----
start_nginx() {
  local n=$TMP/nginx
  mkdir -p "$n/tmp"
  cat >"$n/nginx.conf" <<EOF
# minimal static server for bench/run.sh: the limit of this machine
daemon off;
master_process on;
worker_processes $CORES;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $n/tmp/body;
  proxy_temp_path $n/tmp/proxy;
  fastcgi_temp_path $n/tmp/fastcgi;
  uwsgi_temp_path $n/tmp/uwsgi;
  scgi_temp_path $n/tmp/scgi;
  types { application/json json; }
  default_type application/json;
  server {
    listen 127.0.0.1:$NPORT;
    root $TMP/www;
    # the headers scrutiny sends besides the body's own
    add_header X-Content-Type-Options nosniff;
    add_header Cache-Control no-cache;
    location / { try_files \$uri =404; }
  }
}
EOF
  "$NGINX" -p "$n" -c "$n/nginx.conf" -e "$n/error.log" &
  NPID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$NPID" 2>/dev/null || { cat "$n/error.log" >&2 || true; die "nginx exited at start-up"; }
    port_busy "$NPORT" && return 0
    sleep 0.05
  done
  die "nginx did not listen on $NPORT"
}

# wait_idle label: a server keeps computing the answers of requests that wrk
# abandoned at the end of a run (it cannot know the client left); the next run
# must not start until it has drained them, since the servers share the cores:
# waits until scrutiny and nginx use at most 1 clock tick of CPU in 200 ms
# (up to 300 s), and notes long drains in the report.
wait_idle() {
  local label=$1
  local t0 a b pids=()
  [ -n "$SPID" ] && pids+=("$SPID")
  # shellcheck disable=SC2207 # a list of numbers
  [ -n "$NPID" ] && pids+=($(nginx_pids))
  set -- "${pids[@]}"
  t0=$(now_ns)
  while :; do
    a=$(cpu_ticks "$@")
    sleep 0.2
    b=$(cpu_ticks "$@")
    (( b - a <= 1 )) && break
    (( ($(now_ns) - t0) / 1000000000 < 300 )) || { NOTES+=("$label: the server was still busy after 300 s"); break; }
  done
  local ms=$(( ($(now_ns) - t0) / 1000000 ))
  (( ms < 2000 )) || NOTES+=("$label: the server needed $((ms / 1000)) s to finish abandoned requests before this run")
}

# ---- wrk ----
# run_wrk label url pids...: warm-up, then the measured run; sets W_rps W_p50 W_p99 W_err W_cpu
run_wrk() {
  local label=$1 url=$2
  shift 2
  local pids=("$@")
  wait_idle "$label"
  if (( WARMUP > 0 )); then
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || true
  fi
  local c0 c1 out=$TMP/wrk-$label.txt
  wait_idle "$label"
  local b0 b1 wt
  c0=$(cpu_ticks "${pids[@]}")
  b0=$(busy_ticks)
  { TIMEFORMAT='%U %S'; time wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
    -s "$HERE/report.lua" "$url" >"$out" 2>&1; } 2>"$TMP/wrk-time" || { cat "$out" >&2; die "wrk failed on $url"; }
  b1=$(busy_ticks)
  c1=$(cpu_ticks "${pids[@]}")
  # CPU used during the run by anything but the server under test and wrk
  # (other processes on the machine, interrupts): noise, reported when > 5%
  wt=$(awk -v hz="$TICKS" '{ printf "%d", ($1 + $2) * hz }' "$TMP/wrk-time")
  W_other=$(awk -v b=$((b1 - b0)) -v s=$((c1 - c0)) -v w="$wt" -v d="$DURATION" -v c="$CORES" -v hz="$TICKS" \
    'BEGIN { x = (b - s - w) / (d * c * hz) * 100; printf "%.0f", x < 0 ? 0 : x }')
  (( W_other <= 5 )) || NOTES+=("$label: ${W_other}% of the machine's CPU went to other processes during the run")
  local line
  line=$(sed -n 's/^BENCH //p' "$out")
  [ -n "$line" ] || { cat "$out" >&2; die "no BENCH line from wrk on $url"; }
  local kv requests=0 rps=0 p50=0 p99=0 es=0 ec=0 er=0 ew=0 et=0
  for kv in $line; do
    case "${kv%%=*}" in
      requests) requests=${kv#*=} ;;
      rps) rps=${kv#*=} ;;
      p50_us) p50=${kv#*=} ;;
      p99_us) p99=${kv#*=} ;;
      err_status) es=${kv#*=} ;;
      err_connect) ec=${kv#*=} ;;
      err_read) er=${kv#*=} ;;
      err_write) ew=${kv#*=} ;;
      err_timeout) et=${kv#*=} ;;
    esac
  done
  W_rps=$rps
  W_p50=$(fmt_ms "$p50")
  W_p99=$(fmt_ms "$p99")
  W_err=$(( es + ec + er + ew + et ))
  W_errtext="non-2xx=$es connect=$ec read=$er write=$ew timeout=$et"
  # CPU time of the server processes per request, in microseconds
  W_cpu=$(awk -v t=$((c1 - c0)) -v hz="$TICKS" -v n="$requests" \
    'BEGIN { if (n > 0) printf "%.0f", t / hz * 1e6 / n; else print "-" }')
}

# ---- endpoints ----
NAMES=(indicators summary demand finance history)
endpoint_path() { # name code
  case "$1" in
    indicators) echo "/api/v1/quarters/$QUARTER/indicators" ;;
    summary) echo "/api/v1/quarters/$QUARTER/summary" ;;
    demand) echo "/api/v1/demand?from=2019-20-Q1&to=$QUARTER" ;;
    finance) echo "/api/v1/quarters/$QUARTER/finance" ;;
    history) echo "/api/v1/indicators/$2/history" ;;
  esac
}

declare -A BYTES STATE RPS P50 P99 CPU NRPS NP99 NCPU RATIO
NOTES=()

# fetch_bodies prefix code: saves each body to www/<name>.json; STATE[prefix.name] = ok | "not available" | "HTTP n"
fetch_bodies() {
  local prefix=$1 code=$2 name path http
  for name in "${NAMES[@]}"; do
    path=$(endpoint_path "$name" "$code")
    http=$(curl -s --noproxy '*' -o "$TMP/www/$name.json" -w '%{http_code}' \
      "http://127.0.0.1:$SPORT$path" || echo 000)
    chmod 644 "$TMP/www/$name.json" 2>/dev/null || true
    if [ "$http" = 200 ]; then
      STATE[$prefix.$name]=ok
      BYTES[$prefix.$name]=$(stat -c %s "$TMP/www/$name.json")
    elif [ "$http" = 404 ] && [ "$name" = history ]; then
      STATE[$prefix.$name]="not available"
      rm -f "$TMP/www/$name.json"
    else
      STATE[$prefix.$name]="HTTP $http"
      rm -f "$TMP/www/$name.json"
    fi
  done
}

# measure_reads prefix code with_nginx
measure_reads() {
  local prefix=$1 code=$2 with_nginx=$3 name path
  for name in "${NAMES[@]}"; do
    [ "${STATE[$prefix.$name]}" = ok ] || { say "$prefix $name: ${STATE[$prefix.$name]}, skipped"; continue; }
    path=$(endpoint_path "$name" "$code")
    say "$prefix $name: scrutiny, ${DURATION}s x $CONNECTIONS connections"
    run_wrk "$prefix-$name-scrutiny" "http://127.0.0.1:$SPORT$path" "$SPID"
    RPS[$prefix.$name]=$W_rps P50[$prefix.$name]=$W_p50 P99[$prefix.$name]=$W_p99 CPU[$prefix.$name]=$W_cpu
    (( W_err == 0 )) || NOTES+=("$prefix $name (scrutiny): errors during the run: $W_errtext")
    if [ "$with_nginx" = 1 ]; then
      say "$prefix $name: nginx, same bytes"
      # shellcheck disable=SC2046 # a list of numbers
      run_wrk "$prefix-$name-nginx" "http://127.0.0.1:$NPORT/$name.json" $(nginx_pids)
      NRPS[$prefix.$name]=$W_rps NP99[$prefix.$name]=$W_p99 NCPU[$prefix.$name]=$W_cpu
      (( W_err == 0 )) || NOTES+=("$prefix $name (nginx): errors during the run: $W_errtext")
      RATIO[$prefix.$name]=$(awk -v a="${RPS[$prefix.$name]}" -v b="$W_rps" \
        'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')
    fi
  done
}

# check_nginx prefix: nginx must send exactly the bytes scrutiny sent
check_nginx() {
  local name
  for name in "${NAMES[@]}"; do
    [ "${STATE[$1.$name]}" = ok ] || continue
    curl -s --noproxy '*' -o "$TMP/nginx-$name.check" "http://127.0.0.1:$NPORT/$name.json"
    cmp -s "$TMP/nginx-$name.check" "$TMP/www/$name.json" || die "nginx does not serve $name.json as saved"
  done
}

vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

HIST_CODE=${BENCH_HISTORY_CODE:-}
MAIN=demo
if [ "$SYNTHETIC" = 1 ]; then
  MAIN=synthetic
  say "generating the synthetic dataset ($SYN_INDICATORS indicators x $SYN_QUARTERS quarters)"
  python3 "$HERE/gen.py" --out "$TMP/synthetic" --indicators "$SYN_INDICATORS" \
    --quarters "$SYN_QUARTERS" --last "$QUARTER" >"$TMP/gen.log" || { cat "$TMP/gen.log" >&2; die "gen.py failed"; }
  MAIN_DIR=$TMP/synthetic
  PUSH_FILE=$MAIN_DIR/return-$QUARTER.json
  [ -n "$HIST_CODE" ] || HIST_CODE=$(sed -n 's/.*history code for the benchmark: //p' "$TMP/gen.log")
  DEMO_CODE=CP-SEEN
else
  MAIN_DIR=$ROOT/data/demo
  PUSH_FILE=$MAIN_DIR/return-$QUARTER.json
  [ -n "$HIST_CODE" ] || HIST_CODE=CP-SEEN
fi

# ---- the demo baseline of a synthetic run: the same reads on the demo data ----
if [ "$SYNTHETIC" = 1 ]; then
  say "baseline: the demo data's hot reads"
  start_server "$TMP/demo.db" "$ROOT/data/demo"
  fetch_bodies demo "$DEMO_CODE"
  start_nginx
  check_nginx demo
  measure_reads demo "$DEMO_CODE" 1
  stop_server
  rm -f "$TMP"/www/*.json
fi

# ---- the main run ----
say "starting scrutiny on a fresh $MAIN database"
start_server "$TMP/$MAIN.db" "$MAIN_DIR"
FRESH_LOAD_MS=$LOAD_MS
RSS_IDLE=$(vm_kb "$SPID" VmRSS)
fetch_bodies "$MAIN" "$HIST_CODE"
[ -n "$NPID" ] || start_nginx
check_nginx "$MAIN"
measure_reads "$MAIN" "$HIST_CODE" 1
HWM_READS=$(vm_kb "$SPID" VmHWM)
stop_pid "$NPID" QUIT
NPID=""

# ---- the quarterly return push ----
say "quarterly return: $PUSH_WARMUP + $PUSHES sequential pushes of $(basename "$PUSH_FILE")"
wait_idle push
KEY=$("$BIN" keys create --role writer --name bench --db "$TMP/$MAIN.db" 2>/dev/null | tail -1)
[[ $KEY == sk_* ]] || die "could not create a writer key"
python3 - "$PUSH_FILE" "$TMP/push-a.json" "$TMP/push-b.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for tag, out in (("A", sys.argv[2]), ("B", sys.argv[3])):
    d = json.loads(json.dumps(doc))
    r = d["indicators"][0]
    r["commentary"] = (r.get("commentary") or "") + " [bench variant %s]" % tag
    with open(out, "w") as f:
        json.dump(d, f, indent=2)
EOF
PUSH_LINE=$("$TMP/bin/push" "http://127.0.0.1:$SPORT/api/v1/quarters/$QUARTER/return" "$KEY" \
  "$TMP/push-a.json" "$TMP/push-b.json" "$PUSHES" "$PUSH_WARMUP" "$TMP/push-samples.txt") ||
  die "the pushes failed"
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
PUSH_MEDIAN=$(kv median_ms "$PUSH_LINE")
PUSH_P99=$(kv p99_ms "$PUSH_LINE")
PUSH_MIN=$(kv min_ms "$PUSH_LINE")
PUSH_MAX=$(kv max_ms "$PUSH_LINE")
PUSH_BYTES=$(kv bytes "$PUSH_LINE")
HWM_ALL=$(vm_kb "$SPID" VmHWM)
SYNC=$(python3 - "$TMP/$MAIN.db" <<'EOF' 2>/dev/null || echo "?"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA journal_mode").fetchone()[0])
EOF
)
stop_server

# ---- start-up to first answer ----
say "start-up: $STARTS starts on the existing $MAIN database"
SARGS=(serve --quiet --host 127.0.0.1 --port "$UPORT" --db "$TMP/$MAIN.db")
[ -n "$SERVER_THREADS" ] && SARGS+=(--threads "$SERVER_THREADS")
START_LINE=$("$TMP/bin/startup" "$STARTS" "$UPORT" "$TMP/startup.log" -- "$BIN" "${SARGS[@]}") ||
  die "start-up measurement failed (see $TMP/startup.log)"
START_MEDIAN=$(kv median_ms "$START_LINE")
START_ALL=$(kv all "$START_LINE")

# ---- the report ----
pf() { awk -v x="$1" -v lim="$2" -v op="$3" 'BEGIN { ok = (op == "ge") ? (x >= lim) : (x <= lim); print ok ? "PASS" : "FAIL" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo
echo "scrutiny benchmark (issue 8) - $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $CORES cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), kernel $(uname -r)"
echo "scrutiny $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') built $BUILDTYPE in $BUILD_DIR;" \
     "server threads: ${SERVER_THREADS:-default ($CORES)}"
echo "dataset: $MAIN$([ "$SYNTHETIC" = 1 ] && echo " ($SYN_INDICATORS indicators x $SYN_QUARTERS quarters, bench/gen.py)")"
echo "load: wrk $WRK_THREADS threads, $CONNECTIONS connections, ${DURATION}s per run after ${WARMUP}s warm-up;" \
     "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'), $CORES workers, sendfile, keep-alive; all on 127.0.0.1"
echo "note: wrk, the server under test and nginx share the same $CORES cores;" \
     "CPU used by other processes: ${BUSY_BEFORE}% just before the run (see warnings for during)"
echo
printf '%-11s %8s %10s %8s %8s %12s %9s %7s %13s\n' \
  endpoint bytes "req/s" "p50 ms" "p99 ms" "nginx req/s" "nginx p99" ratio "cpu us/req"
for name in "${NAMES[@]}"; do
  k=$MAIN.$name
  if [ "${STATE[$k]}" != ok ]; then
    printf '%-11s %s\n' "$name" "${STATE[$k]}$([ "$name" = history ] && echo " (GET $(endpoint_path history "$HIST_CODE") answered 404)")"
    continue
  fi
  printf '%-11s %8s %10.0f %8s %8s %12.0f %9s %7s %6s / %s\n' "$name" "${BYTES[$k]}" "${RPS[$k]}" \
    "${P50[$k]}" "${P99[$k]}" "${NRPS[$k]}" "${NP99[$k]}" "${RATIO[$k]}" "${CPU[$k]}" "${NCPU[$k]}"
done
echo "(ratio = scrutiny req/s / nginx req/s for the same bytes; cpu us/req = server CPU time per request, scrutiny / nginx)"
echo
echo "quarterly return push ($(basename "$PUSH_FILE"), $PUSH_BYTES bytes, PUT .../quarters/$QUARTER/return):"
echo "  $PUSHES sequential pushes after $PUSH_WARMUP warm-up, alternating two variants so each one writes"
echo "  median $PUSH_MEDIAN ms, p99 $PUSH_P99 ms (min $PUSH_MIN, max $PUSH_MAX)"
echo "  durable: each push is one transaction committed with journal_mode=$SYNC, synchronous=FULL"
echo "peak RSS (VmHWM): $(mib "$HWM_READS") MiB after the read runs, $(mib "$HWM_ALL") MiB after the pushes" \
     "(idle after start: $(mib "$RSS_IDLE") MiB)"
echo "start-up to first 200 from /healthz (existing database): median $START_MEDIAN ms of $STARTS ($START_ALL)"
echo "fresh database: load the $MAIN data + start to first answer: $FRESH_LOAD_MS ms"
echo

# targets
echo "targets (issue 8):"
read_fail=() read_detail=() p99_fail=() nginx_p99_fail=()
for name in "${NAMES[@]}"; do
  k=$MAIN.$name
  if [ "${STATE[$k]}" != ok ]; then
    read_fail+=("$name: ${STATE[$k]}")
    p99_fail+=("$name: ${STATE[$k]}")
    continue
  fi
  r=${RATIO[$k]}
  read_detail+=("$name $(awk -v r="$r" 'BEGIN { printf "%.0f%%", r * 100 }')")
  [ "$(pf "$r" 0.70 ge)" = PASS ] || read_fail+=("$name")
  [ "$(pf "${P99[$k]}" 5 le)" = PASS ] || p99_fail+=("$name ${P99[$k]} ms")
  [ "$(pf "${NP99[$k]}" 5 le)" = PASS ] || nginx_p99_fail+=("$name ${NP99[$k]} ms")
done
verdict() { [ "$1" -eq 0 ] && echo PASS || echo FAIL; }
join_by() { # sep words...
  local sep=$1 out="" x n=0
  shift
  for x in "$@"; do
    if ((n++)); then out+="$sep$x"; else out=$x; fi
  done
  echo "$out"
}
failing() { [ $# -gt 0 ] && echo "; failing: $(join_by ', ' "$@")" || true; }
printf '  %-4s  hot reads >= 70%% of nginx at %s connections: %s%s\n' "$(verdict ${#read_fail[@]})" \
  "$CONNECTIONS" "$(join_by ', ' "${read_detail[@]}")" "$(failing "${read_fail[@]}")"
printf '  %-4s  hot-read p99 <= 5 ms%s\n' "$(verdict ${#p99_fail[@]})" \
  "$(failing "${p99_fail[@]}")"
if [ ${#nginx_p99_fail[@]} -gt 0 ]; then
  echo "        (for reference, nginx on the same bytes misses it too: $(join_by ', ' "${nginx_p99_fail[@]}"))"
else
  echo "        (for reference, nginx on the same bytes meets it)"
fi
printf '  %-4s  return push median <= 10 ms (durable): %s ms\n' "$(pf "$PUSH_MEDIAN" 10 le)" "$PUSH_MEDIAN"
printf '  %-4s  peak RSS <= 32 MiB under load: %s MiB\n' "$(pf "$HWM_ALL" 32768 le)" "$(mib "$HWM_ALL")"
printf '  %-4s  start-up to first answer <= 100 ms: %s ms\n' "$(pf "$START_MEDIAN" 100 le)" "$START_MEDIAN"

if [ "$SYNTHETIC" = 1 ]; then
  echo
  echo "synthetic vs demo data (same load, same run):"
  printf '%-11s %10s %10s %10s %10s %9s %9s %9s %15s\n' endpoint "demo bytes" "syn bytes" "demo req/s" "syn req/s" \
    "demo p99" "syn p99" slowdown "nginx slowdown"
  scale_fail=()
  for name in "${NAMES[@]}"; do
    if [ "${STATE[demo.$name]}" != ok ] || [ "${STATE[synthetic.$name]}" != ok ]; then
      printf '%-11s demo: %s, synthetic: %s\n' "$name" "${STATE[demo.$name]}" "${STATE[synthetic.$name]}"
      scale_fail+=("$name: not available")
      continue
    fi
    slow=$(awk -v a="${RPS[demo.$name]}" -v b="${RPS[synthetic.$name]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 999 }')
    nslow=$(awk -v a="${NRPS[demo.$name]}" -v b="${NRPS[synthetic.$name]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 999 }')
    printf '%-11s %10s %10s %10.0f %10.0f %9s %9s %8sx %14sx\n' "$name" "${BYTES[demo.$name]}" \
      "${BYTES[synthetic.$name]}" "${RPS[demo.$name]}" "${RPS[synthetic.$name]}" \
      "${P99[demo.$name]}" "${P99[synthetic.$name]}" "$slow" "$nslow"
    [ "$(pf "$slow" 2 le)" = PASS ] || scale_fail+=("$name ${slow}x")
  done
  echo "(slowdown = demo req/s / synthetic req/s for scrutiny; nginx slowdown: the same for nginx serving"
  echo " the same bytes, i.e. what the larger bodies alone cost at the limit)"
  printf '  %-4s  hot reads on the synthetic data within 2x of the demo data%s\n' "$(verdict ${#scale_fail[@]})" \
    "$(failing "${scale_fail[@]}")"
fi

if [ ${#NOTES[@]} -gt 0 ]; then
  echo
  echo "warnings:"
  printf '  %s\n' "${NOTES[@]}"
fi
echo
echo "all processes started by this run are stopped; traffic went only to 127.0.0.1"
