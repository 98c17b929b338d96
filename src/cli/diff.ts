/** @module cli/diff — `gatehouse diff A B`: two stored scans → ScanDiff (monitor/diff) as a table or JSON. */
import type { Kysely } from 'kysely';
import { openDatabase } from '../store/open.js';
import { defaultDbPath } from '../store/path.js';
import { loadScanFacts } from '../monitor/scan-facts.js';
import type { Database } from '../store/schema.js';
import { diffScans, isEmptyDiff, type ScanDiff } from '../monitor/diff.js';
import { findingKeysBefore, resolveScanRef } from '../monitor/scan-refs.js';
import { GatehouseError } from '../errors/index.js';
import type { FindingRef } from '../monitor/keys.js';
import type { CliIO } from './commands/io.js';

export interface DiffOptions { db?: string; json?: boolean }

export async function runDiff(refA: string, refB: string, opts: DiffOptions, io: CliIO): Promise<number> {
  const { db } = await openDatabase(opts.db ?? defaultDbPath(io.env));
  try {
    const a = await resolveScanRef(db, refA);
    const b = await resolveScanRef(db, refB);
    const diff = await diffStored(db, a, b);
    if (opts.json) { io.stdout.write(JSON.stringify({ from: a, to: b, ...diff }) + '\n'); return 0; }
    io.stdout.write(renderDiff(a, b, diff));
    return 0;
  } finally {
    await db.destroy();
  }
}

/** Loads two stored scans and diffs them; a finding absent from A but on the host in an older scan is reopened. */
export async function diffStored(db: Kysely<Database>, a: number, b: number): Promise<ScanDiff> {
  const [da, dbDoc] = [await loadScanFacts(db, a), await loadScanFacts(db, b)];
  if (da === null || dbDoc === null) { throw new GatehouseError('GH_ERR_INTERNAL', `scan ${da === null ? a : b} vanished while diffing`); }
  const first = diffScans(da, dbDoc);
  if (first.findings.new.length === 0) { return first; }
  const seenBefore = await findingKeysBefore(db, a, [...new Set(first.findings.new.map((f) => f.host))]);
  return diffScans(da, dbDoc, { seenBefore });
}

const where = (f: { host: string; port: number | null; protocol: string | null }): string =>
  f.port === null ? f.host : `${f.host} ${f.port}/${f.protocol ?? ''}`;
const finding = (f: FindingRef): string => `  [${f.severity}] ${where(f)} ${f.id} — ${f.title}`;
const svc = (s: { name: string; product: string | null; version: string | null }): string =>
  [s.name, s.product, s.version].filter((x) => x !== null && x !== '').join(' ');

export function renderDiff(a: number, b: number, d: ScanDiff): string {
  const out: string[] = [];
  const g = d.grade;
  const gtext = (x: typeof g.before): string => (x === null ? 'ungraded' : `${x.letter} (${x.score.toFixed(2)})`);
  out.push(`Scan ${a} → ${b}: grade ${gtext(g.before)} → ${gtext(g.after)}${g.delta === null ? '' : ` (${g.delta >= 0 ? '+' : ''}${g.delta.toFixed(2)})`}`);
  if (isEmptyDiff(d)) { out.push('No changes.'); return out.join('\n') + '\n'; }
  const section = (title: string, lines: string[]): void => { if (lines.length > 0) { out.push('', `${title} (${lines.length})`, ...lines); } };
  section('Hosts now answering', d.hosts.appeared.map((h) => `  ${h}`));
  section('Hosts not answering (their ports and findings are not counted as closed or fixed)', d.hosts.disappeared.map((h) => `  ${h}`));
  section('Ports opened', d.ports.opened.map((p) => `  ${p.host} ${p.port}/${p.protocol} ${p.service}`));
  section('Ports closed', d.ports.closed.map((p) => `  ${p.host} ${p.port}/${p.protocol} ${p.service}`));
  section('Services changed', d.services.map((s) => `  ${s.host} ${s.port}/${s.protocol} ${svc(s.before)} → ${svc(s.after)}`));
  section('New findings', d.findings.new.map(finding));
  section('Reopened findings', d.findings.reopened.map(finding));
  section('Fixed findings', d.findings.fixed.map(finding));
  const moved = d.grade.deductions.slice(0, 10).map((x) =>
    `  ${x.delta >= 0 ? '+' : ''}${x.delta.toFixed(2)}  ${x.findingId} ${where(x)} (${x.before.toFixed(2)} → ${x.after.toFixed(2)} points deducted)`);
  section('What moved the grade', moved);
  if (d.grade.deductions.length > 10) { out.push(`  … ${d.grade.deductions.length - 10} smaller changes (--json lists all)`); }
  return out.join('\n') + '\n';
}
