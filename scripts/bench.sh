#!/usr/bin/env bash
# npm run bench: the benchmarks in bench/ on the Node 24 + n8n that the e2e suite uses (cached
# outside the repo by scripts/install-n8n.sh). Not part of npm test. Options: see bench/bench.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a # export NODE24_BIN and N8N_BIN to the Node scripts below
eval "$(bash scripts/install-n8n.sh)"
set +a
exec "$NODE24_BIN" bench/bench.mjs "$@"
