/** @module cli/commands/plan — `gatehouse plan SCAN [--top N]`: fixes ranked by grade gained, and the grade after them. */
import type { Command } from 'commander';
import type { Plan } from '../../score/plan.js';
import { intOption } from '../argv.js';
import { emit } from './report.js';
import { processIO, type CliIO, type ExitBox } from './io.js';

export interface RawPlanOptions { top?: string; json?: boolean; fromNmap?: string; fromMasscan?: string; db?: string; output?: string }

export function planText(p: Plan): string {
  const lines = [`Now: ${p.letter} (${p.score.toFixed(2)}). After ${p.steps.length} fix(es): ${p.letterAfter} (${p.scoreAfter.toFixed(2)}).`, ''];
  if (p.steps.length === 0) { return `${lines[0]}\nNothing to fix: no finding lowers the grade.\n`; }
  p.steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(2)}. ${`+${s.gain.toFixed(2)}`.padStart(7)}  → ${s.scoreAfter.toFixed(2).padStart(6)} ${s.letterAfter}  [${s.severity}] ${s.action}` +
      `${s.removes > 1 ? ` (removes ${s.removes} findings)` : ''}${s.capLifted ? ` — lifts the ${s.capLifted.letter} cap (last ${s.capLifted.severity} finding)` : ''}`);
  });
  return lines.join('\n') + '\n';
}

export async function runPlan(file: string | undefined, raw: RawPlanOptions, io: CliIO): Promise<number> {
  const top = raw.top !== undefined ? intOption('--top', raw.top, 1, 100_000) : 10;
  const { loadInput } = await import('../../import/index.js');
  const { planFixes } = await import('../../score/plan.js');
  const input = await loadInput(file, raw);
  const plan = planFixes(input.doc.hosts, top);
  const { completeness, partialNote } = await import('../../score/partial.js');
  const note = partialNote(completeness(input.doc.scan));
  const out = note !== null ? { ...plan, partial: true } : plan;
  await emit(raw.json ? JSON.stringify(out, null, 2) + '\n' : (note !== null ? `${note}\n` : '') + planText(plan), raw.output, io);
  return 0;
}

export function registerPlan(program: Command, exit: ExitBox): void {
  program.command('plan')
    .description('rank remediations (close a port, fix a finding) by grade gained; show the grade after the top N')
    .argument('[scan]', 'a scan document, nmap XML or masscan JSON, or a stored scan: @ID, @last')
    .option('--top <n>', 'number of fixes (default 10)')
    .option('--json', 'machine-readable output')
    .option('--from-nmap <file>', 'import an nmap -oX file')
    .option('--from-masscan <file>', 'import a masscan -oJ file')
    .option('-o, --output <file>', 'write to FILE (default: stdout)')
    .option('--db <file>', 'scan history for @ID / @last: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .action(async (file: string | undefined, opts: RawPlanOptions) => {
      exit.code = await runPlan(file, opts, processIO());
    });
}
