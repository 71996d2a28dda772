#!/usr/bin/env bash
# npm start: runs this package in a real n8n on 127.0.0.1 (see scripts/start.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
# The build needs the dev dependencies; a fresh clone gets them here.
[ -x node_modules/.bin/tsc ] || npm install --no-audit --no-fund
eval "$(bash scripts/install-n8n.sh)"
exec "$NODE24_BIN" scripts/start.mjs "$@"
