#!/usr/bin/env bash
# Catch-all host (issue 14 item 5): a namespace host whose every TCP port except 6379 and 8080 is REDIRECTed to one
# silent listener, with redis-server on 6379 and python3 http.server on 8080. `gatehouse scan` (service detection
# on) and nmap over the same ports, one after the other in this run: wall time, ports each lists as open, whether
# each named the two real services (correct / missed) and how many ports it reports that are not real services, and
# the ratio of wall times. nmap runs `-sT -T4` (a connect scan like ours; NMAP_ARGS to change, e.g. "-sV -T4",
# which on a full-range catch-all interrogates 65,535 ports and takes hours). Root; serialised with the other
# benchmarks by /tmp/gatehouse-bench.lock and with the labs by /tmp/gatehouse-lab.lock.
# Usage: bash bench/catch-all.sh [PORTS] (default -, all 65,535). NMAP=0 skips nmap. NS=prefix of the namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "catch-all.sh: needs root (network namespace lab)" >&2; exit 2; }
for c in nmap iptables redis-server python3; do command -v "$c" >/dev/null || { echo "catch-all.sh: $c missing (bash scripts/setup.sh)" >&2; exit 2; }; done
. bench/lab-lock.sh; bench_lock /tmp/gatehouse-bench.lock 9; bench_lock /tmp/gatehouse-lab.lock 8
. bench/catch-all-lab.sh
[ -f dist/cli/main.js ] || npm run build >/dev/null
PORTS="${1:--}"
NMAP_ARGS="${NMAP_ARGS:--sT -T4}"
S="${NS:-accb-bench}-s"; C="${NS:-accb-bench}-c"; OUT="$(mktemp -d /tmp/gh-catchall.XXXXXX)"
down() { for ns in $S $C; do for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done; ip netns del $ns 2>/dev/null || true; done; }
trap down EXIT
down
catch_all_up "$S" "$C" accbb 10.83.0 65535 "$OUT"
sleep 2
now() { date +%s.%N; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; ports $PORTS; nmap $NMAP_ARGS"
t0=$(now)
ip netns exec $C node dist/cli/main.js scan 10.83.0.1 -p "$PORTS" --no-ping --json -q --no-progress --no-store >"$OUT/gatehouse.json" 2>"$OUT/gatehouse.err"
t1=$(now)
if [ "${NMAP:-1}" = 0 ]; then echo '<nmaprun/>' >"$OUT/nmap.xml"; else
# shellcheck disable=SC2086 # NMAP_ARGS is a list of options
ip netns exec $C nmap $NMAP_ARGS -Pn -n -p "$PORTS" --host-timeout 600s -oX "$OUT/nmap.xml" 10.83.0.1 >/dev/null 2>"$OUT/nmap.err" || true; fi
t2=$(now)
node -e '
const fs = require("fs");
const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); const h = d.hosts[0] ?? { ports: [] };
const x = fs.readFileSync(process.argv[2], "utf8");
const nm = [...x.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="open"[^>]*\/>(?:<service name="([^"]*)"(?:[^>]*product="([^"]*)")?)?/g)].map((m) => ({ port: +m[1], name: m[2] ?? "", product: m[3] ?? "" }));
// nmap -sT without -sV names a port from its services table only (6379 "redis", 8080 "http-proxy"): counted as named, not as identified.
const timedOut = /timedout="true"|timed out/i.test(x.replace(/<nmaprun[^>]*>/, ""));
const truth = { 6379: /redis/i, 8080: /http/i };
const ours = h.ports.filter((p) => p.state === "open").map((p) => ({ port: p.port, name: p.service.name, product: p.service.product ?? "" }));
const judge = (list) => { const ok = Object.entries(truth).filter(([p, re]) => list.some((x) => x.port === +p && re.test(x.name + " " + x.product))).length; return { correct: ok, missed: 2 - ok, extra: list.filter((x) => !(x.port in truth)).length }; };
const a = judge(ours), b = judge(nm);
const w0 = +process.argv[4] - +process.argv[3], w1 = +process.argv[5] - +process.argv[4];
const size = fs.statSync(process.argv[1]).size, xsize = fs.statSync(process.argv[2]).size;
console.log("tool        wall s   open listed  real named  missed  other ports listed  output bytes");
console.log(`gatehouse  ${w0.toFixed(1).padStart(7)}   ${String(ours.length).padStart(11)}  ${String(a.correct).padStart(10)}  ${String(a.missed).padStart(6)}  ${String(a.extra).padStart(18)}  ${String(size).padStart(12)} JSON (catch-all fact: ${h.catchAll ? h.catchAll.ports + " ports, " + h.catchAll.behaviour : "none"}; open counted ${h.counts?.open ?? 0})`);
console.log(`nmap       ${w1.toFixed(1).padStart(7)}   ${String(nm.length).padStart(11)}  ${String(b.correct).padStart(10)}  ${String(b.missed).padStart(6)}  ${String(b.extra).padStart(18)}  ${String(xsize).padStart(12)} XML${timedOut ? " (host timeout)" : ""}`);
console.log(`ratio ours/nmap: wall ${(w0 / w1).toFixed(2)}, ports listed ${(ours.length / Math.max(1, nm.length)).toFixed(5)}`);
' "$OUT/gatehouse.json" "$OUT/nmap.xml" "$t0" "$t1" "$t2"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
