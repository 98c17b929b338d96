/**
 * @module local/risk — how risky it is to leave a port reachable, for ranking what to close first. Proven findings
 * on the port (from `gatehouse scan` checks) come first; otherwise the risk catalogue's rank for a merely reachable
 * port (knowledge/catalogue.ts: `reachable`, defaulting to `severity`), labelled `table`: it says what the port
 * usually carries when reachable, not that anything is vulnerable.
 */
import type { Finding, Protocol, Severity } from '../core/types.js';
import { reachableSeverity, risksForPort } from '../knowledge/catalogue.js';
import { SEVERITY_RANK } from '../knowledge/severity.js';

export interface PortRisk {
  severity: Severity;
  why: string;
  method: 'finding' | 'table' | 'default';
}

/** The risk of leaving protocol/port reachable: the worst proven finding, else the catalogue, else 'low'. */
export function portRisk(protocol: Protocol, port: number, findings: readonly Finding[] = []): PortRisk {
  const proven = findings.filter((f) => !f.id.startsWith('policy-'))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
  if (proven) { return { severity: proven.severity, why: `finding ${proven.id}: ${proven.title}`, method: 'finding' }; }
  const worst = risksForPort(port, protocol)
    .sort((a, b) => SEVERITY_RANK[reachableSeverity(b)] - SEVERITY_RANK[reachableSeverity(a)])[0];
  if (worst) { return { severity: reachableSeverity(worst), why: `by port number: ${worst.title}`, method: 'table' }; }
  return { severity: 'low', why: 'no finding and no well-known risk for this port', method: 'default' };
}
