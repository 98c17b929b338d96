#!/usr/bin/env bash
# Service-detection lab (issue 3): real Debian daemons, each on its own 10.77.x address inside network namespace
# gh-svc, reached from the root namespace through one veth pair (10.77.0.1 here <-> 10.77.0.2 inside); the namespace
# has no default route, so nothing inside can reach anything outside. Config and data live under /tmp/gh-svc/.
#   lab.sh up [DAEMON...]   create the namespace, start the (missing) daemons, wait until each answers (bounded)
#   lab.sh down             kill everything inside, delete the namespace and /tmp/gh-svc
#   lab.sh restart DAEMON... stop those daemons and start them again (after editing daemons.sh)
#   lab.sh status           which daemons answer
#   lab.sh exec CMD...      run a command inside the namespace
#   lab.sh list             the daemon names;   lab.sh missing: daemons whose binary is not installed
# Ground truth: lab/services/truth.json; installed versions: /tmp/gh-svc/versions.json (written by `up`).
set -uo pipefail

NS=gh-svc
ROOT=/tmp/gh-svc
HOST_IF=gh-svc-h        # root-namespace end of the veth pair, 10.77.0.1
NS_IF=gh-svc-n          # namespace end, 10.77.0.2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRUTH="$HERE/truth.json"

DAEMONS=(vsftpd-anon vsftpd-noanon vsftpd-tls sshd-weak sshd-hardened redis-open redis-auth memcached
  postfix dovecot-plain dovecot-tls nginx mosquitto-anon mosquitto-auth telnetd rsyncd-list rsyncd-nolist
  xvfb-open xvfb-closed x11vnc-nopw x11vnc-pw smbd mariadb postgresql slapd prometheus etcd emulators hostile
  smbd-hardened rsyncd-auth apache xrdp erlang snmpd)

# Daemons must not inherit the caller's descriptors: a benchmark's `flock` fd kept by a daemon holds the lock forever.
# (255 is the descriptor bash reads this script from.)
for fd in /proc/$$/fd/*; do
  fd="${fd##*/}"
  if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then eval "exec $fd>&-"; fi
done 2>/dev/null

die() { echo "lab.sh: $*" >&2; exit 2; }
nsx() { ip netns exec "$NS" "$@"; }
exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx -- "$NS"; }

# Starts a long-running process inside the namespace, detached, output to $ROOT/logs/NAME.log.
spawn() {
  local name="$1"; shift
  # not through nsx(): a function in the background would fork a subshell and $! would not be the daemon
  ip netns exec "$NS" setsid "$@" >"$ROOT/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$ROOT/pids/$name"
}

# Keeps a wildcard-bound port (Xvfb) reachable on one lab address only: the kernel resets it everywhere else.
pin_port() {
  local port="$1" addr="$2" ipt
  for ipt in iptables iptables-nft iptables-legacy; do
    command -v "$ipt" >/dev/null 2>&1 || continue
    if nsx "$ipt" -S INPUT >/dev/null 2>&1; then
      nsx "$ipt" -C INPUT -p tcp --dport "$port" ! -d "$addr" -j REJECT --reject-with tcp-reset 2>/dev/null \
        || nsx "$ipt" -A INPUT -p tcp --dport "$port" ! -d "$addr" -j REJECT --reject-with tcp-reset
      return
    fi
  done
  echo "lab.sh: warning: no working iptables; port $port answers on every lab address" >&2
}

upstream() { sed -E 's/^[0-9]+://; s/-[^-]*$//; s/[+~](ds|dfsg)[0-9]*$//'; }

# Installed versions of the lab's packages, one dpkg-query for all (each call costs ~0.3 s).
write_versions() {
  local pg pkgs
  pg="$(dpkg-query -W -f='${Package}\n' 'postgresql-[0-9]*' 2>/dev/null | grep -E '^postgresql-[0-9]+$' | sort -V | tail -1)"
  pkgs=(vsftpd openssh-server redis-server memcached postfix dovecot-core nginx mosquitto inetutils-telnetd rsync xvfb
    x11vnc samba mariadb-server slapd prometheus etcd-server apache2 xrdp erlang-base snmpd ${pg:+"$pg"})
  dpkg-query -W -f='${Package} ${Version}\n' "${pkgs[@]}" 2>/dev/null | while read -r p v; do
    [ -n "$v" ] || continue
    [ "$p" = "$pg" ] && p=postgresql
    printf '%s\t%s\t%s\n' "$p" "$v" "$(upstream <<<"$v")"
  done | node -e 'const rows=require("fs").readFileSync(0,"utf8").trim().split("\n").filter(Boolean).map(l=>l.split("\t"));
    console.log(JSON.stringify(Object.fromEntries(rows.map(([p,d,u])=>[p,{debian:d,upstream:u}])),null,2))' > "$ROOT/versions.json"
}

net_up() {
  [ "$(id -u)" -eq 0 ] || die "needs root (ip netns add)"
  command -v ip >/dev/null 2>&1 || die "needs iproute2"
  mkdir -p "$ROOT"/{logs,pids,tls}
  chmod 755 "$ROOT"
  if ! exists; then
    ip netns add "$NS"
    nsx ip link set lo up
    ip link add "$HOST_IF" type veth peer name "$NS_IF" netns "$NS"
    ip addr add 10.77.0.1/30 dev "$HOST_IF"
    ip link set "$HOST_IF" up
    nsx ip addr add 10.77.0.2/30 dev "$NS_IF"
    nsx ip link set "$NS_IF" up
    ip route replace 10.77.0.0/16 via 10.77.0.2 dev "$HOST_IF"
  fi
  # the namespace's loopback carries one /32 per lab host (dummy links need a kernel module containers may lack)
  node -e 'const t=require(process.argv[1]);for(const a of new Set([...t.ports,...(t.udp??[])].map(p=>p.address)))console.log(`addr replace ${a}/32 dev lo`)' "$TRUTH" \
    | ip -n "$NS" -batch - || die "cannot add the lab addresses inside $NS"
  if [ ! -s "$ROOT/tls/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=lab.gatehouse.invalid' \
      -keyout "$ROOT/tls/key.pem" -out "$ROOT/tls/cert.pem" >/dev/null 2>&1 || die "openssl could not make the lab certificate"
    chmod 644 "$ROOT/tls/cert.pem" "$ROOT/tls/key.pem"
  fi
  write_versions
}

# shellcheck source=daemons.sh
. "$HERE/daemons.sh"

kill_daemon() {
  if [ "$1" = postfix ] && [ -f "$ROOT/postfix/etc/main.cf" ]; then nsx /usr/sbin/postfix -c "$ROOT/postfix/etc" stop >/dev/null 2>&1; fi
  local f="$ROOT/pids/$1"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  rm -f "$f"
}

up() {
  net_up
  local want=("$@") d started=() missing=()
  [ "${#want[@]}" -gt 0 ] || want=("${DAEMONS[@]}")
  local answering
  answering="$(node "$HERE/wait.mjs" --truth "$TRUTH" --timeout 300 --quiet --answering 2>/dev/null || true)"
  local -A job=()
  for d in "${want[@]}"; do
    declare -F "start_${d//-/_}" >/dev/null || die "unknown daemon $d (see: lab.sh list)"
    if grep -qx -- "$d" <<<"$answering"; then continue; fi
    if ! command -v "$(need "$d")" >/dev/null 2>&1; then missing+=("$d"); continue; fi
    kill_daemon "$d"
    mkdir -p "$ROOT/$d"
    # every daemon starts in parallel (initdb and friends take seconds); x11vnc waits for its Xvfb itself
    "start_${d//-/_}" >>"$ROOT/logs/$d.start.log" 2>&1 &
    job[$d]=$!
  done
  for d in "${!job[@]}"; do
    if wait "${job[$d]}"; then started+=("$d"); else echo "lab.sh: $d: start failed (see $ROOT/logs/$d*.log)" >&2; fi
  done
  [ "${#missing[@]}" -eq 0 ] || echo "lab.sh: not installed, skipped: ${missing[*]} (bash scripts/setup.sh)" >&2
  echo "lab.sh: started: ${started[*]:-(none, all were running)}" >&2
  node "$HERE/wait.mjs" --truth "$TRUTH" --timeout "${GH_SVC_WAIT_MS:-60000}" --daemons "$(IFS=,; echo "${want[*]}")" \
    --skip "$(IFS=,; echo "${missing[*]:-}")"
}

down() {
  if exists; then
    local pids
    pids="$(ip netns pids "$NS" 2>/dev/null || true)"
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086 # one pid per word
      kill -TERM $pids 2>/dev/null || true
      for _ in $(seq 1 30); do [ -z "$(ip netns pids "$NS" 2>/dev/null || true)" ] && break; sleep 0.1; done
      pids="$(ip netns pids "$NS" 2>/dev/null || true)"
      # shellcheck disable=SC2086
      [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    fi
    ip netns del "$NS"
  fi
  ip link del "$HOST_IF" 2>/dev/null || true
  ip route del 10.77.0.0/16 2>/dev/null || true
  rm -rf "$ROOT"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) exists || { echo "lab.sh: namespace $NS does not exist" >&2; exit 1; }
          node "$HERE/wait.mjs" --truth "$TRUTH" --timeout 1500 ;;
  exec) shift; [ "$#" -gt 0 ] || die "usage: lab.sh exec CMD [ARGS...]"; exec ip netns exec "$NS" "$@" ;;
  restart) shift; [ "$#" -gt 0 ] || die "usage: lab.sh restart DAEMON..."
           for d in "$@"; do kill_daemon "$d"; done; sleep 0.5; up "$@" ;;
  list) printf '%s\n' "${DAEMONS[@]}" ;;
  missing) for d in "${DAEMONS[@]}"; do command -v "$(need "$d")" >/dev/null 2>&1 || echo "$d"; done ;;
  *) die "usage: lab.sh up [DAEMON...]|restart DAEMON...|down|status|exec CMD...|list|missing" ;;
esac
