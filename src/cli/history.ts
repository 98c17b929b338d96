/** @module cli/history — `gatehouse history` (past scans, newest first) and `gatehouse show ID` (one scan as contract-v1 JSON). */
import { UsageError } from '../errors/index.js';
import { openStoreChecked } from '../store/open-checked.js';
import { defaultDbPath } from '../store/path.js';
import { jsonDocumentChunks } from '../report/json.js';
import { withGradeChunk } from '../score/document.js';
import { intOption } from './argv.js';
import { quoteList } from '../core/quote.js';
import type { CliIO } from './commands/io.js';

export interface HistoryOptions { db?: string; limit?: string; json?: boolean }

export async function runHistory(opts: HistoryOptions, io: CliIO): Promise<number> {
  const limit = opts.limit !== undefined ? intOption('--limit', opts.limit, 1, 1_000_000) : 20;
  const store = await openStoreChecked(opts.db ?? defaultDbPath(io.env));
  try {
    const scans = await store.listScans(limit);
    if (opts.json) { io.stdout.write(JSON.stringify(scans) + '\n'); return 0; }
    if (scans.length === 0) { io.stdout.write('No scans stored yet.\n'); return 0; }
    const rows = scans.map((s) => [String(s.id), s.started, s.finished === null ? (s.interrupted ? 'interrupted' : 'incomplete') : s.interrupted ? 'interrupted' : 'done',
      `${s.hostsUp}/${s.hostsUp + s.hostsDown}`, s.letter === null ? '-' : `${s.letter} (${s.score?.toFixed(1) ?? ''})`, quoteList(s.targets, 80, ' '), s.ports]);
    const head = ['ID', 'STARTED', 'STATUS', 'UP', 'GRADE', 'TARGETS', 'PORTS'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    for (const r of [head, ...rows]) { io.stdout.write(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd() + '\n'); }
    return 0;
  } finally {
    await store.close();
  }
}

export async function runShow(id: string, opts: { db?: string }, io: CliIO): Promise<number> {
  const scanId = intOption('scan id', id, 1, Number.MAX_SAFE_INTEGER);
  const store = await openStoreChecked(opts.db ?? defaultDbPath(io.env));
  try {
    const doc = await store.getScan(scanId);
    if (!doc) { throw new UsageError('GH_ERR_OPTION', `no stored scan with id ${scanId} (see gatehouse history)`); }
    const chunks = jsonDocumentChunks(doc.scan, doc.hosts);
    for (const chunk of doc.grade !== undefined ? withGradeChunk(chunks, doc.grade) : chunks) { io.stdout.write(chunk); }
    return 0;
  } finally {
    await store.close();
  }
}
