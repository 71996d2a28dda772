#!/usr/bin/env bash
# npm start: runs this package in a real n8n on 127.0.0.1 (see scripts/start.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
# The build needs the dev dependencies; a fresh clone gets them here.
bash scripts/install-dev-deps.sh
set -a # export NODE24_BIN and N8N_BIN to the Node scripts below
eval "$(bash scripts/install-n8n.sh)"
set +a
exec "$NODE24_BIN" scripts/start.mjs "$@"
