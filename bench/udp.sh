#!/usr/bin/env bash
# UDP benchmark (issue 5): Gatehouse vs `nmap -sU` on the same ports of the same UDP lab (lab/udp/lab.sh), in the
# same run, in two scenarios: the targets' Linux default ICMP rate limit (one port-unreachable per second per
# scanner after a burst of 6) and that limit switched off (net.ipv4.icmp_ratelimit=0 in every lab host). Prints both
# wall times, the ratio, and per-port state agreement (with each other and with the lab's truth). Root only.
# Gatehouse runs twice under the default limit: from one source address (as nmap) and with --udp-source-ip over
# the scanner's 8 lab addresses (8 ICMP buckets per target; nmap has no equivalent). Full Gatehouse scans
# (identification and checks included) against nmap's state-only -sU.
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

# gatehouse NAME [extra args…]: one Gatehouse run into $OUT/NAME.json; prints its wall time
gatehouse() {
  local name="$1" t0 t1; shift
  sleep 7 # every host's ICMP token buckets back to their full burst before each run
  t0=$(now)
  bash lab/udp/lab.sh scan node dist/cli/main.js scan -Pn -sU -p "$PORTS" "$TARGETS" --dns-recursion-name probe.gh-far.test --json --all-states --no-store -q "$@" >"$OUT/$name.json"
  t1=$(now); elapsed "$t0" "$t1"
}

# nmap NAME: one `nmap -sU` run into $OUT/NAME.xml; prints its wall time
nmap_run() {
  local name="$1" t0 t1
  sleep 7
  t0=$(now)
  bash lab/udp/lab.sh scan nmap -sU -n -Pn -p "$PORTS" "$TARGETS" -oX "$OUT/$name.xml" >/dev/null
  t1=$(now); elapsed "$t0" "$t1"
}

line() { # label gatehouse-seconds nmap-seconds json xml
  printf '%-44s gatehouse %6.2f s   nmap -sU %6.2f s   nmap/gatehouse %6.2fx   ' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", b / a }')"
  node bench/udp-compare.mjs "$4" "$5" "$PORTS" | head -1
  node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1]));const u=d.scan.udp;const f=d.hosts.reduce((n,h)=>n+h.ports.reduce((m,p)=>m+(p.findings??[]).length,0),0);console.log(`${" ".repeat(46)}datagrams ${u.datagrams}, conclusive ${u.conclusive}, confirmations ${u.confirmations}, port unreachables ${u.portUnreachables}, findings ${f}`)' "$4"
}

echo "bench/udp: 12 lab hosts x 20 UDP ports; load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(nmap --version | head -1)"
# Linux's default ICMP limit on every lab host (one port unreachable per second per scanner address after 6)
g1=$(gatehouse limited-1src)
g8=$(gatehouse limited-8src --udp-source-ip 10.79.0.1-8)
n=$(nmap_run limited)
line "default ICMP limit, 1 source address" "$g1" "$n" "$OUT/limited-1src.json" "$OUT/limited.xml"
line "default ICMP limit, 8 source addresses" "$g8" "$n" "$OUT/limited-8src.json" "$OUT/limited.xml"
# The per-peer limit switched off on the targets (only the global 1000/s, burst 50 remains)
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do ip netns exec "$GH_UDP_NS-h$i" sysctl -q -w net.ipv4.icmp_ratelimit=0; done
g0=$(gatehouse unlimited-1src)
n0=$(nmap_run unlimited)
line "no per-peer ICMP limit, 1 source address" "$g0" "$n0" "$OUT/unlimited-1src.json" "$OUT/unlimited.xml"
