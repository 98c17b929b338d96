/**
 * @module web/api/views — the few answer parts the OpenAPI document types as `unknown` (grade, plan, diff are
 * produced by src/score and src/monitor, and the zod schemas pass them through), narrowed to what the pages read.
 * The grade is the contract's own type (core/grade.ts); plan steps and diffs mirror score/plan.ts and
 * monitor/diff.ts field for field. Everything else comes from the generated schema.d.ts.
 */
import type { Grade } from '../../core/grade';

export type { Grade, Letter, FactorScore, Deduction } from '../../core/grade';

/** score/plan.ts PlanStep (the fields shown). */
export interface PlanStepView {
  readonly kind: 'close-port' | 'fix-finding';
  readonly host: string;
  readonly locations: ReadonlyArray<{ readonly port: number | null; readonly protocol: 'tcp' | 'udp' | null }>;
  readonly findingIds: readonly string[];
  readonly action: string;
  readonly severity: string;
  readonly gain: number;
  readonly scoreAfter: number;
  readonly letterAfter: string;
  readonly removes: number;
}
export interface PlanView { readonly score: number; readonly letter: string; readonly steps: readonly PlanStepView[]; readonly scoreAfter: number; readonly letterAfter: string }

/** monitor/diff.ts ScanDiff + run ids (monitor/run-diff.ts RunDiff). */
export interface PortRefView { readonly host: string; readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly service: string }
export interface FindingRefView { readonly host: string; readonly port: number | null; readonly protocol?: 'tcp' | 'udp' | null; readonly id: string; readonly severity?: string; readonly title?: string }
export interface ServiceRefView { readonly name: string; readonly product: string | null; readonly version: string | null }
export interface DiffView {
  readonly from: number;
  readonly to: number;
  readonly hosts: { readonly appeared: readonly string[]; readonly disappeared: readonly string[] };
  readonly ports: { readonly opened: readonly PortRefView[]; readonly closed: readonly PortRefView[] };
  readonly services: ReadonlyArray<{ readonly host: string; readonly port: number; readonly protocol: 'tcp' | 'udp'; readonly before: ServiceRefView; readonly after: ServiceRefView }>;
  readonly findings: { readonly new: readonly FindingRefView[]; readonly fixed: readonly FindingRefView[]; readonly reopened: readonly FindingRefView[] };
  readonly grade: {
    readonly before: { readonly score: number; readonly letter: string } | null;
    readonly after: { readonly score: number; readonly letter: string } | null;
    readonly delta: number | null;
    readonly deductions: ReadonlyArray<{ readonly findingId: string; readonly host: string; readonly port: number | null; readonly delta: number }>;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The grade, when the value has the grade's shape. */
export function asGrade(v: unknown): Grade | null {
  return isObject(v) && typeof v.score === 'number' && typeof v.letter === 'string' && Array.isArray(v.factors) ? v as unknown as Grade : null;
}
export function asPlan(v: unknown): PlanView | null {
  return isObject(v) && Array.isArray(v.steps) && typeof v.score === 'number' ? v as unknown as PlanView : null;
}
export function asDiff(v: unknown): DiffView | null {
  return isObject(v) && isObject(v.ports) && isObject(v.findings) && isObject(v.grade) && isObject(v.hosts) ? v as unknown as DiffView : null;
}
