#!/usr/bin/env bash
# TLS benchmark (issue 4): per lab endpoint (lab/tls/lab.sh), our `gatehouse tls` vs testssl.sh and sslscan from the
# same run: the verdicts each tool reached (protocols, weak ciphers, certificate problems) and the wall times, with
# the ratio ours/testssl.sh. Everything runs inside a throw-away namespace; nothing leaves it.
# Usage (root): flock /tmp/gatehouse-bench.lock bash bench/tls.sh [ENDPOINT-NAME ...]
# Output: a table on stdout; raw outputs and bench/out/tls.json under bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/tls.sh: needs root (network namespace)" >&2; exit 2; }
for t in testssl sslscan node; do command -v "$t" >/dev/null || { echo "bench/tls.sh: missing $t (scripts/apt/tls.list)" >&2; exit 2; }; done
[ -f dist/cli/main.js ] || npm run build >/dev/null

NS="gh-tls-bench-$$"; DIR="/tmp/gh-tls-bench-$$"; OUT="bench/out/tls"
mkdir -p "$OUT"
[ "$#" -gt 0 ] || rm -f "$OUT"/*             # a run for named endpoints adds to the previous results
trap 'bash lab/tls/lab.sh down "$NS" "$DIR"' EXIT
bash lab/tls/lab.sh up "$NS" "$DIR" >/dev/null
CA="$DIR/pki/root.pem"

# name address:port sni starttls
ENDPOINTS=(
  "valid 10.78.0.10:443 valid.lab -"
  "expired 10.78.0.11:443 expired.lab -"
  "selfsigned 10.78.0.12:443 selfsigned.lab -"
  "wrongname 10.78.0.13:443 wrong.lab -"
  "weak 10.78.0.14:443 weak.lab -"
  "tls13only 10.78.0.15:443 tls13.lab -"
  "incomplete 10.78.0.16:443 incomplete.lab -"
  "notyetvalid 10.78.0.17:443 future.lab -"
  "smtp-starttls 10.78.0.20:25 mail.lab smtp"
  "imap-starttls 10.78.0.21:143 mail.lab imap"
  "ftp-starttls 10.78.0.22:21 ftp.lab ftp"
)
ms() { date +%s%3N; }
nsx() { ip netns exec "$NS" "$@"; }

for e in "${ENDPOINTS[@]}"; do
  read -r name addr sni st <<<"$e"
  if [ "$#" -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  ip="${addr%:*}"; port="${addr#*:}"
  rm -f "$OUT/$name".*; [ -f "$OUT/times.txt" ] && sed -i "/^$name /d" "$OUT/times.txt"   # replace an earlier run
  ours=(tls "$addr" --sni "$sni" --ca-file "$CA" --json); tss=(--quiet --color 0 --warnings off --nodns none --add-ca "$CA" --ip "$ip")
  ssc=(--no-colour --sni-name="$sni" --xml="$OUT/$name.sslscan.xml")
  if [ "$st" != "-" ]; then ours+=(--starttls "$st"); tss+=(-t "$st"); ssc+=("--starttls-$st"); fi
  t0=$(ms); nsx node dist/cli/main.js "${ours[@]}" >"$OUT/$name.ours.json" 2>"$OUT/$name.ours.err" || true; t1=$(ms)
  nsx testssl "${tss[@]}" --jsonfile "$OUT/$name.testssl.json" "$sni:$port" >"$OUT/$name.testssl.txt" 2>&1 || true; t2=$(ms)
  nsx sslscan "${ssc[@]}" "$addr" >"$OUT/$name.sslscan.txt" 2>&1 || true; t3=$(ms)
  echo "$name $((t1 - t0)) $((t2 - t1)) $((t3 - t2))" >>"$OUT/times.txt"
  echo "bench/tls.sh: $name done (ours $((t1 - t0)) ms, testssl $((t2 - t1)) ms, sslscan $((t3 - t2)) ms)" >&2
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/times.txt"
node bench/tls-verdicts.mjs "$OUT"
