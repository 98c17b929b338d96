/** @module cli/commands/report — `gatehouse report`: a scan (ours, nmap -oX, masscan -oJ) → html | md | pdf | sarif | csv | json. */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors/index.js';
import { intOption } from '../argv.js';
import { processIO, type CliIO, type ExitBox } from './io.js';
import { isOneOf } from '../../core/guards.js';

export const REPORT_FORMATS = ['html', 'md', 'pdf', 'sarif', 'csv', 'json'] as const;
export type ReportFormat = typeof REPORT_FORMATS[number];

export interface RawReportOptions { format?: string; output?: string; fromNmap?: string; fromMasscan?: string; db?: string; groups?: string; top?: string }

/** Writes a rendered report to -o FILE, or stdout (binary PDF only to a file or a pipe). */
export async function emit(body: string | Buffer, output: string | undefined, io: CliIO): Promise<void> {
  if (output !== undefined) {
    try { await writeFile(output, body); } catch (err) {
      throw new UsageError('GH_ERR_FILE', `cannot write "${output}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
    }
    return;
  }
  if (typeof body !== 'string' && io.stdout.isTTY) { throw new UsageError('GH_ERR_OPTION', 'a PDF is binary: write it with -o FILE'); }
  await new Promise<void>((resolve, reject) => io.stdout.write(body, (err) => (err ? reject(err) : resolve())));
}

export async function runReport(file: string | undefined, raw: RawReportOptions, io: CliIO): Promise<number> {
  const format = (raw.format ?? 'html').toLowerCase();
  if (!isOneOf(REPORT_FORMATS, format)) {
    throw new UsageError('GH_ERR_OPTION', `invalid --format "${raw.format ?? ''}": expected one of ${REPORT_FORMATS.join(', ')}`);
  }
  const top = raw.top !== undefined ? intOption('--top', raw.top, 1, 1000) : 5;
  const { loadInput } = await import('../../import/index.js');
  const { loadGroups } = await import('../../score/groups.js');
  const groups = raw.groups !== undefined ? await loadGroups(raw.groups) : undefined;
  const input = await loadInput(file, raw);
  const opts = { ...(groups ? { groups } : {}), notRun: input.notRun, top };
  if (format === 'json') {
    const { withGrades } = await import('../../score/document.js');
    await emit(JSON.stringify(withGrades(input.doc, opts)) + '\n', raw.output, io);
    return 0;
  }
  const { summarise } = await import('../../score/summary.js');
  const summary = summarise(input.doc, opts);
  let body: string | Buffer;
  switch (format) {
    case 'html': body = (await import('../../report/html.js')).renderHtml(summary); break;
    case 'md': body = (await import('../../report/md.js')).renderMarkdown(summary); break;
    case 'csv': body = (await import('../../report/csv.js')).renderCsv(summary); break;
    case 'sarif': body = (await import('../../report/sarif.js')).renderSarif(summary); break;
    case 'pdf': {
      const html = (await import('../../report/html.js')).renderHtml(summary);
      body = await (await import('../../report/pdf.js')).htmlToPdf(html);
      break;
    }
  }
  await emit(body, raw.output, io);
  return 0;
}

export function registerReport(program: Command, exit: ExitBox): void {
  program.command('report')
    .description('grade a scan and write a report (html, md, pdf, sarif, csv, json); also imports nmap -oX and masscan -oJ files')
    .argument('[scan]', 'a scan document (gatehouse scan --json > scan.json); nmap XML and masscan JSON are detected too; or a stored scan: @ID, @last')
    .option('-f, --format <format>', `report format: ${REPORT_FORMATS.join(' | ')} (default html)`)
    .option('-o, --output <file>', 'write the report to FILE (default: stdout)')
    .option('--from-nmap <file>', 'import an nmap -oX file (service fields of -sV are used; checks needing a live probe are marked not run)')
    .option('--from-masscan <file>', 'import a masscan -oJ file')
    .option('--groups <file>', 'YAML/JSON: asset group name → CIDRs, addresses, hostnames (grades per group)')
    .option('--top <n>', 'fixes listed in the report (default 5)')
    .option('--db <file>', 'scan history for @ID / @last: a SQLite file or postgres://URL (default $GATEHOUSE_DB or ~/.local/share/gatehouse/gatehouse.db)')
    .action(async (file: string | undefined, opts: RawReportOptions) => {
      exit.code = await runReport(file, opts, processIO());
    });
}
