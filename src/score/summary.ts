/**
 * @module score/summary — everything a report shows, computed once from a scan document: the organisation's grade
 * (with groups), each host's grade, the top fixes, every finding with its points, severity counts. The writers in
 * src/report (html, md, csv, sarif, pdf) only format this.
 */
import type { Finding, HostResult, Protocol, ScanDocument, Severity } from '../core/types.js';
import { gradeHost, gradeHosts, type GradeOptions } from './document.js';
import { scoreHost } from './host.js';
import { scopeGrade } from './scope.js';
import { planFixes, type Plan } from './plan.js';
import { factorOf } from './factors.js';
import type { FactorKey, Grade } from './types.js';
import { completeness, markPartial, partialNote, type Completeness } from './partial.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface ReportFinding {
  readonly host: string;
  readonly port: number | null;
  readonly protocol: Protocol | null;
  /** Service name (and product/version when identified) on the port. */
  readonly service: string;
  readonly finding: Finding;
  readonly factor: FactorKey;
  /** Points this finding takes off its host's own grade and off the organisation's. */
  readonly hostPoints: number;
  readonly orgPoints: number;
  /** Self-scan: on a port reachable only from the scanning machine (docs/scoring.md § 2a). */
  readonly local?: boolean;
}

export interface HostSummary {
  readonly host: HostResult;
  readonly grade: Grade;
  readonly findings: readonly ReportFinding[];
}

export interface ReportSummary {
  readonly doc: ScanDocument;
  readonly grade: Grade;
  readonly plan: Plan;
  /** Hosts that are up, worst grade first (then by address). */
  readonly hosts: readonly HostSummary[];
  readonly findings: readonly ReportFinding[];
  readonly severityCounts: Readonly<Record<Severity, number>>;
  /** The scan's own timestamp (finished, else started): reports never print "now", so they are reproducible. */
  readonly generated: string;
  readonly notRun: readonly string[];
  /** Whether the scan finished (score/partial.ts); `partial` is the sentence reports print when it did not. */
  readonly completeness: Completeness;
  readonly partial: string | null;
}

export interface SummaryOptions extends GradeOptions {
  /** Fixes listed in the plan (default 5). */
  readonly top?: number;
}

function serviceLabel(h: HostResult, port: number | null, protocol: Protocol | null): string {
  if (port === null) { return ''; }
  const p = h.ports.find((x) => x.port === port && x.protocol === protocol);
  if (!p) { return ''; }
  const s = p.service;
  return [s.name, s.product, s.version].filter((x) => x !== undefined && x !== '').join(' ');
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Hundredths of a point each finding (by identity) takes off its host's grade and off the organisation's. */
function pointsByFinding(up: readonly HostResult[]): Map<Finding, { host: number; org: number }> {
  const scored = up.map(scoreHost);
  const out = new Map<Finding, { host: number; org: number }>();
  for (const a of scopeGrade(scored).allocations) { out.set(a.finding.finding, { host: 0, org: a.centi }); }
  for (const h of scored) {
    for (const a of scopeGrade([h]).allocations) {
      const prev = out.get(a.finding.finding) ?? { host: 0, org: 0 };
      out.set(a.finding.finding, { host: a.centi, org: prev.org });
    }
  }
  return out;
}

export function summarise(doc: ScanDocument, opts: SummaryOptions = {}): ReportSummary {
  const grade = markPartial(gradeHosts(doc.hosts, opts), doc.scan);
  const up = doc.hosts.filter((h) => h.state === 'up');
  const points = pointsByFinding(up);
  const severityCounts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const hosts: HostSummary[] = up.map((h) => {
    const list: ReportFinding[] = [];
    const add = (port: number | null, protocol: Protocol | null, f: Finding, local: boolean): void => {
      severityCounts[f.severity]++;
      const pts = points.get(f) ?? { host: 0, org: 0 };
      const rf: ReportFinding = { host: h.address, port, protocol, service: serviceLabel(h, port, protocol), finding: f, factor: factorOf(f.id), hostPoints: pts.host / 100, orgPoints: pts.org / 100 };
      list.push(local ? { ...rf, local } : rf);
    };
    for (const f of h.findings ?? []) { add(null, null, f, false); }
    for (const p of h.ports) { for (const f of p.findings ?? []) { add(p.port, p.protocol, f, p.local?.reach === 'local'); } }
    list.sort((a, b) => Number(a.local === true) - Number(b.local === true) || b.hostPoints - a.hostPoints || SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity)
      || (a.port ?? -1) - (b.port ?? -1) || cmp(a.finding.id, b.finding.id));
    return { host: h, grade: gradeHost(h), findings: list };
  });
  hosts.sort((a, b) => a.grade.score - b.grade.score || cmp(a.host.address, b.host.address));
  return {
    doc, grade, hosts,
    plan: planFixes(doc.hosts, opts.top ?? 5),
    findings: hosts.flatMap((h) => h.findings),
    severityCounts,
    generated: doc.scan.finished ?? doc.scan.started,
    notRun: opts.notRun ?? grade.notRun ?? [],
    completeness: completeness(doc.scan),
    partial: partialNote(completeness(doc.scan)),
  };
}
