/**
 * @module monitor/diff — what changed between two scans of the same organisation (pure): ports opened/closed,
 * services or versions changed, findings new/fixed/reopened, hosts that appeared or stopped answering, and the
 * grade change with the deductions that moved it. Only hosts up in both scans are compared port by port: a host
 * that stopped answering is listed as `disappeared`, never as "all ports closed, all findings fixed" — a silent
 * host is not a fixed host (docs/scoring.md § stale hosts).
 */
import type { Deduction, Grade } from '../core/grade.js';
import type { HostResult, PortResult, ScanDocument } from '../core/types.js';
import { hostFindings, portKey, findingKey, type FindingRef } from './keys.js';

export interface PortRef { readonly host: string; readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly service: string }
export interface ServiceRef { readonly name: string; readonly product: string | null; readonly version: string | null }
export interface ServiceChange { readonly host: string; readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly before: ServiceRef; readonly after: ServiceRef }
export interface DeductionChange {
  readonly findingId: string; readonly host: string; readonly port: number | null; readonly protocol: 'tcp' | 'udp' | null;
  readonly before: number; readonly after: number; readonly delta: number;
}

export interface ScanDiff {
  readonly hosts: { readonly appeared: string[]; readonly disappeared: string[] };
  readonly ports: { readonly opened: PortRef[]; readonly closed: PortRef[] };
  readonly services: ServiceChange[];
  readonly findings: { readonly new: FindingRef[]; readonly fixed: FindingRef[]; readonly reopened: FindingRef[] };
  readonly grade: {
    readonly before: { readonly score: number; readonly letter: string } | null;
    readonly after: { readonly score: number; readonly letter: string } | null;
    /** after − before, in points (0.01 steps); null when either side is ungraded. */
    readonly delta: number | null;
    /** Deductions that appeared, disappeared or changed, largest effect first: what moved the grade. */
    readonly deductions: DeductionChange[];
  };
}

export interface DiffOptions {
  /** Finding keys (monitor/keys findingKey) seen in some run before `a`: a finding new in `b` that is in here is reopened. */
  readonly seenBefore?: ReadonlySet<string>;
}

const up = (doc: ScanDocument): Map<string, HostResult> => new Map(doc.hosts.filter((h) => h.state === 'up').map((h) => [h.address, h]));
const openPorts = (h: HostResult): PortResult[] => h.ports.filter((p) => p.state === 'open');
const svc = (p: PortResult): ServiceRef => ({ name: p.service.name, product: p.service.product ?? null, version: p.service.version ?? null });
const sameSvc = (a: ServiceRef, b: ServiceRef): boolean => a.name === b.name && a.product === b.product && a.version === b.version;
const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
const byPort = (a: PortRef, b: PortRef): number => cmp(a.host, b.host) || a.port - b.port || cmp(a.protocol, b.protocol);
const byFinding = (a: FindingRef, b: FindingRef): number => cmp(a.host, b.host) || (a.port ?? 0) - (b.port ?? 0) || cmp(a.protocol ?? '', b.protocol ?? '') || cmp(a.id, b.id);

/** A host's findings keyed by port/protocol/id (small, per host: a 10,000-host diff never builds one huge map). */
function localFindings(h: HostResult | undefined): Map<string, FindingRef> {
  const m = new Map<string, FindingRef>();
  if (h !== undefined) { hostFindings(h, m); }
  return m;
}

export function diffScans(a: ScanDocument, b: ScanDocument, opts: DiffOptions = {}): ScanDiff {
  const ha = up(a);
  const hb = up(b);
  const appeared = [...hb.keys()].filter((h) => !ha.has(h)).sort();
  const disappeared = [...ha.keys()].filter((h) => !hb.has(h)).sort();
  const opened: PortRef[] = [];
  const closed: PortRef[] = [];
  const services: ServiceChange[] = [];
  const isNew: FindingRef[] = [];
  const reopened: FindingRef[] = [];
  const fixed: FindingRef[] = [];
  for (const [addr, hostB] of hb) {
    const hostA = ha.get(addr);
    const before = new Map((hostA ? openPorts(hostA) : []).map((p) => [portKey(addr, p.port, p.protocol), p]));
    for (const p of openPorts(hostB)) {
      const k = portKey(addr, p.port, p.protocol);
      const prev = before.get(k);
      if (prev === undefined) { opened.push({ host: addr, port: p.port, protocol: p.protocol, service: p.service.name }); continue; }
      before.delete(k);
      if (!sameSvc(svc(prev), svc(p))) { services.push({ host: addr, port: p.port, protocol: p.protocol, before: svc(prev), after: svc(p) }); }
    }
    const fb = localFindings(hostB);
    const fa = localFindings(hostA);
    for (const [k, f] of fb) {
      if (fa.has(k)) { continue; }
      (opts.seenBefore?.has(k) === true ? reopened : isNew).push(f);
    }
    if (hostA) {
      for (const [k, f] of fa) { if (!fb.has(k)) { fixed.push(f); } }
      for (const p of before.values()) { closed.push({ host: addr, port: p.port, protocol: p.protocol, service: p.service.name }); }
    }
  }
  return {
    hosts: { appeared, disappeared },
    ports: { opened: opened.sort(byPort), closed: closed.sort(byPort) },
    services: services.sort((x, y) => byPort({ ...x, service: '' }, { ...y, service: '' })),
    findings: { new: isNew.sort(byFinding), fixed: fixed.sort(byFinding), reopened: reopened.sort(byFinding) },
    grade: gradeChange(a.grade, b.grade),
  };
}

function dedKey(d: Deduction): string {
  return findingKey(d.host, d.port, d.protocol ?? null, d.findingId);
}

function byHost(ds: readonly Deduction[] | undefined): Map<string, Map<string, Deduction>> {
  const m = new Map<string, Map<string, Deduction>>();
  for (const d of ds ?? []) {
    let h = m.get(d.host);
    if (h === undefined) { h = new Map(); m.set(d.host, h); }
    h.set(dedKey(d), d);
  }
  return m;
}

/** The grade change and the per-finding deductions that explain it (points as in docs/scoring.md § 6). */
export function gradeChange(a: Grade | undefined, b: Grade | undefined): ScanDiff['grade'] {
  const before = a ? { score: a.score, letter: a.letter } : null;
  const after = b ? { score: b.score, letter: b.letter } : null;
  const da = byHost(a?.deductions);
  const db = byHost(b?.deductions);
  const changes: DeductionChange[] = [];
  const none = new Map<string, Deduction>();
  for (const host of new Set([...da.keys(), ...db.keys()])) {
    const ha = da.get(host) ?? none;
    const hb = db.get(host) ?? none;
    for (const k of new Set([...ha.keys(), ...hb.keys()])) {
      const x = ha.get(k);
      const y = hb.get(k);
      const d = (y ?? x)!;
      const pb = x?.points ?? 0;
      const pa = y?.points ?? 0;
      if (pb === pa) { continue; }
      changes.push({ findingId: d.findingId, host: d.host, port: d.port, protocol: d.protocol ?? null, before: pb, after: pa, delta: round2(pb - pa) });
    }
  }
  changes.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || cmp(x.host, y.host) || (x.port ?? 0) - (y.port ?? 0) || cmp(x.findingId, y.findingId));
  return { before, after, delta: before && after ? round2(after.score - before.score) : null, deductions: changes };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** True when nothing changed (for "no changes" lines and alert suppression). */
export function isEmptyDiff(d: ScanDiff): boolean {
  return d.hosts.appeared.length + d.hosts.disappeared.length + d.ports.opened.length + d.ports.closed.length + d.services.length
    + d.findings.new.length + d.findings.fixed.length + d.findings.reopened.length === 0 && (d.grade.delta ?? 0) === 0;
}
