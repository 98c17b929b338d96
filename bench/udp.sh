#!/usr/bin/env bash
# UDP benchmark (issue 5): Gatehouse vs `nmap -sU` on the same ports of the same UDP lab (lab/udp/lab.sh), in the
# same run, in two scenarios: the targets' Linux default ICMP rate limit (one port-unreachable per second per
# scanner after a burst of 6) and that limit switched off (net.ipv4.icmp_ratelimit=0 in every lab host). Prints both
# wall times, the ratio, and per-port state agreement (with each other and with the lab's truth). Root only.
# Usage: flock /tmp/gatehouse-bench.lock bash bench/udp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/udp: needs root (network namespaces)" >&2; exit 2; }
command -v nmap >/dev/null || { echo "bench/udp: nmap missing (bash scripts/setup.sh)" >&2; exit 2; }
[ -f dist/cli/main.js ] || npm run build >/dev/null
export GH_UDP_NS="ghub$$"
OUT="$(mktemp -d /tmp/gh-udp-bench.XXXXXX)"
trap 'bash lab/udp/lab.sh down; rm -rf "$OUT"' EXIT
PORTS=17,19,53,69,111,123,137,161,389,500,623,1194,1900,3702,5060,5353,5683,9999,10001,11211
TARGETS=10.79.1.1-12
bash lab/udp/lab.sh up >/dev/null

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

scenario() {
  local name="$1" t0 t1 g n
  sleep 7 # every host's ICMP token bucket back to its full burst before each tool
  t0=$(now)
  bash lab/udp/lab.sh scan node dist/cli/main.js scan -Pn -sU -p "$PORTS" "$TARGETS" --dns-recursion-name probe.gh-far.test --json --all-states -q >"$OUT/$name.json"
  t1=$(now); g=$(elapsed "$t0" "$t1")
  sleep 7
  t0=$(now)
  bash lab/udp/lab.sh scan nmap -sU -n -Pn -p "$PORTS" "$TARGETS" -oX "$OUT/$name.xml" >/dev/null
  t1=$(now); n=$(elapsed "$t0" "$t1")
  printf '%-22s gatehouse %7.2f s   nmap -sU %7.2f s   ratio %6.2fx   ' "$name" "$g" "$n" "$(awk -v a="$g" -v b="$n" 'BEGIN { printf "%.2f", b / a }')"
  node bench/udp-compare.mjs "$OUT/$name.json" "$OUT/$name.xml" "$PORTS"
}

echo "bench/udp: 12 lab hosts x 20 UDP ports; load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(nmap --version | head -1)"
scenario linux-icmp-ratelimit
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do ip netns exec "$GH_UDP_NS-h$i" sysctl -q -w net.ipv4.icmp_ratelimit=0; done
scenario no-icmp-ratelimit
