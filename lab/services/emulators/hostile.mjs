/**
 * @module lab/services/emulators/hostile — HOSTILE peers for robustness (not a service): on ADDRESS,
 *   7001 garbage: 512 random bytes, then close;          7002 endless: bytes as fast as the reader takes them;
 *   7003 silent: accepts, reads, never answers;            7004 reset: accepts, then RST;
 *   7005 trickle: one random letter per second;       7006 resets when the client's first bytes arrive.
 * Every connection ends after 60 s at most.      Usage: node hostile.mjs ADDRESS
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { clearInterval, setInterval } from 'node:timers';
import { listen } from './mongodb.mjs';

const LIFETIME_MS = 60_000;
const CHUNK = randomBytes(64 * 1024);

const behaviours = {
  7001: (sock) => sock.end(randomBytes(512)),
  7002: (sock) => {
    const pump = () => { while (!sock.destroyed && sock.write(CHUNK)) { /* until the kernel buffer is full */ } };
    sock.on('drain', pump);
    pump();
  },
  7003: (sock) => { sock.resume(); },
  7004: (sock) => { sock.resetAndDestroy(); },
  7006: (sock) => { sock.once('data', () => sock.resetAndDestroy()); },
  7005: (sock) => {
    const timer = setInterval(() => { sock.write(String.fromCharCode(97 + Math.floor(Math.random() * 26))); }, 1000);
    sock.once('close', () => clearInterval(timer));
  },
};

export async function serveHostile(host) {
  const servers = [];
  for (const [port, behave] of Object.entries(behaviours)) {
    const server = net.createServer((sock) => {
      sock.on('error', () => sock.destroy());
      sock.setTimeout(LIFETIME_MS, () => sock.destroy());
      sock.resume();
      behave(sock);
    });
    servers.push(await listen(server, host, Number(port)));
  }
  return servers;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const host = process.argv[2];
  if (!host) { console.error('usage: node hostile.mjs ADDRESS'); process.exit(2); }
  await serveHostile(host);
  console.log(`ready hostile ${host}:7001-7006`);
}
