#!/usr/bin/env bash
# nmap -oX import memory: for generated `nmap -A`-shaped files of growing size (bench/gen-nmap-xml.mjs), the peak RSS
# of `loadScanFile` (the streamed import, as `gatehouse report --from-nmap` runs it) next to the peak RSS of merely
# reading the same file into one string (the floor of any whole-file parser, as the pre-saxes import was) in the
# same run. Sizes in MB as arguments (default: 16 64 256). Serialised with the other benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/gatehouse-bench.lock
flock 9
[ -f dist/import/index.js ] || npm run build >/dev/null
DIR="$(mktemp -d /tmp/gh-nmap-import.XXXXXX)"
trap 'rm -rf "$DIR"' EXIT
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(16 64 256)
IMPORT="const { loadScanFile } = await import('$PWD/dist/import/index.js'); const l = await loadScanFile(process.argv[1]);
  console.log(l.doc.hosts.length, l.doc.hosts.reduce((n, h) => n + h.ports.length, 0));"
READ="import { readFileSync } from 'node:fs'; const t = readFileSync(process.argv[1], 'utf8'); console.log(t.length);"
peak() { /usr/bin/time -f '%M' node --input-type=module -e "$1" "$2" 2>&1 >/dev/null | tail -1; }   # KB
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%8s %8s %8s %14s %10s %18s %10s\n' file_MB hosts ports import_RSS_MB ×file readFile_RSS_MB ×file
for mb in "${SIZES[@]}"; do
  f="$DIR/scan-$mb.xml"
  node bench/gen-nmap-xml.mjs "$f" "$mb" > "$DIR/counts.json"
  read -r hosts ports < <(node -e 'const c=require(process.argv[1]);console.log(c.hosts,c.ports)' "$DIR/counts.json")
  ours=$(peak "$IMPORT" "$f"); floor=$(peak "$READ" "$f")
  awk -v mb="$mb" -v h="$hosts" -v p="$ports" -v o="$ours" -v r="$floor" 'BEGIN { printf "%8d %8d %8d %14.0f %10.2f %18.0f %10.2f\n", mb, h, p, o/1024, o/1024/mb, r/1024, r/1024/mb }'
  rm -f "$f"
done
