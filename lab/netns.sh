#!/usr/bin/env bash
# Namespace lab: `up` creates network namespace gh-lab (override with GH_NETNS) with lo up, `down` kills what runs
# inside and deletes it, `exec CMD...` runs a command inside, `tools` installs iproute2/iptables/nmap/time if missing,
# `iptables ARGS...` runs whichever iptables flavour (nft or legacy) works inside. Root only; idempotent.
# Lab targets are 127.x addresses inside the namespace: nothing sent there reaches the host's own loopback services.
set -euo pipefail

NS="${GH_NETNS:-gh-lab}"

die() { echo "netns.sh: $*" >&2; exit 2; }

# Installs missing system packages. policy-rc.d first, so that no package starts a daemon outside the lab.
tools() {
  local -A need=([ip]=iproute2 [iptables]=iptables [nmap]=nmap [/usr/bin/time]=time)
  local missing=() cmd
  for cmd in "${!need[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]} and not root"
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  export DEBIAN_FRONTEND=noninteractive
  echo "netns.sh: installing ${missing[*]}" >&2
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

exists() { ip netns list | awk '{print $1}' | grep -qx -- "$NS"; }

up() {
  [ "$(id -u)" -eq 0 ] || die "needs root (ip netns add)"
  command -v ip >/dev/null 2>&1 || tools
  exists || ip netns add "$NS"
  ip netns exec "$NS" ip link set lo up
}

down() {
  exists || return 0
  local pids
  pids="$(ip netns pids "$NS" || true)"
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086 # one pid per word
    kill -TERM $pids 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do [ -z "$(ip netns pids "$NS" || true)" ] && break; sleep 0.1; done
    pids="$(ip netns pids "$NS" || true)"
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  ip netns del "$NS"
}

# iptables inside the namespace: the nft flavour where the kernel has nf_tables, else legacy.
ipt() {
  local flavour
  for flavour in iptables iptables-nft iptables-legacy; do
    command -v "$flavour" >/dev/null 2>&1 || continue
    if ip netns exec "$NS" "$flavour" -S INPUT >/dev/null 2>&1; then ip netns exec "$NS" "$flavour" "$@"; return; fi
  done
  die "no working iptables inside namespace $NS"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  exec) shift; [ "$#" -gt 0 ] || die "usage: netns.sh exec CMD [ARGS...]"; exec ip netns exec "$NS" "$@" ;;
  iptables) shift; ipt "$@" ;;
  tools) tools ;;
  *) die "usage: netns.sh up|down|exec CMD...|iptables ARGS...|tools   (namespace \$GH_NETNS, default gh-lab)" ;;
esac
