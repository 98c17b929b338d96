#!/usr/bin/env node
// Prints the README's benchmark table (markdown) from bench/out/{closed-host,firewalled-host,network}.json.
import { existsSync, readFileSync } from 'node:fs';

const out = new URL('out/', import.meta.url).pathname;
const f = (x, d = 2) => (typeof x === 'number' ? x.toFixed(d) : '—');
console.log('| scenario | Gatehouse | nmap | ratio | target | open sets = truth (gatehouse / nmap) | Gatehouse peak RSS |');
console.log('|---|---|---|---|---|---|---|');
for (const name of ['closed-host', 'firewalled-host', 'network']) {
  if (!existsSync(`${out}${name}.json`)) { continue; }
  const s = JSON.parse(readFileSync(`${out}${name}.json`, 'utf8'));
  const med = (k) => { const v = s.runs.map((r) => r[k]).filter((x) => x !== undefined).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const all = (k) => (s.runs.every((r) => r[k] === undefined) ? '—' : s.runs.every((r) => r[k]) ? 'yes' : 'NO');
  console.log(`| ${name} | ${f(med('gatehouseSecs'))} s | ${f(med('nmapSecs'))} s | ${f(s.medianRatio, 3)} | ≤ ${f(s.goalRatio, 3)} | ` +
    `${all('gatehouseMatchesTruth')} / ${all('nmapMatchesTruth')} | ${f(med('gatehouseRssMb'), 0)} MB |`);
}
