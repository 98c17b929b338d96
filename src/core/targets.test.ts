/** @module core/targets.test — table and property tests for target parsing, address sets, planning, list files. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressSet, addressSetOf, canonicalAddress, parseScope, parseTargetSpec, planTargets, type AddressSpec, type CidrSpec } from './targets.js';
import { readListFile } from './list-file.js';
import { isGatehouseError } from '../errors/index.js';
import type { Target } from './types.js';

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try { await fn(); } catch (err) { return isGatehouseError(err) ? err.code : 'not-a-gatehouse-error'; }
  return undefined;
}

function addressSpec(text: string): AddressSpec {
  const s = parseTargetSpec(text);
  if (s.kind === 'hostname') { throw new Error(`${text} parsed as a hostname`); }
  return s;
}

const addrs = (text: string): string[] => [...addressSpec(text).addresses()];

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const x of it) { if (out.length >= n) { break; } out.push(x); }
  return out;
}

describe('parseTargetSpec', () => {
  const table: { input: string; want: { kind: string; addresses?: string[]; count?: bigint; name?: string } }[] = [
    { input: '127.0.0.1', want: { kind: 'ip', addresses: ['127.0.0.1'] } },
    { input: ' 127.0.0.1 ', want: { kind: 'ip', addresses: ['127.0.0.1'] } },
    { input: '::1', want: { kind: 'ip', addresses: ['::1'] } },
    { input: '0:0:0:0:0:0:0:1', want: { kind: 'ip', addresses: ['::1'] } },
    { input: '2001:DB8::A', want: { kind: 'ip', addresses: ['2001:db8::a'] } },
    { input: '127.0.10.0/30', want: { kind: 'cidr', addresses: ['127.0.10.0', '127.0.10.1', '127.0.10.2', '127.0.10.3'] } },
    { input: '127.0.10.5/30', want: { kind: 'cidr', addresses: ['127.0.10.4', '127.0.10.5', '127.0.10.6', '127.0.10.7'] } },
    { input: '127.0.10.0/28', want: { kind: 'cidr', count: 16n } },
    { input: '0.0.0.0/0', want: { kind: 'cidr', count: 2n ** 32n } },
    { input: '::1/128', want: { kind: 'cidr', addresses: ['::1'] } },
    { input: '::1/127', want: { kind: 'cidr', addresses: ['::', '::1'] } },
    { input: '::/0', want: { kind: 'cidr', count: 2n ** 128n } },
    { input: '127.0.10.1-3', want: { kind: 'octets', addresses: ['127.0.10.1', '127.0.10.2', '127.0.10.3'] } },
    { input: '127.0.10.1-20', want: { kind: 'octets', count: 20n } },
    { input: '127.0.1-2.1-2', want: { kind: 'octets', addresses: ['127.0.1.1', '127.0.1.2', '127.0.2.1', '127.0.2.2'] } },
    { input: '127.0.0,2.1', want: { kind: 'octets', addresses: ['127.0.0.1', '127.0.2.1'] } },
    { input: '127.0.0.3,1,2,1', want: { kind: 'octets', addresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] } },
    { input: '127.0.0.*', want: { kind: 'octets', count: 256n } },
    { input: '127.0.0.254-', want: { kind: 'octets', addresses: ['127.0.0.254', '127.0.0.255'] } },
    { input: '127.0.0.254-127.0.1.1', want: { kind: 'range', addresses: ['127.0.0.254', '127.0.0.255', '127.0.1.0', '127.0.1.1'] } },
    { input: '127.0.0.1-127.0.0.9', want: { kind: 'range', count: 9n } },
    { input: 'localhost', want: { kind: 'hostname', name: 'localhost' } },
    { input: 'Scanme.Example.', want: { kind: 'hostname', name: 'scanme.example' } },
    { input: '1.2.3.4a', want: { kind: 'hostname', name: '1.2.3.4a' } },
  ];
  for (const { input, want } of table) {
    it(`parses "${input}" as ${want.kind}`, () => {
      const s = parseTargetSpec(input);
      expect(s.kind).toBe(want.kind);
      if (s.kind === 'hostname') { expect(s.name).toBe(want.name); return; }
      if (want.addresses) { expect([...s.addresses()]).toEqual(want.addresses); expect(s.count()).toBe(BigInt(want.addresses.length)); }
      if (want.count !== undefined) { expect(s.count()).toBe(want.count); }
    });
  }

  const bad: { input: string; wantErr: string }[] = [
    '300.1.1.1', '1.2.3', '1.2.3.4.5', '10.0.0.0/33', '::1/129', '127.0.0.1/x', '127.0.0.1/', '/24', '300.0.0.0/8',
    '127.0.0.5-1', '127.0.0.1-127.0.0.0', '127.0.0.1-300.0.0.0', '127.0.0.1--2', '127.0.0.,1', '-foo', 'foo-', 'a..b',
    'foo.123', 'under_score.example', ':::1', 'fe80::1%eth0', '1::2::3', '', '   ', `${'a'.repeat(64)}.example`,
  ].map((input) => ({ input, wantErr: 'GH_ERR_TARGET_SYNTAX' }));
  for (const { input, wantErr } of bad) {
    it(`rejects "${input}"`, async () => expect(await codeOf(() => parseTargetSpec(input))).toBe(wantErr));
  }

  it('says which octet is out of range, in one line quoting the input', () => {
    expect(() => parseTargetSpec('300.1.1.1')).toThrow(/^invalid target "300\.1\.1\.1": octet 300 is out of range 0-255$/);
    expect(() => parseTargetSpec('1.2.3')).toThrow(/^invalid target "1\.2\.3": [^\n]+$/);
  });

  it('expands a /8 lazily (a generator, not an array)', () => {
    const s = addressSpec('10.0.0.0/8');
    expect(s.count()).toBe(16_777_216n);
    const gen = s.addresses();
    expect(Array.isArray(gen)).toBe(false);
    expect(take(gen, 3)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2']);
  });

  it('CIDR count is 2^(bits-prefix) for every prefix (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
      const text = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`;
      return addressSpec(text).count() === 2n ** BigInt(32 - prefix);
    }));
    fc.assert(fc.property(fc.integer({ min: 0, max: 128 }), (prefix) => addressSpec(`2001:db8::/${prefix}`).count() === 2n ** BigInt(128 - prefix)));
  });

  it('every address a CIDR yields is in the AddressSet of that CIDR, and its neighbours are not (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 22, max: 32 }), (third, fourth, prefix) => {
      const text = `127.1.${third}.${fourth}/${prefix}`;
      const all = addrs(text);
      const set = addressSetOf([text]);
      const spec = addressSpec(text) as CidrSpec;
      const v4 = (v: bigint): string => { const n = Number(v); return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`; };
      return all.length === Number(spec.count()) && all.every((a) => set.has(a)) &&
        !set.has(v4(spec.first - 1n)) && !set.has(v4(spec.last + 1n));
    }));
    fc.assert(fc.property(fc.integer({ min: 120, max: 128 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (prefix, low) => {
      const text = `2001:db8::${(low >> 48n).toString(16)}:${((low >> 32n) & 0xffffn).toString(16)}:${((low >> 16n) & 0xffffn).toString(16)}:${(low & 0xffffn).toString(16)}/${prefix}`;
      const set = addressSetOf([text]);
      return addrs(text).every((a) => set.has(a));
    }), { numRuns: 50 });
  });

  it('canonicalises addresses', () => {
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalAddress('127.000.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('nope')).toBeNull();
  });
});

describe('AddressSet', () => {
  it('answers membership and containment across intervals and octet ranges', () => {
    const set = addressSetOf(['127.0.0.0/24', '127.0.5.1-3', '::1', '127.0.9,11.1']);
    const table: { input: string; want: boolean }[] = [
      { input: '127.0.0.200', want: true }, { input: '127.0.1.0', want: false }, { input: '127.0.5.2', want: true },
      { input: '127.0.5.4', want: false }, { input: '::1', want: true }, { input: '::2', want: false },
      { input: '127.0.11.1', want: true }, { input: '127.0.10.1', want: false }, { input: 'garbage', want: false },
    ];
    for (const { input, want } of table) { expect(set.has(input), input).toBe(want); }
    expect(set.containsSpec(addressSpec('127.0.0.16/28'))).toBe(true);
    expect(set.containsSpec(addressSpec('127.0.0.0/23'))).toBe(false);
    expect(set.containsSpec(addressSpec('127.0.5.1-2'))).toBe(true);
    expect(set.containsSpec(addressSpec('127.0.9,11.1'))).toBe(true);
    expect(set.containsSpec(addressSpec('127.0.9-11.1'))).toBe(false);
    expect(set.containsSpec(addressSpec('::1/128'))).toBe(true);
    expect(set.containsSpec(addressSpec('::1/127'))).toBe(false);
  });

  it('merges adjacent intervals for containment', () => {
    const set = new AddressSet().add(addressSpec('127.0.0.0/25')).add(addressSpec('127.0.0.128/25'));
    expect(set.containsSpec(addressSpec('127.0.0.0/24'))).toBe(true);
  });

  it('keeps huge sparse octet ranges as products, still answering membership', () => {
    const set = addressSetOf(['*.*.*.1']); // 16M separate intervals: must not be expanded
    expect(set.has('10.20.30.1')).toBe(true);
    expect(set.has('10.20.30.2')).toBe(false);
    expect(set.containsSpec(addressSpec('127.0.0.1'))).toBe(true);
    expect(set.containsSpec(addressSpec('127.0.0.0/30'))).toBe(false);
    expect(set.containsSpec(addressSpec('127.0-3.0-255.1'))).toBe(true);
  });
});

describe('planTargets', () => {
  const resolve = (h: string): Promise<string[]> =>
    Promise.resolve(h === 'lab.test' ? ['127.0.9.1', '::1'] : h === 'dup.test' ? ['127.0.9.1'] : h === 'localhost' ? ['127.0.0.1'] : []);
  const list = (plan: Iterable<Target>): string[] => [...plan].map((t) => t.address);

  it('de-duplicates overlapping specs and skips exclusions', async () => {
    const plan = await planTargets(['127.0.0.0/30', '127.0.0.2-5', '127.0.0.1'], { exclude: ['127.0.0.3'] });
    expect(list(plan)).toEqual(['127.0.0.0', '127.0.0.1', '127.0.0.2', '127.0.0.4', '127.0.0.5']);
    expect(plan.countUpperBound).toBe(9n);
  });

  it('resolves hostnames up front and records which names led to each address', async () => {
    const plan = await planTargets(['lab.test', 'dup.test', '127.0.9.0/30'], { resolve });
    const ts = [...plan];
    expect(ts.map((t) => t.address)).toEqual(['127.0.9.1', '::1', '127.0.9.0', '127.0.9.2', '127.0.9.3']);
    expect(ts[0]?.hostnames).toEqual(['lab.test', 'dup.test']);
    expect(ts[1]?.family).toBe(6);
    expect(ts[2]?.hostnames).toEqual([]);
    expect(plan.resolved).toEqual([['lab.test', ['127.0.9.1', '::1']], ['dup.test', ['127.0.9.1']]]);
  });

  it('names an address found by a CIDR and by a hostname only once, with its hostname', async () => {
    const ts = [...(await planTargets(['127.0.0.0/31', 'localhost'], { resolve }))];
    expect(ts.map((t) => [t.address, t.hostnames])).toEqual([['127.0.0.0', []], ['127.0.0.1', ['localhost']]]);
  });

  const errors: { input: string[]; opts?: Parameters<typeof planTargets>[1]; wantErr: string }[] = [
    { input: ['nosuch.invalid'], opts: { resolve }, wantErr: 'GH_ERR_TARGET_RESOLVE' },
    { input: ['nosuch.invalid'], wantErr: 'GH_ERR_TARGET_RESOLVE' },
    { input: ['lab.test'], opts: { resolve: () => Promise.reject(new Error('ENOTFOUND')) }, wantErr: 'GH_ERR_TARGET_RESOLVE' },
    { input: ['127.0.0.1', '300.0.0.1', 'nosuch.invalid'], opts: { resolve }, wantErr: 'GH_ERR_TARGET_SYNTAX' },
    { input: ['127.0.0.0/23'], opts: { scope: ['127.0.0.0/24'] }, wantErr: 'GH_ERR_OUT_OF_SCOPE' },
    { input: ['lab.test'], opts: { scope: ['127.0.0.0/8'], resolve }, wantErr: 'GH_ERR_OUT_OF_SCOPE' },
    { input: ['127.0.0-2.1'], opts: { scope: ['127.0.0.0/23'] }, wantErr: 'GH_ERR_OUT_OF_SCOPE' },
    { input: ['127.0.0.1'], opts: { scope: ['localhost'] }, wantErr: 'GH_ERR_TARGET_SYNTAX' },
    { input: ['127.0.0.1'], opts: { scope: [] }, wantErr: 'GH_ERR_EMPTY_INPUT' },
    { input: ['127.0.0.1'], opts: { exclude: ['bad..name'] }, wantErr: 'GH_ERR_TARGET_SYNTAX' },
    { input: ['10.0.0.0/8'], opts: { exclude: ['10.0.0.0/8'] }, wantErr: 'GH_ERR_EMPTY_INPUT' },
    { input: ['127.0.0.1-2', '127.0.0.3'], opts: { exclude: ['127.0.0.0/30'] }, wantErr: 'GH_ERR_EMPTY_INPUT' },
    { input: ['dup.test'], opts: { exclude: ['127.0.9.1'], resolve }, wantErr: 'GH_ERR_EMPTY_INPUT' },
    { input: [], wantErr: 'GH_ERR_EMPTY_INPUT' },
  ];
  for (const { input, opts, wantErr } of errors) {
    it(`refuses [${input.join(' ')}] ${JSON.stringify({ ...opts, resolve: undefined })} with ${wantErr}`, async () => {
      expect(await codeOf(() => planTargets(input, opts))).toBe(wantErr);
    });
  }

  it('accepts targets inside the scope, including octet ranges and resolved names', async () => {
    expect(await codeOf(() => planTargets(['127.0.0.1-5', '127.0.1,3.*', 'dup.test'], { scope: ['127.0.0.0/20'], resolve }))).toBeUndefined();
  });

  it('names the target and the scope in the out-of-scope message', async () => {
    await expect(planTargets(['127.0.0.1'], { scope: ['127.1.0.0/16'] })).rejects.toThrow(/^target "127\.0\.0\.1" is outside the scope 127\.1\.0\.0\/16$/);
  });

  it('a /8 plan is lazy: taking the first targets is instant', async () => {
    const plan = await planTargets(['10.0.0.0/8'], { exclude: ['10.0.0.1'] });
    expect(plan.countUpperBound).toBe(16_777_216n);
    expect(take(plan, 3).map((t) => t.address)).toEqual(['10.0.0.0', '10.0.0.2', '10.0.0.3']);
  });

  it('each iteration starts afresh', async () => {
    const plan = await planTargets(['127.0.0.0/31']);
    expect(list(plan)).toEqual(list(plan));
  });

  it('yields every address once and never an excluded one, for random overlapping specs (property)', async () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 40 }))
      .map(([third, start, len]) => `127.0.${third}.${start}-${Math.min(255, start + len)}`);
    const cidr = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
      .map(([third, fourth, prefix]) => `127.0.${third}.${fourth}/${prefix}`);
    const octets = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 250 }))
      .map(([a, b, c]) => `127.0.${Math.min(a, b)}-${Math.max(a, b)}.${c},${c + 5}`);
    const full = fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 300 }))
      .map(([s, len]) => `127.0.${s >> 8}.${s & 255}-127.0.${Math.min(1023, s + len) >> 8}.${Math.min(1023, s + len) & 255}`);
    const spec = fc.oneof(range, cidr, octets, full);
    await fc.assert(fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 6 }), fc.array(spec, { maxLength: 3 }), async (specs, excl) => {
      const exclude = addressSetOf(excl);
      const want = new Set(specs.flatMap(addrs).filter((a) => !exclude.has(a)));
      let got: string[];
      try {
        got = list(await planTargets(specs, { exclude: excl }));
      } catch (err) {
        return isGatehouseError(err) && err.code === 'GH_ERR_EMPTY_INPUT' && want.size === 0;
      }
      return got.length === new Set(got).size && got.length === want.size && got.every((a) => want.has(a));
    }), { numRuns: 200 });
  });
});

describe('list files and --scope', () => {
  async function file(text: string): Promise<string> {
    const path = join(await mkdtemp(join(tmpdir(), 'gh-targets-')), 'list.txt');
    await writeFile(path, text);
    return path;
  }

  it('reads entries separated by whitespace and newlines, skipping # comments', async () => {
    const path = await file('# header\n127.0.0.1  127.0.0.2\r\n\n127.0.1.0/24 # lab\n\t::1\n');
    expect(await readListFile(path)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.1.0/24', '::1']);
  });

  it('reports a missing file as GH_ERR_FILE in one line naming the file and the errno', async () => {
    const path = join(tmpdir(), 'gh-no-such-dir', 'x.txt');
    expect(await codeOf(() => readListFile(path))).toBe('GH_ERR_FILE');
    await expect(readListFile(path)).rejects.toThrow(new RegExp(`^cannot read target file "${path}": ENOENT$`));
  });

  it('reports a file with no entries as GH_ERR_EMPTY_INPUT', async () => {
    expect(await codeOf(async () => readListFile(await file('# nothing\n\n   \n')))).toBe('GH_ERR_EMPTY_INPUT');
  });

  const scopes: { input: string; want?: string[]; wantErr?: string }[] = [
    { input: '127.0.0.0/8,::1', want: ['127.0.0.0/8', '::1'] },
    { input: ' 127.0.0.1 , 127.0.0.5-127.0.0.9 ', want: ['127.0.0.1', '127.0.0.5-127.0.0.9'] },
    { input: '127.0.0.0/33', wantErr: 'GH_ERR_TARGET_SYNTAX' },
    { input: 'example.com', wantErr: 'GH_ERR_TARGET_SYNTAX' },
    { input: ',', wantErr: 'GH_ERR_EMPTY_INPUT' },
  ];
  for (const { input, want, wantErr } of scopes) {
    it(`parses --scope "${input}"`, async () => {
      if (wantErr) { expect(await codeOf(() => parseScope(input))).toBe(wantErr); return; }
      expect(await parseScope(input)).toEqual(want);
    });
  }

  it('reads --scope from a file when the value names one', async () => {
    expect(await parseScope(await file('127.0.0.0/16\n# more\n::1\n'))).toEqual(['127.0.0.0/16', '::1']);
    expect(await codeOf(async () => parseScope(await file('300.0.0.0/8\n')))).toBe('GH_ERR_TARGET_SYNTAX');
  });
});
