#!/usr/bin/env bash
# Fails when clang-format (with the committed .clang-format) would change
# any C file of the project; run by scripts/test.sh. Fix with
#   clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --git-dir >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.c' '*.h' | grep -v node_modules)
else
  mapfile -t files < <(find lib server tests bench -name '*.[ch]' -not -path '*/node_modules/*')
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-format: clang-format would change: ${bad[*]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
