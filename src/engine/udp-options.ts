/**
 * @module engine/udp-options — which TCP and UDP ports a scan covers, from -p, --top-ports, -sU and
 * --top-udp-ports (validated once, before any packet): `-p U:53,161` and `-p T:22,U:53` as written; with -sU an
 * unprefixed list means UDP ports, as in nmap; -sU alone scans the top 1000 UDP ports; --top-udp-ports N adds the
 * N most common UDP ports. TCP ports are scanned by default only when no UDP option is given.
 */
import type { PortSpec } from '../core/types.js';
import { parsePortSpec } from '../core/ports.js';
import { topPorts } from '../knowledge/top-ports.js';
import { UsageError } from '../errors/index.js';

export interface PortOptions {
  readonly ports?: string;
  readonly topPorts?: number;
  readonly udp: boolean;              // -sU
  readonly topUdpPorts?: number;
  readonly defaultTop: number;
}

export function selectPorts(o: PortOptions): PortSpec {
  const udpAsked = o.udp || o.topUdpPorts !== undefined;
  let tcp: number[] = [];
  let udp: number[] = [];
  if (o.ports !== undefined) {
    const spec = parsePortSpec(o.ports);
    if (o.udp && spec.udp.length === 0) { udp = [...spec.tcp]; } else { tcp = [...spec.tcp]; udp = [...spec.udp]; }
  } else if (o.topPorts !== undefined) {
    if (o.udp) { udp = topPorts(o.topPorts, 'udp'); } else { tcp = topPorts(o.topPorts, 'tcp'); }
  } else if (!udpAsked) {
    tcp = topPorts(o.defaultTop, 'tcp');
  }
  if (o.topUdpPorts !== undefined) { udp = [...new Set([...udp, ...topPorts(o.topUdpPorts, 'udp')])].sort((a, b) => a - b); }
  if (o.udp && udp.length === 0 && o.ports === undefined && o.topPorts === undefined) { udp = topPorts(o.defaultTop, 'udp'); }
  if (tcp.length === 0 && udp.length === 0) { throw new UsageError('GH_ERR_PORT_SYNTAX', 'no ports to scan'); }
  return { tcp, udp };
}
