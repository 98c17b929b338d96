import { describe, expect, it } from 'vitest';
import { tlsFindings, weakSuites } from './findings.js';
import type { TlsReport } from './report.js';
import type { CertInfo } from './certs.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const cert = (over: Partial<CertInfo> = {}): CertInfo => ({
  subject: 'CN=a.test', issuer: 'CN=CA', sans: ['DNS:a.test'], serial: '01', notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 214, keyType: 'rsa', keyBits: 2048, curve: null,
  signatureAlgorithm: 'sha256WithRSAEncryption', selfIssued: false, isCA: false, sha256: 'AA', ...over,
});
const base = (over: Partial<TlsReport> = {}): TlsReport => ({
  protocols: ['TLSv1.2', 'TLSv1.3'], host: '10.0.0.1', port: 443, sni: 'a.test',
  ciphers: { 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], 'TLSv1.3': ['TLS_AES_128_GCM_SHA256'] },
  weakCiphers: [], serverCipherOrder: true, groups: ['x25519'], dhBits: null, dhSuite: null, certificate: cert(), chain: [cert()],
  certificateSource: 'handshake',
  trust: { trusted: true, complete: true, selfSigned: false, missingIssuer: null, unknownRoot: null, hostnameMatch: true, hostname: 'a.test', path: ['CN=a.test', 'CN=CA'], anchors: 'roots' },
  hsts: 'max-age=31536000', handshakes: 5, durationMs: 10, notes: [], ...over,
});
const ids = (r: TlsReport): string[] => tlsFindings(r, { now: NOW }).map((f) => f.id).sort();

describe('tlsFindings', () => {
  const cases: Array<{ name: string; report: TlsReport; want: string[] }> = [
    { name: 'a good server has none', report: base(), want: [] },
    { name: 'old protocols', report: base({ protocols: ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2'], ciphers: { SSLv2: ['SSL_CK_RC4_128_WITH_MD5'], SSLv3: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.0': ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.1': ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }, weakCiphers: ['SSL_CK_RC4_128_WITH_MD5'] }), want: ['tls-no-tls1.3', 'tls-sslv2', 'tls-sslv3', 'tls-weak-cipher', 'tls-weak-protocol-tls1.0', 'tls-weak-protocol-tls1.1'] },
    { name: 'static RSA only', report: base({ protocols: ['TLSv1.2'], ciphers: { 'TLSv1.2': ['TLS_RSA_WITH_AES_128_GCM_SHA256'] } }), want: ['tls-no-forward-secrecy', 'tls-no-tls1.3'] },
    { name: 'weak DH', report: base({ dhBits: 1024 }), want: ['tls-weak-dh'] },
    { name: 'expired', report: base({ certificate: cert({ notAfter: '2026-01-01T00:00:00.000Z', daysLeft: -151 }) }), want: ['tls-expired-cert'] },
    { name: 'not yet valid', report: base({ certificate: cert({ notBefore: '2027-01-01T00:00:00.000Z' }) }), want: ['tls-not-yet-valid'] },
    { name: 'expiring soon', report: base({ certificate: cert({ notAfter: '2026-06-20T00:00:00.000Z', daysLeft: 19 }) }), want: ['tls-cert-expiring-soon'] },
    { name: 'self-signed', report: base({ trust: { ...base().trust!, trusted: false, selfSigned: true } }), want: ['tls-self-signed'] },
    { name: 'incomplete', report: base({ trust: { ...base().trust!, trusted: false, complete: false, missingIssuer: 'CN=I' } }), want: ['tls-incomplete-chain'] },
    { name: 'untrusted', report: base({ trust: { ...base().trust!, trusted: false, unknownRoot: 'CN=R' } }), want: ['tls-untrusted-chain'] },
    { name: 'mismatch', report: base({ trust: { ...base().trust!, hostnameMatch: false } }), want: ['tls-hostname-mismatch'] },
    { name: 'weak signature and short keys', report: base({ chain: [cert({ signatureAlgorithm: 'sha1WithRSAEncryption', keyBits: 1024 }), cert({ keyType: 'ec', keyBits: 224, isCA: true })] }), want: ['tls-short-key', 'tls-weak-signature'] },
    { name: 'no HSTS', report: base({ hsts: null }), want: ['https-no-hsts'] },
    { name: 'HSTS not checked', report: base({ hsts: undefined }), want: [] },
    { name: 'smtp STARTTLS with TLS 1.0', report: base({ starttls: 'smtp', protocols: ['TLSv1.0', 'TLSv1.2', 'TLSv1.3'], ciphers: { ...base().ciphers, 'TLSv1.0': ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'] } }), want: ['smtp-starttls-weak', 'tls-weak-protocol-tls1.0'] },
    { name: 'smtp STARTTLS that is fine', report: base({ starttls: 'smtp' }), want: [] },
  ];
  for (const c of cases) { it(c.name, () => { expect(ids(c.report)).toEqual([...c.want].sort()); }); }

  it('lists the weak suites and where they were accepted', () => {
    const ciphers = { 'TLSv1.0': ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'], 'TLSv1.2': ['TLS_RSA_WITH_RC4_128_SHA'] };
    const weak = weakSuites(ciphers);
    expect(weak).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA']);
    const f = tlsFindings(base({ ciphers, weakCiphers: weak }), { now: NOW }).find((x) => x.id === 'tls-weak-cipher');
    expect(f?.severity).toBe('high');
    expect(f?.details?.['versions']).toEqual(['TLSv1.0', 'TLSv1.2']);
    expect(f?.evidence).toMatch(/3DES.*Sweet32.*RC4/);
    expect(f?.references.length).toBeGreaterThan(0);
  });
});
