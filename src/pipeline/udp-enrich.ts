/**
 * @module pipeline/udp-enrich — turns the engine's per-port outcomes for one host into contract PortResults:
 * open ports (and open|filtered ports of protocols that answer from another port, TFTP) are interrogated with their
 * module's requests (each its own bounded exchange), identified, and checked; everything else keeps its IANA name.
 */
import type { PortResult, Service } from '../core/types.js';
import { escapeBytes } from '../core/escape.js';
import { serviceName } from '../knowledge/services.js';
import type { UdpPortOutcome } from '../engine/udp-scan.js';
import { exchangeWaits, udpExchange, type UdpExchangeOptions } from '../net/udp-exchange.js';
import type { UdpSources } from '../engine/udp-scan.js';
import { udpProbeFor, EMPTY_DATAGRAM } from '../probes/udp/index.js';
import { toExchange, type UdpExchange, type UdpIdentity, type UdpProbeContext } from '../probes/udp/types.js';
import { udpFindings } from '../checks/udp/index.js';
import { errorEntry } from '../errors/record.js';

export interface UdpEnrichOptions {
  readonly interrogate: boolean;           // -sV: identify open ports from their replies
  readonly checks: boolean;                // run src/checks/udp on interrogated ports
  readonly ctx: UdpProbeContext;
  readonly exchange: UdpExchangeOptions;
  readonly keepClosed: boolean;            // --all-states
  readonly sources?: UdpSources;           // --udp-source-ip: exchanges go out from these, in turn
}

const PER_HOST_EXCHANGES = 32;

/** A parser or check of ours that threw: recorded on the port (reason 'error'), never taken for silence. */
class Failed { constructor(readonly err: unknown) {} }
function attempt<T>(f: () => T): T | Failed {
  try { return f(); } catch (err) { return new Failed(err); }
}

/** Runs `jobs` with at most `limit` at once. */
async function bounded<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => { while (next < jobs.length) { const i = next++; out[i] = await (jobs[i] as () => Promise<T>)(); } };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, () => worker()));
  return out;
}

function baseResult(o: UdpPortOutcome): PortResult {
  const r: PortResult = { port: o.port, protocol: 'udp', state: o.state, reason: o.reason, service: { name: serviceName(o.port, 'udp') } };
  if (o.rttUs !== undefined) { r.rttUs = o.rttUs; }
  return r;
}

function serviceFrom(id: UdpIdentity, exchanges: readonly UdpExchange[]): Service {
  const s: Service = { name: id.name, method: 'probed', confidence: id.confidence };
  if (id.product !== undefined) { s.product = id.product; }
  if (id.version !== undefined) { s.version = id.version; }
  if (id.extraInfo !== undefined) { s.extraInfo = id.extraInfo; }
  const ex = exchanges.find((e) => e.label === id.label);
  if (ex) { s.evidence = [toExchange(ex, (b) => escapeBytes(b, 512))]; }
  return s;
}

/** PortResults for one host, in port order; closed ports only with keepClosed. */
export async function enrichUdpHost(address: string, family: 4 | 6, outcomes: readonly UdpPortOutcome[], opts: UdpEnrichOptions): Promise<PortResult[]> {
  const keep = outcomes.filter((o) => opts.keepClosed || o.state !== 'closed');
  const sources = (family === 6 ? opts.sources?.v6 : opts.sources?.v4) ?? [];
  let turn = 0;
  // a port without its own round trip (open|filtered TFTP) waits by the host's slowest measured answer
  const hostRttUs = outcomes.reduce<number | undefined>((m, o) => (o.rttUs === undefined ? m : Math.max(m ?? 0, o.rttUs)), undefined);
  const jobs = keep.map((o) => async (): Promise<PortResult> => {
    const result = baseResult(o);
    const probe = udpProbeFor(o.port);
    const wanted = o.state === 'open' || (o.state === 'open|filtered' && probe?.repliesFromOtherPort === true);
    if (!opts.interrogate || !wanted) { return result; }
    const requests = probe ? probe.requests(opts.ctx) : [{ label: 'empty', bytes: EMPTY_DATAGRAM }];
    const connected = probe?.repliesFromOtherPort !== true;
    const exchanges = await Promise.all(requests.map((r) => udpExchange(address, family, o.port, r.label, r.bytes, {
      ...exchangeWaits(opts.exchange, o.rttUs ?? hostRttUs, r.slow === true), connected, ...(sources.length > 0 ? { source: sources[turn++ % sources.length] } : {}),
    })));
    const withDiscovery = o.reply !== undefined ? [...exchanges, { label: 'discovery', sent: o.sent ?? EMPTY_DATAGRAM, replies: [o.reply], refused: false, truncated: false }] : exchanges;
    const identity = probe ? attempt(() => probe.identify(withDiscovery)) : null;
    if (identity !== null && !(identity instanceof Failed) && result.state === 'open|filtered') { result.state = 'open'; result.reason = 'udp-response'; }
    if (result.state !== 'open') { return result; }
    if (identity instanceof Failed) {
      (result.checksNotRun ??= []).push(errorEntry('udp-identify', identity.err));
    } else if (identity !== null) {
      result.service = serviceFrom(identity, withDiscovery);
    } else {
      const answered = withDiscovery.find((e) => e.replies.length > 0);
      result.service = { name: 'unknown', method: 'probed', confidence: 0 };
      if (answered) { result.service.evidence = [toExchange(answered, (b) => escapeBytes(b, 512))]; }
    }
    if (opts.checks) {
      const id = identity instanceof Failed ? null : identity;
      const findings = attempt(() => udpFindings({ probe: probe?.name ?? null, service: result.service.name === 'unknown' ? serviceName(o.port, 'udp') : result.service.name, identity: id, exchanges, dnsRecursionName: opts.ctx.dnsRecursionName }));
      if (findings instanceof Failed) { (result.checksNotRun ??= []).push(errorEntry('udp-checks', findings.err)); } else { result.findings = findings; }
    }
    return result;
  });
  return bounded(jobs, PER_HOST_EXCHANGES);
}
