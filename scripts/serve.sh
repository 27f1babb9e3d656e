#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080, rebuilding when files change.
# Installs what it needs first (see scripts/setup.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
echo "Serving GP Contract Simulator at http://127.0.0.1:8080 (Ctrl-C to stop)" >&2
exec trunk serve --release "$@"
