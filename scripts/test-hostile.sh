#!/usr/bin/env bash
# npm run test:hostile — the whole hostile-input, load and fault suite:
#   1. property-based bad input against every trigger, at HOSTILE_SCALE (default 5) times the
#      118,060 generated inputs that plain `jest` (and so CI) tries;
#   2. load and faults against a real n8n in regular mode: 2,000 deliveries at concurrency 50 with
#      30 % duplicates, SIGKILL in the middle of 900 more and restart, hostile HTTP;
#   3. the same load against n8n in queue mode (PostgreSQL + Redis from Debian's packages, installed
#      with apt-get if missing): a main, two webhook processes and one worker, then two workers.
# `npm test` runs a bounded version of 2 and 3 (test/e2e/hostile*.e2e.test.mjs).
# Results are printed as [hostile] JSON lines and collected in HOSTILE_REPORT (default: a temp file).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${HOSTILE_SCALE:-5}"
export HOSTILE_REPORT="${HOSTILE_REPORT:-$(mktemp -t hostile-report-XXXXXX.jsonl)}"
echo "[test-hostile] property tests at scale $scale"
npx jest test/hostile --globals "{\"hostileRunScale\": $scale}"
echo "[test-hostile] real n8n: regular mode, then queue mode with one worker"
bash scripts/test-e2e.sh test/hostile/load.hostile.mjs test/hostile/queue.hostile.mjs
echo "[test-hostile] real n8n: queue mode with two workers"
HOSTILE_QUEUE_WORKERS=2 bash scripts/test-e2e.sh test/hostile/queue.hostile.mjs
echo "[test-hostile] report: $HOSTILE_REPORT"
cat "$HOSTILE_REPORT"
