#!/usr/bin/env bash
# firewalled-host scenario: Gatehouse vs nmap in a namespace lab (see bench/scenario.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/scenario.mjs firewalled-host "$@"
