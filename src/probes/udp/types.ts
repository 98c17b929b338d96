/** @module probes/udp/types — what a UDP protocol module declares: its ports, the datagrams it sends, how it reads replies. */
import type { Exchange } from '../../core/types.js';
import type { UdpExchange } from '../../net/udp-exchange.js';

/** Per-scan settings a payload builder may need. */
export interface UdpProbeContext {
  /** DNS name used for the open-resolver test: must lie outside the scanned server's own zones. */
  readonly dnsRecursionName: string;
}

/** One request a module sends to an open port, with a stable label the parsers and checks refer to. */
export interface UdpRequest {
  readonly label: string;
  readonly bytes: Buffer;
  /** The answer takes the server more than a round trip (it asks elsewhere, or waits a random delay): full wait. */
  readonly slow?: boolean;
}

export type { UdpExchange } from '../../net/udp-exchange.js';

/** What a module proved about the service from its replies. */
export interface UdpIdentity {
  readonly name: string;
  readonly product?: string;
  readonly version?: string;
  readonly extraInfo?: string;
  readonly confidence: number;
  /** Label of the exchange that proved it. */
  readonly label: string;
}

export interface UdpProbe {
  /** Service name reported when the reply proves the protocol. */
  readonly name: string;
  readonly ports: readonly number[];
  /** Datagrams the engine sends to find the port state; retries rotate through them. */
  discovery(ctx: UdpProbeContext): Buffer[];
  /** Every request sent to an open port for identification and checks (each on its own socket). */
  requests(ctx: UdpProbeContext): UdpRequest[];
  /** The identity the replies prove, or null when no reply parses as this protocol. */
  identify(exchanges: readonly UdpExchange[]): UdpIdentity | null;
  /** True when servers answer from another port (TFTP): interrogate open|filtered ports too, unconnected. */
  readonly repliesFromOtherPort?: boolean;
}

/** Total bytes of every reply datagram. */
export function replyBytes(ex: UdpExchange): number {
  let n = 0;
  for (const r of ex.replies) { n += r.length; }
  return n;
}

/** Bandwidth amplification of one exchange: reply bytes / request bytes (an empty request counts as 1 byte). */
export function amplificationOf(ex: UdpExchange): number {
  return Math.round((replyBytes(ex) / Math.max(1, ex.sent.length)) * 100) / 100;
}

/** The exchange with this label, if it was made. */
export function exchangeFor(exchanges: readonly UdpExchange[], label: string): UdpExchange | undefined {
  return exchanges.find((e) => e.label === label);
}

/** A first reply that the parser accepts, with the exchange it came from. */
export function firstParsed<T>(exchanges: readonly UdpExchange[], parse: (b: Buffer, ex: UdpExchange) => T | null, label?: string): { value: T; exchange: UdpExchange } | null {
  for (const ex of exchanges) {
    if (label !== undefined && ex.label !== label) { continue; }
    for (const r of ex.replies) {
      const value = parse(r, ex);
      if (value !== null) { return { value, exchange: ex }; }
    }
  }
  return null;
}

/** Evidence form of an exchange (escaped bytes, all reply datagrams concatenated, bounded). */
export function toExchange(ex: UdpExchange, escape: (b: Uint8Array) => { text: string; truncated: boolean }, note?: string): Exchange {
  const received = ex.replies.length > 0 ? escape(Buffer.concat(ex.replies)) : null;
  const out: Exchange = { sent: escape(ex.sent).text, received: received?.text ?? null };
  const notes = [`${ex.sent.length} bytes sent, ${replyBytes(ex)} bytes in ${ex.replies.length} datagram(s)`];
  if (ex.refused) { notes.push('ICMP port unreachable'); }
  if (note !== undefined) { notes.push(note); }
  out.note = notes.join('; ');
  if ((received?.truncated ?? false) || ex.truncated) { out.truncated = true; }
  return out;
}
