/**
 * @module checks/udp/amplifier — `udp-amplifier`: any open UDP port whose measured reply is at least twice the
 * request, when no protocol-specific finding above already reports that port's factor.
 */
import type { Finding } from '../../core/types.js';
import { amplificationOf, type UdpExchange } from '../../probes/udp/types.js';
import { udpFinding, type UdpFindingSpec } from './amplification.js';

export const AMPLIFIER_MIN_FACTOR = 2;

const AMPLIFIER: UdpFindingSpec = {
  id: 'udp-amplifier',
  title: 'UDP service replies with more bytes than it receives (reflection amplifier)',
  base: 'info',
  remediation: 'Expose the service only to the hosts that need it; where it must stay public, rate-limit responses per source or require a handshake before large replies.',
  references: ['https://www.rfc-editor.org/rfc/rfc8085#section-3.1.3'],
};

export function amplifierFindings(service: string, exchanges: readonly UdpExchange[]): Finding[] {
  const answered = exchanges.filter((e) => e.replies.length > 0);
  if (answered.length === 0) { return []; }
  const best = answered.reduce((a, b) => (amplificationOf(b) > amplificationOf(a) ? b : a));
  if (amplificationOf(best) < AMPLIFIER_MIN_FACTOR) { return []; }
  return [udpFinding(AMPLIFIER, best, `${service} answered a ${best.sent.length}-byte ${best.label} request with ${best.replies.length} datagram(s)`)];
}
