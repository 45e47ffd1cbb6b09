#!/usr/bin/env bash
# Prints the shipped WASM/JS/CSS sizes (raw, gzip, brotli) of the release
# build, and fails if the WASM exceeds the citizen budget. File names carry
# a content hash (hall.<hash>.wasm); the .br/.gz copies are what is served.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/target/site/pkg"
BUDGET_BROTLI=${WASM_BUDGET_BROTLI:-122880} # 120 KB

brotli_size() {
  if command -v brotli >/dev/null; then brotli -c -q 11 "$1" | wc -c
  else python3 -c "import sys,brotli;print(len(brotli.compress(open(sys.argv[1],'rb').read(),quality=11)))" "$1"; fi
}

# The one built file of each kind, hashed name or not.
built() {
  local f
  f=$(find "$PKG" -maxdepth 1 -name "hall*.$1" | head -n 1)
  [ -n "$f" ] || { echo "missing $PKG/hall*.$1: run cargo leptos build --release" >&2; exit 1; }
  echo "$f"
}

printf '%-28s %10s %10s %10s %12s\n' file raw gzip brotli served-br
for ext in wasm js css; do
  f=$(built "$ext")
  served="-"
  [ -f "$f.br" ] && served=$(wc -c <"$f.br")
  printf '%-28s %10d %10d %10d %12s\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli_size "$f")" "$served"
done
wasm=$(built wasm)
wasm_br=$(brotli_size "$wasm")
if [ -f "$wasm.br" ]; then wasm_br=$(wc -c <"$wasm.br"); fi
if [ "$wasm_br" -gt "$BUDGET_BROTLI" ]; then
  echo "WASM is $wasm_br bytes brotli, over the budget of $BUDGET_BROTLI" >&2
  exit 1
fi
