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
# The build-time renderer of index.html's first view (native, `prerender`).
cargo clippy -p gpsim-app --features prerender --bin gpsim-prerender --locked -- -D warnings

step "native tests of every crate"
cargo test --workspace --locked

step "release build with Trunk"
trunk build --release

step "size of the first load (a measurement, not a test)"
# What a first visit downloads before the first figures: index.html, which
# has the example practice's headline figures prerendered in it
# (src/first_view.rs), its stylesheet and its head script. With a link, the
# small module draws the link's figures first (web/app-boot.js). The full
# app's module and stylesheet follow; a later visit takes them from the
# service worker. The worker's module and script come later still (the
# service worker precaches them after the page has loaded), so they are
# listed apart.
size() {
  gz="$(gzip -9 -c "$1" | wc -c)"
  printf '  %-44s raw %9d B   gzip -9 %8d B\n' "$(basename "$1")" "$(wc -c < "$1")" "$gz"
}
first_load=0
for f in dist/index.html dist/styles-*.css dist/opening.js; do
  size "$f"
  first_load=$((first_load + gz))
done
printf '  %-44s                 gzip -9 %8d B\n' "first load, to the first figures (no link)" "$first_load"
for f in dist/app-boot.js dist/sw-register.js; do
  size "$f"
  first_load=$((first_load + gz))
done
no_link=$first_load
echo "  with a link, the small module first:"
for f in dist/embed/gpsim-embed-*_bg.wasm dist/embed/gpsim-embed-*.js; do
  size "$f"
  first_load=$((first_load + gz))
done
printf '  %-44s                 gzip -9 %8d B\n' "with a link, to its first figures" "$first_load"
echo "  then the full simulator (a first visit with no link skips the small module):"
full_load=$no_link
for f in dist/gpsim-app-*_bg.wasm dist/gpsim-app-*.js dist/app-*.css; do
  size "$f"
  full_load=$((full_load + gz))
done
printf '  %-44s                 gzip -9 %8d B\n' "first visit, to the full simulator" "$full_load"
embed_load=0
echo "  the embed in an article (embed.html, the small module):"
for f in dist/embed/gpsim-embed-*_bg.wasm dist/embed/gpsim-embed-*.js dist/styles-*.css dist/embed.html dist/embed-boot.js; do
  size "$f"
  embed_load=$((embed_load + gz))
done
printf '  %-44s                 gzip -9 %8d B\n' "embed's first load, in all" "$embed_load"
echo "  later, when the worker first starts (precached after the first load):"
for f in dist/gpsim-worker-*_bg.wasm dist/gpsim-worker-*.js dist/national-worker.js; do
  size "$f"
done

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
