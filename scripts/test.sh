#!/usr/bin/env bash
# Every test: Rust unit and integration tests, then the release build driven
# by Playwright in Debian Chromium (JS on and off, kiosk and phone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh --browser

echo "== Rust tests (domain, store, app with ssr, server integration)"
# app is never built with ssr and hydrate together: only ssr here.
cargo test -p domain -p store -p app -p server --features app/ssr

echo "== release build (server + optimised WASM)"
cargo leptos build --release --precompress

echo "== size budget"
scripts/wasm-size.sh

echo "== browser tests"
cd e2e
npx playwright test
