/**
 * @module probes/identify — what answers on one open TCP port. The pipeline (docs/service-detection.md):
 *   1. connect and wait briefly for a spontaneous banner (shorter when the port hint is a client-first protocol);
 *      banner rules match it, and a matching rule's `session` may continue read-only on that connection;
 *   2. protocol probes, each on a fresh connection: port-hinted rules first, then the rest (bounded count, a few
 *      in flight at once); an answer is matched by the probe's own rule first, then by every rule (a TLS alert or
 *      an HTTP 400 to a foreign probe promotes that rule's own probe to the front);
 *   3. generic probes: HTTP `GET /` and a TLS ClientHello.
 * The first confident match (≥ 0.8) ends the search. Nothing here throws: a dead, silent or hostile peer yields
 * `unknown` with whatever bytes it sent as (bounded) evidence. A rule whose matcher or session fails with an error
 * of our own (not a network error) is listed in `errors` (`identify:<rule>`), so the scan records it on the port.
 */
import type { Exchange, Service } from '../core/types.js';
import { escapeBytes } from '../core/escape.js';
import { tcpDialer, type Conn, type Dialer } from '../net/dialer.js';
import type { Facts, Identification, IdentifyOptions, ProbeContext, ProbeRule, ServiceMatch } from './types.js';
import { registry, GENERIC_RULES } from './registry.js';
import { cpeFor, compact } from './util.js';
import { errorEntry, isExpectedNetworkError, type NotRunEntry } from '../errors/record.js';
import { endsAtFinalReply } from '../protocols/line-reply.js';

export const CONFIDENT = 0.8;
const MIN_REPORTED = 0.5;
const BANNER_MAX = 16_384;
const MAX_EVIDENCE = 8;

interface Hit { rule: ProbeRule; match: ServiceMatch; evidence: Exchange[]; own: boolean }

/** Where a rule's failure is reported (identifyPort collects them into `Identification.errors`). */
export type RuleErrorSink = (rule: string, err: unknown) => void;

/** Try every rule on `data` (the preferred rule first); the best verdict, or null. Never throws: a matcher that throws counts as no match and is reported to `onError`. */
export function matchAny(rules: readonly ProbeRule[], data: Buffer, first?: ProbeRule, onError?: RuleErrorSink): { rule: ProbeRule; match: ServiceMatch } | null {
  let best: { rule: ProbeRule; match: ServiceMatch } | null = null;
  const ordered = first === undefined ? rules : [first, ...rules.filter((r) => r !== first)];
  for (const rule of ordered) {
    let m: ServiceMatch | null = null;
    try { m = rule.match(data); } catch (err) { m = null; onError?.(rule.name, err); }
    if (m !== null && (best === null || m.confidence > best.match.confidence)) { best = { rule, match: m }; }
    if (best !== null && best.match.confidence >= 1) { break; }
  }
  return best;
}

function payloadOf(rule: ProbeRule, ctx: ProbeContext): Buffer | null {
  if (rule.payload === undefined) { return null; }
  const p = typeof rule.payload === 'function' ? rule.payload(ctx) : rule.payload;
  return typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p);
}

async function runSession(rule: ProbeRule, conn: Conn, m: ServiceMatch, ctx: ProbeContext, onError: RuleErrorSink): Promise<ServiceMatch> {
  if (rule.session === undefined || ctx.signal?.aborted === true) { return m; }
  try { return await rule.session(conn, m, ctx); } catch (err) { onError(rule.name, err); return m; }
}

/** Records a rule's failure unless it is the network's doing (reset, timeout, abort, not TLS). */
function errorSink(errors: NotRunEntry[]): RuleErrorSink {
  return (rule, err) => { if (!isExpectedNetworkError(err) && errors.length < 16) { errors.push(errorEntry(`identify:${rule}`, err)); } };
}

/** Step 1: the spontaneous banner. Returns the raw banner (maybe empty) and a hit if a banner rule matched. */
async function bannerStep(rules: readonly ProbeRule[], hinted: readonly ProbeRule[], ctx: ProbeContext, waitMs: number, onError: RuleErrorSink): Promise<{ banner: Buffer; hit: Hit | null; evidence: Exchange[] }> {
  let conn: Conn;
  try { conn = await ctx.dial(); } catch (err) { onError('banner', err); return { banner: Buffer.alloc(0), hit: null, evidence: [] }; }
  try {
    const first = await conn.read({ timeoutMs: waitMs, maxBytes: BANNER_MAX, until: (d) => d.length > 0 });
    let banner = first.data;
    const early = banner.length > 0 ? matchAny(rules.filter((r) => r.banner === true), banner, undefined, onError) : null;
    if (banner.length > 0 && first.end === 'complete' && !endsAtFinalReply(banner) && (early === null || early.match.confidence < CONFIDENT)) {
      const more = await conn.read({ timeoutMs: 300, maxBytes: BANNER_MAX - banner.length, until: (d) => endsAtFinalReply(Buffer.concat([banner, d])) });
      banner = Buffer.concat([banner, more.data]);
    }
    const esc = escapeBytes(banner);
    const ex: Exchange = { sent: null, received: banner.length > 0 ? esc.text : null };
    if (esc.truncated || banner.length >= BANNER_MAX) { ex.truncated = true; }
    if (banner.length === 0) { ex.note = `no banner within ${waitMs} ms`; }
    if (banner.length === 0) { return { banner, hit: null, evidence: [ex] }; }
    const bannerRules = rules.filter((r) => r.banner === true);
    const found = matchAny(bannerRules, banner, hinted.find((r) => r.banner === true), onError);
    if (found === null) { return { banner, hit: null, evidence: [ex] }; }
    const before = conn.exchanges.length;
    const match = found.match.confidence >= MIN_REPORTED ? await runSession(found.rule, conn, found.match, ctx, onError) : found.match;
    return { banner, hit: { rule: found.rule, match, evidence: [ex, ...conn.exchanges.slice(before)], own: true }, evidence: [ex] };
  } catch (err) {
    onError('banner', err);
    return { banner: Buffer.alloc(0), hit: null, evidence: [] };
  } finally {
    conn.close();
  }
}

/** One protocol probe on a fresh connection: send, read, match (own rule first), maybe continue the session. */
async function probeStep(rule: ProbeRule, rules: readonly ProbeRule[], ctx: ProbeContext, onError: RuleErrorSink): Promise<Hit | null> {
  let payload: Buffer | null;
  try { payload = payloadOf(rule, ctx); } catch (err) { onError(rule.name, err); return null; }
  if (payload === null || ctx.signal?.aborted === true) { return null; }
  let conn: Conn;
  try { conn = await ctx.dial(); } catch (err) { onError(rule.name, err); return null; }
  try {
    const r = await conn.exchange(payload, { timeoutMs: ctx.readTimeoutMs, maxBytes: rule.maxBytes ?? 16_384, ...(rule.until ? { until: rule.until } : {}) });
    if (r.data.length === 0) { return null; }
    let own: ServiceMatch | null = null;
    try { own = rule.match(r.data); } catch (err) { own = null; onError(rule.name, err); }
    if (own !== null && own.confidence >= MIN_REPORTED) {
      const match = await runSession(rule, conn, own, ctx, onError);
      return { rule, match, evidence: conn.exchanges.slice(), own: true };
    }
    const other = matchAny(rules, r.data, undefined, onError);
    if (other !== null) { return { rule: other.rule, match: other.match, evidence: conn.exchanges.slice(), own: other.rule === rule }; }
    return { rule, match: { name: 'unknown', confidence: 0 }, evidence: conn.exchanges.slice(), own: false };
  } catch (err) {
    onError(rule.name, err);
    return null;
  } finally {
    conn.close();
  }
}

function toIdentification(hit: Hit | null, banner: Buffer, evidence: Exchange[]): Identification {
  const facts: Facts = {};
  if (banner.length > 0) { facts.banner = escapeBytes(banner, 512).text; }
  if (hit === null || hit.match.confidence < MIN_REPORTED || hit.match.name === 'unknown') {
    const service: Service = { name: 'unknown', method: 'probed', confidence: 0, evidence: evidence.slice(0, MAX_EVIDENCE) };
    if (service.evidence?.length === 0) { service.evidence = [{ sent: null, received: null, note: 'nothing answered' }]; }
    return { service, facts };
  }
  const m = hit.match;
  Object.assign(facts, m.facts ?? {});
  const service: Service = compact({
    name: m.name,
    method: 'probed' as const,
    product: m.product,
    version: m.version,
    extraInfo: m.extraInfo,
    confidence: Math.round(Math.min(1, m.confidence) * 100) / 100,
    tls: m.tls,
    evidence: hit.evidence.slice(0, MAX_EVIDENCE),
    cpe: cpeFor(hit.rule.cpe, m.product, m.version),
  });
  return { service, facts };
}

/** Identify the service on `address:port`. Always resolves (never throws); bounded by the options' deadlines. */
export async function identifyPort(address: string, port: number, opts: IdentifyOptions = {}): Promise<Identification> {
  const rules = opts.rules ?? registry;
  const dialer: Dialer = opts.dialer ?? tcpDialer;
  const signal = opts.signal;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 2000;
  const ctx: ProbeContext = {
    address, port, hostname: opts.hostname ?? address, signal, readTimeoutMs: opts.readTimeoutMs ?? 2000, rules,
    dial: () => dialer.tcp(address, port, { timeoutMs: connectTimeoutMs, maxTotalBytes: 262_144, ...(signal ? { signal } : {}) }),
  };
  const hinted = rules.filter((r) => r.ports.includes(port));
  const clientFirst = hinted.length > 0 && hinted.every((r) => r.banner !== true);
  const waitMs = opts.bannerWaitMs ?? (clientFirst ? 300 : 1500);

  const errors: NotRunEntry[] = [];
  const onError = errorSink(errors);
  const done = (id: Identification): Identification => (errors.length > 0 ? { ...id, errors } : id);
  const b = await bannerStep(rules, hinted, ctx, waitMs, onError);
  let best: Hit | null = b.hit;
  if (best !== null && best.match.confidence >= CONFIDENT) { return done(toIdentification(best, b.banner, best.evidence)); }
  const unknownEvidence: Exchange[] = [...b.evidence];

  // Step 2 and 3: the probe queue. With a banner nobody recognised, only hinted probes and the generic ones.
  const isGeneric = (r: ProbeRule): boolean => GENERIC_RULES.includes(r.name);
  const payloadRules = rules.filter((r) => r.payload !== undefined && !isGeneric(r));
  const rest = b.banner.length > 0 ? [] : payloadRules.filter((r) => !hinted.includes(r));
  const protocol = [...hinted.filter((r) => r.payload !== undefined && !isGeneric(r)), ...rest].slice(0, opts.maxProbes ?? payloadRules.length);
  const generic = GENERIC_RULES.map((n) => rules.find((r) => r.name === n)).filter((r): r is ProbeRule => r !== undefined);
  const hintedGeneric = generic.filter((r) => hinted.includes(r));
  const queue: ProbeRule[] = [...hintedGeneric, ...protocol, ...generic.filter((r) => !hinted.includes(r))];
  const tried = new Set<ProbeRule>();
  const promoted = new Set<ProbeRule>();
  const inconclusive = new Set<ProbeRule>();
  const parallel = Math.max(1, opts.parallel ?? 4);
  // Rules without a port hint are long shots: a shorter read deadline (answers on a LAN come in milliseconds).
  const quick: ProbeContext = { ...ctx, readTimeoutMs: Math.min(ctx.readTimeoutMs, 1000) };

  while (queue.length > 0 && signal?.aborted !== true) {
    const batchSize = hinted.includes(queue[0] as ProbeRule) ? 1 : parallel;
    const batch = queue.splice(0, batchSize).filter((r) => !tried.has(r));
    for (const r of batch) { tried.add(r); }
    const hits = await Promise.all(batch.map((r) => probeStep(r, rules, hinted.includes(r) || promoted.has(r) ? ctx : quick, onError)));
    // A rule whose own probe was answered inconclusively (nginx's "plain HTTP sent to an HTTPS port") cannot be
    // confirmed by its matcher on a foreign probe's answer (nginx's bare 400 to a memcached `version`).
    for (const h of hits) { if (h !== null && h.own && h.match.confidence < CONFIDENT) { inconclusive.add(h.rule); } }
    for (const h of hits) {
      if (h === null) { continue; }
      if (h.match.name === 'unknown') { if (unknownEvidence.length < 4) { unknownEvidence.push(...h.evidence.slice(0, 1)); } continue; }
      if (!h.own && inconclusive.has(h.rule)) { continue; }
      if (h.match.confidence >= CONFIDENT && (h.own || h.rule.payload === undefined || tried.has(h.rule))) { return done(toIdentification(h, b.banner, h.evidence)); }
      if (best === null || h.match.confidence > best.match.confidence) { best = h; }
      // An answer another rule recognised (an HTTP 400, a TLS alert): run that rule's own probe next. An answer that
      // points elsewhere ("plain HTTP sent to an HTTPS port"): run the rule it names next.
      const pointed = h.match.next !== undefined ? rules.find((r) => r.name === h.match.next) : undefined;
      for (const next of [!h.own ? h.rule : undefined, pointed]) {
        if (next === undefined || next.payload === undefined || tried.has(next)) { continue; }
        const i = queue.indexOf(next);
        if (i >= 0) { queue.splice(i, 1); }
        queue.unshift(next);
        promoted.add(next);
      }
    }
  }
  return done(toIdentification(best, b.banner, best !== null && best.match.confidence >= MIN_REPORTED ? best.evidence : unknownEvidence));
}
