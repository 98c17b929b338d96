/**
 * @module probes/catch-all/behaviour — pure parts of catch-all host detection (issue 14 item 5): when a host is a
 * candidate (a large share of its scanned ports open), the behaviour of one port reduced to a comparable signature,
 * the dominant behaviour of a sample, and the host rewritten to one fact plus the ports that behave differently.
 */
import type { CatchAllFact, Exchange, HostResult, PortResult } from '../../core/types.js';
import { escapeBytes } from '../../core/escape.js';

/** A host is a candidate when at least MIN_OPEN of its scanned TCP ports are open and they are at least MIN_SHARE of them. */
export const MIN_OPEN = 100;
export const MIN_SHARE = 0.5;
/** The sample must agree this much on one behaviour to call the host catch-all. */
export const MIN_AGREEMENT = 0.75;
export const SAMPLE_SIZE = 24;

export function isCandidate(openTcp: number, scannedTcp: number): boolean {
  return openTcp >= MIN_OPEN && scannedTcp > 0 && openTcp / scannedTcp >= MIN_SHARE;
}

/** What one port did with `GET / HTTP/1.0` (or before it): enough to compare ports, bounded. */
export type Observation =
  | { readonly kind: 'data'; readonly data: Uint8Array; readonly ms: number }
  | { readonly kind: 'silent' | 'closed' | 'reset' }
  | { readonly kind: 'connect-error'; readonly code: string };

/** Bytes compared: the first 48, digits folded to 9 (dates, counters and port numbers in banners vary). */
const PREFIX = 48;

/** The comparable signature of an observation. */
export function signature(o: Observation): string {
  switch (o.kind) {
    case 'data': return `data:${escapeBytes(Buffer.from(o.data.subarray(0, PREFIX))).text.replace(/[0-9]/g, '9')}`;
    case 'connect-error': return `connect-error:${o.code}`;
    case 'closed': case 'reset': case 'silent': return o.kind;
  }
}

/**
 * Behaviours without bytes: nothing within the wait, EOF, or a reset. A box that holds thousands of connections
 * sheds some under load (a tarpit out of file descriptors accepts and closes at once), so one catch-all shows all
 * three; a port is told apart from a dataless catch-all only by sending bytes back.
 */
const DATALESS = new Set(['silent', 'closed', 'reset']);
export const isDataless = (sig: string): boolean => DATALESS.has(sig);

/** Whether a port's signature belongs to the catch-all's behaviour `dom`: the same, or both dataless. */
export function alike(sig: string | undefined, dom: string): boolean {
  return sig !== undefined && (sig === dom || (isDataless(sig) && isDataless(dom)));
}

/**
 * The catch-all behaviour of a sample: the most common signature, with the share of the sample alike to it
 * (dataless kinds count together). Undefined for an empty sample.
 */
export function dominantAlike(signatures: readonly string[]): { signature: string; share: number } | undefined {
  const dataless = signatures.filter(isDataless);
  const top = dominant(dataless.length * 2 > signatures.length ? dataless : signatures);
  return top && { signature: top.signature, share: signatures.filter((s) => alike(s, top.signature)).length / signatures.length };
}

/** The most common signature of a sample and its share; ties by signature text (deterministic). */
export function dominant(signatures: readonly string[]): { signature: string; share: number } | undefined {
  if (signatures.length === 0) { return undefined; }
  const n = new Map<string, number>();
  for (const s of signatures) { n.set(s, (n.get(s) ?? 0) + 1); }
  const [sig, count] = [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  return { signature: sig, share: count / signatures.length };
}

/** `count` distinct elements of `xs` spread evenly (deterministic: the same host gives the same sample). */
export function spreadSample<T>(xs: readonly T[], count: number): T[] {
  if (xs.length <= count) { return [...xs]; }
  const out: T[] = [];
  for (let i = 0; i < count; i++) { out.push(xs[Math.floor((i * xs.length) / count + xs.length / (2 * count))]!); }
  return out;
}

/**
 * Rewrites `host`: the open TCP ports alike to `sig` (the same, or both dataless) are removed except the lowest (kept as the
 * representative, flagged `catchAll`); the rest stay; `host.catchAll` records the fact. Counts are unchanged
 * (they say what the scan saw).
 */
export function collapse(host: HostResult, sigOf: ReadonlyMap<number, string>, sig: string, sample: readonly number[], evidence: readonly Exchange[], waitMs: number): void {
  const isAlike = (p: PortResult): boolean => p.protocol === 'tcp' && p.state === 'open' && alike(sigOf.get(p.port), sig);
  const same = host.ports.filter(isAlike);
  if (same.length === 0) { return; }
  const rep = same[0]!;
  rep.catchAll = true;
  const kept = host.ports.filter((p) => p === rep || !isAlike(p));
  const fact: CatchAllFact = {
    ports: same.length,
    behaviour: dominant(same.map((p) => sigOf.get(p.port)!))!.signature, // what most of them did
    representative: rep.port,
    different: kept.filter((p) => p !== rep && p.protocol === 'tcp' && p.state === 'open').length,
    sample: [...sample],
    evidence: [...evidence],
    waitMs,
  };
  host.ports = kept;
  host.catchAll = fact;
}
