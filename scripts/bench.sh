#!/usr/bin/env bash
# npm run bench: the benchmarks in bench/ on the Node 24 + n8n that the e2e suite uses (cached
# outside the repo by scripts/install-n8n.sh). Not part of npm test. Options: see bench/bench.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/install-n8n.sh)"
exec "$NODE24_BIN" bench/bench.mjs "$@"
