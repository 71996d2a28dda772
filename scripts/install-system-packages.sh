#!/usr/bin/env bash
# Debian packages the tests need beyond npm: chromium (the editor check), postgresql and
# redis-server (the queue-mode part of the hostile suite). Usage: install-system-packages.sh
# [package …] (default: all three). Installs only what is missing, with apt-get as root or through
# sudo; otherwise stops with one line that gives the command to run. Starts no service: the tests
# run their own throw-away instances on free ports. Prints where each one is (CHROMIUM=, PG_BIN=,
# REDIS_SERVER=) on stdout.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
present() {
	case "$1" in
	chromium) [ -x /usr/bin/chromium ] ;;
	postgresql) [ -x "$(pg_bin)/postgres" ] && [ -x "$(pg_bin)/initdb" ] ;;
	redis-server) command -v redis-server >/dev/null 2>&1 ;;
	*)
		echo "[install-system-packages] unknown package $1" >&2
		exit 2
		;;
	esac
}

wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(chromium postgresql redis-server)
missing=()
for package in "${wanted[@]}"; do present "$package" || missing+=("$package"); done

if [ "${#missing[@]}" -gt 0 ]; then
	as_root=()
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); else as_root=(none); fi
	fi
	if [ "${as_root[0]:-}" = none ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "[install-system-packages] the tests need Debian packages that are missing; run: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
	echo "[install-system-packages] apt-get install ${missing[*]}" >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for package in "${wanted[@]}"; do
	case "$package" in
	chromium) echo "CHROMIUM=/usr/bin/chromium" ;;
	postgresql) echo "PG_BIN=$(pg_bin)" ;;
	redis-server) echo "REDIS_SERVER=$(command -v redis-server)" ;;
	esac
done
