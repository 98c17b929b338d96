/**
 * @module store/store — scan history behind one interface: the embedded SQLite default and, on servers,
 * PostgreSQL share this code through Kysely; only the dialect differs (store/sqlite.ts, store/postgres.ts).
 */
import type { Kysely } from 'kysely';
import type { Finding, HostResult, ScanDocument, ScanMeta } from '../core/types.js';
import type { Database } from './schema.js';

export interface ScanSummary {
  id: number;
  started: string;
  finished: string | null;
  targets: string[];
  ports: string;
  interrupted: boolean;
  hostsUp: number;
  hostsDown: number;
  score: number | null;
  letter: string | null;
}

/** Grade fields a finished scan or host may carry (written by the score stage, src/score). */
type GradeDoc = NonNullable<ScanDocument['grade']>;
interface Graded { grade?: GradeDoc }

export interface Store {
  /** Starts a scan record; returns its id. */
  beginScan(meta: ScanMeta): Promise<number>;
  /** Saves one finished host (its ports and findings) in one transaction. */
  saveHost(scanId: number, host: HostResult): Promise<void>;
  /** Saves several finished hosts in one transaction. */
  saveHosts(scanId: number, hosts: readonly HostResult[]): Promise<void>;
  /** Completes the scan record (finish time, interrupted flag, counts, grade). */
  finishScan(scanId: number, meta: ScanMeta, grade?: GradeDoc): Promise<void>;
  listScans(limit: number): Promise<ScanSummary[]>;
  /** The scan as a contract-v1 document, or null. */
  getScan(id: number): Promise<ScanDocument | null>;
  close(): Promise<void>;
}

export class KyselyStore implements Store {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) { this.db = db; }

  async beginScan(meta: ScanMeta): Promise<number> {
    const row = await this.db.insertInto('scans').values({
      started: meta.started, finished: null, targets: JSON.stringify(meta.targets), ports: meta.ports,
      interrupted: 0, hosts_up: 0, hosts_down: 0, score: null, letter: null, meta: JSON.stringify(meta), grade: null,
    }).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async saveHost(scanId: number, host: HostResult): Promise<void> {
    await this.saveHosts(scanId, [host]);
  }

  /** Saves many finished hosts in one transaction (the scan batches its saves so the history keeps up with it). */
  async saveHosts(scanId: number, hosts: readonly HostResult[]): Promise<void> {
    if (hosts.length === 0) { return; }
    await this.db.transaction().execute(async (tx) => {
      const hostRows = hosts.map((host) => {
        const g = (host as HostResult & Graded).grade;
        return {
          scan_id: scanId, address: host.address, state: host.state, open_ports: host.counts.open,
          score: g?.score ?? null, letter: g?.letter ?? null, document: JSON.stringify(host),
        };
      });
      for (const rows of chunks(hostRows)) { await tx.insertInto('hosts').values(rows).execute(); }
      const portRows = hosts.flatMap((host) => host.ports.map((p) => ({
        scan_id: scanId, address: host.address, port: p.port, protocol: p.protocol, state: p.state,
        service: p.service.name, product: p.service.product ?? null, version: p.service.version ?? null,
      })));
      for (const rows of chunks(portRows)) { await tx.insertInto('ports').values(rows).execute(); }
      const findingRows = hosts.flatMap((host) => {
        const findings: Array<{ f: Finding; port: number | null; protocol: string | null }> = [
          ...(host.findings ?? []).map((f) => ({ f, port: null, protocol: null })),
          ...host.ports.flatMap((p) => (p.findings ?? []).map((f) => ({ f, port: p.port, protocol: p.protocol }))),
        ];
        return findings.map(({ f, port, protocol }) => ({
          scan_id: scanId, address: host.address, port, protocol, finding_id: f.id, severity: f.severity, title: f.title,
        }));
      });
      for (const rows of chunks(findingRows)) { await tx.insertInto('findings').values(rows).execute(); }
      const up = hosts.filter((h) => h.state === 'up').length;
      await tx.updateTable('scans').set((eb) => ({
        hosts_up: eb('hosts_up', '+', up),
        hosts_down: eb('hosts_down', '+', hosts.length - up),
      })).where('id', '=', scanId).execute();
    });
  }

  async finishScan(scanId: number, meta: ScanMeta, grade?: GradeDoc): Promise<void> {
    await this.db.updateTable('scans').set({
      finished: meta.finished, interrupted: meta.interrupted === true ? 1 : 0, meta: JSON.stringify(meta),
      score: grade?.score ?? null, letter: grade?.letter ?? null, grade: grade === undefined ? null : JSON.stringify(grade),
    }).where('id', '=', scanId).execute();
  }

  async listScans(limit: number): Promise<ScanSummary[]> {
    const rows = await this.db.selectFrom('scans').selectAll().orderBy('id', 'desc').limit(limit).execute();
    const { z } = await import('zod'); // readers only: a scan that stores its history never loads zod (~95 files)
    return rows.map((r) => ({
      id: Number(r.id), started: r.started, finished: r.finished, targets: z.array(z.string()).parse(JSON.parse(r.targets)),
      ports: r.ports, interrupted: r.interrupted === 1, hostsUp: r.hosts_up, hostsDown: r.hosts_down,
      score: r.score, letter: r.letter,
    }));
  }

  async getScan(id: number): Promise<ScanDocument | null> {
    const scan = await this.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
    if (!scan) { return null; }
    const hosts = await this.db.selectFrom('hosts').select('document').where('scan_id', '=', id).orderBy('address').execute();
    // stored documents are validated like an imported one: a damaged row is an error, not a wrong grade
    const meta: unknown = JSON.parse(scan.meta);
    const grade: unknown = scan.grade !== null ? JSON.parse(scan.grade) : undefined;
    const raw = { version: 1, scan: meta, hosts: hosts.map((h): unknown => JSON.parse(h.document)), ...(grade !== undefined ? { grade } : {}) };
    const { toScanDocument } = await import('../core/scan-document.js'); // zod schemas: built on first read only
    return toScanDocument(raw, `stored scan @${id}`);
  }

  async close(): Promise<void> { await this.db.destroy(); }
}

/** Rows per INSERT: 8 columns × 2,000 stays under SQLite's and PostgreSQL's bound-parameter limits (32,766 / 65,535). */
const ROWS_PER_INSERT = 2000;

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) { yield rows.slice(i, i + ROWS_PER_INSERT); }
}
