#!/usr/bin/env node
// Compares a Gatehouse JSON document and an nmap XML file from the same UDP lab run (bench/udp.sh): per-port states
// of both tools against each other and against the lab's truth (lab/udp/lab.sh), and lists every disagreement.
// Usage: node bench/udp-compare.mjs GATEHOUSE.json NMAP.xml PORTS(comma list)
import { readFileSync } from 'node:fs';

const [gjson, nxml, portsArg] = process.argv.slice(2);
const ports = portsArg.split(',').map(Number);
const EMULATED = [17, 19, 111, 123, 137, 389, 500, 623, 1194, 1900, 3702, 5060, 5353, 5683, 10001];
const OPEN = { 1: [53], 2: [53], 3: [53], 4: [161], 5: [161], 6: [11211], 7: [], 8: [123], 9: [], 10: EMULATED, 11: [69], 12: [123] };
const OPEN_FILTERED = { 10: [9999] };
const truth = (h, p) => (OPEN[h]?.includes(p) ? 'open' : OPEN_FILTERED[h]?.includes(p) ? 'open|filtered' : 'closed');

const ours = new Map();
for (const h of JSON.parse(readFileSync(gjson, 'utf8')).hosts) {
  for (const p of h.ports) { ours.set(`${h.address.split('.')[3]}:${p.port}`, p.state); }
}
const theirs = new Map();
const xml = readFileSync(nxml, 'utf8');
for (const host of xml.split('<host ').slice(1)) {
  const addr = /<address addr="([\d.]+)"/.exec(host)?.[1];
  if (!addr) { continue; }
  const n = addr.split('.')[3];
  for (const m of host.matchAll(/<port protocol="udp" portid="(\d+)"><state state="([^"]+)"/g)) { theirs.set(`${n}:${m[1]}`, m[2]); }
  // nmap folds many ports into <extraports state="closed" count=…>: those are closed
  if (/<extraports state="closed"/.test(host)) { for (const p of ports) { if (!theirs.has(`${n}:${p}`)) { theirs.set(`${n}:${p}`, 'closed'); } } }
}
let agree = 0; let oursOk = 0; let theirsOk = 0; let total = 0;
const diffs = [];
for (let h = 1; h <= 12; h++) {
  for (const p of ports) {
    const k = `${h}:${p}`; const t = truth(h, p); const o = ours.get(k) ?? 'missing'; const n = theirs.get(k) ?? 'missing';
    total++;
    if (o === n) { agree++; }
    if (o === t) { oursOk++; }
    if (n === t) { theirsOk++; }
    if (o !== n || o !== t) { diffs.push(`10.79.1.${h}:${p} truth=${t} gatehouse=${o} nmap=${n}`); }
  }
}
console.log(JSON.stringify({ ports: total, statesAgree: agree, gatehouseCorrect: oursOk, nmapCorrect: theirsOk }));
for (const d of diffs.slice(0, 40)) { console.log(`  ${d}`); }
if (diffs.length > 40) { console.log(`  … ${diffs.length - 40} more`); }
