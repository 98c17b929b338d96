/** Engine contract suite on the host's loopback: run against both connectors (raw tcp_wrap and net.Socket). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { HostResult, Target } from '../../src/core/types.js';
import { TcpScanEngine, type TcpScanOptions } from '../../src/engine/tcp-scan.js';
import { closedPort } from '../support/loopback.js';

const HOSTS = ['127.88.0.1', '127.88.0.2', '127.88.0.3'];
const servers: net.Server[] = [];
const open = new Map<string, number[]>();
let closedPorts: number[] = [];

/** `reset`: accept, then RST at once — the handshake completed, so the port is open even if the connect sees ECONNRESET. */
function listen(host: string, port = 0, reset = false): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const s = net.createServer((c) => { if (reset) { c.resetAndDestroy(); } else { c.destroy(); } });
    s.once('error', reject);
    s.listen(port, host, () => resolve(s));
  });
}


beforeAll(async () => {
  for (const h of HOSTS) {
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await listen(h, 0, i === 0);
      servers.push(s);
      ports.push((s.address() as net.AddressInfo).port);
    }
    open.set(h, ports.sort((a, b) => a - b));
  }
  closedPorts = [await closedPort('127.88.0.9'), await closedPort('127.88.0.9')];
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function targets(addrs: string[]): Target[] {
  return addrs.map((address) => ({ address, family: 4, hostnames: [] }));
}

function options(over: Partial<TcpScanOptions>): TcpScanOptions {
  return {
    ports: [], concurrency: 64, ratePps: 0, retries: 1,
    timeouts: { initialMs: 300, minMs: 50, maxMs: 500 },
    discovery: false, discoveryPorts: [80, 443], allStates: false, hostGroupSize: 2, seed: 7, ...over,
  };
}

async function scan(addrs: string[], over: Partial<TcpScanOptions>): Promise<{ hosts: HostResult[]; streamed: number }> {
  const hosts: HostResult[] = [];
  let streamed = 0;
  const engine = new TcpScanEngine(targets(addrs), options(over), {
    onPort: () => { streamed++; },
    onHost: (h) => { hosts.push(h); },
  });
  await engine.run();
  return { hosts: hosts.sort((a, b) => a.address.localeCompare(b.address)), streamed };
}

for (const connector of ['tcp_wrap', 'net'] as const) {
  describe(`TcpScanEngine with the ${connector} connector`, () => {
    it('reports exactly the listening ports as open, across interleaved hosts', async () => {
      const ports = [...new Set([...open.values()].flat().concat(closedPorts))].sort((a, b) => a - b);
      const { hosts, streamed } = await scan(HOSTS, { ports, connector });
      expect(hosts.map((h) => h.address)).toEqual(HOSTS);
      for (const h of hosts) {
        expect(h.state).toBe('up');
        expect(h.reason).toBe('user-set');
        expect(h.ports.filter((p) => p.state === 'open').map((p) => p.port)).toEqual(open.get(h.address));
        expect(h.ports.every((p) => p.reason === 'syn-ack' && p.protocol === 'tcp')).toBe(true);
        expect(h.counts.open).toBe(3);
        expect(h.counts.closed).toBe(ports.length - 3);
        expect(h.counts.filtered).toBe(0);
      }
      expect(streamed).toBe(9);
    });

    it('lists closed ports with --all-states', async () => {
      const h0 = HOSTS[0] as string;
      const ports = [...(open.get(h0) as number[]), ...closedPorts].sort((a, b) => a - b);
      const { hosts } = await scan([h0], { ports, connector, allStates: true });
      const h = hosts[0] as HostResult;
      expect(h.ports.map((p) => p.port)).toEqual(ports);
      for (const p of h.ports) {
        expect(p.state).toBe(closedPorts.includes(p.port) ? 'closed' : 'open');
        if (p.state === 'closed') { expect(p.reason).toBe('conn-refused'); }
      }
    });

    it('discovers a host through RST on the discovery ports, then scans it', async () => {
      const h0 = HOSTS[1] as string;
      const { hosts } = await scan([h0], { ports: open.get(h0), connector, discovery: true, discoveryPorts: closedPorts });
      expect(hosts[0]?.state).toBe('up');
      expect(hosts[0]?.reason).toBe('conn-refused');
      expect(hosts[0]?.counts.open).toBe(3);
    });

    it('respects a concurrency of 1 and still finishes', async () => {
      const h0 = HOSTS[2] as string;
      const { hosts } = await scan([h0], { ports: [...(open.get(h0) as number[]), ...closedPorts], connector, concurrency: 1 });
      expect(hosts[0]?.counts.open).toBe(3);
      expect(hosts[0]?.counts.closed).toBe(2);
    });
  });
}

describe('TcpScanEngine interruption', () => {
  it('abort() reports unfinished hosts as partial and resolves run()', async () => {
    const partial: boolean[] = [];
    const many = Array.from({ length: 40 }, (_, i) => `127.88.1.${i + 1}`);
    const engine = new TcpScanEngine(targets(many), options({ ports: Array.from({ length: 2000 }, (_, i) => i + 20000), concurrency: 8, hostGroupSize: 4 }), {
      onHost: (_h, p) => { partial.push(p); },
    });
    const run = engine.run();
    setTimeout(() => engine.abort(), 30);
    await run;
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(many.length);
    expect(partial.some((p) => p)).toBe(true);
  });
});
