/**
 * @module tls/report — the full result of a TLS analysis (extends core's TlsSummary, which is what `port.tls`
 * carries into the JSON contract) and its one-screen text rendering for `gatehouse tls`.
 */
import type { Finding, TlsSummary } from '../core/types.js';
import type { CertInfo } from './certs.js';

export interface TrustSummary {
  trusted: boolean;
  complete: boolean;
  selfSigned: boolean;
  missingIssuer: string | null;
  unknownRoot: string | null;
  hostnameMatch: boolean | null;
  hostname: string | null;
  path: string[];
  anchors: string;                   // 'bundled Mozilla roots' (+ ' + CA file')
}

export interface TlsReport extends TlsSummary {
  protocols: string[];
  starttls?: string;
  host: string;
  port: number;
  sni: string | null;
  /** Accepted suites per protocol, in the order the server chose them from our full offer. */
  ciphers: Record<string, string[]>;
  weakCiphers: string[];
  serverCipherOrder: boolean | null;
  groups: string[];
  dhBits: number | null;
  /** The suite that got the smallest DH prime (dhBits). */
  dhSuite: string | null;
  certificate: CertInfo | null;
  chain: CertInfo[];
  certificateSource: 'handshake' | 'node-tls' | null;
  trust: TrustSummary | null;
  /** Strict-Transport-Security header: its value, null = absent; undefined = not an HTTPS check. */
  hsts?: string | null;
  /** Port 80 of the same host redirects to https (undefined = not checked / nothing on 80). */
  httpRedirect?: boolean;
  handshakes: number;
  durationMs: number;
  notes: string[];
}

function line(label: string, value: string): string { return `  ${label.padEnd(18)} ${value}`; }

export function renderText(r: TlsReport, findings: readonly Finding[]): string {
  const out: string[] = [];
  out.push(`TLS ${r.host}:${r.port}${r.starttls !== undefined ? ` (STARTTLS ${r.starttls})` : ''}${r.sni !== null ? ` SNI ${r.sni}` : ''}`);
  out.push(line('protocols', r.protocols.join(', ') || 'none'));
  for (const [v, list] of Object.entries(r.ciphers)) {
    out.push(line(`ciphers ${v}`, `${list.length}`));
    for (const c of list) { out.push(`      ${c}${r.weakCiphers.includes(c) ? '   <- weak' : ''}`); }
  }
  out.push(line('cipher order', r.serverCipherOrder === null ? 'n/a' : r.serverCipherOrder ? 'server' : 'client'));
  if (r.groups.length > 0) { out.push(line('groups', r.groups.join(', '))); }
  if (r.dhBits !== null) { out.push(line('DH prime', `${r.dhBits} bits${r.dhSuite !== null ? ` (smallest, with ${r.dhSuite})` : ''}`)); }
  const c = r.certificate;
  if (c !== null) {
    out.push(line('subject', c.subject));
    out.push(line('SANs', c.sans.join(', ') || '(none)'));
    out.push(line('issuer', c.issuer));
    out.push(line('valid', `${c.notBefore} .. ${c.notAfter} (${c.daysLeft} days left)`));
    out.push(line('key', `${c.keyType} ${c.keyBits} bits${c.curve !== null ? ` (${c.curve})` : ''}`));
    out.push(line('signature', c.signatureAlgorithm));
  }
  if (r.trust !== null) {
    const t = r.trust;
    out.push(line('chain', `${t.trusted ? 'trusted' : 'NOT trusted'} by ${t.anchors}; ${t.complete ? 'complete' : `incomplete (missing issuer: ${t.missingIssuer ?? '?'})`}`));
    out.push(line('hostname', t.hostnameMatch === null ? 'not checked (no name given)' : `${t.hostname ?? ''} ${t.hostnameMatch ? 'matches' : 'DOES NOT match'}`));
  }
  if (r.hsts !== undefined) { out.push(line('HSTS', r.hsts ?? 'absent')); }
  if (r.httpRedirect !== undefined) { out.push(line('http→https', r.httpRedirect ? 'redirects' : 'no redirect')); }
  for (const n of r.notes) { out.push(line('note', n)); }
  out.push(line('handshakes', `${r.handshakes} in ${r.durationMs} ms`));
  out.push('');
  if (findings.length === 0) { out.push('No findings.'); }
  for (const f of findings) { out.push(`[${f.severity}] ${f.id}: ${f.evidence}`); }
  return `${out.join('\n')}\n`;
}
