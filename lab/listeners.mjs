#!/usr/bin/env node
// Lab helper: listens on every ADDR:PORT given, accepts and closes each connection, prints "ready" once all listen,
// exits 0 on SIGTERM/SIGINT/SIGHUP. Plain Node, no build. Handles thousands of listeners (one fd each: mind ulimit -n).
// Usage: node lab/listeners.mjs 127.0.1.1:22,127.0.1.1:80,[::1]:8080
//        node lab/listeners.mjs --file manifest.json   (["addr:port", ...] or {"addr": [port, ...]} or {"open": {...}})
import net from 'node:net';
import { readFileSync } from 'node:fs';

function fail(msg) { console.error(`listeners: ${msg}`); process.exit(2); }

/** Endpoints from a manifest: an array of "addr:port", or an {addr: ports[]} map, optionally under "open". */
function fromManifest(path) {
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  if (Array.isArray(doc)) { return doc.map(String); }
  const map = doc && typeof doc.open === 'object' ? doc.open : doc;
  return Object.entries(map).flatMap(([addr, ports]) => ports.map((p) => `${addr.includes(':') ? `[${addr}]` : addr}:${p}`));
}

function parse(endpoint) {
  const i = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(endpoint.slice(i + 1));
  if (i <= 0 || net.isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) { fail(`bad endpoint "${endpoint}" (want ADDR:PORT)`); }
  return { host, port };
}

const raw = process.argv[2] === '--file' ? fromManifest(process.argv[3] ?? fail('--file needs a path')) : (process.argv[2] ?? '').split(',');
const endpoints = raw.map((e) => e.trim()).filter(Boolean).map(parse);

// One shared connection handler: close at once (the scanner's connect already succeeded), ignore resets.
const onError = () => {};
function onConnection(sock) { sock.on('error', onError); sock.destroy(); }

const servers = [];
let pending = endpoints.length;
const ready = () => { if (pending === 0) { console.log('ready'); } };
for (const { host, port } of endpoints) {
  const s = net.createServer(onConnection);
  s.on('error', (err) => fail(`${host}:${port}: ${err.code}${err.code === 'EMFILE' ? ' (raise ulimit -n)' : ''}`));
  s.listen({ host, port, backlog: 4096, exclusive: true }, () => { pending--; ready(); });
  servers.push(s);
}
ready();

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => { for (const s of servers) { s.close(); } process.exit(0); });
}
