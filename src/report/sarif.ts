/**
 * @module report/sarif — SARIF 2.1.0 (OASIS) for code-scanning dashboards: one rule per finding id, one result per
 * finding. A network finding has no source file, so its location is a URI naming the service
 * (`tcp://host:port`, `udp://…`, `host://address` for host-level findings) plus a logical location; a partial
 * fingerprint keeps results stable across scans. The grade goes in the run's properties.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../core/types.js';
import type { ReportSummary, ReportFinding } from '../score/summary.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub's `security-severity` (CVSS-like 0–10) per severity. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const hostPart = (h: string): string => (h.includes(':') ? `[${h}]` : h);

export function locationUri(f: Pick<ReportFinding, 'host' | 'port' | 'protocol'>): string {
  return f.port === null ? `host://${hostPart(f.host)}` : `${f.protocol ?? 'tcp'}://${hostPart(f.host)}:${f.port}`;
}

export function renderSarif(s: ReportSummary, toolVersion = '0.1.0'): string {
  const ruleIds = [...new Set(s.findings.map((f) => f.finding.id))].sort();
  const first = new Map(ruleIds.map((id) => [id, s.findings.find((f) => f.finding.id === id)!]));
  const rules = ruleIds.map((id) => {
    const f = first.get(id)!;
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: f.finding.title },
      fullDescription: { text: f.finding.title },
      help: { text: f.finding.remediation, markdown: `**Remediation:** ${f.finding.remediation}` },
      helpUri: f.finding.references[0],
      defaultConfiguration: { level: LEVEL[f.finding.severity] },
      properties: { tags: ['security', 'network', f.factor], 'security-severity': SECURITY_SEVERITY[f.finding.severity], factor: f.factor },
    };
  }).map((r) => (r.helpUri === undefined ? (({ helpUri: _h, ...rest }) => rest)(r) : r));
  const results = s.findings.map((f) => ({
    ruleId: f.finding.id,
    ruleIndex: ruleIds.indexOf(f.finding.id),
    level: LEVEL[f.finding.severity],
    message: { text: `${f.finding.title}: ${f.finding.evidence}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: locationUri(f) } },
      logicalLocations: [{ name: f.port === null ? f.host : `${f.host}:${f.port}/${f.protocol ?? 'tcp'}`, kind: 'resource' }],
    }],
    partialFingerprints: { 'gatehouse/v1': createHash('sha256').update(`${f.finding.id}|${f.host}|${f.protocol ?? ''}|${f.port ?? ''}|${f.finding.evidence}`).digest('hex') },
    properties: { severity: f.finding.severity, factor: f.factor, service: f.service, hostPoints: f.hostPoints, orgPoints: f.orgPoints, remediation: f.finding.remediation },
  }));
  const g = s.grade;
  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'gatehouse', version: toolVersion, informationUri: 'https://github.com/gatehouse/gatehouse', rules } },
      automationDetails: { id: `gatehouse/${s.generated}` },
      results,
      properties: {
        grade: { score: g.score, letter: g.letter, hosts: g.hosts ?? 0, model: g.model ?? '', factors: g.factors, ...(g.provisional === true ? { provisional: true, provisionalReasons: g.provisionalReasons ?? [] } : {}), ...(g.partial === true ? { partial: true } : {}) },
        notRun: s.notRun,
        ...(s.partial !== null ? { scanStatus: s.completeness } : {}),
      },
      ...(s.partial !== null ? { invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'warning', message: { text: s.partial } }] }] } : {}),
    }],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
