#!/usr/bin/env node
// Lab helper (issue 7): opens a TCP connection to HOST:PORT, prints "ready" once connected, and holds it open until
// SIGTERM/SIGINT (or for MS milliseconds with --for MS, then closes and exits). Plain Node, no build.
// Usage: node lab/local/hold.mjs 10.80.0.1:8000 [--for 500]
import net from 'node:net';

const [target, flag, ms] = process.argv.slice(2);
const i = (target ?? '').lastIndexOf(':');
const host = (target ?? '').slice(0, i).replace(/^\[|\]$/g, '');
const port = Number((target ?? '').slice(i + 1));
if (i <= 0 || !Number.isInteger(port)) { console.error('usage: hold.mjs HOST:PORT [--for MS]'); process.exit(2); }
const sock = net.connect({ host, port, timeout: 5000 });
sock.on('timeout', () => { console.error(`hold: ${target}: connect timeout`); process.exit(1); });
sock.on('error', (err) => { console.error(`hold: ${target}: ${err.code}`); process.exit(1); });
sock.on('connect', () => {
  sock.setTimeout(0);
  console.log('ready');
  if (flag === '--for') { setTimeout(() => { sock.end(); process.exit(0); }, Number(ms ?? 500)); }
});
for (const sig of ['SIGTERM', 'SIGINT']) { process.on(sig, () => { sock.destroy(); process.exit(0); }); }
