#!/usr/bin/env bash
# Builds the citizen's material uploader (uploader/: photo checks and
# scaling, upload progress, the kiosk's live list) into <site root>/uploader/,
# served at /uploader/. Its own WASM, loaded by the materials pages only:
# the islands bundle (cargo leptos) never contains it. Run after cargo
# leptos build, which empties the site root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/e2e/node_modules/.bin:$PATH"
SITE="${HALL__SITE__ROOT:-$ROOT/target/site}"
OUT="$SITE/uploader"
cargo build -p uploader --lib --profile wasm-release --target wasm32-unknown-unknown
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
  target/wasm32-unknown-unknown/wasm-release/uploader.wasm
if command -v wasm-opt >/dev/null; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$OUT/uploader_bg.wasm" -o "$OUT/uploader_bg.wasm"
fi
cp uploader/web/start.js "$OUT/uploader.start.js"
# The page loads /uploader/uploader.js: the starter, which imports the
# bindings under their own name.
mv "$OUT/uploader.js" "$OUT/bindings.js"
sed 's#./uploader.js#./bindings.js#' "$OUT/uploader.start.js" > "$OUT/uploader.js"
rm "$OUT/uploader.start.js"
for f in "$OUT/uploader_bg.wasm" "$OUT/bindings.js" "$OUT/uploader.js"; do
  gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then brotli -q 11 -f -o "$f.br" "$f"; fi
done
echo "uploader: $(du -b "$OUT/uploader_bg.wasm" | cut -f1) bytes of WASM ($(du -b "$OUT/uploader_bg.wasm.br" 2>/dev/null | cut -f1 || echo '?') br) in $OUT"
