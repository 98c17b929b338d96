/**
 * @module test/checks/fake-server — small protocol fakes on 127.0.0.1:0 for check tests, and a helper that runs
 * one check through the real dialer against them. Every server tracks its sockets and destroys them on close().
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { HostResult, PortResult } from '../../src/core/types.js';
import { tcpDialer } from '../../src/net/dialer.js';
import { runChecks } from '../../src/checks/index.js';
import type { Check, CheckOutcome } from '../../src/checks/types.js';

export interface Fake { port: number; close(): Promise<void>; received: Buffer[] }

export async function serve(onConnection: (s: Socket, received: Buffer[]) => void): Promise<Fake> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    s.on('data', (d: Buffer) => received.push(d));
    onConnection(s, received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') { throw new Error('no port'); }
  return {
    port: addr.port,
    received,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) { s.destroy(); } server.close(() => resolve()); }),
  };
}

/** A line server: optional greeting, then `respond(line)` for every CRLF/LF-terminated line (null = say nothing). */
export function lineServer(greeting: string | null, respond: (line: string, s: Socket) => string | null): Promise<Fake> {
  return serve((s) => {
    if (greeting !== null) { s.write(greeting); }
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        const out = respond(line, s);
        if (out !== null) { s.write(out); }
      }
    });
  });
}

/** A binary request/response server: `respond(all bytes so far)` returns what to send (or null to wait). */
export function binaryServer(greeting: Buffer | null, respond: (data: Buffer, s: Socket) => Buffer | null): Promise<Fake> {
  return serve((s) => {
    if (greeting !== null) { s.write(greeting); }
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const out = respond(buf, s);
      if (out !== null) { buf = Buffer.alloc(0); s.write(out); }
    });
  });
}

export interface PortOpts { name: string; tls?: boolean; starttls?: string; method?: 'probed' | 'table'; facts?: Record<string, string | number | boolean | string[]>; product?: string }

export function portFor(port: number, o: PortOpts): PortResult {
  const p: PortResult = { port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: o.name, method: o.method ?? 'probed' } };
  if (o.tls !== undefined) { p.service.tls = o.tls; }
  if (o.product !== undefined) { p.service.product = o.product; }
  if (o.starttls !== undefined) { p.tls = { protocols: ['TLSv1.3'], starttls: o.starttls }; }
  if (o.facts !== undefined) { p.serviceFacts = o.facts; }
  return p;
}

export function hostFor(p: PortResult): HostResult {
  return { address: '127.0.0.1', hostnames: [], state: 'up', reason: 'user-set', ports: [p], counts: { open: 1, closed: 0, filtered: 0, 'open|filtered': 0 } };
}

/** Run one check on the fake's port as if identification named the service `o.name`. */
export async function runOne(check: Check, fake: { port: number }, o: PortOpts, readTimeoutMs = 1000): Promise<{ outcome: CheckOutcome | undefined; port: PortResult }> {
  const port = portFor(fake.port, o);
  const out = await runChecks(port, hostFor(port), { dialer: tcpDialer, signal: AbortSignal.timeout(10_000), readTimeoutMs, checks: [check] });
  return { outcome: out.get(check.id), port };
}
