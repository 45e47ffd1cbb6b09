#!/usr/bin/env bash
# Prints the shipped WASM/JS/CSS sizes (raw, gzip, brotli) of the release
# build, and fails if the WASM exceeds the citizen budget.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/target/site/pkg"
BUDGET_BROTLI=${WASM_BUDGET_BROTLI:-122880} # 120 KB

brotli_size() {
  if command -v brotli >/dev/null; then brotli -c -q 11 "$1" | wc -c
  else python3 -c "import sys,brotli;print(len(brotli.compress(open(sys.argv[1],'rb').read(),quality=11)))" "$1"; fi
}

printf '%-16s %10s %10s %10s\n' file raw gzip brotli
for f in "$PKG"/hall.wasm "$PKG"/hall.js "$PKG"/hall.css; do
  [ -f "$f" ] || { echo "missing $f: run cargo leptos build --release" >&2; exit 1; }
  printf '%-16s %10d %10d %10d\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli_size "$f")"
done
wasm_br=$(brotli_size "$PKG/hall.wasm")
if [ "$wasm_br" -gt "$BUDGET_BROTLI" ]; then
  echo "WASM is $wasm_br bytes brotli, over the budget of $BUDGET_BROTLI" >&2
  exit 1
fi
