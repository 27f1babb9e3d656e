#!/usr/bin/env bash
# Runs every test: formatting, lints, native tests of every crate, a release
# Trunk build, browser tests in headless Chromium, and end-to-end journeys
# with screenshots. Installs what it needs first (see scripts/setup.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native and wasm32), warnings are errors"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p gpsim-app --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "native tests of every crate"
cargo test --workspace --locked

step "release build with Trunk"
trunk build --release

step "size of the first load (a measurement, not a test)"
# What a first visit downloads: everything index.html loads (the service
# worker fetches the rest afterwards, from the same files).
first_load=0
for f in dist/*.wasm dist/gpsim-app-*.js dist/*.css dist/index.html dist/sw-register.js; do
  gz="$(gzip -9 -c "$f" | wc -c)"
  first_load=$((first_load + gz))
  printf '  %-44s raw %9d B   gzip -9 %8d B\n' "$(basename "$f")" "$(wc -c < "$f")" "$gz"
done
printf '  %-44s                 gzip -9 %8d B\n' "first load, in all" "$first_load"

step "browser tests (wasm-bindgen-test in headless Chromium)"
PROFILE_DIR="$(mktemp -d)"
trap 'rm -rf "$PROFILE_DIR"' EXIT
cat > "$PROFILE_DIR/webdriver.json" <<JSON
{ "goog:chromeOptions": { "binary": "$(command -v chromium)", "args": [
  "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--user-data-dir=$PROFILE_DIR/chrome" ] } }
JSON
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="$(command -v chromedriver)" \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PROFILE_DIR/webdriver.json" \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p gpsim-app --target wasm32-unknown-unknown --locked

step "end-to-end journeys (Playwright driving Chromium)"
node e2e/run.mjs

step "all tests passed"
