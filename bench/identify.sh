#!/usr/bin/env bash
# Service detection benchmark (issue 3a): `gatehouse scan` with identification only (our -sV equivalent: --no-tls
# --no-checks) versus `nmap -sV` on the same open ports, in the same run: both wall times, the ratio, and per port
# service / product / version side by side (and the lab manifest's expectation where the port is in the lab).
# Targets: the loopback services of this host (PostgreSQL, Redis, MariaDB, RabbitMQ, Mosquitto, NATS on 127.0.0.1)
# plus, when the gh-svc lab is up (lab/services/lab.sh up), every port of lab/services/truth.json.
# GH_BENCH_LAB=0 keeps to loopback (nmap -sV spends minutes on the lab's hostile ports). Only loopback and the lab
# namespace are touched. Run under the shared lock:
#   flock /tmp/gatehouse-bench.lock bash bench/identify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || { echo "bench/identify.sh: run 'npm run build' first" >&2; exit 2; }
command -v nmap >/dev/null || { echo "bench/identify.sh: nmap is not installed" >&2; exit 2; }

work="$(mktemp -d /tmp/gh-identify-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

targets=(127.0.0.1)
ports="5432,6379,3306,5672,1883,4222"
truth=""
if [ "${GH_BENCH_LAB:-1}" != 0 ] && ip netns list 2>/dev/null | awk '{print $1}' | grep -qx gh-svc && [ -f lab/services/truth.json ]; then
  truth=lab/services/truth.json
  mapfile -t lab_addrs < <(node -e 'const t=require("./lab/services/truth.json");console.log([...new Set(t.ports.map(p=>p.address))].join("\n"))')
  lab_ports="$(node -e 'const t=require("./lab/services/truth.json");console.log([...new Set(t.ports.map(p=>p.port))].sort((a,b)=>a-b).join(","))')"
  targets+=("${lab_addrs[@]}")
  ports="$(echo "$ports,$lab_ports" | tr ',' '\n' | sort -nu | paste -sd,)"
fi
echo "targets: ${#targets[@]} address(es); ports: $ports"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

now() { date +%s.%N; }
t0=$(now)
node dist/cli/main.js scan "${targets[@]}" -p "$ports" --no-ping --no-tls --no-checks --no-store -q --no-progress --json > "$work/ours.json" || true
t1=$(now)
nmap -sV -Pn -n -p "$ports" -oX "$work/nmap.xml" "${targets[@]}" > /dev/null
t2=$(now)
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

node bench/identify-compare.mjs "$work/ours.json" "$work/nmap.xml" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" $truth
