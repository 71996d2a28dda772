#!/usr/bin/env bash
# PostgreSQL and Redis from Debian's packages, for the queue-mode part of `npm run test:hostile`
# (an n8n main, two `n8n webhook` processes and a worker on loopback). Installs only what is
# missing (needs root and apt-get); starts nothing: the test runs its own throw-away instances on
# free ports. Prints the directories of the binaries it found.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -x "$(pg_bin)/postgres" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
	as_root=()
	[ "$(id -u)" = 0 ] || as_root=(sudo)
	if ! command -v apt-get >/dev/null 2>&1 || { [ "${#as_root[@]}" -gt 0 ] && ! command -v sudo >/dev/null 2>&1; }; then
		echo "[install-queue-services] need ${missing[*]}: install them from Debian's packages (apt-get, as root)" >&2
		exit 1
	fi
	echo "[install-queue-services] apt-get install ${missing[*]}" >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

echo "PG_BIN=$(pg_bin)"
echo "REDIS_SERVER=$(command -v redis-server)"
