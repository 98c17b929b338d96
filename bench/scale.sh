#!/usr/bin/env bash
# Scale-out (issue 13): one lab of 1,024 hosts (198.19.64.0/22, every address local in one namespace; one HTTP
# listener) × the top 100 TCP ports, scanned in the same run by the single-process engine and by 1, 2 and 4
# `gatehouse worker`s (each in its own namespace with a veth into the lab's bridge) through this run's own
# redis-server (AOF on) and its own PostgreSQL database. Prints wall time, speedup and overhead against the
# single-process scan, and where the time goes (queue wait, shard scan time, PostgreSQL write time).
# Root only. Usage: bash bench/scale.sh [--shard-probes N]   (default 4096)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/cli/main.js ] || npm run build
SHARD=${2:-4096}
T=$$; LAB="scale-bl-$T"; DIR=$(mktemp -d /tmp/scale-bench.XXXX); DB="scale_bench_$T"; PGA="postgres://postgres@127.0.0.1:5432"
ROOT=198.18.78.1; RV="scale-b$((T % 100000))"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for i in 0 1 2 3; do ip netns del "scale-bw$i-$T" 2>/dev/null || true; done
  ip netns del "$LAB" 2>/dev/null || true; ip link del "$RV" 2>/dev/null || true
  psql "$PGA/postgres" -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
ip netns add "$LAB"; L="ip netns exec $LAB"
$L ip link set lo up; $L ip addr add 198.19.64.0/22 dev lo
$L ip link add scale-br type bridge; $L ip addr add 198.18.78.254/24 dev scale-br; $L ip link set scale-br up
ip link add "$RV" type veth peer name scale-r1 netns "$LAB"; ip addr add "$ROOT/24" dev "$RV"; ip link set "$RV" up
$L ip link set scale-r1 master scale-br; $L ip link set scale-r1 up
for i in 0 1 2 3; do
  W="scale-bw$i-$T"; ip netns add "$W"; ip netns exec "$W" ip link set lo up
  $L ip link add "scale-w$i" type veth peer name eth0 netns "$W"; $L ip link set "scale-w$i" master scale-br; $L ip link set "scale-w$i" up
  ip netns exec "$W" ip addr add "198.18.78.$((11 + i))/24" dev eth0; ip netns exec "$W" ip link set eth0 up
  ip netns exec "$W" ip route add 198.19.0.0/16 via 198.18.78.254
done
$L python3 -m http.server 80 --bind 198.19.64.1 >/dev/null 2>&1 & pids+=($!)
RP=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PP=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$RP" --bind "127.0.0.1 $ROOT" --appendonly yes --dir "$DIR" --save '' --protected-mode no >/dev/null & pids+=($!)
socat "TCP-LISTEN:$PP,bind=$ROOT,fork,reuseaddr" TCP:127.0.0.1:5432 & pids+=($!)
psql "$PGA/postgres" -qc "create database $DB" >/dev/null
sleep 1
TARGET=198.19.64.0/22; ARGS=(--top-ports 100 --seed 1 -q)
now() { date +%s.%N; }

s=$(now); ip netns exec "scale-bw0-$T" node dist/cli/main.js scan "$TARGET" "${ARGS[@]}" --json --no-store > "$DIR/single.json"; single=$(echo "$(now) - $s" | bc)
printf '%-16s %9s %8s %9s %7s %9s %9s %9s\n' run wall_s speedup overhead shards wait_ms scan_ms write_ms
printf '%-16s %9.2f %8s %9s %7s %9s %9s %9s\n' single-process "$single" 1.00 - - - - -
for n in 1 2 4; do
  wp=()
  for ((i = 0; i < n; i++)); do
    ip netns exec "scale-bw$i-$T" node dist/cli/main.js worker --queue "redis://$ROOT:$RP" --db "postgres://postgres@$ROOT:$PP/$DB" 2>>"$DIR/workers.log" & wp+=($!); pids+=($!)
  done
  sleep 3 # workers connected (their start-up is not the scan's)
  s=$(now); node dist/cli/main.js scan "$TARGET" "${ARGS[@]}" --json --queue "redis://127.0.0.1:$RP" --db "$PGA/$DB" --shard-probes "$SHARD" > "$DIR/q$n.json"; wall=$(echo "$(now) - $s" | bc)
  for p in "${wp[@]}"; do kill "$p" 2>/dev/null || true; done; wait "${wp[@]}" 2>/dev/null || true
  read -r shards wait scan write < <(psql "$PGA/$DB" -At -F' ' -c "select count(*), round(avg(extract(epoch from (started_at::timestamptz - queued_at::timestamptz)) * 1000)), round(avg(scan_ms)), round(avg(write_ms)) from scan_shards where scan_id = (select max(id) from scans)")
  node -e '
    const [a, b] = [process.argv[1], process.argv[2]].map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const open = (d) => d.hosts.flatMap((h) => h.ports.filter((p) => p.state === "open").map((p) => h.address + ":" + p.port)).sort().join();
    if (open(a) !== open(b) || a.grade.letter !== b.grade.letter) { console.error("scale: the distributed result differs from the single-process one"); process.exit(1); }' "$DIR/single.json" "$DIR/q$n.json"
  printf '%-16s %9.2f %8.2f %8.0f%% %7s %9s %9s %9s\n' "$n worker(s)" "$wall" "$(echo "$single / $wall" | bc -l)" "$(echo "($wall * $n / $single - 1) * 100" | bc -l)" "$shards" "$wait" "$scan" "$write"
done
echo "hosts 1024 x top 100 ports = 102,400 probes; shard = ${SHARD} probes; overhead = (wall x workers / single-process wall - 1); wait = enqueue -> start (includes waiting for a free worker); $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
