#!/usr/bin/env bash
# Builds the issuing desk's camera scanner (scanner/: getUserMedia,
# BarcodeDetector or the WASM decoder) into <site root>/scanner/, served at
# /scanner/. A separate WASM, loaded by /staff/pickup only: the citizen
# bundle (cargo leptos) never contains it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/e2e/node_modules/.bin:$PATH"
SITE="${HALL__SITE__ROOT:-$ROOT/target/site}"
OUT="$SITE/scanner"
cargo build -p scanner --lib --profile scanner-release --target wasm32-unknown-unknown
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
  target/wasm32-unknown-unknown/scanner-release/scanner.wasm
if command -v wasm-opt >/dev/null; then
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$OUT/scanner_bg.wasm" -o "$OUT/scanner_bg.wasm"
fi
cp scanner/web/start.js "$OUT/start.js"
# Served precompressed where the tools are there (brotli: setup --browser).
for f in "$OUT/scanner_bg.wasm" "$OUT/scanner.js" "$OUT/start.js"; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -f -o "$f.br" "$f"; fi
done
echo "scanner: $(du -b "$OUT/scanner_bg.wasm" | cut -f1) bytes of WASM in $OUT"
