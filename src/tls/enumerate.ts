/**
 * @module tls/enumerate — what the server accepts, found with our own ClientHellos:
 * - protocol versions: one full handshake per version (SSLv3 … TLS 1.3) plus an SSLv2 CLIENT-HELLO, in parallel;
 *   the full read of the ≤ TLS 1.2 attempts also yields the certificate chain and key-exchange parameters;
 * - cipher suites per version: offer every known suite, remove the one the server chose, repeat until it refuses
 *   (n accepted suites cost n + 1 handshakes, the first one shared with the version probe);
 * - server cipher order: offer the accepted list forwards and backwards; the same pick both times = server order;
 * - groups: the same remove-and-repeat over supported_groups (TLS 1.3 key_share / HelloRetryRequest, else the
 *   named curve of the TLS 1.2 ServerKeyExchange); DH prime size from a DHE ServerKeyExchange.
 */
import { ALL_GROUPS, buildClientHello, buildSsl2ClientHello, groupName, VERSIONS, type TlsVersionName } from './client-hello.js';
import { suiteByCode, suiteName, suitesFor } from './cipher-suites.js';
import { sendHello, sendSsl2Hello, type HelloOutcome, type Opener } from './probe.js';
import { SSL2_CIPHER_DATA } from './cipher-suites.data.js';
import type { KeyExchangeParams } from './handshake.js';
import { isExpectedNetworkError } from '../errors/record.js';

export const TLS_VERSIONS: readonly TlsVersionName[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface VersionResult {
  readonly version: TlsVersionName;
  readonly supported: boolean;
  /** Why not: the alert name or failure reason of the probe. */
  readonly detail: string;
  /** Accepted suites, in the order the server chose them from our full list. */
  readonly ciphers: string[];
  readonly cipherCodes: number[];
}

export interface Enumeration {
  readonly versions: VersionResult[];
  readonly sslv2: { supported: boolean; ciphers: string[]; detail: string };
  readonly serverCipherOrder: boolean | null;
  readonly groups: string[];
  readonly dhBits: number | null;
  /** The suite whose ServerKeyExchange carried the smallest DH prime. */
  readonly dhSuite: string | null;
  readonly ecdhCurve: string | null;
  /** DER certificates from a ≤ TLS 1.2 Certificate message (leaf first), if any version ≤ 1.2 answered. */
  readonly certificates: Buffer[] | null;
  readonly handshakes: number;
  /** Set when the very first answers show the port does not speak TLS at all. */
  readonly notTls: string | null;
}

export interface EnumerateOptions {
  readonly serverName?: string | undefined;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

function describe(o: HelloOutcome): string {
  return o.kind === 'hello' ? `server chose ${o.hello.version.toString(16)}` : o.kind === 'alert' ? `alert ${o.alert.name}` : o.reason;
}

/** Runs async jobs with at most `n` at once; results in input order. */
async function pool<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i] as T); }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export async function enumerate(open: Opener, o: EnumerateOptions = {}): Promise<Enumeration> {
  const timeoutMs = o.timeoutMs ?? 4000;
  let handshakes = 0;
  const hello = async (version: TlsVersionName, suites: readonly number[], full: boolean, groups?: readonly number[]): Promise<HelloOutcome> => {
    handshakes++;
    try {
      return await sendHello(open, buildClientHello({ version: VERSIONS[version], suites, serverName: o.serverName, groups }), { full, timeoutMs });
    } catch (err) {
      // refused, reset, timed out, STARTTLS refused: the handshake failed. A bug of ours must not read as "this
      // version is not supported" (a better grade): it propagates, and the TLS stage records it (reason 'error').
      if (!isExpectedNetworkError(err)) { throw err; }
      return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
    }
  };
  const accepts = (o2: HelloOutcome, v: TlsVersionName): o2 is Extract<HelloOutcome, { kind: 'hello' }> =>
    o2.kind === 'hello' && o2.hello.version === VERSIONS[v];

  // 1. Versions (and the first cipher pick per version), in parallel; SSLv2 alongside.
  // A server whose favourite suite is broken (e.g. DHE without DH parameters) drops the connection without an alert:
  // ask once more with the ECDHE suites alone, then without them, before calling the version unsupported.
  const probeVersion = async (v: TlsVersionName): Promise<HelloOutcome> => {
    const all = suitesFor(v).map((s) => s.code);
    const first = await hello(v, all, v !== 'TLSv1.3');
    if (first.kind !== 'failed' || v === 'TLSv1.3' || !first.reason.startsWith('connection closed')) { return first; }
    const ecdhe = all.filter((c) => suiteByCode(c)?.kx === 'ECDHE');
    for (const part of [ecdhe, all.filter((c) => !ecdhe.includes(c))]) {
      const again = await hello(v, part, true);
      if (again.kind === 'hello') { return again; }
    }
    return first;
  };
  handshakes++;
  const [firstPicks, ssl2] = await Promise.all([
    pool([...TLS_VERSIONS].reverse(), o.concurrency ?? 6, probeVersion),
    sendSsl2Hello(open, buildSsl2ClientHello(SSL2_CIPHER_DATA.map(([c]) => c)), timeoutMs)
      .catch((err: unknown) => {
        if (!isExpectedNetworkError(err)) { throw err; }
        return { kind: 'no' as const, reason: err instanceof Error ? err.message : String(err) };
      }),
  ]);
  const byVersion = new Map<TlsVersionName, HelloOutcome>();
  [...TLS_VERSIONS].reverse().forEach((v, i) => byVersion.set(v, firstPicks[i] as HelloOutcome));
  const notTlsOutcome = firstPicks.find((x) => x.kind === 'not-tls');
  const anyTls = firstPicks.some((x) => x.kind === 'hello' || x.kind === 'alert');
  let certificates: Buffer[] | null = null;
  let keyExchange: KeyExchangeParams | null = null;
  for (const v of ['TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'] as const) {
    const x = byVersion.get(v);
    if (x !== undefined && accepts(x, v) && x.certificates !== null && x.certificates.length > 0) { certificates ??= x.certificates; keyExchange ??= x.keyExchange; }
  }

  // 2. Cipher suites per supported version: remove the chosen suite and ask again, versions in parallel.
  const versions = await pool(TLS_VERSIONS, o.concurrency ?? 6, async (v): Promise<VersionResult> => {
    const first = byVersion.get(v) as HelloOutcome;
    if (!accepts(first, v)) { return { version: v, supported: false, detail: describe(first), ciphers: [], cipherCodes: [] }; }
    const offered = suitesFor(v).map((s) => s.code);
    const chosen: number[] = [];
    let cur: HelloOutcome = first;
    while (accepts(cur, v) && offered.includes(cur.hello.cipher) && !chosen.includes(cur.hello.cipher)) {
      chosen.push(cur.hello.cipher);
      const rest = offered.filter((c) => !chosen.includes(c));
      if (rest.length === 0) { break; }
      cur = await hello(v, rest, false);
    }
    return { version: v, supported: true, detail: 'accepted', ciphers: chosen.map(suiteName), cipherCodes: chosen };
  });

  // 3. Server cipher order, on the best version with at least two suites.
  let serverCipherOrder: boolean | null = null;
  const best = [...versions].reverse().find((v) => v.supported && v.cipherCodes.length >= 2);
  if (best !== undefined) {
    const [a, b] = await Promise.all([hello(best.version, best.cipherCodes, false), hello(best.version, [...best.cipherCodes].reverse(), false)]);
    if (a.kind === 'hello' && b.kind === 'hello') { serverCipherOrder = a.hello.cipher === b.hello.cipher; }
  }

  // 4. Groups and DH size.
  const groups: string[] = [];
  const v13 = versions.find((v) => v.version === 'TLSv1.3' && v.supported);
  const v12 = [...versions].reverse().find((v) => v.supported && v.version !== 'TLSv1.3');
  const ecdhe = v12?.cipherCodes.filter((c) => suiteByCode(c)?.kx === 'ECDHE') ?? [];
  if (v13 !== undefined || (v12 !== undefined && ecdhe.length > 0)) {
    let left = [...ALL_GROUPS];
    for (let i = 0; i < ALL_GROUPS.length && left.length > 0; i++) {
      const x = v13 !== undefined ? await hello('TLSv1.3', v13.cipherCodes, false, left)
        : await hello((v12 as VersionResult).version, ecdhe, true, left);
      const g = x.kind !== 'hello' ? null : v13 !== undefined ? x.hello.keyShareGroup : x.keyExchange?.kind === 'ecdh' ? x.keyExchange.group : null;
      if (g === null || !left.includes(g)) { break; }
      groups.push(groupName(g));
      left = left.filter((n) => n !== g);
    }
  }
  // DH size: servers with automatic DH parameters size them by the suite (by the certificate key, or by the cipher's
  // strength for anonymous suites), so ask once per (authentication, cipher bits) class and keep the smallest.
  let dhBits: number | null = null;
  let dhSuite: string | null = null;
  const dhClasses = new Map<string, number[]>();
  for (const c of v12?.cipherCodes ?? []) {
    const s = suiteByCode(c);
    if (s === undefined || !(s.kx === 'DHE' || (s.kx === 'DH' && s.auth === 'anon'))) { continue; }
    const k = `${s.auth}/${s.encBits}`;
    dhClasses.set(k, [...(dhClasses.get(k) ?? []), c]);
  }
  const dhProbes = await pool([...dhClasses.values()], o.concurrency ?? 6, (codes) => hello((v12 as VersionResult).version, codes, true));
  for (const x of dhProbes) {
    if (x.kind === 'hello' && x.keyExchange?.kind === 'dh' && (dhBits === null || x.keyExchange.primeBits < dhBits)) {
      dhBits = x.keyExchange.primeBits;
      dhSuite = suiteName(x.hello.cipher);
    }
  }
  const ecdhCurve = keyExchange?.kind === 'ecdh' && keyExchange.group !== null ? groupName(keyExchange.group) : null;

  const sslv2 = ssl2.kind === 'ssl2'
    ? { supported: true, ciphers: ssl2.hello.ciphers.map((c) => SSL2_CIPHER_DATA.find(([k]) => k === c)?.[1] ?? `0x${c.toString(16)}`), detail: 'SERVER-HELLO' }
    : { supported: false, ciphers: [], detail: ssl2.reason };
  const notTls = !anyTls && !sslv2.supported ? (notTlsOutcome?.kind === 'not-tls' ? notTlsOutcome.reason : describe(firstPicks[0] as HelloOutcome)) : null;
  return { versions, sslv2, serverCipherOrder, groups, dhBits, dhSuite, ecdhCurve, certificates, handshakes, notTls };
}
