#!/usr/bin/env bash
# One command for a newcomer and for CI: install the packages, build, and
# run every test three ways: a normal build, an AddressSanitizer +
# UndefinedBehaviorSanitizer build, and the normal build under valgrind;
# also check the formatting and that the unity build compiles.
# Set SCRUTINY_SKIP_VALGRIND=1 to skip the slowest pass while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser-tests

# Check's own closing line per test program ("100%: Checks: 12, Failures: 0,
# Errors: 0"), which meson keeps in its log rather than on the terminal.
summary() {
  grep -h -E '^[0-9]+%: Checks: |^[0-9]+ passed, [0-9]+ failed' \
    "$1/meson-logs/${2:-testlog.txt}" || true
}

echo "== build and test (debugoptimized)"
scripts/build.sh build
# every HTTP exchange of the API tests is logged, then checked against the
# OpenAPI description below: the spec and the server cannot drift apart
rm -f build/api-responses.jsonl
SCRUTINY_RESPONSE_LOG="$PWD/build/api-responses.jsonl" meson test -C build --print-errorlogs
summary build

# The same unit, API and CLI suites on PostgreSQL: a throw-away cluster
# (scripts/pg-cluster.sh: an unprivileged user, a private socket directory,
# a free port), each test on a fresh database of its own (tests/testdb.c),
# the cluster stopped on any exit. About 5 minutes on 2 CPUs, and 2 more for
# the stress suite (skipped with SCRUTINY_SKIP_STRESS=1, as below).
echo "== build and test on PostgreSQL"
pgdir=$(mktemp -d /tmp/scrutiny-pg-XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pgdir"' EXIT
pguri=$(scripts/pg-cluster.sh start "$pgdir")
# every one of them: on PostgreSQL an organisation is a schema of the
# test's database (lib/store/org.c), dropped with it
pg_tests=$(meson test -C build --list --suite unit --suite api --suite cli 2>/dev/null |
  sed -n 's/^scrutiny:[a-z]* \/ //p')
# shellcheck disable=SC2086 # one test name per word
env -u SCRUTINY_RESPONSE_LOG SCRUTINY_TEST_PG="$pguri" \
  meson test -C build $pg_tests --print-errorlogs --logbase testlog-pg
summary build testlog-pg.txt
if [ "${SCRUTINY_SKIP_STRESS:-0}" != 1 ]; then
  echo "== stress on PostgreSQL: slow clients, SIGKILLs, concurrency, a write lock held by another session"
  env -u SCRUTINY_RESPONSE_LOG SCRUTINY_TEST_PG="$pguri" \
    meson test -C build --suite stress --print-errorlogs --logbase testlog-pg-stress
fi
scripts/pg-cluster.sh stop "$pgdir"
trap - EXIT

echo "== structure: clang-format on every C file, and the unity build (no private name twice)"
scripts/check-format.sh
scripts/build.sh build-unity -Dunity=on

echo "== OpenAPI: lint, and every API test response validated against the spec"
(cd api-spec && REDOCLY_SUPPRESS_UPDATE_NOTICE=true npm run --silent lint)
node api-spec/tools/validate-responses.mjs api-spec/openapi.yaml build/api-responses.jsonl

echo "== dashboard in headless Chromium: pages, status tables, axe (WCAG 2.2 AA), print, keyboard"
tests/browser/run.sh build/server/scrutiny

echo "== build and test (address,undefined sanitizers)"
scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C build-asan --print-errorlogs
summary build-asan

# ---- hostile input, faults and load (issue 7) --------------------------
# tests/stress against build/server/scrutiny: slow-loris clients, expensive
# documents, 30 SIGKILLs in the middle of pushes, 100 concurrent clients
# (40-90 s); then each of the 5 libFuzzer targets of tests/fuzz, built with
# clang + ASan/UBSan in build-fuzz/, for SCRUTINY_FUZZ_SECONDS (default 20)
# seconds, two at a time (about 70 s, 110 s with the first build). A crash
# found is copied to tests/fuzz/regressions/ and fails the run.
# Set SCRUTINY_SKIP_STRESS=1 to skip this block while iterating.
if [ "${SCRUTINY_SKIP_STRESS:-0}" != 1 ]; then
  echo "== stress: slow clients, SIGKILL durability, 100 concurrent clients"
  meson test -C build --suite stress --print-errorlogs --verbose
  echo "== fuzz: each target for ${SCRUTINY_FUZZ_SECONDS:-20} s"
  tests/fuzz/run.sh "${SCRUTINY_FUZZ_SECONDS:-20}"
fi
# ------------------------------------------------------------------------

if [ "${SCRUTINY_SKIP_VALGRIND:-0}" != 1 ]; then
  echo "== test under valgrind"
  meson test -C build --setup valgrind --suite unit --suite api --print-errorlogs
  summary build testlog-valgrind.txt
fi
echo "== all tests passed"
