/**
 * @module store/open-checked — opening a store the user named (`--db`, `$GATEHOUSE_DB`, a stored-scan reference):
 * any failure — unreachable server, malformed URL, a directory, a file that is not a database — becomes one
 * GH_ERR_STORE usage error (exit 2) naming the database, its password hidden.
 */
import { quote } from '../core/quote.js';
import { UsageError } from '../errors/index.js';
import type { Store } from './store.js';

/** A database URL without its password, for messages and hints. */
export function redactDb(db: string): string {
  return db.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** The one error for a store that cannot be opened. */
export function storeOpenError(db: string, err: unknown): UsageError {
  const e = err as Error & { cause?: unknown };
  const root = e?.cause instanceof Error ? e.cause : e;
  const why = (root as NodeJS.ErrnoException)?.code !== undefined && !(root?.message ?? '').includes((root as NodeJS.ErrnoException).code as string)
    ? `${(root as NodeJS.ErrnoException).code as string}: ${root.message}` : root?.message ?? String(err);
  return new UsageError('GH_ERR_STORE', `cannot open the scan history database "${quote(redactDb(db))}": ${quote(why, 300)}`, { cause: err });
}

export async function openStoreChecked(db: string): Promise<Store> {
  try {
    const { openStore } = await import('./open.js');
    return await openStore(db);
  } catch (err) {
    throw storeOpenError(db, err);
  }
}
