/** Every check against hostile or broken peers: it must finish, report no finding, and close its sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { runOne, serve, type Fake } from './fake-server.js';
import { CHECKS } from '../../src/checks/index.js';

/** Deterministic noise (a fixed LCG), starting with a byte no protocol here opens with. */
function noise(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = x >>> 24; }
  b[0] = 0x7e;
  return b;
}

const PEERS: Record<string, (s: Socket) => void> = {
  silent: () => undefined,
  reset: (s) => { s.resetAndDestroy(); },
  'random bytes then close': (s) => { s.end(noise(3000)); },
  'endless stream': (s) => {
    const chunk = Buffer.alloc(16_384, 0x41);
    const pump = (): void => { while (!s.destroyed && s.write(chunk)) { /* fill the buffer */ } };
    s.on('drain', pump);
    pump();
  },
  'one byte at a time': (s) => {
    const t = setInterval(() => { if (s.destroyed) { clearInterval(t); } else { s.write('2'); } }, 100);
    s.on('close', () => clearInterval(t));
  },
};

const fakes: Record<string, Fake> = {};
beforeAll(async () => { for (const [name, fn] of Object.entries(PEERS)) { fakes[name] = await serve(fn); } });
afterAll(async () => { await Promise.all(Object.values(fakes).map((f) => f.close())); });

describe.each(Object.keys(PEERS))('hostile peer: %s', (peer) => {
  it('no check reports a finding, every check returns', async () => {
    const f = fakes[peer] as Fake;
    await Promise.all(CHECKS.filter((c) => c.id !== 'software-eol').map(async (check) => {
      const name = check.services[0] as string;
      const { outcome, port } = await runOne(check, f, { name }, 300);
      if (check.applies !== undefined && outcome === undefined) { return; } // filtered out by its own applicability
      expect(outcome?.status, `${check.id} vs ${peer}`).not.toBe('vulnerable');
      expect(port.findings, check.id).toBeUndefined();
    }));
  });
});
