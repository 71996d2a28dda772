#!/usr/bin/env bash
# End-to-end suite: a real n8n (Node 24 + n8n from the cache, installed on first use) with the
# packed package installed, receiving real HTTP deliveries. Runs on node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a # export NODE24_BIN and N8N_BIN to the Node scripts below
eval "$(bash scripts/install-n8n.sh)"
set +a
echo "[test-e2e] n8n $("$NODE24_BIN" "$N8N_BIN" --version | tail -n 1) on Node $("$NODE24_BIN" --version)" >&2
# Node expands the glob itself (a directory argument is taken as a file name).
exec "$NODE24_BIN" --test --test-concurrency=1 --test-reporter=spec "${@:-test/e2e/*.e2e.test.mjs}"
