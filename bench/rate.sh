#!/usr/bin/env bash
# --rate accuracy: scans closed loopback ports in a namespace at several caps and prints achieved vs requested. Each cap
# gets about 4 s of probes (at most 65,535): the scan's fixed start-up (threads, ~0.1 s) is counted in its duration,
# and over a 1 s scan it alone read as a 10 % shortfall at 20,000 pps.
set -euo pipefail
cd "$(dirname "$0")/.."
ns="gh-rate-$$"
ip netns add "$ns"; trap 'ip netns del "$ns"' EXIT
ip netns exec "$ns" ip link set lo up
for r in 1000 5000 20000; do
  n=$(( r * 4 > 65535 ? 65535 : r * 4 ))
  ip netns exec "$ns" node dist/cli/main.js scan 127.0.0.1 -p "1-$n" -Pn --rate "$r" --json --no-service-detection --no-store | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const d = JSON.parse(s), h = d.hosts[0], n = h.counts.closed + h.counts.open;
      const secs = (Date.parse(d.scan.finished) - Date.parse(d.scan.started)) / 1000, got = n / secs, want = Number(process.argv[1]);
      console.log(`--rate ${want}: ${n} probes in ${secs.toFixed(2)} s = ${got.toFixed(0)} pps (${((got / want - 1) * 100).toFixed(1)} %)`);
    });' "$r"
done
