#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh cargo test -p store
# The cluster lives in a temp folder on a free port, fsync on (honest
# benchmarks), and is stopped and deleted when the command ends. Its admin
# URL is in HALL_TEST_POSTGRES_URL; tests create their own databases in it.
# Given HALL_TEST_POSTGRES_URL already, the command just runs with it.
set -euo pipefail

if [ -n "${HALL_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/pg-tools.sh
source "$ROOT/scripts/pg-tools.sh"
pg_ensure_installed

dir=$(mktemp -d /tmp/hall-pg.XXXXXX)
chmod 755 "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi

stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_pg "$PG_BIN/initdb" -D "$dir/data" -U hall --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log"; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=on -c shared_buffers=128MB" \
  start >/dev/null || { cat "$dir/server.log"; exit 1; }

export HALL_TEST_POSTGRES_URL="postgres://hall@127.0.0.1:$port/postgres"
echo "== throwaway PostgreSQL on port $port ($("$PG_BIN/postgres" --version))"
"$@"
