#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] - builds the libFuzzer targets with clang
# (AddressSanitizer + UndefinedBehaviorSanitizer) and runs each for SECONDS
# (default 60), seeded from tests/fuzz/corpus/<target> and
# tests/fuzz/regressions/<target>. Fails when any target crashes, breaks an
# invariant, leaks, times out or runs out of memory; the input that did it
# is copied to tests/fuzz/regressions/<target>/, which every normal build
# replays (meson test --suite fuzz), so it becomes a regression test.
#
# Environment:
#   FUZZ_TARGETS     targets to run (default: "period router finance return http")
#   FUZZ_JOBS        how many run at once (default: the number of cores)
#   FUZZ_BUILD_DIR   build directory (default: build-fuzz in the source tree)
#   FUZZ_CORPUS_DIR  keep the grown corpus here between runs (default: a
#                    temporary directory, removed afterwards)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
targets=${FUZZ_TARGETS:-period router finance return http}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
case $secs in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

# clang and its libFuzzer runtime (Debian: clang, libclang-rt-<v>-dev)
have_fuzzer() {
  command -v clang >/dev/null &&
    [ -f "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] ||
    [ -f "$(clang --print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-x86_64.a" ]
}
if ! have_fuzzer; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  echo "fuzz: installing clang and its libFuzzer runtime (apt)"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  ver=$(apt-cache policy clang 2>/dev/null | sed -n 's/^ *Candidate: 1:\([0-9]*\).*/\1/p')
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends clang \
    "libclang-rt-${ver:-14}-dev" >/dev/null
  have_fuzzer || { echo "fuzz: clang's libFuzzer runtime is still missing" >&2; exit 1; }
fi

if [ ! -f "$build/build.ninja" ]; then
  echo "fuzz: configuring $build"
  CC=clang meson setup "$build" "$root" -Dfuzz=true -Dwerror=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
    "-Dc_args=-fsanitize=fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer -g" \
    >/dev/null
fi
exes=()
for t in $targets; do exes+=("tests/fuzz/fuzz_$t"); done
echo "fuzz: building ${targets}"
ninja -C "$build" "${exes[@]}" >/dev/null

work=$(mktemp -d /tmp/scrutiny-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
corpora=${FUZZ_CORPUS_DIR:-$work/corpus}

dict_for() {
  case $1 in
    period) echo "$root/tests/fuzz/period.dict" ;;
    router) echo "$root/tests/fuzz/router.dict" ;;
    http) echo "$root/tests/fuzz/http.dict" ;;
    *) echo "$root/tests/fuzz/json.dict" ;;
  esac
}

run_one() {
  local t=$1 corpus=$corpora/$1 art=$work/artifacts/$1
  mkdir -p "$corpus" "$art"
  cp -n "$root/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  find "$root/tests/fuzz/regressions/$t" -type f ! -name '.*' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  # -timeout: one input may take at most 20 s (sanitizers are slow, but not that slow)
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 \
      -max_len=65536 -print_final_stats=1 -dict="$(dict_for "$t")" \
      -artifact_prefix="$art/" "$corpus" >"$work/$t.log" 2>&1
  echo $? >"$work/$t.rc"
}

echo "fuzz: running each of ${targets} for ${secs} s, ${jobs} at a time"
started=$(date +%s)
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=0
for t in $targets; do
  rc=$(cat "$work/$t.rc" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n 1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -n 1 || true)
  found=()
  for f in "$work/artifacts/$t/"*; do
    [ -f "$f" ] || continue
    mkdir -p "$root/tests/fuzz/regressions/$t"
    cp "$f" "$root/tests/fuzz/regressions/$t/"
    found+=("tests/fuzz/regressions/$t/$(basename "$f")")
  done
  if [ "$rc" -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
    failed=1
    echo "fuzz: $t FAILED (exit $rc) after ${runs:-?} runs; new regression inputs: ${found[*]:-none}"
    if grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant broken' \
      "$work/$t.log"; then
      grep -E -A40 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant broken' \
        "$work/$t.log" | head -n 60 || true
    else
      tail -n 40 "$work/$t.log"
    fi
  else
    echo "fuzz: $t ok: ${runs:-?} runs, ${cov:-cov: ?}"
  fi
done
echo "fuzz: done in $(( $(date +%s) - started )) s"
exit "$failed"
