import { describe, expect, it } from 'vitest';
import type { CatchAllFact, HostResult, PortResult } from '../core/types.js';
import { identifyOptionsFor } from './stage.js';

const port = (p: number, catchAll?: true): PortResult => ({ port: p, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: 'unknown' }, ...(catchAll ? { catchAll } : {}) });
const fact = (behaviour: string): CatchAllFact => ({ ports: 65_533, behaviour, representative: 1, different: 2, sample: [1, 2], evidence: [], waitMs: 300 });
const host = (ports: PortResult[], catchAll?: CatchAllFact): HostResult => ({
  address: '10.0.0.1', hostnames: [], state: 'up', reason: 'syn-ack', ports, counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 }, ...(catchAll ? { catchAll } : {}),
});

describe('identification options per port', () => {
  it('leaves ordinary ports, and the ports of a catch-all host that differ, to the defaults', () => {
    expect(identifyOptionsFor(port(22), host([port(22)]))).toEqual({});
    const h = host([port(1, true), port(6379)], fact('silent'));
    expect(identifyOptionsFor(h.ports[1]!, h)).toEqual({});
  });

  it("asks a dataless catch-all's representative everything at once, after the short banner wait", () => {
    for (const b of ['silent', 'closed', 'reset']) {
      const h = host([port(1, true)], fact(b));
      expect(identifyOptionsFor(h.ports[0]!, h)).toEqual({ parallel: 32, bannerWaitMs: 300 });
    }
  });

  it("keeps the banner wait for a catch-all that talks first (its banner is what identifies it)", () => {
    const h = host([port(1, true)], fact('data:SSH-2.0-tarpit'));
    expect(identifyOptionsFor(h.ports[0]!, h)).toEqual({ parallel: 32 });
  });
});
