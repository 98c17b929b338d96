/**
 * @module monitor/diff-facts — two stored scans read for a diff without reading every row of both: the database
 * finds the hosts whose open ports (port, protocol, service, product, version) or finding keys (port, protocol, id)
 * differ between the scans (EXCEPT, set-based, NULLs compared as equal, the same SQL on SQLite and PostgreSQL), and
 * only those hosts, plus the hosts that appeared, are loaded in full. Every other host up in both scans is given
 * with no ports: monitor/diff compares hosts one at a time and finds nothing on a host whose rows are identical, so
 * the diff equals the one over the full scans (docs/watch.md § Performance).
 */
import { sql, type Kysely } from 'kysely';
import type { Grade } from '../core/grade.js';
import type { HostResult, HostState, ScanDocument, ScanMeta } from '../core/types.js';
import type { Database } from '../store/schema.js';
import { loadHosts } from './scan-facts.js';

const PORT_COLS = sql.raw('address, port, protocol, service, product, version');
const FINDING_COLS = sql.raw('address, port, protocol, finding_id');

/** Addresses whose open ports or finding keys differ between stored scans `a` and `b` (in either direction). */
export async function changedHosts(db: Kysely<Database>, a: number, b: number): Promise<Set<string>> {
  const ports = (x: number, y: number) => sql`select address from (select ${PORT_COLS} from ports where scan_id = ${x} and state = 'open'
    except select ${PORT_COLS} from ports where scan_id = ${y} and state = 'open') pd`;
  const findings = (x: number, y: number) => sql`select address from (select ${FINDING_COLS} from findings where scan_id = ${x}
    except select ${FINDING_COLS} from findings where scan_id = ${y}) fd`;
  const q = sql<{ address: string }>`${ports(a, b)} union ${ports(b, a)} union ${findings(a, b)} union ${findings(b, a)}`;
  const { rows } = await q.execute(db);
  return new Set(rows.map((r) => r.address));
}

async function hostStates(db: Kysely<Database>, scanId: number): Promise<Map<string, HostState>> {
  const rows = await db.selectFrom('hosts').select(['address', 'state']).where('scan_id', '=', scanId).execute();
  return new Map(rows.map((r) => [r.address, r.state as HostState]));
}

const stub = (address: string, state: HostState): HostResult => ({
  address, hostnames: [], state, reason: 'stored', ports: [], counts: { open: 0, closed: 0, filtered: 0, 'open|filtered': 0 },
});

async function docOf(db: Kysely<Database>, scanId: number, states: ReadonlyMap<string, HostState>, load: readonly string[]): Promise<ScanDocument | null> {
  const scan = await db.selectFrom('scans').select(['meta', 'grade']).where('id', '=', scanId).executeTakeFirst();
  if (!scan) { return null; }
  const full = new Map((await loadHosts(db, scanId, load)).map((h) => [h.address, h]));
  const hosts = [...states].map(([address, state]) => full.get(address) ?? stub(address, state));
  const doc: ScanDocument = { version: 1, scan: JSON.parse(scan.meta) as ScanMeta, hosts };
  if (scan.grade !== null) { doc.grade = JSON.parse(scan.grade) as Grade; }
  return doc;
}

/**
 * Scans `a` and `b` as monitor/diff needs them: every host with its state; in full only the hosts up in `b` that
 * were not up in `a` (appeared) or whose rows differ. Null when either scan is missing.
 */
export async function loadDiffPair(db: Kysely<Database>, a: number, b: number): Promise<[ScanDocument | null, ScanDocument | null]> {
  const [sa, sb, changed] = [await hostStates(db, a), await hostStates(db, b), await changedHosts(db, a, b)];
  const upB = [...sb].filter(([, s]) => s === 'up').map(([h]) => h);
  const load = upB.filter((h) => sa.get(h) !== 'up' || changed.has(h));
  const both = load.filter((h) => sa.get(h) === 'up');
  return [await docOf(db, a, sa, both), await docOf(db, b, sb, load)];
}
