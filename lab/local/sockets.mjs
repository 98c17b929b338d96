#!/usr/bin/env node
// Lab helper (issue 7, bench/local.sh): creates many sockets in one process: LISTENERS TCP listeners on 127.0.0.1
// from port 20000 up, then CONNECTIONS client connections spread over them (each = 2 sockets: client + accepted).
// Prints "ready N" (N = sockets created) and holds them until SIGTERM. Needs ulimit -n > total sockets.
// Usage: node lab/local/sockets.mjs LISTENERS CONNECTIONS
import net from 'node:net';

const listeners = Number(process.argv[2] ?? 5000);
const connections = Number(process.argv[3] ?? 2500);
const servers = [];
const accepted = [];
const clients = [];
const onError = () => {};

async function listenAll() {
  const batch = [];
  for (let k = 0; k < listeners; k++) {
    const s = net.createServer((c) => { c.on('error', onError); accepted.push(c); });
    servers.push(s);
    batch.push(new Promise((resolve, reject) => { s.once('error', reject); s.listen({ host: '127.0.0.1', port: 20000 + k, backlog: 64, exclusive: true }, resolve); }));
  }
  await Promise.all(batch);
}

async function connectAll() {
  for (let k = 0; k < connections; k += 200) {
    const batch = [];
    for (let j = k; j < Math.min(connections, k + 200); j++) {
      batch.push(new Promise((resolve, reject) => {
        const c = net.connect({ host: '127.0.0.1', port: 20000 + (j % listeners) }, () => resolve());
        c.on('error', reject);
        clients.push(c);
      }));
    }
    await Promise.all(batch);
  }
}

try {
  await listenAll();
  await connectAll();
  await new Promise((r) => setTimeout(r, 200));
  console.log(`ready ${listeners + clients.length + accepted.length}`);
} catch (err) {
  console.error(`sockets: ${err.code ?? err.message}${err.code === 'EMFILE' ? ' (raise ulimit -n)' : ''}`);
  process.exit(1);
}
for (const sig of ['SIGTERM', 'SIGINT']) { process.on(sig, () => process.exit(0)); }
