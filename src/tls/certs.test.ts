import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { analyzeChain, bundledRoots, parsePemBundle } from './certs.js';
import { fixturePem } from './testkit.js';

const der = (n: string): Buffer => new X509Certificate(fixturePem(n)).raw;
const root = new X509Certificate(fixturePem('root'));
const NOW = new Date('2026-06-01T00:00:00Z');

describe('analyzeChain', () => {
  const cases: Array<{ name: string; sent: string[]; anchors: X509Certificate[]; host?: string; want: Record<string, unknown> }> = [
    { name: 'full chain to a known anchor', sent: ['good.test', 'inter'], anchors: [root], host: 'www.good.test', want: { trusted: true, complete: true, selfSigned: false, hostnameMatch: true, missingIssuer: null } },
    { name: 'full chain, root unknown', sent: ['good.test', 'inter'], anchors: [], want: { trusted: false, complete: true, unknownRoot: 'CN=Fixture Root CA', missingIssuer: null } },
    { name: 'leaf only: intermediate missing', sent: ['good.test'], anchors: [root], want: { trusted: false, complete: false, missingIssuer: 'CN=Fixture Intermediate CA' } },
    { name: 'self-signed leaf', sent: ['self'], anchors: [root], host: 'self.test', want: { trusted: false, complete: true, selfSigned: true, hostnameMatch: true } },
    { name: 'hostname mismatch', sent: ['good.test', 'inter'], anchors: [root], host: 'evil.test', want: { hostnameMatch: false } },
    { name: 'wildcard does not cover two labels', sent: ['good.test', 'inter'], anchors: [root], host: 'a.b.good.test', want: { hostnameMatch: false } },
    { name: 'no name: not checked', sent: ['good.test', 'inter'], anchors: [root], want: { hostnameMatch: null } },
    { name: 'intermediate sent before the leaf still links', sent: ['ec.test', 'root', 'inter'], anchors: [root], want: { trusted: true, complete: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = analyzeChain(c.sent.map(der), { anchors: c.anchors, now: NOW, hostname: c.host });
      expect(r).toMatchObject(c.want);
    });
  }

  it('reports certificate fields', () => {
    const r = analyzeChain([der('weak.test'), der('inter')], { anchors: [root], now: NOW });
    expect(r?.leaf).toMatchObject({ subject: 'CN=weak.test', issuer: 'CN=Fixture Intermediate CA', keyType: 'rsa', keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption', notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 214 });
    expect(r?.leaf.sans).toEqual(['DNS:weak.test', 'DNS:*.weak.test']);
    const ec = analyzeChain([der('ec.test')], { anchors: [], now: NOW });
    expect(ec?.leaf).toMatchObject({ keyType: 'ec', keyBits: 256, curve: 'prime256v1' });
  });

  it('returns null without a parsable leaf and stops at the first unparsable certificate', () => {
    expect(analyzeChain([], { anchors: [], now: NOW })).toBeNull();
    expect(analyzeChain([Buffer.from('junk')], { anchors: [], now: NOW })).toBeNull();
    expect(analyzeChain([der('good.test'), Buffer.from('junk'), der('inter')], { anchors: [root], now: NOW })?.chain).toHaveLength(1);
  });

  it('loads the bundled roots and PEM bundles', () => {
    expect(bundledRoots().length).toBeGreaterThan(50);
    expect(parsePemBundle(fixturePem('root') + fixturePem('inter'))).toHaveLength(2);
    expect(parsePemBundle('nothing here')).toHaveLength(0);
  });
});
