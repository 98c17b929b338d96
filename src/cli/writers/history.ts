/**
 * @module cli/writers/history — the scan history: each host saved to the store (SQLite by default, PostgreSQL by URL)
 * as it finishes, in batches, and the scan record closed with the final meta and grade.
 */
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { HostResult, ScanMeta } from '../../core/types.js';
import type { Grade } from '../../core/grade.js';
import { quote, safeLine } from '../../core/quote.js';
import { GatehouseError, UsageError } from '../../errors/index.js';
import { redactDb, storeOpenError } from '../../store/open-checked.js';
import type { ScanWriter } from './writer.js';

/** Hosts saved per store transaction. */
const SAVE_BATCH = 500;

export interface HistoryWriter extends ScanWriter {
  /** --db or $GATEHOUSE_DB: a database that cannot be opened fails the scan (`ready` rejects). */
  readonly explicit: boolean;
  /** Settles when the store is open (or failed to open). */
  readonly ready: Promise<unknown>;
  /** Closes the scan record; the scan's id, or null when the history was not (completely) saved. */
  close(meta: ScanMeta, grade: Grade): Promise<number | null>;
}

/**
 * Starts opening the store while targets are planned and the engine is built, after a synchronous check that the
 * path is usable, so a bad `--db` fails before any packet; the scan waits for `ready` before its first probe, so the
 * store's file handles are taken before the engine uses the rest of the open-file limit. Saves are batched, in
 * emit order. A store failure during the scan costs the history, not the scan: one warning line, and the results
 * still print. An `explicit` database (--db, $GATEHOUSE_DB) that cannot be opened is an error instead: `ready`
 * rejects, and the scan awaits it before any output or packet.
 */
export function openHistory(path: string, meta: ScanMeta, stderr: NodeJS.WritableStream, explicit: boolean, appendTo?: number): HistoryWriter {
  checkDbPath(path);
  let warned = false;
  const warn = (err: unknown): void => {
    if (!warned) { warned = true; stderr.write(`gatehouse: warning: ${safeLine(`scan history not saved to ${redactDb(path)}: ${err instanceof Error ? err.message : String(err)}`)}\n`); }
  };
  const opened = import('../../store/open-checked.js')
    .then(async ({ openStoreChecked }) => { const store = await openStoreChecked(path); return { store, scanId: appendTo ?? await store.beginScan(meta) }; })
    .catch((err: unknown) => { if (explicit) { throw err instanceof GatehouseError ? err : storeOpenError(path, err); } warn(err); return null; });
  // Hosts wait in a queue and are saved in batches, one transaction each, so the history keeps up with a fast scan
  // (one transaction per host fell behind by hundreds of thousands of hosts, all held in memory: issue 16 item 3).
  const queue: HostResult[] = [];
  let draining: Promise<void> | null = null;
  const drain = async (): Promise<void> => {
    const o = await opened;
    while (queue.length > 0) {
      const batch = queue.splice(0, SAVE_BATCH);
      if (o) { await o.store.saveHosts(o.scanId, batch).catch(warn); }
    }
    draining = null;
  };
  return {
    explicit,
    ready: opened,
    host(h: HostResult): void {
      queue.push(h);
      draining ??= drain();
    },
    async close(final: ScanMeta, grade: Grade): Promise<number | null> {
      while (draining !== null) { await draining; }
      const o = await opened;
      if (!o) { return null; }
      const ok = await o.store.finishScan(o.scanId, final, grade).then(() => true, (err: unknown) => { warn(err); return false; });
      await o.store.close();
      return ok && !warned ? o.scanId : null;
    },
  };
}

/** The database file's nearest existing ancestor must be a writable directory (or the file itself writable). */
function checkDbPath(path: string): void {
  if (path === ':memory:' || /^postgres(ql)?:\/\//i.test(path)) { return; }
  let p = resolvePath(path);
  for (;;) {
    try {
      const st = statSync(p);
      if (p !== resolvePath(path) && !st.isDirectory()) { throw new Error(`${p} is not a directory`); }
      accessSync(p, fsConstants.W_OK);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(p) !== p) { p = dirname(p); continue; }
      throw new UsageError('GH_ERR_STORE', `cannot use "${quote(redactDb(path))}" as the scan history database: ${code ?? (err as Error).message}`, { cause: err });
    }
  }
}
