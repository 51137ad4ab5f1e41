#!/usr/bin/env bash
# The dashboard in a real browser: starts build/server/scrutiny (or $1) on
# a temporary database with the demo data on a free loopback port, runs
# dashboard.test.mjs with Node's test runner (headless Chromium through
# puppeteer-core, axe-core for WCAG 2.2 AA) and writes a screenshot of
# each page, the print PDF and the page weight to build/browser-screenshots/.
# Needs `scripts/install-deps.sh --browser-tests` (chromium, npm ci here).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${1:-$root/build/server/scrutiny}"
out="${SCRUTINY_SCREENSHOTS:-$root/build/browser-screenshots}"
[ -x "$bin" ] || { echo "browser tests: $bin not built" >&2; exit 1; }
[ -d "$here/node_modules/puppeteer-core" ] || { echo "browser tests: run scripts/install-deps.sh --browser-tests" >&2; exit 1; }
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || { echo "browser tests: $CHROMIUM missing (Debian's chromium package)" >&2; exit 1; }

tmp="$(mktemp -d)"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# a free loopback port: ask the kernel for one
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$bin" serve --db "$tmp/demo.db" --demo --host 127.0.0.1 --port "$port" --quiet >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
# a second server with --private-read on a copy, and a reader key for it
pid2=
"$bin" demo load --db "$tmp/private.db" >/dev/null
reader="$("$bin" keys create --role reader --name browser-tests --db "$tmp/private.db" | tail -1)"
port2="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$bin" serve --db "$tmp/private.db" --private-read --host 127.0.0.1 --port "$port2" --quiet >"$tmp/private.log" 2>&1 &
pid2=$!
trap '[ -n "$pid2" ] && kill "$pid2" 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port2/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid2" 2>/dev/null || { cat "$tmp/private.log" >&2; exit 1; }
  sleep 0.1
done
mkdir -p "$out"
cd "$here"
SCRUTINY_PRIVATE_URL="http://127.0.0.1:$port2" SCRUTINY_READER_KEY="$reader" \
SCRUTINY_URL="http://127.0.0.1:$port" SCRUTINY_SCREENSHOTS="$out" \
  node --test --test-concurrency=1 --test-reporter=spec dashboard.test.mjs
