#!/usr/bin/env bash
# network scenario: Gatehouse vs nmap in namespace gh-bench-PID (see bench/scenario.mjs); torn down on exit.
# Usage: bash bench/network.sh [--runs N] [--nmap-only]   (root; installs nmap/iptables/time if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export GH_NETNS="${GH_NETNS:-gh-bench-$$}"
trap 'bash lab/netns.sh down' EXIT
node bench/scenario.mjs network "$@"
