import { describe, expect, it } from 'vitest';
import { renderText, type TlsReport } from './report.js';

describe('renderText', () => {
  it('shows protocols, suites with weak ones marked, certificate, trust and findings', () => {
    const r: TlsReport = {
      protocols: ['TLSv1.0'], starttls: 'smtp', host: '10.0.0.1', port: 25, sni: 'mail.test',
      ciphers: { 'TLSv1.0': ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'] }, weakCiphers: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
      serverCipherOrder: false, groups: ['x25519'], dhBits: 1024, dhSuite: 'TLS_DH_anon_WITH_AES_128_CBC_SHA',
      certificate: { subject: 'CN=mail.test', issuer: 'CN=CA', sans: ['DNS:mail.test'], serial: '01', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 200, keyType: 'rsa', keyBits: 2048, curve: null, signatureAlgorithm: 'sha256WithRSAEncryption', selfIssued: false, isCA: false, sha256: 'AA' },
      chain: [], certificateSource: 'handshake',
      trust: { trusted: false, complete: false, selfSigned: false, missingIssuer: 'CN=I', unknownRoot: null, hostnameMatch: null, hostname: null, path: ['CN=mail.test'], anchors: 'roots' },
      handshakes: 7, durationMs: 12, notes: ['n1'],
    };
    const text = renderText(r, [{ id: 'tls-weak-cipher', severity: 'medium', title: 't', evidence: 'ev', remediation: 'r', references: [] }]);
    expect(text).toContain('TLS 10.0.0.1:25 (STARTTLS smtp) SNI mail.test');
    expect(text).toContain('TLS_RSA_WITH_3DES_EDE_CBC_SHA   <- weak');
    expect(text).toMatch(/cipher order\s+client/);
    expect(text).toMatch(/DH prime\s+1024 bits \(smallest, with TLS_DH_anon_WITH_AES_128_CBC_SHA\)/);
    expect(text).toContain('incomplete (missing issuer: CN=I)');
    expect(text).toContain('not checked (no name given)');
    expect(text).toContain('[medium] tls-weak-cipher: ev');
    expect(renderText({ ...r, trust: null, certificate: null }, [])).toContain('No findings.');
  });
});
