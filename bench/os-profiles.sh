#!/usr/bin/env bash
# OS names and profiles (issue 14 item 6), ours vs nmap -sV -O on the same lab in the same run: namespace accp-bench
# with the Windows EMULATOR (10.84.0.1, lab/emulators/windows.mjs), a Linux host with real OpenSSH + Redis
# (10.84.0.2), the macOS EMULATOR (10.84.0.3, lab/emulators/macos.mjs) and, over a veth, a network device with real
# net-snmp (Cisco sysObjectID) + inetutils-telnetd (10.84.1.4). Ours: `--top-ports 100 --profile auto`. nmap:
# `-sV -O` (raw sockets: root) over the top 100 TCP ports plus every profile port and 161/udp, i.e. told the ports we
# find ourselves. Per host: OS family named correct / wrong / missed; profile ports beyond the top 100 (5985, 6379,
# 3283, 62078, 161/udp) found / missed. Run by bench/accuracy.sh; alone: bash bench/os-profiles.sh (root).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "os-profiles.sh: needs root" >&2; exit 2; }
for c in nmap /usr/sbin/sshd /usr/sbin/snmpd /usr/sbin/inetutils-inetd redis-server; do command -v "$c" >/dev/null || { echo "os-profiles.sh: $c missing (bash scripts/setup.sh)" >&2; exit 2; }; done
. bench/lab-lock.sh; bench_lock /tmp/gatehouse-lab.lock 8
[ -f dist/cli/main.js ] || npm run build >/dev/null
H=accp-bench-h; D=accp-bench-d; OUT="$(mktemp -d /tmp/gh-os-profiles.XXXXXX)"
down() { disown -a 2>/dev/null || true; for ns in $H $D; do for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done; ip netns del $ns 2>/dev/null || true; done; }
trap down EXIT
down
ip netns add $H; ip netns add $D
ip -n $H link set lo up; ip -n $D link set lo up
for a in 10.84.0.1 10.84.0.2 10.84.0.3; do ip -n $H addr add $a/32 dev lo; done
ip -n $H link add accpb0 type veth peer name accpb1 netns $D
ip -n $H addr add 10.84.1.1/24 dev accpb0; ip -n $H link set accpb0 up
ip -n $D addr add 10.84.1.4/24 dev accpb1; ip -n $D link set accpb1 up
ip netns exec $H node lab/emulators/windows.mjs 10.84.0.1 >/dev/null &
ip netns exec $H node lab/emulators/macos.mjs 10.84.0.3 >/dev/null &
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$OUT/host_ed25519"
printf 'ListenAddress 10.84.0.2:22\nHostKey %s/host_ed25519\nPidFile %s/sshd.pid\nUsePAM no\nPermitRootLogin no\n' "$OUT" "$OUT" > "$OUT/sshd_config"
ip netns exec $H /usr/sbin/sshd -D -e -f "$OUT/sshd_config" 2>/dev/null &
(cd "$OUT" && ip netns exec $H redis-server --port 6379 --bind 10.84.0.2 --save '' --appendonly no --dir "$OUT" >/dev/null &)
printf 'rocommunity public default\nsysObjectID .1.3.6.1.4.1.9.1.1208\nsysDescr Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)\n' > "$OUT/snmpd.conf"
ip netns exec $D /usr/sbin/snmpd -f -Lo -C -c "$OUT/snmpd.conf" -p "$OUT/snmpd.pid" -I -smux,mteTrigger,mteTriggerConf udp:10.84.1.4:161 >/dev/null 2>&1 &
echo "telnet stream tcp nowait root /usr/sbin/telnetd telnetd" > "$OUT/inetd.conf"
ip netns exec $D /usr/sbin/inetutils-inetd -d --pidfile="$OUT/inetd.pid" "$OUT/inetd.conf" >/dev/null 2>&1 &
sleep 2
TARGETS=(10.84.0.1 10.84.0.2 10.84.0.3 10.84.1.4)
PROFILE_TCP="$(node --input-type=module -e 'import("./dist/knowledge/os-profiles.js").then(m=>{const s=new Set();for(const n of m.PROFILE_NAMES)for(const p of m.profilePorts(n).tcp)s.add(p);console.log([...s].join(","))})')"
TOP100="$(node --input-type=module -e 'import("./dist/knowledge/top-ports.js").then(m=>console.log(m.topPorts(100,"tcp").join(",")))')"
now() { date +%s.%N; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
t0=$(now)
ip netns exec $H node dist/cli/main.js scan "${TARGETS[@]}" --top-ports 100 --profile auto --no-ping --json -q --no-progress --no-store --no-self-scan >"$OUT/gatehouse.json" 2>"$OUT/gatehouse.err"
t1=$(now)
ip netns exec $H nmap -sS -sU -sV -O -Pn -n -p "T:$TOP100,$PROFILE_TCP,U:161" -oX "$OUT/nmap.xml" "${TARGETS[@]}" >/dev/null 2>"$OUT/nmap.err" || true
t2=$(now)
node -e '
const fs = require("fs");
const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const x = fs.readFileSync(process.argv[2], "utf8");
const truth = { "10.84.0.1": { os: /windows/i, extra: ["tcp/5985"] }, "10.84.0.2": { os: /linux|debian/i, extra: ["tcp/6379"] },
  "10.84.0.3": { os: /mac|apple|darwin|ios/i, extra: ["tcp/3283", "tcp/62078"] }, "10.84.1.4": { os: /cisco|ios|network|router|switch/i, extra: ["udp/161"] } };
const nmapHosts = {};
for (const m of x.matchAll(/<host[ >][\s\S]*?<\/host>/g)) {
  const h = m[0]; const addr = /<address addr="([^"]+)"/.exec(h)?.[1]; if (!addr) continue;
  const os = /<osmatch name="([^"]+)"/.exec(h)?.[1] ?? "";
  const open = [...h.matchAll(/<port protocol="(tcp|udp)" portid="(\d+)"><state state="open"/g)].map((p) => `${p[1]}/${p[2]}`);
  const product = {};
  for (const p of h.matchAll(/<port protocol="(tcp|udp)" portid="(\d+)">([\s\S]*?)<\/port>/g)) { product[`${p[1]}/${p[2]}`] = /<service [^>]*product="([^"]*)"/.exec(p[3])?.[1] ?? ""; }
  nmapHosts[addr] = { os, open, product };
}
const ours = {};
for (const h of doc.hosts) ours[h.address] = { os: h.os ? `${h.os.name}${h.os.version ? " " + h.os.version : ""} (${h.os.family})` : "", open: h.ports.filter((p) => p.state === "open").map((p) => `${p.protocol}/${p.port}`),
  product: Object.fromEntries(h.ports.map((p) => [`${p.protocol}/${p.port}`, p.service?.product ?? ""])) };
const tally = { ours: { correct: 0, wrong: 0, missed: 0, found: 0, notFound: 0 }, nmap: { correct: 0, wrong: 0, missed: 0, found: 0, notFound: 0 } };
console.log("host        truth OS        ours                                   | nmap -sV -O");
for (const [addr, t] of Object.entries(truth)) {
  const row = [];
  for (const [tool, r] of [["ours", ours[addr]], ["nmap", nmapHosts[addr]]]) {
    const os = r?.os ?? ""; const k = tally[tool];
    if (os === "") k.missed++; else if (t.os.test(os)) k.correct++; else k.wrong++;
    for (const e of t.extra) { if (r?.open.includes(e)) k.found++; else k.notFound++; }
    row.push(`${(os || "-").slice(0, 36).padEnd(36)} ${t.extra.map((e) => (r?.open.includes(e) ? "+" : "-") + e).join(" ")}`);
  }
  console.log(`${addr.padEnd(11)} ${t.os.source.slice(0, 14).padEnd(15)} ${row[0]} | ${row[1]}`);
}
// Products the OS-specific services name (Microsoft RDP vs xrdp, Apple Screen Sharing, the SNMP agent: net-snmp set to
// claim a Cisco sysObjectID, so either name is true — the identity it claims, or the daemon from its SNMPv3 engine ID).
const NAMES = [["10.84.0.1", "tcp/3389", /microsoft terminal serv/i, "Microsoft RDP (NLA)"], ["10.84.0.3", "tcp/5900", /apple|mac ?os/i, "Apple Screen Sharing"],
  ["10.84.1.4", "udp/161", /cisco|net-snmp/i, "net-snmp as Cisco"], ["10.84.0.2", "tcp/22", /openssh/i, "OpenSSH"]];
const nameTally = { ours: { ok: 0, wrong: 0, missed: 0 }, nmap: { ok: 0, wrong: 0, missed: 0 } };
console.log("service product     truth                 ours                                 | nmap -sV");
for (const [addr, port, re, label] of NAMES) {
  const row = [];
  for (const [tool, r] of [["ours", ours[addr]], ["nmap", nmapHosts[addr]]]) {
    const p = r?.product?.[port] ?? ""; const v = p === "" ? "missed" : re.test(p) ? "ok" : "wrong"; nameTally[tool][v]++;
    row.push(`${v.padEnd(6)} ${p.slice(0, 29).padEnd(29)}`);
  }
  console.log(`${`${addr} ${port}`.padEnd(19)} ${label.padEnd(21)} ${row[0]} | ${row[1]}`);
}
for (const tool of ["ours", "nmap"]) { const k = nameTally[tool]; console.log(`${tool.padEnd(5)} products: correct ${k.ok} wrong ${k.wrong} missed ${k.missed}`); }
for (const tool of ["ours", "nmap"]) { const k = tally[tool]; console.log(`${tool.padEnd(5)} OS: correct ${k.correct} wrong ${k.wrong} missed ${k.missed}; profile ports beyond the top 100: found ${k.found} missed ${k.notFound}`); }
const w0 = +process.argv[4] - +process.argv[3], w1 = +process.argv[5] - +process.argv[4];
console.log(`wall: gatehouse --profile auto ${w0.toFixed(1)} s | nmap -sS -sU -sV -O (told the profile ports) ${w1.toFixed(1)} s | ratio ${(w0 / w1).toFixed(2)}`);
' "$OUT/gatehouse.json" "$OUT/nmap.xml" "$t0" "$t1" "$t2"
echo "results in $OUT"
