#!/usr/bin/env bash
# Service-detection accuracy and speed on the real-daemon lab (lab/services): `gatehouse scan` and `nmap -sV` over the
# same lab addresses and ports, one after the other in this run, then per port the truth, ours and nmap's, the
# correct/incorrect counts of each, both wall times and the ratio (ours / nmap). gatehouse runs twice: detection only
# (--no-tls --no-checks, the like-for-like timing against nmap -sV) and the full default scan (detection + TLS +
# checks), for information. Then the issue-14 cases (lab/services/cases.mjs: TLS on odd ports, SMB, rsync, RDP, epmd,
# VNC, SNMP; false/missed findings and grade caps over the full scan), bench/os-profiles.sh (OS names, --profile
# auto) and bench/accuracy-hosts.sh (catch-all host, the scanning machine itself), each beside nmap. Root; run as
# `flock /tmp/gatehouse-lab.lock bash bench/accuracy.sh` (it also takes /tmp/gatehouse-bench.lock; bench/lab-lock.sh).
# Brings the lab up when it is not, and down again afterwards (keep it with GH_SVC_KEEP=1). Results are kept in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "accuracy.sh: needs root (network namespace lab)" >&2; exit 2; }
command -v nmap >/dev/null || { echo "accuracy.sh: nmap missing (bash scripts/setup.sh)" >&2; exit 2; }
# serialised with the other benchmarks and the labs (already held when run as `flock /tmp/gatehouse-lab.lock bash …`)
. bench/lab-lock.sh
bench_lock /tmp/gatehouse-bench.lock 9
bench_lock /tmp/gatehouse-lab.lock 8
[ -f dist/cli/main.js ] || npm run build >/dev/null

was_up=0
ip netns list | awk '{print $1}' | grep -qx gh-svc && was_up=1
bash lab/services/lab.sh up >/dev/null 9>&- || echo "accuracy.sh: some lab daemons did not answer (lab.sh status)" >&2
cleanup() { [ "$was_up" = 1 ] || [ "${GH_SVC_KEEP:-0}" = 1 ] || bash lab/services/lab.sh down; }
trap cleanup EXIT

OUT="$(mktemp -d /tmp/gh-svc-accuracy.XXXXXX)"
# The hostile peers (endless bytes, 1 byte/s) are left out: they test robustness, not accuracy, and nmap -sV keeps
# reading them for many minutes (test/lab/services.test.ts covers them for gatehouse).
SEL='const t=require("./lab/services/truth.json").ports.filter(p=>p.daemon!=="hostile");'
mapfile -t ADDRS < <(node -e "$SEL"'for(const a of new Set(t.map(p=>p.address)))console.log(a)')
PORTS="$(node -e "$SEL"'console.log([...new Set(t.map(p=>p.port))].sort((a,b)=>a-b).join(","))')"
now() { date +%s.%N; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; ${#ADDRS[@]} hosts, ports $PORTS"
t0=$(now)
node dist/cli/main.js scan "${ADDRS[@]}" -p "$PORTS" --no-ping --no-tls --no-checks --json -q --no-progress >"$OUT/gatehouse.json" 2>"$OUT/gatehouse.err"
t1=$(now)
nmap -sV -Pn -n -p "$PORTS" -oX "$OUT/nmap.xml" "${ADDRS[@]}" >/dev/null 2>"$OUT/nmap.err"
t2=$(now)
node dist/cli/main.js scan "${ADDRS[@]}" -p "$PORTS" --no-ping --json -q --no-progress >"$OUT/gatehouse-full.json" 2>"$OUT/gatehouse-full.err"
t3=$(now)

node lab/services/accuracy.mjs --ours "$OUT/gatehouse.json" --nmap "$OUT/nmap.xml" --skip-daemon hostile
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" 'BEGIN {
  g = t1 - t0; n = t2 - t1; f = t3 - t2
  printf "wall: gatehouse (detection only) %.1f s | nmap -sV %.1f s | ratio %.2f (target <= 0.5)\n", g, n, g / n
  printf "wall: gatehouse full scan (detection + TLS + checks) %.1f s (ratio to nmap -sV %.2f)\n", f, f / n }'

# ---- Issue 14 cases (items 1–4): findings and names, gatehouse (default scan: detection + TLS + checks) vs nmap -sV
# with its scripts for the same questions (smb2-security-mode, smb-protocols, smb-enum-shares, smb-os-discovery,
# rsync-list-modules, epmd-info, rdp-ntlm-info, ssl-cert; snmp-sysdescr over UDP), same lab, same run.
CASE_T=(web-odd.lab.gatehouse.test 10.77.1.53 10.77.1.80 10.77.1.81 10.77.1.65 10.77.1.67 10.77.1.100 10.77.1.110 10.77.1.75 10.77.1.76 10.77.2.60)
CASE_P=10443,12443,445,873,3389,4369,5900,25672
NSE=smb2-security-mode,smb-protocols,smb-enum-shares,smb-os-discovery,rsync-list-modules,epmd-info,rdp-ntlm-info,ssl-cert,vnc-info
echo
echo "issue 14 cases: ${CASE_T[*]} ports $CASE_P (+ 10.77.1.105 udp/161)"
t4=$(now)
node dist/cli/main.js scan "${CASE_T[@]}" --resolve web-odd.lab.gatehouse.test:10.77.1.52 -p "$CASE_P" --no-ping --json -q --no-progress --no-store >"$OUT/cases.json" 2>"$OUT/cases.err"
node dist/cli/main.js scan 10.77.1.105 -sU -p 161 --no-ping --json -q --no-progress --no-store >"$OUT/cases-udp.json" 2>>"$OUT/cases.err"
t5=$(now)
nmap -sV -Pn -n -p "$CASE_P" --script "$NSE" -oX "$OUT/cases-nmap.xml" 10.77.1.52 "${CASE_T[@]:1}" >/dev/null 2>"$OUT/cases-nmap.err"
nmap -sU -sV -Pn -n -p 161 --script snmp-sysdescr -oX "$OUT/cases-nmap-udp.xml" 10.77.1.105 >/dev/null 2>>"$OUT/cases-nmap.err"
t6=$(now)
node lab/services/cases.mjs --ours "$OUT/cases.json,$OUT/cases-udp.json" --nmap "$OUT/cases-nmap.xml,$OUT/cases-nmap-udp.xml" --caps "$OUT/gatehouse-full.json"
awk -v a="$t4" -v b="$t5" -v c="$t6" 'BEGIN { printf "wall (cases): gatehouse full scan %.1f s | nmap -sV + scripts %.1f s\n", b - a, c - b }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results in $OUT"

# ---- Issue 14 item 6: OS names and --profile auto (Windows/macOS emulators, real Linux daemons, a Cisco-like SNMP
# agent) vs nmap -sV -O, same run (bench/os-profiles.sh).
echo
bash bench/os-profiles.sh 9>&-

# ---- Issue 14 items 5 and 7: a catch-all host and the scanning machine itself (bench/accuracy-hosts.sh).
echo
bash bench/accuracy-hosts.sh 9>&-
