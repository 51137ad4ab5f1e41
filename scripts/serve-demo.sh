#!/usr/bin/env bash
# One command for a newcomer: install the packages, build, and serve the
# demonstration data on http://127.0.0.1:8080 (Ctrl-C stops it).
# Extra arguments go to `scrutiny serve`, e.g. --port 9090.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
db=${SCRUTINY_DB:-demo.db}
exec build/server/scrutiny serve --db "$db" --demo "$@"
