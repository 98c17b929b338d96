#!/usr/bin/env bash
# Host-level cases of issue 14 (items 5 and 7), ours vs nmap -sV in the same run, each tool judged ok / WRONG /
# missed / n/a per case like lab/services/cases.mjs:
#  - catch-all host: namespace h5-ca-s (10.95.0.1) whose every TCP port except 6379 and 8080 is REDIRECTed to one
#    silent listener, redis-server on 6379 and python3 http.server on 8080, scanned over $CA_PORTS from h5-ca-c;
#  - the scanning machine itself: namespace h5-self with redis-server on 127.0.0.1:16379 (loopback only) and
#    0.0.0.0:16380, scanned as 127.0.0.1 from inside (gatehouse joins its /proc inventory: process, bind scope,
#    loopback-only risks weigh a tenth and never cap the grade).
# Root. Run by bench/accuracy.sh; alone: flock /tmp/gatehouse-lab.lock bash bench/accuracy-hosts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "accuracy-hosts.sh: needs root" >&2; exit 2; }
for c in nmap iptables redis-server python3; do command -v "$c" >/dev/null || { echo "accuracy-hosts.sh: $c missing (bash scripts/setup.sh)" >&2; exit 2; }; done
. bench/lab-lock.sh; bench_lock /tmp/gatehouse-lab.lock 8
. bench/catch-all-lab.sh
[ -f dist/cli/main.js ] || npm run build >/dev/null
CA_PORTS="${CA_PORTS:-1-120,6379,8080}"
S=h5-ca-s; C=h5-ca-c; SELF=h5-self; OUT="$(mktemp -d /tmp/gh-acc-hosts.XXXXXX)"
down() { disown -a 2>/dev/null || true; for ns in $S $C $SELF; do for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done; ip netns del $ns 2>/dev/null || true; done; }
trap down EXIT
down
catch_all_up "$S" "$C" h5ca 10.95.0 4096 "$OUT"
ip netns add $SELF; ip -n $SELF link set lo up
(cd "$OUT" && ip netns exec $SELF redis-server --port 16379 --bind 127.0.0.1 --protected-mode no --save '' --appendonly no --dir "$OUT" >/dev/null &)
(cd "$OUT" && ip netns exec $SELF redis-server --port 16380 --bind 0.0.0.0 --protected-mode no --save '' --appendonly no --dir "$OUT" >/dev/null &)
for i in $(seq 50); do
  n=$(( $(ip netns exec $S ss -Htln | wc -l) + $(ip netns exec $SELF ss -Htln | wc -l) ))
  [ "$n" -ge 5 ] && break; sleep 0.2
done
now() { date +%s.%N; }
G=(node dist/cli/main.js scan --no-ping --json -q --no-progress --no-store)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; catch-all ports $CA_PORTS"
t0=$(now)
ip netns exec $C "${G[@]}" 10.95.0.1 -p "$CA_PORTS" >"$OUT/ca.json" 2>"$OUT/ca.err"
t1=$(now)
ip netns exec $C nmap -sV -Pn -n -p "$CA_PORTS" --host-timeout 300s -oX "$OUT/ca-nmap.xml" 10.95.0.1 >/dev/null 2>"$OUT/ca-nmap.err" || true
t2=$(now)
ip netns exec $SELF "${G[@]}" 127.0.0.1 -p 16379,16380 >"$OUT/self.json" 2>"$OUT/self.err"
t3=$(now)
ip netns exec $SELF nmap -sV -Pn -n -p 16379,16380 -oX "$OUT/self-nmap.xml" 127.0.0.1 >/dev/null 2>"$OUT/self-nmap.err" || true
t4=$(now)
node lab/services/host-cases.mjs --catch-all "$OUT/ca.json" --catch-all-nmap "$OUT/ca-nmap.xml" --self "$OUT/self.json" --self-nmap "$OUT/self-nmap.xml"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" 'BEGIN {
  printf "wall (catch-all host): gatehouse %.1f s | nmap -sV %.1f s\n", b - a, c - b
  printf "wall (scanning machine itself): gatehouse %.1f s | nmap -sV %.1f s\n", d - c, e - d }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"
