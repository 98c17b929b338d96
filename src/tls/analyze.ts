/**
 * @module tls/analyze — one TLS analysis of HOST:PORT: enumerate protocols, suites, order, groups and DH size with
 * our own handshakes; take the certificate chain from the raw Certificate message (≤ TLS 1.2) or from a node:tls
 * handshake (TLS 1.3 only); judge it against the anchors; for HTTPS ask for the HSTS header and whether port 80
 * redirects. Every connection goes through the given Dialer (plus the STARTTLS preamble when asked).
 *
 * Failures are results or coded errors: GH_ERR_CONNECT (nothing listens), GH_ERR_STARTTLS (preamble refused),
 * GH_ERR_TLS (`not TLS: …` / `handshake failed: …`).
 */
import type { X509Certificate } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Conn, Dialer } from '../net/dialer.js';
import type { Finding } from '../core/types.js';
import { GatehouseError } from '../errors/index.js';
import { enumerate } from './enumerate.js';
import { analyzeChain } from './certs.js';
import { starttls as runStarttls, type StarttlsKind } from './starttls.js';
import { headerValue, httpHead, peerChain, upgrade } from './node-tls.js';
import { tlsFindings, weakSuites } from './findings.js';
import type { TlsReport } from './report.js';
import type { Opener } from './probe.js';

export interface AnalyzeOptions {
  readonly host: string;                 // address to connect to
  readonly port: number;
  /** The name the service is known by: sent as SNI and matched against the certificate. */
  readonly sni?: string | undefined;
  readonly starttls?: StarttlsKind | undefined;
  readonly anchors: readonly X509Certificate[];
  readonly anchorsLabel: string;
  readonly dialer: Dialer;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
  /** HTTPS extras: 'auto' = on for implicit TLS except well-known non-HTTP ports. */
  readonly http?: boolean | 'auto';
  /** Whether port 80 may be asked for an HTTP→HTTPS redirect (default: when `http` is on). */
  readonly checkPort80?: boolean;
  readonly now?: Date;
}

const NOT_HTTP_PORTS = new Set([465, 563, 587, 636, 853, 989, 990, 992, 993, 995, 5061, 5223, 5671, 6697, 8883]);

export async function analyzeTls(o: AnalyzeOptions): Promise<{ report: TlsReport; findings: Finding[] }> {
  const t0 = Date.now();
  const timeoutMs = o.timeoutMs ?? 4000;
  const nameForProtocol = o.sni ?? o.host;
  // One local signal for the many connections of this analysis (each Conn listens on it until the end).
  const local = new AbortController();
  setMaxListeners(0, local.signal);
  const unlink = (): void => local.abort();
  o.signal?.addEventListener('abort', unlink, { once: true });
  try {
    return await run(o, local.signal, timeoutMs, nameForProtocol, t0);
  } finally {
    o.signal?.removeEventListener('abort', unlink);
    local.abort();
  }
}

async function run(o: AnalyzeOptions, signal: AbortSignal, timeoutMs: number, nameForProtocol: string, t0: number): Promise<{ report: TlsReport; findings: Finding[] }> {
  const open: Opener = async (): Promise<Conn> => {
    const conn = await o.dialer.tcp(o.host, o.port, { signal, timeoutMs });
    if (o.starttls !== undefined) {
      try { await runStarttls(o.starttls, conn, nameForProtocol, timeoutMs); } catch (err) { conn.close(); throw err; }
    }
    return conn;
  };
  (await open()).close();                // preflight: connect errors and STARTTLS refusals surface as their own codes

  const en = await enumerate(open, { serverName: o.sni, timeoutMs });
  if (en.notTls !== null) {
    const why = en.notTls.startsWith('not TLS') ? en.notTls : `handshake failed: ${en.notTls}`;
    throw new GatehouseError('GH_ERR_TLS', `${o.host}:${o.port}: ${why}`);
  }
  const protocols = [...(en.sslv2.supported ? ['SSLv2'] : []), ...en.versions.filter((v) => v.supported).map((v) => v.version)];
  if (protocols.length === 0) {
    const reasons = [...new Set(en.versions.map((v) => v.detail))].join('; ');
    throw new GatehouseError('GH_ERR_TLS', `${o.host}:${o.port}: handshake failed: ${reasons}`);
  }
  const ciphers: Record<string, string[]> = {};
  if (en.sslv2.supported) { ciphers['SSLv2'] = en.sslv2.ciphers; }
  for (const v of en.versions) { if (v.supported) { ciphers[v.version] = v.ciphers; } }
  const notes: string[] = [];

  let ders = en.certificates;
  let certificateSource: TlsReport['certificateSource'] = ders !== null ? 'handshake' : null;
  const implicitHttp = o.http === true || (o.http === 'auto' && o.starttls === undefined && !NOT_HTTP_PORTS.has(o.port));
  let hsts: string | null | undefined;
  if (ders === null || implicitHttp) {
    let conn: Conn | null = null;
    try {
      conn = await open();
      const s = await upgrade(conn, { servername: o.sni, timeoutMs });
      if (ders === null) { ders = peerChain(s); certificateSource = 'node-tls'; }
      if (implicitHttp) {
        const head = await httpHead(s, nameForProtocol, timeoutMs);
        if (head !== null) { hsts = headerValue(head, 'strict-transport-security'); }
      }
      s.destroy();
    } catch (err) {
      notes.push(`normal handshake failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      conn?.close();
    }
  }
  let httpRedirect: boolean | undefined;
  if (hsts !== undefined && (o.checkPort80 ?? true)) { httpRedirect = await redirectsToHttps(o, signal, timeoutMs); }

  const now = o.now ?? new Date();
  const chain = ders !== null ? analyzeChain(ders, { hostname: o.sni, anchors: o.anchors, now }) : null;
  if (chain === null) { notes.push('no certificate could be read'); }
  const report: TlsReport = {
    protocols,
    ...(o.starttls !== undefined ? { starttls: o.starttls } : {}),
    host: o.host, port: o.port, sni: o.sni ?? null,
    ciphers, weakCiphers: weakSuites(ciphers), serverCipherOrder: en.serverCipherOrder, groups: en.groups, dhBits: en.dhBits, dhSuite: en.dhSuite,
    certificate: chain?.leaf ?? null, chain: chain?.chain ?? [], certificateSource,
    trust: chain === null ? null : {
      trusted: chain.trusted, complete: chain.complete, selfSigned: chain.selfSigned, missingIssuer: chain.missingIssuer, unknownRoot: chain.unknownRoot,
      hostnameMatch: chain.hostnameMatch, hostname: chain.hostname, path: chain.path, anchors: o.anchorsLabel,
    },
    ...(hsts !== undefined ? { hsts } : {}),
    ...(httpRedirect !== undefined ? { httpRedirect } : {}),
    handshakes: en.handshakes, durationMs: Date.now() - t0, notes,
  };
  return { report, findings: tlsFindings(report, { now }) };
}

/** GET / on port 80: a 301/302/303/307/308 to an https:// URL. undefined when nothing answers HTTP there. */
async function redirectsToHttps(o: AnalyzeOptions, signal: AbortSignal, timeoutMs: number): Promise<boolean | undefined> {
  let conn: Conn;
  try { conn = await o.dialer.tcp(o.host, 80, { signal, timeoutMs: Math.min(timeoutMs, 2000) }); } catch { return undefined; }
  try {
    const r = await conn.exchange(`GET / HTTP/1.1\r\nHost: ${o.sni ?? o.host}\r\nUser-Agent: gatehouse\r\nConnection: close\r\n\r\n`,
      { maxBytes: 16_384, timeoutMs, until: (d) => d.includes('\r\n\r\n') });
    const head = r.data.toString('latin1');
    if (!head.startsWith('HTTP/')) { return undefined; }
    const status = Number(head.slice(9, 12));
    return [301, 302, 303, 307, 308].includes(status) && /^https:\/\//i.test(headerValue(head, 'location') ?? '');
  } finally {
    conn.close();
  }
}
