#!/usr/bin/env bash
# Installs what Gatehouse and its tests need on a fresh Debian machine: the system packages listed in
# scripts/apt/*.list (namespace lab, the real daemons the lab runs, benchmark peers, chromium for reports),
# then the npm dependencies.
# Writes /usr/sbin/policy-rc.d first so that packages never auto-start daemons outside the lab.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t PKGS < <(cat scripts/apt/*.list | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    export DEBIAN_FRONTEND=noninteractive
    # One installer at a time (parallel set-ups would fight over the dpkg lock).
    exec 9>/tmp/gatehouse-apt.lock && flock 9
    APT=(apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends)
    "${APT[@]}" install "${missing[@]}" >/dev/null 2>&1 || { apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && "${APT[@]}" install "${missing[@]}" >/dev/null; }
    exec 9>&-
  else
    echo "setup: not root; skipping system packages (${missing[*]}): the namespace lab tests will be skipped" >&2
  fi
fi
# npm ci wipes node_modules: skip it when node_modules was installed from this very lockfile.
stamp=node_modules/.gatehouse-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup: node_modules already matches package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
