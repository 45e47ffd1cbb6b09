#!/usr/bin/env bash
# Builds the hall (release) and runs it on the embedded default: SQLite in
# data/, the demo catalog in catalog/. Prints the URL. Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

echo "== building (release)"
cargo leptos build --release --precompress

export HALL__SITE__ROOT="${HALL__SITE__ROOT:-$ROOT/target/site}"
export HALL__CATALOG__DIR="${HALL__CATALOG__DIR:-$ROOT/catalog}"
export HALL__DATABASE__URL="${HALL__DATABASE__URL:-$ROOT/data/hall.db}"
exec "$ROOT/target/release/server"
