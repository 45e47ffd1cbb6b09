#!/usr/bin/env bash
# Lighthouse (mobile, simulated slow 4G and a 4x slower CPU: its defaults)
# on the start page of the release build, in Debian's Chromium. Prints the
# category scores and key metrics; the JSON report goes to target/.
#   scripts/lighthouse.sh [path]     default: /
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PAGE="${1:-/}"
PORT="${HALL_LIGHTHOUSE_PORT:-3117}"
[ -x target/release/server ] || { echo "run: cargo leptos build --release --precompress" >&2; exit 1; }
DATA="$(mktemp -d)"
target/release/server seal new "$DATA/seal.pem" >/dev/null
HALL__ISSUING__SEAL_KEY_FILE="$DATA/seal.pem" \
HALL__ISSUING__PICKUP_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
HALL__SECURITY__ID_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
HALL__SERVER__PORT="$PORT" HALL__DATABASE__URL="$DATA/hall.db" HALL__SITE__ROOT="$ROOT/target/site" \
  HALL__CATALOG__DIR="$ROOT/catalog" HALL__CALENDAR__DIR="$ROOT/calendar" HALL__LOG__FILTER=warn target/release/server &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
REPORT="$ROOT/target/lighthouse.json"
CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}" "$ROOT/e2e/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$PAGE" \
  --quiet --output=json --output-path="$REPORT" \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu"
node -e '
const r = require(process.argv[1]);
const cats = Object.values(r.categories).map(c => `${c.title}: ${Math.round(c.score * 100)}`).join(", ");
const a = r.audits;
const m = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]
  .map(k => `${a[k].title}: ${a[k].displayValue}`).join(", ");
console.log(`${r.finalDisplayedUrl} (${r.configSettings.formFactor}, Lighthouse ${r.lighthouseVersion}, ${r.environment.hostUserAgent.match(/Chrome\/[\d.]+/)[0]})`);
console.log(cats); console.log(m);
console.log(`Total transferred: ${Math.round(a["total-byte-weight"].numericValue / 102.4) / 10} KiB`);
' "$REPORT"
