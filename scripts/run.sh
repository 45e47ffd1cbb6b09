#!/usr/bin/env bash
# Builds the hall (release) and runs it on the embedded default: SQLite in
# data/, the demo catalog in catalog/. Prints the URL. Ctrl-C stops it.
#   scripts/run.sh           the hall
#   scripts/run.sh --demo    the hall with the demo staff accounts (README)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
case "${1:-}" in
  --demo) export HALL__STAFF__DEMO=true ;;
  "") ;;
  *) echo "usage: scripts/run.sh [--demo]" >&2; exit 2 ;;
esac
source scripts/setup.sh

echo "== building (release)"
cargo leptos build --release --precompress
scripts/build-scanner.sh
scripts/build-uploader.sh

export HALL__SITE__ROOT="${HALL__SITE__ROOT:-$ROOT/target/site}"
export HALL__CATALOG__DIR="${HALL__CATALOG__DIR:-$ROOT/catalog}"
export HALL__CALENDAR__DIR="${HALL__CALENDAR__DIR:-$ROOT/calendar}"
export HALL__DATABASE__URL="${HALL__DATABASE__URL:-$ROOT/data/hall.db}"
# The breach list's key: from the environment, else one made for this
# machine on first run and kept beside the database (readable by you only).
if [ -z "${HALL__SECURITY__ID_KEY:-}" ]; then
  mkdir -p "$ROOT/data"
  KEY_FILE="$ROOT/data/id_key"
  if [ ! -s "$KEY_FILE" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$KEY_FILE")
  fi
  HALL__SECURITY__ID_KEY="$(cat "$KEY_FILE")"
  export HALL__SECURITY__ID_KEY
fi
# The pickup tokens' key, the same way.
if [ -z "${HALL__ISSUING__PICKUP_KEY:-}" ]; then
  KEY_FILE="$ROOT/data/pickup_key"
  if [ ! -s "$KEY_FILE" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$KEY_FILE")
  fi
  HALL__ISSUING__PICKUP_KEY="$(cat "$KEY_FILE")"
  export HALL__ISSUING__PICKUP_KEY
fi
# The electronic seal's key: made once, kept beside the database.
export HALL__ISSUING__SEAL_KEY_FILE="${HALL__ISSUING__SEAL_KEY_FILE:-$ROOT/data/seal.pem}"
if [ ! -s "$HALL__ISSUING__SEAL_KEY_FILE" ]; then
  "$ROOT/target/release/server" seal new "$HALL__ISSUING__SEAL_KEY_FILE"
fi
exec "$ROOT/target/release/server"
