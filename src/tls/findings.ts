/**
 * @module tls/findings — turns a TlsReport into Findings (ids as published in docs/tls.md). Pure. Only what a
 * handshake or certificate proved is reported: protocols and suites the server actually accepted, fields of the
 * certificate it actually sent.
 */
import type { Finding, Severity } from '../core/types.js';
import { isWeakSignature } from './der.js';
import { CIPHER_SUITES } from './cipher-suites.js';
import type { TlsReport } from './report.js';

const REF = {
  rfc8996: 'https://www.rfc-editor.org/rfc/rfc8996',
  nist: 'https://csrc.nist.gov/pubs/sp/800/52/r2/final',
  mozilla: 'https://wiki.mozilla.org/Security/Server_Side_TLS',
  rfc6176: 'https://www.rfc-editor.org/rfc/rfc6176',
  rfc7568: 'https://www.rfc-editor.org/rfc/rfc7568',
  rfc7465: 'https://www.rfc-editor.org/rfc/rfc7465',
  rfc5280: 'https://www.rfc-editor.org/rfc/rfc5280',
  rfc6125: 'https://www.rfc-editor.org/rfc/rfc6125',
  rfc6797: 'https://www.rfc-editor.org/rfc/rfc6797',
  rfc7919: 'https://www.rfc-editor.org/rfc/rfc7919',
  rfc8446: 'https://www.rfc-editor.org/rfc/rfc8446',
  rfc3207: 'https://www.rfc-editor.org/rfc/rfc3207',
  rfc7525: 'https://www.rfc-editor.org/rfc/rfc9325',
  cabf: 'https://cabforum.org/baseline-requirements-documents/',
  drown: 'https://drownattack.com/',
  weakdh: 'https://weakdh.org/',
  sweet32: 'https://sweet32.info/',
};

function f(id: string, severity: Severity, title: string, evidence: string, remediation: string, references: string[], details?: Finding['details']): Finding {
  const out: Finding = { id, severity, title, evidence, remediation, references };
  if (details !== undefined) { out.details = details; }
  return out;
}

const WEAK_BY_NAME = new Map(CIPHER_SUITES.filter((s) => s.strength === 'insecure' || s.strength === 'weak').map((s) => [s.name, s]));
const BY_NAME = new Map(CIPHER_SUITES.map((s) => [s.name, s]));

/** The weak suites accepted, each with the versions that accepted it. */
export function weakSuites(ciphers: Record<string, string[]>): string[] {
  const out = new Set<string>();
  for (const list of Object.values(ciphers)) { for (const c of list) { if (WEAK_BY_NAME.has(c) || c.startsWith('SSL_CK_')) { out.add(c); } } }
  return [...out];
}

export interface FindingOptions {
  readonly now: Date;
  /** Expiring-soon threshold in days (default 30). */
  readonly soonDays?: number;
}

export function tlsFindings(r: TlsReport, o: FindingOptions): Finding[] {
  const out: Finding[] = [];
  const has = (p: string): boolean => r.protocols.includes(p);
  const suitesOf = (v: string): string => (r.ciphers[v] ?? []).join(', ');

  if (has('SSLv2')) {
    out.push(f('tls-sslv2', 'critical', 'SSLv2 is enabled', `the server answered an SSLv2 CLIENT-HELLO with a SERVER-HELLO offering ${suitesOf('SSLv2') || 'no cipher'}`,
      'Disable SSLv2 entirely (it is broken by design and enables DROWN against the same key on other protocols).', [REF.rfc6176, REF.drown, REF.nist], { ciphers: r.ciphers['SSLv2'] ?? [] }));
  }
  if (has('SSLv3')) {
    out.push(f('tls-sslv3', 'high', 'SSLv3 is enabled', `the server completed a ServerHello for SSLv3 (0x0300) and accepted: ${suitesOf('SSLv3')}`,
      'Disable SSLv3 (POODLE); allow TLS 1.2 and TLS 1.3 only.', [REF.rfc7568, REF.rfc8996, REF.nist], { ciphers: r.ciphers['SSLv3'] ?? [] }));
  }
  for (const [p, id] of [['TLSv1.0', 'tls-weak-protocol-tls1.0'], ['TLSv1.1', 'tls-weak-protocol-tls1.1']] as const) {
    if (has(p)) {
      out.push(f(id, 'medium', `${p.replace('v', ' ')} is enabled`, `the server negotiated ${p} and accepted: ${suitesOf(p)}`,
        `Disable ${p.replace('v', ' ')} (deprecated by RFC 8996); allow TLS 1.2 and TLS 1.3 only.`, [REF.rfc8996, REF.nist, REF.mozilla], { ciphers: r.ciphers[p] ?? [] }));
    }
  }
  const weak = r.weakCiphers;
  if (weak.length > 0) {
    const insecure = weak.some((n) => BY_NAME.get(n)?.strength === 'insecure' || n.startsWith('SSL_CK_'));
    const why = weak.map((n) => `${n} (${BY_NAME.get(n)?.weakBecause ?? 'SSLv2'})`).join('; ');
    const where = Object.entries(r.ciphers).filter(([, l]) => l.some((c) => weak.includes(c))).map(([v]) => v);
    out.push(f('tls-weak-cipher', insecure ? 'high' : 'medium', 'Weak cipher suites are accepted', `accepted on ${where.join(', ')}: ${why}`,
      'Remove NULL, EXPORT, anonymous, RC4, DES and 3DES suites; offer AEAD suites with ECDHE (Mozilla "intermediate").',
      [REF.nist, REF.mozilla, REF.rfc7465, REF.sweet32], { ciphers: weak, versions: where }));
  }
  const legacy = Object.entries(r.ciphers).filter(([v]) => v !== 'TLSv1.3' && v !== 'SSLv2');
  const nonFs = [...new Set(legacy.flatMap(([, l]) => l.filter((c) => { const s = BY_NAME.get(c); return s !== undefined && !s.forwardSecrecy && s.auth !== 'anon'; })))];
  if (nonFs.length > 0) {
    const anyFs = has('TLSv1.3') || legacy.some(([, l]) => l.some((c) => BY_NAME.get(c)?.forwardSecrecy === true));
    out.push(f('tls-no-forward-secrecy', anyFs ? 'low' : 'medium', anyFs ? 'Suites without forward secrecy are accepted' : 'No forward secrecy',
      `${anyFs ? 'besides forward-secret suites, ' : 'no ECDHE/DHE suite is accepted; '}the server accepts static key exchange: ${nonFs.join(', ')}`,
      'Offer only ECDHE (or DHE ≥ 2048 bits) key exchange; remove static RSA and static DH suites.', [REF.nist, REF.mozilla, REF.rfc7525], { ciphers: nonFs, anyForwardSecrecy: anyFs }));
  }
  if (r.dhBits !== null && r.dhBits < 2048) {
    out.push(f('tls-weak-dh', r.dhBits < 1024 ? 'high' : 'medium', 'Weak Diffie-Hellman parameters', `the ServerKeyExchange${r.dhSuite !== null ? ` for ${r.dhSuite}` : ''} carried a ${r.dhBits}-bit prime`,
      'Use a DH group of at least 2048 bits (RFC 7919 ffdhe2048+) or drop DHE in favour of ECDHE.', [REF.weakdh, REF.rfc7919, REF.nist], { dhBits: r.dhBits, suite: r.dhSuite }));
  }
  if (r.protocols.length > 0 && !has('TLSv1.3')) {
    out.push(f('tls-no-tls1.3', 'info', 'TLS 1.3 is not supported', `the server refused a TLS 1.3 ClientHello; best protocol: ${r.protocols[r.protocols.length - 1] ?? 'none'}`,
      'Enable TLS 1.3 alongside TLS 1.2.', [REF.rfc8446, REF.nist, REF.mozilla]));
  }
  certFindings(r, o, out);
  if (r.hsts === null) {
    out.push(f('https-no-hsts', 'low', 'HTTPS without HSTS', 'the HTTPS response carried no Strict-Transport-Security header',
      'Send "Strict-Transport-Security: max-age=31536000; includeSubDomains" on every HTTPS response.', [REF.rfc6797, REF.mozilla]));
  }
  if (r.starttls === 'smtp') {
    const weakIds = out.filter((x) => ['tls-sslv2', 'tls-sslv3', 'tls-weak-protocol-tls1.0', 'tls-weak-protocol-tls1.1', 'tls-weak-cipher', 'tls-weak-dh', 'tls-no-forward-secrecy'].includes(x.id) && x.severity !== 'low').map((x) => x.id);
    if (weakIds.length > 0) {
      out.push(f('smtp-starttls-weak', 'medium', 'SMTP STARTTLS offers weak TLS', `the STARTTLS session has: ${weakIds.join(', ')}`,
        'Restrict smtpd TLS to TLS 1.2+ and strong suites (postfix: smtpd_tls_protocols, smtpd_tls_mandatory_ciphers).', [REF.rfc3207, REF.nist], { findings: weakIds }));
    }
  }
  return out;
}

function certFindings(r: TlsReport, o: FindingOptions, out: Finding[]): void {
  const c = r.certificate;
  const t = r.trust;
  if (c === null) { return; }
  const fields = { subject: c.subject, issuer: c.issuer, notBefore: c.notBefore, notAfter: c.notAfter, sha256: c.sha256 };
  const now = o.now.toISOString();
  if (Date.parse(c.notAfter) < o.now.getTime()) {
    out.push(f('tls-expired-cert', 'high', 'The certificate has expired', `certificate "${c.subject}" expired ${c.notAfter} (now ${now})`,
      'Renew the certificate and automate renewal (ACME).', [REF.rfc5280, REF.cabf], fields));
  } else if (Date.parse(c.notBefore) > o.now.getTime()) {
    out.push(f('tls-not-yet-valid', 'high', 'The certificate is not yet valid', `certificate "${c.subject}" is valid only from ${c.notBefore} (now ${now})`,
      'Install a certificate whose validity has begun; check the server clock and the issuing process.', [REF.rfc5280], fields));
  } else if (c.daysLeft < (o.soonDays ?? 30)) {
    out.push(f('tls-cert-expiring-soon', 'low', 'The certificate expires soon', `certificate "${c.subject}" expires ${c.notAfter}, in ${c.daysLeft} days`,
      'Renew the certificate now and automate renewal (ACME).', [REF.rfc5280, REF.cabf], { ...fields, daysLeft: c.daysLeft }));
  }
  if (t !== null) {
    if (t.selfSigned && !t.trusted) {
      out.push(f('tls-self-signed', 'medium', 'Self-signed certificate', `certificate "${c.subject}" is signed by its own key and is not a trust anchor`,
        'Use a certificate from a publicly trusted CA (or your private CA, distributed to clients).', [REF.rfc5280, REF.nist], fields));
    } else if (!t.complete) {
      out.push(f('tls-incomplete-chain', 'medium', 'Incomplete certificate chain', `the server did not send the issuer of "${t.path[t.path.length - 1] ?? c.subject}" (missing: ${t.missingIssuer ?? '?'}); sent ${r.chain.length} certificate(s)`,
        'Configure the server to send the full chain: leaf followed by every intermediate (e.g. nginx ssl_certificate fullchain.pem).', [REF.rfc5280, REF.rfc8446], { ...fields, sent: r.chain.map((x) => x.subject) }));
    } else if (!t.trusted) {
      out.push(f('tls-untrusted-chain', 'medium', 'Certificate chain is not trusted', `the chain ${t.path.join(' <- ')} ends at ${t.unknownRoot !== null ? `"${t.unknownRoot}", ` : 'a root '}not in ${t.anchors}`,
        'Use a certificate from a publicly trusted CA, or pass the private CA with --ca-file when that is intended.', [REF.rfc5280, REF.nist], { ...fields, path: t.path }));
    }
    if (t.hostnameMatch === false) {
      out.push(f('tls-hostname-mismatch', 'medium', 'Certificate does not match the host name', `scanned as "${t.hostname ?? ''}", but the certificate covers ${c.sans.length > 0 ? c.sans.join(', ') : `only its subject "${c.subject}"`}`,
        'Issue a certificate whose subjectAltName covers every name the service is reached by.', [REF.rfc6125, REF.cabf], { ...fields, sans: c.sans }));
    }
  }
  const sent = r.chain.filter((x) => !x.selfIssued);
  const weakSig = sent.filter((x) => isWeakSignature(x.signatureAlgorithm));
  if (weakSig.length > 0) {
    out.push(f('tls-weak-signature', 'medium', 'Certificate signed with a weak hash', weakSig.map((x) => `"${x.subject}" uses ${x.signatureAlgorithm}`).join('; '),
      'Reissue the certificate (and intermediates) with SHA-256 or better.', [REF.cabf, REF.nist], { certificates: weakSig.map((x) => `${x.subject}: ${x.signatureAlgorithm}`) }));
  }
  const short = r.chain.filter((x) => ((x.keyType === 'rsa' || x.keyType === 'rsa-pss' || x.keyType === 'dsa') && x.keyBits < 2048) || (x.keyType === 'ec' && x.keyBits < 256));
  if (short.length > 0) {
    out.push(f('tls-short-key', short.some((x) => x.keyType !== 'ec' && x.keyBits < 1024) ? 'high' : 'medium', 'Short certificate key', short.map((x) => `"${x.subject}" has a ${x.keyBits}-bit ${x.keyType.toUpperCase()} key`).join('; '),
      'Use RSA keys of at least 2048 bits or EC keys of at least 256 bits.', [REF.nist, REF.cabf, REF.mozilla], { keys: short.map((x) => `${x.subject}: ${x.keyType} ${x.keyBits}`) }));
  }
}
