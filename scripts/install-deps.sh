#!/usr/bin/env bash
# Installs the Debian packages scrutiny needs to build, run and test.
# Works on a fresh Debian (bookworm or later) as root, or with sudo.
set -euo pipefail

packages=(
  gcc libc6-dev pkg-config meson ninja-build
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  check libcurl4-openssl-dev
  valgrind curl sqlite3 ca-certificates
)

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
