/**
 * @module monitor/scan-refs — stored scans by reference (`12`, `@12`, `@last`, `@previous`) and the finding keys a
 * host had in earlier stored scans (to tell a reopened finding from a new one when diffing two stored scans).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { UsageError } from '../errors/index.js';
import { findingKey } from './keys.js';

export const SCAN_REF = /^@?(\d+)$|^@(last|previous)$/;

/** The scan id a reference names; throws GH_ERR_OPTION (exit 2) for a malformed or missing one. */
export async function resolveScanRef(db: Kysely<Database>, ref: string): Promise<number> {
  const m = SCAN_REF.exec(ref);
  if (m === null) { throw new UsageError('GH_ERR_OPTION', `"${ref}" is not a stored scan: give an id, @ID, @last or @previous`); }
  if (m[1] !== undefined) {
    const id = Number(m[1]);
    const row = await db.selectFrom('scans').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) { throw new UsageError('GH_ERR_OPTION', `no stored scan with id ${id} (see gatehouse history)`); }
    return id;
  }
  const rows = await db.selectFrom('scans').select('id').orderBy('id', 'desc').limit(2).execute();
  const row = rows[m[2] === 'last' ? 0 : 1];
  if (!row) { throw new UsageError('GH_ERR_OPTION', `no stored scan ${ref} (see gatehouse history)`); }
  return Number(row.id);
}

/** Keys (monitor/keys findingKey) of findings on `hosts` in stored scans older than `scanId`. */
export async function findingKeysBefore(db: Kysely<Database>, scanId: number, hosts: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < hosts.length; i += 1000) {
    const rows = await db.selectFrom('findings').select(['address', 'port', 'protocol', 'finding_id']).distinct()
      .where('scan_id', '<', scanId).where('address', 'in', hosts.slice(i, i + 1000)).execute();
    for (const r of rows) { out.add(findingKey(r.address, r.port, r.protocol, r.finding_id)); }
  }
  return out;
}
