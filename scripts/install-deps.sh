#!/usr/bin/env bash
# Installs the Debian packages scrutiny needs to build, run and test.
# Works on a fresh Debian (bookworm or later) as root, or with sudo.
set -euo pipefail

packages=(
  gcc libc6-dev pkg-config meson ninja-build
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev zlib1g-dev
  check libcurl4-openssl-dev libxlsxwriter-dev
  valgrind curl sqlite3 ca-certificates openssl clang-format python3
  postgresql # the second engine's server, for the tests (scripts/pg-cluster.sh)
)

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi

# Node.js and npm build the OpenAPI JSON and the offline docs page into the
# binary and lint/validate the spec. Debian's own packages are used unless
# the machine already has node and npm (e.g. from another source).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all Debian packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The npm packages of api-spec/, web/ (the dashboard's bundler and charting
# library) and, with --browser-tests, tests/browser/ (each pinned by its
# package-lock.json), installed again only when the lock file changed.
root="$(cd "$(dirname "$0")/.." && pwd)"
npm_dirs=(api-spec web)
if [ "${1:-}" = --browser-tests ]; then
  npm_dirs+=(tests/browser)
  # headless Chromium for tests/browser (puppeteer-core drives it)
  if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
    echo "install-deps: installing chromium (browser tests)"
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  fi
fi
for d in "${npm_dirs[@]}"; do
  cd "$root/$d"
  stamp=node_modules/.scrutiny-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    echo "install-deps: npm ci in $d"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  else
    echo "install-deps: $d npm packages present"
  fi
done
