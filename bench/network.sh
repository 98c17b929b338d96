#!/usr/bin/env bash
# network scenario: Gatehouse vs nmap in a namespace lab (see bench/scenario.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/scenario.mjs network "$@"
