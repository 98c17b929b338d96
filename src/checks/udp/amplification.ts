/**
 * @module checks/udp/amplification — severity from a measured bandwidth amplification factor, and the shape every
 * UDP finding shares. Bands follow the spread of CISA's table of UDP amplification factors (US-CERT TA14-017A):
 * SNMPv2 6.3, NetBIOS 3.8, DNS 28–54, SSDP 30.8, TFTP 60, CLDAP 56–70, QOTD 140, CharGen 359, NTP monlist 557,
 * memcached 10,000–51,000. A finding's severity is the higher of its own base severity and its factor's band.
 */
import type { Finding, Severity } from '../../core/types.js';
import { escapeBytes } from '../../core/escape.js';
import { amplificationOf, toExchange, type UdpExchange } from '../../probes/udp/types.js';

export const CISA_AMPLIFICATION = 'https://www.cisa.gov/news-events/alerts/2014/01/17/udp-based-amplification-attacks';

const ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** ≥100 critical (CharGen, NTP monlist, memcached), ≥20 high (DNS, SSDP, CLDAP, TFTP), ≥5 medium (SNMP), ≥2 low. */
export function severityForFactor(factor: number): Severity {
  if (factor >= 100) { return 'critical'; }
  if (factor >= 20) { return 'high'; }
  if (factor >= 5) { return 'medium'; }
  if (factor >= 2) { return 'low'; }
  return 'info';
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

export interface UdpFindingSpec {
  readonly id: string;
  readonly title: string;
  readonly base: Severity;
  readonly remediation: string;
  readonly references: readonly string[];
}

/** A finding proven by `exchange` (whose factor is the amplification), with the escaped bytes as evidence. */
export function udpFinding(spec: UdpFindingSpec, exchange: UdpExchange, evidence: string, details?: Finding['details']): Finding {
  const factor = amplificationOf(exchange);
  const f: Finding = {
    id: spec.id,
    severity: maxSeverity(spec.base, severityForFactor(factor)),
    title: spec.title,
    evidence: `${evidence} (amplification ${factor}× : ${exchange.sent.length} bytes sent, ${exchange.replies.reduce((n, r) => n + r.length, 0)} received)`,
    exchanges: [toExchange(exchange, (b) => escapeBytes(b, 1024))],
    remediation: spec.remediation,
    references: [...spec.references, CISA_AMPLIFICATION],
    amplification: factor,
  };
  if (details !== undefined) { f.details = details; }
  return f;
}
