#!/usr/bin/env bash
# Every test: Rust unit and integration tests on both databases (SQLite and a
# throwaway PostgreSQL), a smoke run of every benchmark command, then the
# release build driven by Playwright in Debian Chromium (JS on and off, kiosk
# and phone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh --browser
# One full run from a clean clone gains nothing from incremental caches
# (gigabytes on disk); a developer may still set CARGO_INCREMENTAL=1.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# One throwaway PostgreSQL for all Rust tests (unless HALL_TEST_POSTGRES_URL
# names one); stopped and deleted when this block ends.
scripts/with-postgres.sh bash -euo pipefail -c '
echo "== the use cases depend on neither Leptos nor sqlx"
if cargo tree -p hall -e normal --prefix none | grep -iE "^(leptos|sqlx)"; then
  echo "hall must not depend on Leptos or sqlx (ARCHITECTURE §17)" >&2; exit 1
fi

echo "== the citizen WASM carries no QR decoder (the desk scanner is its own WASM)"
if cargo tree -p app --no-default-features --features hydrate --target wasm32-unknown-unknown -e normal --prefix none | grep -E "^(scanner|uploader|rxing|rqrr) "; then
  echo "the citizen bundle must not contain the scanner (ARCHITECTURE §30)" >&2; exit 1
fi

echo "== format and lints (the ssr build; the wasm32 builds of the islands, scanner and uploader)"
cargo fmt --all -- --check
# app never gets ssr and hydrate together: one clippy run per target.
cargo clippy -p domain -p hall -p store -p app -p server -p scanner -p uploader -p scanbench --features app/ssr --all-targets -- -D warnings
cargo clippy -p app --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p scanner -p uploader --lib --target wasm32-unknown-unknown -- -D warnings

echo "== Rust tests (domain, hall, store on both databases, app with ssr, server on SQLite)"
# app is never built with ssr and hydrate together: only ssr here.
cargo test -p domain -p hall -p store -p app -p server -p scanner -p uploader --features app/ssr

echo "== server integration suite again, on PostgreSQL"
HALL_TEST_DATABASE=postgres cargo test -p server --features app/ssr --test api

echo "== uploads again on an S3-compatible store (a throwaway moto server), both databases"
scripts/with-s3.sh bash -euo pipefail -c "
HALL_TEST_FILES=s3 cargo test -p server --features app/ssr --test api materials
HALL_TEST_FILES=s3 HALL_TEST_DATABASE=postgres cargo test -p server --features app/ssr --test api materials
cargo run -p server --features app/ssr --example uploadbench -- both --smoke
"

echo "== benchmark commands, once each at a tiny size (figures meaningless; see docs/BENCHMARKS.md), and the load guard"
cargo bench -p domain --bench search -- --smoke
cargo bench -p domain --bench deadlines -- --smoke
# The load guard: release build, small size, same-run ratios against the
# stored baseline (fails below 60% of one: a halving cannot land unnoticed).
cargo run --release -p server --features app/ssr --example loadgen -- both --guard server/examples/loadgen-baseline.toml
cargo run -p server --features app/ssr --example deskbench -- both --smoke
cargo run -p server --features app/ssr --example superbench -- both --smoke
cargo run -p server --features app/ssr --example notifybench -- both --smoke
cargo run -p server --features app/ssr --example queuebench -- both --smoke
cargo run -p scanbench --release -- compare 20
'

echo "== release build (server + optimised WASM, and the separate scanner and uploader WASMs)"
cargo leptos build --release --precompress
scripts/build-scanner.sh
scripts/build-uploader.sh

echo "== size budget"
scripts/wasm-size.sh

echo "== Lighthouse, once (a benchmark command; scores in docs/BENCHMARKS.md)"
# Lighthouse sometimes fails to record its trace (NO_NAVSTART) in headless
# Chromium: a smoke run tries up to three times before failing.
for try in 1 2 3; do
  if scripts/lighthouse.sh / >/dev/null; then break; fi
  [ "$try" -lt 3 ] || { echo "Lighthouse failed three times" >&2; exit 1; }
  echo "Lighthouse failed (try $try of 3); again"
done

echo "== browser tests"
cd e2e
npx playwright test
