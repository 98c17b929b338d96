import { describe, expect, it } from 'vitest';
import type { Conn, Dialer } from './dialer.js';
import { ScopeGuard, scopeEntries } from './scope-guard.js';

function recordingDialer(): { dialer: Dialer; calls: string[] } {
  const calls: string[] = [];
  return { calls, dialer: { tcp: (address, port) => { calls.push(`${address}:${port}`); return Promise.resolve({ closed: true } as unknown as Conn); } } };
}

const names: Record<string, string[]> = { 'in.test': ['127.0.40.7'], 'split.test': ['127.0.40.8', '127.0.41.8'] };
const resolve = (h: string): Promise<string[]> => Promise.resolve(names[h] ?? []);

describe('ScopeGuard', () => {
  it('the dialer interceptor refuses an address outside the scope without dialling', async () => {
    const { dialer, calls } = recordingDialer();
    const guarded = new ScopeGuard(['127.0.40.0/24'], resolve).dialer(dialer);
    await expect(guarded.tcp('127.0.41.20', 443)).rejects.toMatchObject({ code: 'GH_ERR_OUT_OF_SCOPE', exitCode: 2 });
    await expect(guarded.tcp('split.test', 443)).rejects.toMatchObject({ code: 'GH_ERR_OUT_OF_SCOPE' });
    expect(calls).toEqual([]);
    await guarded.tcp('127.0.40.20', 443);
    await guarded.tcp('in.test', 443);
    expect(calls).toEqual(['127.0.40.20:443', '127.0.40.7:443']); // a name is dialled at the address that was checked
  });

  it('without a scope, everything passes and the dialer is the same object', async () => {
    const { dialer } = recordingDialer();
    const g = new ScopeGuard(undefined, resolve);
    expect(g.dialer(dialer)).toBe(dialer);
    await expect(g.admit('192.0.2.1')).resolves.toEqual(['192.0.2.1']);
    await expect(g.admit('no.such.test')).resolves.toEqual(['no.such.test']); // no scope: no lookup either
  });

  it('planning goes through the same scope; --scope wins over the config', async () => {
    const g = new ScopeGuard(await scopeEntries('127.0.40.0/24', ['127.0.41.0/24']), resolve);
    await expect(g.plan(['127.0.41.1'], { resolve })).rejects.toMatchObject({ code: 'GH_ERR_OUT_OF_SCOPE' });
    expect([...(await g.plan(['127.0.40.1-2'], { resolve }))].map((t) => t.address)).toEqual(['127.0.40.1', '127.0.40.2']);
    expect(await scopeEntries(undefined, ['127.0.41.0/24', '::1'])).toEqual(['127.0.41.0/24', '::1']);
  });

  it('a huge scope is quoted capped in the error', async () => {
    const scope = Array.from({ length: 200_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const err = await new ScopeGuard(scope, resolve).admit('127.0.0.1').catch((e: Error) => e);
    expect((err as Error).message.length).toBeLessThan(400);
    expect((err as Error).message).toMatch(/200000 entries/);
  });
});
