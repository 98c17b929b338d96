#!/usr/bin/env bash
# Installs what Gatehouse and its tests need on a fresh Debian machine: system packages for the
# namespace lab (iproute2, iptables), nmap for the benchmarks, then the npm dependencies.
# Writes /usr/sbin/policy-rc.d first so that packages never auto-start daemons outside the lab.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(iproute2 iptables nmap time)
missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    echo "setup: not root; skipping system packages (${missing[*]}): the namespace lab tests will be skipped" >&2
  fi
fi
npm ci --no-audit --no-fund
