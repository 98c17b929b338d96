#!/usr/bin/env bash
# Runs every benchmark scenario (root: builds namespaces). Needs `npm run build` first and nmap installed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build
for s in closed-host firewalled-host network; do bash "bench/$s.sh" "$@"; done
