#!/usr/bin/env node
// Lab helper: listens on every ADDR:PORT given (comma-separated, or --file with a JSON array of "addr:port"),
// accepts and closes connections, prints "ready" once all listen, exits on SIGTERM/SIGINT. Plain Node, no build.
import net from 'node:net';
import { readFileSync } from 'node:fs';

const arg = process.argv[2] === '--file' ? JSON.parse(readFileSync(process.argv[3], 'utf8')).join(',') : process.argv[2] ?? '';
const endpoints = arg.split(',').filter(Boolean).map((e) => {
  const i = e.lastIndexOf(':');
  return { host: e.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(e.slice(i + 1)) };
});
let pending = endpoints.length;
if (pending === 0) { console.log('ready'); }
for (const { host, port } of endpoints) {
  const s = net.createServer((c) => { c.on('error', () => c.destroy()); c.destroy(); });
  s.on('error', (err) => { console.error(`listeners: ${host}:${port}: ${err.code}`); process.exit(1); });
  s.listen({ host, port, backlog: 4096 }, () => { if (--pending === 0) { console.log('ready'); } });
}
for (const sig of ['SIGTERM', 'SIGINT']) { process.on(sig, () => process.exit(0)); }
