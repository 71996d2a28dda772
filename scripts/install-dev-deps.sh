#!/usr/bin/env bash
# The project's dev dependencies (build, lint, tests), installed when node_modules is missing or
# was installed for another package.json / package-lock.json. A stamp written after a successful
# install records which; an interrupted install leaves no stamp, so the next run installs again.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.meeting-webhooks-deps
dependency_files() { cat package.json package-lock.json | sha256sum | cut -d' ' -f1; }
[ "$(cat "$stamp" 2>/dev/null)" = "$(dependency_files)" ] && exit 0
echo "[install-dev-deps] npm install (the dev dependencies: about 1,250 packages)" >&2
# `npm install`, not `npm ci`: it keeps a node_modules that is partly right and fills in the rest,
# with the lockfile's versions. The lockfile is complete (GitHub's workflows install with `npm ci`).
# Scripts stay off (.npmrc): n8n-workflow's native dependency does not build on Node 20.
npm install --no-audit --no-fund --ignore-scripts=true >&2
# After the install: npm may have rewritten the lockfile.
dependency_files >"$stamp"
