#!/usr/bin/env bash
# npm test: the one test command, on a fresh clone as on a warm machine. It installs what it needs
# first: Debian's chromium, postgresql and redis-server (as root or through sudo; otherwise it stops
# at once with the command to run), the dev dependencies, then Node 24 and n8n into the cache. Then:
# lint (with formatting), build, type-check, the scanner's rules on the npm pack tarball, jest, the
# docs' link check, the installer check, the end-to-end suite in a real n8n 2.41.1, and the
# provider end-to-end files and the example workflows again on the oldest n8n we support
# (1.123.81, installed into the cache like 2.41.1).
set -euo pipefail
cd "$(dirname "$0")/.."
OLDEST_N8N=1.123.81 # the README's Compatibility table names it
bash scripts/install-system-packages.sh >/dev/null
bash scripts/install-dev-deps.sh
npm run lint
npm run build
npm run typecheck
npm run scan
npm run test:unit
npm run test:docs
npm run test:install
npm run test:e2e
N8N_VERSION="$OLDEST_N8N" npm run test:e2e -- test/e2e/meetbit.e2e.test.mjs test/e2e/meetgeek.e2e.test.mjs \
	test/e2e/meetergo.e2e.test.mjs test/e2e/examples.e2e.test.mjs test/e2e/actions-meetbit.e2e.test.mjs \
	test/e2e/actions-meetgeek.e2e.test.mjs test/e2e/actions-meetergo.e2e.test.mjs
