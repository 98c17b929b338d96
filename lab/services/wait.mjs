/**
 * @module lab/services/wait — waits (bounded) until every lab daemon answers on all its truth.json ports, from the
 * root namespace through the veth pair, and prints one line per daemon. "Answers" = TCP connect succeeds, plus the
 * first bytes of the banner for ports marked `ready: "banner"`, and a TLS handshake plus the greeting inside it
 * for `ready: "tls-banner"` (a freshly started Dovecot is slow to its first TLS greeting).
 *   node wait.mjs --truth FILE [--timeout MS] [--daemons a,b] [--skip c,d] [--answering] [--quiet]
 * --answering: one connect attempt per port, prints only the names of daemons that fully answer (used by `lab.sh up`).
 * Exit 1 when a daemon did not answer in time.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const flag = (name) => args.includes(`--${name}`);

const truth = JSON.parse(readFileSync(opt('truth', new URL('./truth.json', import.meta.url).pathname), 'utf8'));
const timeoutMs = Number(opt('timeout', '60000'));
const only = new Set((opt('daemons', '') ?? '').split(',').filter(Boolean));
const skip = new Set((opt('skip', '') ?? '').split(',').filter(Boolean));
const answeringOnly = flag('answering');

/** One attempt: resolves true when the port answers within `ms`. The socket is destroyed on every path. */
function probe(address, port, wantBanner, ms) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: address, port });
    let done = false;
    const finish = (ok) => { if (!done) { done = true; clearTimeout(timer); sock.destroy(); resolve(ok); } };
    const timer = setTimeout(() => finish(false), ms);
    sock.once('connect', () => { if (!wantBanner) { finish(true); } });
    sock.once('data', () => finish(true));
    // ECONNRESET: the handshake completed and the peer reset at once (the hostile 7004): it answers
    sock.once('error', (err) => finish(!wantBanner && err.code === 'ECONNRESET'));
    sock.once('close', () => finish(false));
  });
}

/** `ready: "tls-banner"`: the TLS handshake completes and the service's greeting arrives inside it (imaps, pop3s). */
function probeTls(address, port, ms) {
  return new Promise((resolve) => {
    const sock = tls.connect({ host: address, port, rejectUnauthorized: false });
    let done = false;
    const finish = (ok) => { if (!done) { done = true; clearTimeout(timer); sock.destroy(); resolve(ok); } };
    const timer = setTimeout(() => finish(false), ms);
    sock.once('data', () => finish(true));
    sock.once('error', () => finish(false));
    sock.once('close', () => finish(false));
  });
}

async function waitPort(p, deadline) {
  const banner = p.ready === 'banner';
  if (p.ready === 'tls-banner' && !answeringOnly) {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) { return false; }
      if (await probeTls(p.address, p.port, Math.min(3000, left))) { return true; }
      await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
    }
  }
  if (answeringOnly) { return probe(p.address, p.port, false, 1000); }
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) { return false; }
    if (await probe(p.address, p.port, banner, Math.min(2000, left))) { return true; }
    await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
  }
}

const byDaemon = new Map();
for (const p of truth.ports) {
  if ((only.size > 0 && !only.has(p.daemon)) || skip.has(p.daemon)) { continue; }
  if (!byDaemon.has(p.daemon)) { byDaemon.set(p.daemon, []); }
  byDaemon.get(p.daemon).push(p);
}

const started = Date.now();
const deadline = started + timeoutMs;
const results = await Promise.all([...byDaemon].map(async ([daemon, ports]) => {
  const oks = await Promise.all(ports.map((p) => waitPort(p, deadline)));
  return { daemon, ports, oks, ms: Date.now() - started };
}));

let failed = 0;
for (const r of results) {
  const ok = r.oks.every(Boolean);
  if (!ok) { failed++; }
  if (answeringOnly) { if (ok) { console.log(r.daemon); } continue; }
  const where = r.ports.map((p, i) => `${p.address}:${p.port}${r.oks[i] ? '' : ' (no answer)'}`).join(' ');
  if (!flag('quiet') || !ok) {
    console.log(`${ok ? 'up  ' : 'DOWN'} ${r.daemon.padEnd(16)} ${where}${ok ? ` (${r.ms} ms)` : ''}`);
  }
}
if (!answeringOnly && failed > 0) {
  console.error(`wait.mjs: ${failed} daemon(s) did not answer within ${timeoutMs} ms; logs in /tmp/gh-svc/logs/`);
}
process.exitCode = !answeringOnly && failed > 0 ? 1 : 0;
