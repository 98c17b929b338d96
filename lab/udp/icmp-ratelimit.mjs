#!/usr/bin/env node
/* global performance */
// Measures the target kernel's ICMP port-unreachable rate limit as a scanner sees it (docs/udp.md):
// sends N datagrams to N closed ports of HOST, one every GAP_MS, each on its own connected socket, and counts
// how many came back refused (ICMP port unreachable) versus silent within WAIT_MS after the last send.
// Usage (inside the lab's scanner namespace): node icmp-ratelimit.mjs HOST N GAP_MS [WAIT_MS] [FIRST_PORT]
import dgram from 'node:dgram';

const [host = '10.79.1.9', nArg = '50', gapArg = '0', waitArg = '1500', firstArg = '40000'] = process.argv.slice(2);
const n = Number(nArg); const gap = Number(gapArg); const wait = Number(waitArg); const first = Number(firstArg);
let refused = 0; let answered = 0;
const sockets = [];
const started = performance.now();
const refusedAt = [];
for (let i = 0; i < n; i++) {
  const s = dgram.createSocket('udp4');
  sockets.push(s);
  s.on('error', (e) => { if (e.code === 'ECONNREFUSED') { refused++; refusedAt.push(Math.round(performance.now() - started)); } });
  s.on('message', () => { answered++; });
  s.connect(first + i, host, () => s.send(Buffer.alloc(0)));
  if (gap > 0) { await new Promise((r) => setTimeout(r, gap)); }
}
await new Promise((r) => setTimeout(r, wait));
for (const s of sockets) { s.close(); }
const secs = (performance.now() - started) / 1000;
console.log(JSON.stringify({ host, probes: n, gapMs: gap, refused, answered, silent: n - refused - answered, seconds: Number(secs.toFixed(2)), refusedAtMs: refusedAt.slice(0, 60) }));
