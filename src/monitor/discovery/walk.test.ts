/** Table-driven tests of the discovery walkers and the SPF parser, over a fake zone (no network). */
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../errors/index.js';
import type { DiscoveryType, DnsAnswer } from './message.js';
import { parseSpf, pickSpf } from './spf.js';
import { walkDomain, walkName, type Found } from './walk.js';

type Zone = Record<string, Array<[DiscoveryType, string] | [DiscoveryType, string, string]>>;

/** A lookup over `zone` (owner → [type, data, owner?]); like an authoritative server, a CNAME answers any type. */
function fakeLookup(zone: Zone, failing: readonly string[] = []): { lookup: (n: string, t: DiscoveryType) => Promise<DnsAnswer[]>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (name, type) => {
      asked.push(`${type} ${name}`);
      if (failing.includes(name)) { throw new GatehouseError('GH_ERR_DNS', `${type} ${name}: timed out`); }
      const rrs = zone[name] ?? [];
      const cname = rrs.find((r) => r[0] === 'CNAME');
      if (cname && type !== 'CNAME') { return [{ name, type: 'CNAME', data: cname[1] }]; }
      return rrs.filter((r) => r[0] === type).map((r) => ({ name, type, data: r[1] }));
    },
  };
}

const by = (found: readonly Found[]): Record<string, string> => Object.fromEntries(found.map((f) => [`${f.kind} ${f.value}`, f.provenance.join(' → ')]));

const ZONE: Zone = {
  'example.test': [['A', '192.0.2.1'], ['AAAA', '2001:db8::1'], ['MX', 'mail.example.test'], ['NS', 'ns1.example.test'],
    ['TXT', 'v=spf1 ip4:192.0.2.16/28 ip6:2001:db8:1::/48 a mx include:_spf.example.test -ip4:192.0.2.99 ~all'], ['TXT', 'some-verification=1']],
  'mail.example.test': [['A', '192.0.2.10']],
  'ns1.example.test': [['A', '192.0.2.53']],
  '_spf.example.test': [['TXT', 'v=spf1 ip4:198.51.100.7 redirect=_spf2.example.test']],
  '_spf2.example.test': [['TXT', 'v=spf1 ip4:198.51.100.64/26 -all']],
  '_sip._tcp.example.test': [['SRV', 'sip.example.test']],
  'sip.example.test': [['CNAME', 'edge.example.test']],
  'edge.example.test': [['CNAME', 'edge.cdn.other']],
  'edge.cdn.other': [['A', '203.0.113.5']],
  'loop1.example.test': [['CNAME', 'loop2.example.test']],
  'loop2.example.test': [['CNAME', 'loop1.example.test']],
};

describe('walkDomain', () => {
  it('finds addresses, MX, NS, SPF (include, redirect, ranges) and SRV through CNAME chains, with provenance', async () => {
    const { lookup } = fakeLookup(ZONE);
    const r = await walkDomain(lookup, 'Example.TEST.', { srvNames: ['_sip._tcp', '_xmpp-server._tcp'] });
    expect(by(r.found)).toEqual({
      'address 192.0.2.1': 'example.test → 192.0.2.1',
      'address 2001:db8::1': 'example.test → 2001:db8::1',
      'hostname mail.example.test': 'MX of example.test → mail.example.test',
      'address 192.0.2.10': 'MX of example.test → mail.example.test → 192.0.2.10',
      'hostname ns1.example.test': 'NS of example.test → ns1.example.test',
      'address 192.0.2.53': 'NS of example.test → ns1.example.test → 192.0.2.53',
      'cidr 192.0.2.16/28': 'SPF of example.test → 192.0.2.16/28',
      'cidr 2001:db8:1::/48': 'SPF of example.test → 2001:db8:1::/48',
      'hostname example.test': 'SPF of example.test → a:example.test',
      'address 198.51.100.7': 'SPF of example.test → include:_spf.example.test → SPF of _spf.example.test → 198.51.100.7',
      'cidr 198.51.100.64/26': 'SPF of example.test → include:_spf.example.test → SPF of _spf.example.test → redirect=_spf2.example.test → SPF of _spf2.example.test → 198.51.100.64/26',
      'hostname sip.example.test': 'SRV of _sip._tcp.example.test → sip.example.test',
      'hostname edge.example.test': 'SRV of _sip._tcp.example.test → sip.example.test → CNAME of sip.example.test → edge.example.test',
      'hostname edge.cdn.other': 'SRV of _sip._tcp.example.test → sip.example.test → CNAME of sip.example.test → edge.example.test → CNAME of edge.example.test → edge.cdn.other',
      'address 203.0.113.5': 'SRV of _sip._tcp.example.test → sip.example.test → CNAME of sip.example.test → edge.example.test → CNAME of edge.example.test → edge.cdn.other → 203.0.113.5',
    });
    expect(r.found.some((f) => f.value === '192.0.2.99')).toBe(false); // -ip4 is not a sender
  });

  const cases: Array<{ name: string; zone: Zone; start: string; want: string[]; note?: RegExp; failing?: string[] }> = [
    { name: 'CNAME loop is detected, not followed forever', zone: ZONE, start: 'loop1.example.test', want: ['hostname loop2.example.test'], note: /CNAME loop/ },
    { name: 'CNAME chain longer than the cap stops', start: 'c0.t', want: ['hostname c1.t', 'hostname c2.t', 'hostname c3.t'], note: /longer than 3 hops/,
      zone: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}.t`, [['CNAME', `c${i + 1}.t`]]])) },
    { name: 'a failing query is a note, the walk goes on', zone: { 'x.t': [['A', '192.0.2.7']] }, start: 'x.t', failing: ['x.t'], want: [], note: /timed out/ },
    { name: 'non-address A data is ignored', zone: { 'x.t': [['A', 'not-an-ip'], ['A', '192.0.2.8']] }, start: 'x.t', want: ['address 192.0.2.8'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { lookup } = fakeLookup(c.zone, c.failing);
      const r = await walkName(lookup, c.start, [c.start], { maxCnameDepth: 3 });
      expect(r.found.map((f) => `${f.kind} ${f.value}`).sort()).toEqual([...c.want].sort());
      if (c.note) { expect(r.notes.join('\n')).toMatch(c.note); }
    });
  }

  it('stops SPF after 10 DNS-querying terms (RFC 7208 § 4.6.4) and says so', async () => {
    const zone: Zone = {};
    for (let i = 0; i < 15; i += 1) { zone[`s${i}.t`] = [['TXT', `v=spf1 ip4:192.0.2.${i} include:s${i + 1}.t`]]; }
    const { lookup, asked } = fakeLookup(zone);
    const r = await walkDomain(lookup, 's0.t', { srvNames: [] });
    expect(r.found.filter((f) => f.kind === 'address').length).toBe(11); // s0 plus 10 includes
    expect(asked.filter((a) => a.startsWith('TXT')).length).toBe(11);
    expect(r.notes.join('\n')).toMatch(/10-lookup limit/);
  });
});

describe('parseSpf / pickSpf', () => {
  const cases: Array<{ input: string; want: unknown[]; ignored?: string[] }> = [
    { input: 'v=spf1 -all', want: [] },
    { input: 'v=spf1 ip4:192.0.2.0/24 +ip6:2001:db8::/32 ?ip4:192.0.2.1', want: [{ kind: 'ip4', value: '192.0.2.0/24' }, { kind: 'ip6', value: '2001:db8::/32' }], ignored: ['?ip4:192.0.2.1'] },
    { input: 'v=spf1 a mx:mail.t/24 include:_spf.t redirect=r.t', want: [{ kind: 'a', domain: null, prefix: '' }, { kind: 'mx', domain: 'mail.t', prefix: '/24' }, { kind: 'include', domain: '_spf.t' }, { kind: 'redirect', domain: 'r.t' }] },
    { input: 'v=spf1 exists:%{i}.x.t ptr include:%{d}.t ip4:', want: [{ kind: 'lookup-only', mechanism: 'exists' }, { kind: 'lookup-only', mechanism: 'ptr' }], ignored: ['include:%{d}.t', 'ip4:'] },
  ];
  for (const c of cases) {
    it(c.input, () => {
      const p = parseSpf(c.input);
      expect(p.terms).toEqual(c.want);
      expect(p.ignored).toEqual(c.ignored ?? []);
    });
  }
  it('picks exactly one v=spf1 record', () => {
    expect(pickSpf(['x', 'v=spf1 -all'])).toBe('v=spf1 -all');
    expect(pickSpf(['v=spf1 a', 'v=spf1 mx'])).toBeNull();
    expect(pickSpf(['v=spf10'])).toBeNull();
  });
});
