#!/usr/bin/env bash
# Runs a command beside a throwaway S3-compatible server (moto, from PyPI at
# a pinned version, in its own virtualenv under target/):
#   scripts/with-s3.sh env HALL_TEST_FILES=s3 cargo test -p server --test api
# The server keeps everything in memory on a free port and is stopped when
# the command ends. Its address is in HALL_TEST_S3_ENDPOINT; tests create
# their own buckets in it. Given HALL_TEST_S3_ENDPOINT already, the command
# just runs with it.
set -euo pipefail

if [ -n "${HALL_TEST_S3_ENDPOINT:-}" ]; then
  exec "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOTO_VERSION="5.1.4"
VENV="$ROOT/target/moto-$MOTO_VERSION"
if [ ! -x "$VENV/bin/moto_server" ]; then
  echo "== installing moto $MOTO_VERSION (PyPI) into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/hall-moto.XXXXXX)
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "moto did not start" >&2; exit 1; fi
  sleep 0.1
done
export HALL_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
echo "== throwaway S3-compatible server (moto $MOTO_VERSION) on port $port"
"$@"
