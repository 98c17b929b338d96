/**
 * @module monitor/alerts/rules — alert rules as data, and the pure evaluation of a run's diff against them:
 * a port opens; a new finding at or above a severity; the grade falls below a letter or by N points; the service
 * behind a port changes. Each alert carries the facts that triggered it (traceable to the two runs).
 */
import { z } from 'zod';
import type { RunDiff } from '../run-diff.js';

export const RULE_KINDS = ['port-opened', 'finding-new', 'grade-below', 'grade-drop', 'service-changed'] as const;
export type RuleKind = typeof RULE_KINDS[number];
export const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = typeof SEVERITY_ORDER[number];
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** A rule's parameters: the API validates a new rule's with this schema (server/resources/alerts.ts). */
export const RuleParamsZ = z.object({
  minSeverity: z.enum(SEVERITY_ORDER).optional(), letter: z.string().regex(/^[A-F]$/).optional(), points: z.number().positive().max(100).optional(),
  ports: z.array(z.number().int().min(1).max(65535)).max(100).readonly().optional(),
});
export type RuleParams = z.infer<typeof RuleParamsZ>;
/** A rule as the repository returns it and the API answers it. */
export const AlertRuleZ = z.object({ id: z.number().int(), orgId: z.number().int(), channelId: z.number().int(), kind: z.enum(RULE_KINDS), params: RuleParamsZ, enabled: z.boolean() });
export type AlertRule = Readonly<z.infer<typeof AlertRuleZ>>;

export interface Alert {
  readonly ruleId: number;
  readonly kind: RuleKind;
  readonly orgId: number;
  readonly fromRunId: number;
  readonly toRunId: number;
  /** One line for a chat message or an e-mail subject. */
  readonly title: string;
  /** The facts: ports, findings, grades. */
  readonly details: readonly string[];
}

const rank = (s: string): number => SEVERITY_ORDER.indexOf(s as Severity);
const letterRank = (l: string): number => LETTERS.indexOf(l === 'E' ? 'F' : l);

/** The alerts one rule raises for one diff (none when nothing matches or the rule is disabled). */
export function evaluateRule(rule: AlertRule, diff: RunDiff, orgName: string): Alert | null {
  if (!rule.enabled) { return null; }
  const base = { ruleId: rule.id, kind: rule.kind, orgId: rule.orgId, fromRunId: diff.from, toRunId: diff.to };
  const g = diff.grade;
  switch (rule.kind) {
    case 'port-opened': {
      const ports = diff.ports.opened.filter((p) => rule.params.ports === undefined || rule.params.ports.includes(p.port));
      return ports.length === 0 ? null : { ...base, title: `${orgName}: ${ports.length} port(s) opened`, details: ports.map((p) => `${p.host}:${p.port}/${p.protocol} opened (${p.service})`) };
    }
    case 'finding-new': {
      const min = rank(rule.params.minSeverity ?? 'high');
      const fs = [...diff.findings.new, ...diff.findings.reopened].filter((f) => rank(f.severity) >= min);
      return fs.length === 0 ? null : { ...base, title: `${orgName}: ${fs.length} new finding(s) at ${rule.params.minSeverity ?? 'high'} or above`, details: fs.map((f) => `${f.severity} ${f.id} on ${f.host}${f.port === null ? '' : `:${f.port}`}: ${f.title}`) };
    }
    case 'grade-below': {
      const letter = rule.params.letter ?? 'C';
      if (g.after === null || letterRank(g.after.letter) <= letterRank(letter)) { return null; }
      if (g.before !== null && letterRank(g.before.letter) > letterRank(letter)) { return null; } // already below: alert once
      return { ...base, title: `${orgName}: grade fell below ${letter} (now ${g.after.letter}, ${g.after.score.toFixed(1)})`, details: deductions(diff) };
    }
    case 'grade-drop': {
      const points = rule.params.points ?? 5;
      if (g.delta === null || -g.delta < points) { return null; }
      return { ...base, title: `${orgName}: grade dropped ${(-g.delta).toFixed(1)} points (${g.before?.letter ?? '?'} → ${g.after?.letter ?? '?'})`, details: deductions(diff) };
    }
    case 'service-changed': {
      const cs = diff.services;
      return cs.length === 0 ? null : { ...base, title: `${orgName}: the service behind ${cs.length} port(s) changed`, details: cs.map((c) => `${c.host}:${c.port}/${c.protocol}: ${svc(c.before)} → ${svc(c.after)}`) };
    }
  }
}

function svc(s: { name: string; product: string | null; version: string | null }): string {
  return [s.name, s.product, s.version].filter((x) => x !== null && x !== '').join(' ');
}

function deductions(diff: RunDiff): string[] {
  return diff.grade.deductions.slice(0, 10).map((d) => `${d.findingId} on ${d.host}${d.port === null ? '' : `:${d.port}`}: ${d.before.toFixed(2)} → ${d.after.toFixed(2)} points off`);
}

export function evaluateRules(rules: readonly AlertRule[], diff: RunDiff, orgName: string): Alert[] {
  return rules.map((r) => evaluateRule(r, diff, orgName)).filter((a): a is Alert => a !== null);
}
