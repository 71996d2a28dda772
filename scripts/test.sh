#!/usr/bin/env bash
# npm test: the one test command, on a fresh clone as on a warm machine. It installs what it needs
# first: Debian's chromium, postgresql and redis-server (as root or through sudo; otherwise it stops
# at once with the command to run), the dev dependencies, then Node 24 and n8n into the cache. Then:
# lint (with formatting), build, type-check, the scanner's rules on the npm pack tarball, jest, the
# installer check, and the end-to-end suite in a real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh >/dev/null
bash scripts/install-dev-deps.sh
npm run lint
npm run build
npm run typecheck
npm run scan
npm run test:unit
npm run test:install
npm run test:e2e
