import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AddressSet, addressSetOf, parseTargetSpec, planTargets, specAddresses, specCount, bigToAddress, canonicalAddress } from './targets.js';
import { isGatehouseError } from '../errors/index.js';
import type { Target } from './types.js';

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try { await fn(); } catch (err) { return isGatehouseError(err) ? err.code : 'not-a-gatehouse-error'; }
  return undefined;
}

function addrs(spec: string): string[] {
  const s = parseTargetSpec(spec);
  if (s.kind === 'hostname') { throw new Error('hostname'); }
  return [...specAddresses(s)].map(([f, v]) => bigToAddress(v, f));
}

const take = <T>(it: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const x of it) { if (out.length >= n) { break; } out.push(x); }
  return out;
};

describe('parseTargetSpec', () => {
  const table: { input: string; kind: string; want?: string[]; count?: bigint }[] = [
    { input: '127.0.0.1', kind: 'ip', want: ['127.0.0.1'] },
    { input: '::1', kind: 'ip', want: ['::1'] },
    { input: '0:0:0:0:0:0:0:1', kind: 'ip', want: ['::1'] },
    { input: '127.0.10.0/30', kind: 'cidr', want: ['127.0.10.0', '127.0.10.1', '127.0.10.2', '127.0.10.3'] },
    { input: '127.0.10.5/30', kind: 'cidr', want: ['127.0.10.4', '127.0.10.5', '127.0.10.6', '127.0.10.7'] },
    { input: '127.0.10.0/28', kind: 'cidr', count: 16n },
    { input: '::1/127', kind: 'cidr', want: ['::', '::1'] },
    { input: '127.0.10.1-3', kind: 'octets', want: ['127.0.10.1', '127.0.10.2', '127.0.10.3'] },
    { input: '127.0.1-2.1-2', kind: 'octets', want: ['127.0.1.1', '127.0.1.2', '127.0.2.1', '127.0.2.2'] },
    { input: '127.0.0,2.1', kind: 'octets', want: ['127.0.0.1', '127.0.2.1'] },
    { input: '127.0.0.*', kind: 'octets', count: 256n },
    { input: '127.0.0.254-127.0.1.1', kind: 'range', want: ['127.0.0.254', '127.0.0.255', '127.0.1.0', '127.0.1.1'] },
    { input: 'localhost', kind: 'hostname' },
    { input: 'scanme.example', kind: 'hostname' },
  ];
  for (const { input, kind, want, count } of table) {
    it(`parses ${input} as ${kind}`, () => {
      const s = parseTargetSpec(input);
      expect(s.kind).toBe(kind);
      if (want) { expect(addrs(input)).toEqual(want); }
      if (count !== undefined && s.kind !== 'hostname') { expect(specCount(s)).toBe(count); }
    });
  }

  const bad = ['300.1.1.1', '1.2.3', '10.0.0.0/33', '::1/129', '127.0.0.1/x', '127.0.0.5-1', '1.2.3.4.5', '-foo', 'a..b', '127.0.0.1-127.0.0.0', ':::1', ''];
  for (const input of bad) {
    it(`rejects "${input}"`, async () => expect(await codeOf(() => parseTargetSpec(input))).toBe('GH_ERR_TARGET_SYNTAX'));
  }

  it('says which octet is out of range, in one line', () => {
    expect(() => parseTargetSpec('300.1.1.1')).toThrow(/^invalid target "300.1.1.1": octet 300 is out of range 0-255$/);
  });

  it('expands a /8 lazily (a generator, not an array)', () => {
    const s = parseTargetSpec('10.0.0.0/8');
    if (s.kind === 'hostname') { throw new Error('unexpected'); }
    expect(specCount(s)).toBe(16_777_216n);
    const gen = specAddresses(s);
    expect(Array.isArray(gen)).toBe(false);
    expect(take(gen, 3).map(([f, v]) => bigToAddress(v, f))).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2']);
  });

  it('CIDR count is 2^(32-prefix) and every address is in the set of that CIDR (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 22, max: 32 }), (third, prefix) => {
      const text = `127.1.${third}.0/${prefix}`;
      const s = parseTargetSpec(text);
      if (s.kind === 'hostname') { return false; }
      const all = addrs(text);
      const set = addressSetOf([text]);
      return specCount(s) === 2n ** BigInt(32 - prefix) && all.length === Number(specCount(s)) && all.every((a) => set.has(a));
    }));
  });

  it('canonicalises IPv6', () => expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1'));
});

describe('AddressSet', () => {
  it('answers membership and containment across intervals and octet products', () => {
    const set = addressSetOf(['127.0.0.0/24', '127.0.5.1-3', '::1']);
    expect(set.has('127.0.0.200')).toBe(true);
    expect(set.has('127.0.1.0')).toBe(false);
    expect(set.has('127.0.5.2')).toBe(true);
    expect(set.has('::1')).toBe(true);
    expect(set.has('::2')).toBe(false);
    const inner = parseTargetSpec('127.0.0.16/28');
    const outer = parseTargetSpec('127.0.0.0/23');
    if (inner.kind === 'hostname' || outer.kind === 'hostname') { throw new Error('unexpected'); }
    expect(set.containsSpec(inner)).toBe(true);
    expect(set.containsSpec(outer)).toBe(false);
  });

  it('merges adjacent intervals for containment', () => {
    const set = new AddressSet();
    for (const t of ['127.0.0.0/25', '127.0.0.128/25']) {
      const s = parseTargetSpec(t);
      if (s.kind !== 'hostname') { set.add(s); }
    }
    const whole = parseTargetSpec('127.0.0.0/24');
    if (whole.kind === 'hostname') { throw new Error('unexpected'); }
    expect(set.containsSpec(whole)).toBe(true);
  });
});

describe('planTargets', () => {
  const resolve = (h: string): Promise<string[]> => Promise.resolve(h === 'lab.test' ? ['127.0.9.1', '::1'] : h === 'dup.test' ? ['127.0.9.1'] : []);
  const list = (plan: Iterable<Target>): string[] => [...plan].map((t) => t.address);

  it('de-duplicates overlapping specs and skips exclusions', async () => {
    const plan = await planTargets(['127.0.0.0/30', '127.0.0.2-5', '127.0.0.1'], { exclude: ['127.0.0.3'] });
    expect(list(plan)).toEqual(['127.0.0.0', '127.0.0.1', '127.0.0.2', '127.0.0.4', '127.0.0.5']);
    expect(plan.countUpperBound).toBe(9n);
  });

  it('resolves hostnames up front and shows which address came from which name', async () => {
    const plan = await planTargets(['lab.test', 'dup.test'], { resolve });
    const ts = [...plan];
    expect(ts.map((t) => t.address)).toEqual(['127.0.9.1', '::1']);
    expect(ts[0]?.hostnames).toEqual(['lab.test', 'dup.test']);
    expect(ts[1]?.family).toBe(6);
    expect(plan.resolved).toEqual([['lab.test', ['127.0.9.1', '::1']], ['dup.test', ['127.0.9.1']]]);
  });

  it('refuses an unresolvable name', async () => {
    expect(await codeOf(() => planTargets(['nosuch.invalid'], { resolve }))).toBe('GH_ERR_TARGET_RESOLVE');
  });

  it('refuses targets outside the scope, before anything is iterated', async () => {
    expect(await codeOf(() => planTargets(['127.0.0.0/23'], { scope: ['127.0.0.0/24'] }))).toBe('GH_ERR_OUT_OF_SCOPE');
    expect(await codeOf(() => planTargets(['lab.test'], { scope: ['127.0.0.0/8'], resolve }))).toBe('GH_ERR_OUT_OF_SCOPE');
    expect(await codeOf(() => planTargets(['127.0.0.1-5'], { scope: ['127.0.0.0/29'] }))).toBeUndefined();
  });

  it('refuses a plan where everything is excluded, without expanding it', async () => {
    expect(await codeOf(() => planTargets(['10.0.0.0/8'], { exclude: ['10.0.0.0/8'] }))).toBe('GH_ERR_EMPTY_INPUT');
  });

  it('a /8 plan is lazy: taking the first targets is instant', async () => {
    const plan = await planTargets(['10.0.0.0/8']);
    expect(take(plan, 2).map((t) => t.address)).toEqual(['10.0.0.0', '10.0.0.1']);
  });

  it('yields every address once and never an excluded one (property)', async () => {
    const spec = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 40 }))
      .map(([third, start, len]) => `127.0.${third}.${start}-${Math.min(255, start + len)}`);
    await fc.assert(fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 6 }), fc.array(spec, { maxLength: 3 }), async (specs, excl) => {
      const exclude = addressSetOf(excl);
      const want = new Set(specs.flatMap(addrs).filter((a) => !exclude.has(a)));
      let plan;
      try {
        plan = await planTargets(specs, { exclude: excl });
      } catch (err) {
        return isGatehouseError(err) && err.code === 'GH_ERR_EMPTY_INPUT' && want.size === 0;
      }
      const got = list(plan);
      return got.length === new Set(got).size && got.length === want.size && got.every((a) => want.has(a));
    }), { numRuns: 150 });
  });
});
