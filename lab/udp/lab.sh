#!/usr/bin/env bash
# UDP lab (issue 5): one network namespace per lab host, joined by veth pairs to a bridge in the scanner's namespace
# `$NS` (default gh-udp, 10.79.0.1/16, plus 10.79.0.2-8 as extra source addresses for --udp-source-ip: each is
# its own ICMP rate-limit bucket at every lab host); host i lives in `$NS-h$i` as 10.79.1.i/16. No default route anywhere:
# nothing can leave. Real links and one kernel namespace per host matter: Linux does not rate-limit ICMP sent over
# loopback, and its ICMP rate-limit state is per namespace, so only this layout reproduces what a scanner meets.
#   up        create the namespaces and start every daemon (config and data under /tmp/$NS/)
#   down      stop everything and delete the namespaces
#   scan …    run a command in the scanner's namespace;  host I … run a command in lab host I's namespace
# Hosts (see docs/udp.md):
#   10.79.1.1  unbound, open resolver: recursion for anyone, lab zone gh-lab.test, stub gh-far.test → .3, version shown
#   10.79.1.2  unbound, closed: answers only its lab zone (refuse_non_local), version hidden
#   10.79.1.3  unbound, authoritative-only for gh-far.test (the "rest of the world" for .1's recursion)
#   10.79.1.4  snmpd, community public          10.79.1.5  snmpd, community only a private one
#   10.79.1.6  memcached with UDP on            10.79.1.7  memcached with UDP off
#   10.79.1.8  ntpd (ntpsec), Debian's restrict lines (noquery)     10.79.1.9  nothing at all: every UDP port closed
#   10.79.1.12 ntpd (ntpsec) without noquery (measured: still no mode 6 answer to a remote address, see docs/udp.md)
#   10.79.1.10 lab/udp/emulator.mjs (EMULATOR, not real daemons: SSDP, CharGen, QOTD, NetBIOS, mDNS, portmap, CLDAP,
#              IPMI, Ubiquiti, CoAP, WS-Discovery, SIP, IKE, OpenVPN, and an old ntpd answering mode 6 and mode 7 monlist)
#   10.79.1.11 in.tftpd (tftpd-hpa)
set -euo pipefail
NS="${GH_UDP_NS:-gh-udp}"
HOSTS=(1 2 3 4 5 6 7 8 9 10 11 12)
DIR="/tmp/$NS"
HERE="$(cd "$(dirname "$0")" && pwd)"
die() { echo "lab/udp: $*" >&2; exit 2; }
hx() { local i="$1"; shift; ip netns exec "$NS-h$i" "$@"; }
have() { ip netns list | awk '{print $1}' | grep -qx -- "$1"; }

unbound_conf() { # host name access extra...
  local host="$1" name="$2" access="$3" addr="10.79.1.$1"; shift 3
  mkdir -p "$DIR/$name"
  {
    printf 'server:\n  interface: %s\n  port: 53\n  do-ip6: no\n  do-tcp: no\n  username: ""\n  chroot: ""\n' "$addr"
    printf '  directory: "%s"\n  pidfile: "%s/unbound.pid"\n  use-syslog: no\n  logfile: ""\n' "$DIR/$name" "$DIR/$name"
    printf '  module-config: "iterator"\n  access-control: 0.0.0.0/0 %s\n  do-not-query-localhost: no\n' "$access"
    printf '  num-threads: 1\n  so-reuseport: no\n  outgoing-range: 64\n  ratelimit: 0\n  ip-ratelimit: 0\n'
    printf '  local-zone: "gh-lab.test." static\n  local-data: "www.gh-lab.test. 300 IN A 10.79.9.1"\n'
    printf '  local-data: "gh-lab.test. 300 IN TXT \\"gatehouse udp lab zone\\""\n'
    for line in "$@"; do printf '%s\n' "$line"; done
  } > "$DIR/$name/unbound.conf"
  hx "$host" unbound -d -c "$DIR/$name/unbound.conf" >"$DIR/$name/log" 2>&1 &
}

up() {
  [ "$(id -u)" -eq 0 ] || die "needs root"
  down
  mkdir -p "$DIR"
  ip netns add "$NS"; ip -n "$NS" link set lo up
  ip -n "$NS" link add ghbr type bridge; ip -n "$NS" addr add 10.79.0.1/16 dev ghbr; ip -n "$NS" link set ghbr up
  local a
  for a in 2 3 4 5 6 7 8; do ip -n "$NS" addr add "10.79.0.$a/16" dev ghbr; done
  local i
  for i in "${HOSTS[@]}"; do
    ip netns add "$NS-h$i"; ip -n "$NS-h$i" link set lo up
    ip link add "ghv$i-$$" netns "$NS" type veth peer name "ghe$i-$$" netns "$NS-h$i"
    ip -n "$NS" link set "ghv$i-$$" name "ghv$i"; ip -n "$NS-h$i" link set "ghe$i-$$" name eth0
    ip -n "$NS" link set "ghv$i" master ghbr; ip -n "$NS" link set "ghv$i" up
    ip -n "$NS-h$i" addr add "10.79.1.$i/16" dev eth0; ip -n "$NS-h$i" link set eth0 up
  done
  # DNS
  unbound_conf 1 open allow '  hide-version: no' '  local-zone: "test." nodefault' 'stub-zone:' '  name: "gh-far.test."' '  stub-addr: 10.79.1.3'
  unbound_conf 2 closed refuse_non_local '  hide-version: yes' '  hide-identity: yes'
  unbound_conf 3 far refuse_non_local '  hide-version: yes' '  local-zone: "gh-far.test." static' \
    '  local-data: "probe.gh-far.test. 300 IN A 10.79.9.2"' '  local-data: "probe.gh-far.test. 300 IN TXT \"recursion reached the lab-only zone gh-far.test\""'
  # SNMP
  local c
  for c in public:4 gh-Lab-7f3q:5; do
    mkdir -p "$DIR/snmp-${c#*:}"
    printf 'rocommunity %s default\nsysDescr Gatehouse UDP lab snmpd (host %s)\nsysLocation lab\n' "${c%%:*}" "${c#*:}" > "$DIR/snmp-${c#*:}/snmpd.conf"
    hx "${c#*:}" env MIBS= SNMP_PERSISTENT_DIR="$DIR/snmp-${c#*:}" snmpd -f -Lo -C -c "$DIR/snmp-${c#*:}/snmpd.conf" -p "$DIR/snmp-${c#*:}/pid" -I -smux,mteTrigger,mteTriggerConf udp:10.79.1."${c#*:}":161 >"$DIR/snmp-${c#*:}/log" 2>&1 &
  done
  # memcached (UDP on / off); -u root is needed only because we run as root
  hx 6 memcached -u root -l 10.79.1.6 -p 11211 -U 11211 -m 16 >"$DIR/memcached-on.log" 2>&1 &
  hx 7 memcached -u root -l 10.79.1.7 -p 11211 -U 0 -m 16 >"$DIR/memcached-off.log" 2>&1 &
  # NTP (ntpsec) serving its local clock: host 8 with Debian's restrict line (noquery), host 12 without noquery
  local h r
  for h in 8 12; do
    r='restrict default kod nomodify nopeer noquery limited'; [ "$h" = 12 ] && r='restrict default nomodify nopeer'
    mkdir -p "$DIR/ntp$h"
    printf 'server 127.127.1.0\nfudge 127.127.1.0 stratum 10\ndriftfile %s/ntp%s/drift\n%s\nrestrict 127.0.0.1\n' "$DIR" "$h" "$r" > "$DIR/ntp$h/ntp.conf"
    hx "$h" ntpd -n -c "$DIR/ntp$h/ntp.conf" -l "$DIR/ntp$h/log" >/dev/null 2>&1 &
  done
  # TFTP
  mkdir -p "$DIR/tftp"; echo "gatehouse lab tftp file" > "$DIR/tftp/readme.txt"
  hx 11 in.tftpd -L -a 10.79.1.11:69 -s "$DIR/tftp" >"$DIR/tftp.log" 2>&1 &
  # Emulator for protocols Debian cannot run here
  hx 10 node "$HERE/emulator.mjs" 10.79.1.10 >"$DIR/emulator.log" 2>&1 &
  wait_ready
}

# Every daemon bound: poll the target namespace's UDP sockets (at most ~10 s).
wait_ready() {
  local want=(1:53 2:53 3:53 4:161 5:161 6:11211 8:123 12:123 11:69 10:1900 10:9999)
  local i a ok
  for i in $(seq 1 150); do
    ok=1
    for a in "${want[@]}"; do hx "${a%%:*}" ss -H -uln 2>/dev/null | grep -q -- " 10.79.1.${a%%:*}:${a#*:} \| \*:${a#*:} \| 0.0.0.0:${a#*:} " || { ok=0; break; }; done
    [ "$ok" = 1 ] && { echo "lab/udp: ready"; return 0; }
    sleep 0.1
  done
  echo "lab/udp: not every daemon came up (first missing: $a)" >&2
  return 1
}

down() {
  local n pids
  local i
  for n in "${HOSTS[@]/#/$NS-h}" "$NS"; do
    have "$n" || continue
    pids="$(ip netns pids "$n" || true)"
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 20); do [ -z "$(ip netns pids "$n" || true)" ] && break; sleep 0.1; done
    pids="$(ip netns pids "$n" || true)"
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$n"
  done
  rm -rf "$DIR"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  scan) shift; exec ip netns exec "$NS" "$@" ;;
  host) shift; [ "$#" -gt 1 ] || die "usage: lab.sh host I CMD..."; i="$1"; shift; exec ip netns exec "$NS-h$i" "$@" ;;
  *) die "usage: lab.sh up|down|scan CMD...|host I CMD...   (namespaces \$GH_UDP_NS, default gh-udp, and \$GH_UDP_NS-hI)" ;;
esac
