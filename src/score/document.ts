/**
 * @module score/document — grades a scan document: the organisation, each host (state `up`), and each asset group;
 * returns a copy with the contract's `grade` fields set (the input is not changed).
 */
import type { HostResult, ScanDocument } from '../core/types.js';
import { scoreHost, type HostScore } from './host.js';
import { scopeGrade } from './scope.js';
import { groupOf, type GroupDef } from './group-of.js';
import type { Grade, GroupGrade } from './types.js';
import { markProvisional } from './provisional.js';
import { markPartial } from './partial.js';

export interface GradeOptions {
  readonly groups?: readonly GroupDef[];
  /** Check ids that did not run (imports); copied to the top-level grade. */
  readonly notRun?: readonly string[];
}

/** The hosts the score averages over: those found up. */
export function gradedHosts(hosts: readonly HostResult[]): HostResult[] {
  return hosts.filter((h) => h.state === 'up');
}

/** The organisation's grade over `hosts`, plus groups when asked. */
export function gradeHosts(hosts: readonly HostResult[], opts: GradeOptions = {}): Grade {
  const up = gradedHosts(hosts);
  const scored = up.map(scoreHost);
  const grade = scopeGrade(scored).grade;
  if (opts.groups !== undefined && opts.groups.length > 0) {
    const byGroup = new Map<string, HostScore[]>();
    const hostsOf = new Map<string, HostResult[]>();
    up.forEach((h, i) => {
      const g = groupOf(opts.groups ?? [], h.address, h.hostnames);
      const list = byGroup.get(g) ?? [];
      list.push(scored[i]!);
      byGroup.set(g, list);
      const members = hostsOf.get(g) ?? [];
      members.push(h);
      hostsOf.set(g, members);
    });
    grade.groups = [...byGroup.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([name, hs]): GroupGrade => markProvisional({ name, ...scopeGrade(hs).grade }, hostsOf.get(name) ?? []));
  }
  if (opts.notRun !== undefined && opts.notRun.length > 0) { grade.notRun = [...opts.notRun]; }
  return markProvisional(grade, up);
}

/** One host's own grade (a scope of one). */
export function gradeHost(h: HostResult): Grade {
  return markProvisional(scopeGrade([scoreHost(h)]).grade, [h]);
}

/** A copy of `doc` with `grade` at top level and on every host that is up. */
export function withGrades(doc: ScanDocument, opts: GradeOptions = {}): ScanDocument {
  const hosts = doc.hosts.map((h) => (h.state === 'up' ? { ...h, grade: gradeHost(h) } : { ...h }));
  return { ...doc, hosts, grade: markPartial(gradeHosts(doc.hosts, opts), doc.scan) };
}

/**
 * Wraps the JSON writer's chunks (report/json.ts jsonDocumentChunks) so the document ends with `"grade":{…}`:
 * the last chunk closes the document; the grade is spliced in before its final brace.
 */
export function* withGradeChunk(chunks: Iterable<string>, grade: Grade): Generator<string> {
  let prev: string | undefined;
  for (const c of chunks) {
    if (prev !== undefined) { yield prev; }
    prev = c;
  }
  if (prev === undefined) { return; }
  const at = prev.lastIndexOf('}');
  yield at < 0 ? prev : `${prev.slice(0, at)},"grade":${JSON.stringify(grade)}${prev.slice(at)}`;
}
