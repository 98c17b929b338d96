/**
 * @module local/darwin — macOS adapter: parses the output of `lsof -nP -iTCP -sTCP:LISTEN -iUDP` (run by the user,
 * ideally with sudo: without it lsof lists only the user's own processes). Columns:
 *   COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME
 * TYPE is IPv4/IPv6, NODE is TCP/UDP, NAME is `ADDR:PORT (LISTEN)` for TCP listeners, `ADDR:PORT` for unconnected
 * UDP, `A:P->B:Q` for connected UDP (not a listener); `*` is the wildcard address, IPv6 is bracketed. lsof prints
 * one line per process and descriptor, so a socket shared by forked workers appears once per process (joined here
 * by DEVICE). Command names are cut at 9 characters by lsof unless `+c 0` was given.
 */
import { bindScope } from './procnet.js';
import type { Inventory, Listener } from './types.js';
import { UsageError } from '../errors/index.js';

/** `*:22`, `127.0.0.1:631`, `[::1]:631`, `[fe80:4::1]:123` → address and port; null when malformed. */
export function splitHostPort(text: string, family: 4 | 6): { address: string; port: number } | null {
  const m = /^(\*|\[[0-9A-Fa-f:.%\w]+\]|[0-9.]+|[0-9A-Fa-f:]+):(\d{1,5})$/.exec(text);
  if (!m) { return null; }
  const port = Number(m[2]);
  if (port > 65535) { return null; }
  let address = m[1] as string;
  if (address === '*') { address = family === 4 ? '0.0.0.0' : '::'; }
  if (address.startsWith('[')) { address = address.slice(1, -1); }
  return { address: address.toLowerCase(), port };
}

/** Parses lsof output into listeners. Lines that are not socket rows are skipped; no header at all is an error. */
export function parseLsof(text: string, hostname: string, now: Date = new Date()): Inventory {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /^COMMAND\s+PID\s+USER\s+FD\s+TYPE\s+DEVICE/.test(l));
  if (headerAt < 0) { throw new UsageError('GH_ERR_LOCAL_INPUT', 'lsof output: no "COMMAND PID USER FD TYPE DEVICE" header line'); }
  const byDevice = new Map<string, Listener>();
  const warnings: string[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const f = (lines[i] as string).trim().split(/\s+/);
    if (f.length < 9) { continue; }
    const nodeAt = f.findIndex((x, j) => j >= 5 && (x === 'TCP' || x === 'UDP'));
    const type = f[4];
    if (nodeAt < 0 || (type !== 'IPv4' && type !== 'IPv6')) { continue; }
    const protocol = f[nodeAt] === 'TCP' ? 'tcp' : 'udp';
    const name = f.slice(nodeAt + 1).join(' ');
    if (name.includes('->') || name === '*:*') { continue; }   // connected, or not bound yet: not a listener
    if (protocol === 'tcp' && !name.endsWith('(LISTEN)')) { continue; }
    const family = type === 'IPv4' ? 4 : 6;
    const ep = splitHostPort(name.replace(/\s*\(\w+\)$/, ''), family);
    const pid = Number(f[1]);
    if (!ep || !Number.isInteger(pid)) { warnings.push(`lsof line ${i + 1}: cannot read "${name}"`); continue; }
    const key = `${f[5]}|${protocol}|${ep.address}|${ep.port}`;
    const proc = { pid, name: (f[0] as string).replace(/\\x20/g, ' '), user: f[2] as string };
    const l = byDevice.get(key);
    if (l) {
      if (!l.processes.some((p) => p.pid === pid)) { l.processes.push(proc); }
      continue;
    }
    byDevice.set(key, {
      protocol, address: ep.address, family, port: ep.port, scope: bindScope(ep.address), user: proc.user, processes: [proc],
    });
  }
  const listeners = [...byDevice.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.address.localeCompare(b.address));
  return { version: 1, source: 'lsof', hostname, taken: now.toISOString(), listeners, warnings };
}
