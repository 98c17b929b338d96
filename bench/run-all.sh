#!/usr/bin/env bash
# Runs every benchmark scenario (root: builds namespaces) and prints a summary table from bench/out/*.json.
# Usage: bash bench/run-all.sh [--runs N] [--nmap-only]. Builds dist/ first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build || echo "run-all: build failed; nmap side only" >&2
rc=0
for s in closed-host firewalled-host network; do bash "bench/$s.sh" "$@" || rc=$?; done
bash bench/scale.sh || rc=$?
# the dashboard in Chromium: organisation page LCP and hosts-table scroll frame rate at 10,000 hosts (prints its own figures)
node bench/dashboard.mjs || rc=$?
node bench/summary.mjs
exit "$rc"
