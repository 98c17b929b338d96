/** @module cli/commands/explain — `gatehouse explain SCAN`: every finding's contribution to the grade, point by point. */
import type { Command } from 'commander';
import type { Contribution } from '../../score/explain.js';
import type { ExplainedCap } from '../../score/cap-explain.js';
import type { Grade } from '../../score/types.js';
import { emit } from './report.js';
import { processIO, type CliIO, type ExitBox } from './io.js';

export interface RawExplainOptions { json?: boolean; fromNmap?: string; fromMasscan?: string; db?: string; groups?: string; output?: string }

const where = (c: Contribution): string => (c.port === null ? c.host : `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}/${c.protocol ?? 'tcp'}`);

/** The text form: grade, factors, then one line per finding with its points, and the check that they add up. */
export function explainText(grade: Grade, contributions: readonly Contribution[], cap?: ExplainedCap): string {
  const lines: string[] = [];
  lines.push(`Grade ${grade.letter} (${grade.score.toFixed(2)} / 100)${grade.partial === true ? ' PARTIAL' : ''} over ${grade.hosts ?? 0} host(s) — model ${grade.model ?? ''}`);
  if (cap !== undefined) { lines.push(...capLines(cap)); }
  lines.push(`Factors: ${grade.factors.map((f) => `${f.name} ${f.score.toFixed(2)} (×${f.weight})`).join(' · ')}`);
  lines.push('');
  const table = (list: readonly Contribution[]): void => {
    if (list.length === 0) { lines.push('(none)'); return; }
    const rows = list.map((c) => [c.orgPoints.toFixed(2), c.hostPoints.toFixed(2), where(c), c.findingId, c.severity, c.factor,
      `${c.penalty}${c.repeat > 0 ? ` (repeat ${c.repeat})` : ''}`]);
    const head = ['org pts', 'host pts', 'where', 'finding', 'severity', 'factor', 'penalty'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
    lines.push(fmt(head));
    for (const r of rows) { lines.push(fmt(r)); }
  };
  const local = contributions.filter((c) => c.local);
  if (local.length > 0) { lines.push('Reachable from other hosts:'); }
  table(contributions.filter((c) => !c.local));
  if (local.length > 0) {
    lines.push('', 'Reachable only from this machine (bound to loopback; ×0.1, exposure findings ×0, never caps — docs/scoring.md § 2a):');
    table(local);
  }
  const sum = contributions.reduce((a, c) => a + Math.round(c.orgPoints * 100), 0) / 100;
  lines.push('');
  lines.push(`Σ org points ${sum.toFixed(2)} = 100 − ${grade.score.toFixed(2)}${contributions.length === 0 ? ' (no findings)' : ''}`);
  return lines.join('\n') + '\n';
}

/** The cap in force: why the letter is not the score's, what holds it, what lifts it (docs/scoring.md § 5a). */
export function capLines(cap: ExplainedCap): string[] {
  const held = cap.holders.map((h) => `${h.findingId} on ${h.port === null ? h.host : `${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}/${h.protocol ?? 'tcp'}`}`);
  return [
    `Capped at ${cap.letter}: ${cap.holders.length} ${cap.severity} finding(s) reachable from other hosts (the score alone earns ${cap.uncappedLetter}): ${held.join(', ')}`,
    `Lifts the cap (→ ${cap.letterAfterLift}): ${cap.lift}`,
  ];
}

export async function runExplain(file: string | undefined, raw: RawExplainOptions, io: CliIO): Promise<number> {
  const { loadInput } = await import('../../import/index.js');
  const { loadGroups } = await import('../../score/groups.js');
  const { explain } = await import('../../score/explain.js');
  const { gradeHosts } = await import('../../score/document.js');
  const groups = raw.groups !== undefined ? await loadGroups(raw.groups) : undefined;
  const input = await loadInput(file, raw);
  const ex = explain(input.doc.hosts);
  const { markPartial, completeness, partialNote } = await import('../../score/partial.js');
  const grade = markPartial(gradeHosts(input.doc.hosts, { ...(groups ? { groups } : {}), notRun: input.notRun }), input.doc.scan);
  const note = partialNote(completeness(input.doc.scan));
  const body = raw.json ? JSON.stringify({ grade, contributions: ex.contributions, ...(ex.cap ? { cap: ex.cap } : {}) }, null, 2) + '\n' : (note !== null ? `${note}\n` : '') + explainText(grade, ex.contributions, ex.cap);
  await emit(body, raw.output, io);
  return 0;
}

export function registerExplain(program: Command, exit: ExitBox): void {
  program.command('explain')
    .description("show each finding's contribution to the grade (points off its host's grade and off the organisation's)")
    .argument('[scan]', 'a scan document, nmap XML or masscan JSON, or a stored scan: @ID, @last')
    .option('--json', 'machine-readable output')
    .option('--from-nmap <file>', 'import an nmap -oX file')
    .option('--from-masscan <file>', 'import a masscan -oJ file')
    .option('--groups <file>', 'YAML/JSON asset groups (adds per-group grades to --json)')
    .option('-o, --output <file>', 'write to FILE (default: stdout)')
    .option('--db <file>', 'scan history for @ID / @last: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .action(async (file: string | undefined, opts: RawExplainOptions) => {
      exit.code = await runExplain(file, opts, processIO());
    });
}
