#!/usr/bin/env bash
# Installs everything building and testing need, and skips what is already
# there: the wasm32 target, Trunk, wasm-bindgen-cli at the version Cargo.lock
# pins, the node packages (binaryen's wasm-opt, playwright-core, axe-core) and
# Debian's Chromium with its driver. Nothing is downloaded from outside the
# package registries. Source it (`. scripts/setup.sh`) to get PATH set too.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\n==> [%ss] %s\n' "$SECONDS" "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else echo "need root for: $*" >&2; return 1; fi; }

if ! have cargo || ! have rustup; then
  echo "setup: Rust (cargo and rustup) is needed; install it from https://rustup.rs" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  step "Installing Trunk $TRUNK_VERSION (debug profile: about 3 to 6 minutes)"
  CARGO_PROFILE_DEV_DEBUG=0 cargo install --locked --debug trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must match the wasm-bindgen library exactly.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then
  echo "setup: cannot read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  step "Installing wasm-bindgen-cli $WB_VERSION (about 3 minutes)"
  # Not --locked: its lockfile pins a webpki-roots the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if ! have node || ! have npm; then
  step "Installing Node.js and npm from Debian"
  as_root apt-get update -qq
  as_root apt-get install -y -qq nodejs npm
fi
# npm ci again whenever package-lock.json changes (a stamp records the last one).
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/wasm-opt ] || [ "$(cat node_modules/.gpsim-lock 2>/dev/null || true)" != "$LOCK_HASH" ]; then
  step "Installing node packages (wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_HASH" > node_modules/.gpsim-lock
fi

if ! have chromium || ! have chromedriver; then
  step "Installing Debian's Chromium and ChromeDriver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# Trunk runs cargo offline, so fetch every dependency first.
cargo fetch --locked -q
