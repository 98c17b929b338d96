#!/usr/bin/env bash
# bench/local.sh — `gatehouse local` on a namespace holding ~10,000 sockets, next to `ss -tanpu` from the same run.
# Builds namespace gh-local-bench, starts lab/local/sockets.mjs there (LISTENERS listeners on 127.0.0.1 plus
# CONNECTIONS client connections to them: LISTENERS + 2*CONNECTIONS sockets), then times RUNS runs of each tool
# inside the namespace (wall clock, process start included) and prints medians and the ratio. Root only.
# Usage: bash bench/local.sh [LISTENERS=5000] [CONNECTIONS=2500] [RUNS=7]
set -euo pipefail
cd "$(dirname "$0")/.."
LISTENERS="${1:-5000}"
CONNECTIONS="${2:-2500}"
RUNS="${3:-7}"
NS=gh-local-bench
[ "$(id -u)" -eq 0 ] || { echo "bench/local.sh: needs root (ip netns)" >&2; exit 2; }
[ -f dist/cli/main.js ] || npm run build >/dev/null
# One benchmark at a time on this machine (GATEHOUSE_BENCH_NOLOCK=1 skips the lock, e.g. when a leaked process holds it).
if [ "${GATEHOUSE_BENCH_NOLOCK:-}" != 1 ]; then exec 8>/tmp/gatehouse-bench.lock; flock 8; fi

WORK="$(mktemp -d /tmp/gh-local-bench.XXXXXX)"
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
  sleep 0.2
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

ulimit -n "$(ulimit -Hn)"
NEED=$((LISTENERS + 2 * CONNECTIONS + 100))
[ "$(ulimit -n)" -ge "$NEED" ] || { echo "bench/local.sh: open-file limit $(ulimit -n) < $NEED needed" >&2; exit 2; }
mkfifo "$WORK/out"
ip netns exec "$NS" node lab/local/sockets.mjs "$LISTENERS" "$CONNECTIONS" >"$WORK/out" &
PID=$!
read -r READY COUNT <"$WORK/out"
[ "$READY" = ready ] || { echo "bench/local.sh: socket holder failed" >&2; exit 1; }

# wall ms and CPU ms (user+sys of the child) of one run, "WALL CPU"
ms() { local a b; a=$(date +%s%N); /usr/bin/time -o "$WORK/t" -f '%U %S' "$@" >/dev/null 2>&1; b=$(date +%s%N); echo "$(( (b - a) / 1000000 )) $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$WORK/t")"; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2] + v[NR/2+1]) / 2)}'; }

# sanity: both see the sockets
SS_LINES=$(ip netns exec "$NS" ss -tanpu | tail -n +2 | wc -l)
GH_LISTENERS=$(ip netns exec "$NS" node dist/cli/main.js local --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.listeners.length+" "+j.listeners.filter(l=>l.processes.length>0).length)})')

: >"$WORK/gh"; : >"$WORK/ss"
for _ in $(seq "$RUNS"); do
  ms ip netns exec "$NS" node dist/cli/main.js local --json >>"$WORK/gh"
  ms ip netns exec "$NS" ss -tanpu >>"$WORK/ss"
done
GH=$(cut -d' ' -f1 "$WORK/gh" | median); GHC=$(cut -d' ' -f2 "$WORK/gh" | median)
SS=$(cut -d' ' -f1 "$WORK/ss" | median); SSC=$(cut -d' ' -f2 "$WORK/ss" | median)
read -r NODE0 NODE0C < <(ms ip netns exec "$NS" node -e 0)
echo "sockets created: $COUNT (listeners $LISTENERS, connections $CONNECTIONS); ss -tanpu lines: $SS_LINES; gatehouse listeners (with owner): $GH_LISTENERS"
echo "gatehouse local --json: wall ${GH} ms, cpu ${GHC} ms (medians of $RUNS; a bare 'node -e 0' here: wall ${NODE0} ms, cpu ${NODE0C} ms)"
echo "ss -tanpu:              wall ${SS} ms, cpu ${SSC} ms (medians of $RUNS)"
awk -v a="$GH" -v b="$SS" -v c="$GHC" -v d="$SSC" 'BEGIN { printf "ratio gatehouse/ss: wall %.2f, cpu %.2f   target wall < 1000 ms: %s\n", (b > 0 ? a / b : 0), (d > 0 ? c / d : 0), (a < 1000 ? "met" : "NOT met (see load)") }'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
