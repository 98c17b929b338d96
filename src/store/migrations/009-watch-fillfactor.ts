/**
 * @module store/migrations/009-watch-fillfactor — a keyset index for filtered findings pages, and room on each
 * page for the Watch ingest's updates (issue 11, performance). Every ingest rewrites `last_seen` of every finding
 * an organisation still has and upserts every host it saw; none of those columns is indexed, so PostgreSQL can
 * update in place (a HOT update: no new entry in any of the table's indexes) — but only when the row's page has free space, which a table filled to 100 %
 * never has. At fillfactor 50 a page keeps room for a new version of each of its rows, and the old versions are
 * pruned on the next visit. Measured on the 100,000-finding bench seed: one ingest's update of all rows 16.6 s →
 * 2.9 s on this loaded machine, 200,000 of 200,000 updates HOT (4 before). The heap takes about twice the space.
 * PostgreSQL only (SQLite has no fillfactor). Existing pages are not rewritten: rows move to roomy pages as they
 * are updated. Run `VACUUM FULL finding_states` once to repack an existing store at once.
 *
 * Both stores: a filtered findings page (`where org_id = ? and state = ? and severity = ? order by id limit n`, the
 * API's `?state=open&severity=critical`) walked (org_id, state, severity) and sorted every match (10,000 rows of the
 * bench seed, 50 ms in PostgreSQL); with `id` last in that index the page is an index walk of n rows in cursor order.
 * The new index replaces migration 002's `finding_states_by_state`, its prefix (the summary's count by state and
 * severity uses either).
 */
import { sql } from 'kysely';
import type { Migration } from './types.js';

export const m009WatchFillfactor: Migration = {
  version: 9,
  name: 'watch-fillfactor',
  async up(db, dialect) {
    await db.schema.createIndex('finding_states_by_state_id').on('finding_states').columns(['org_id', 'state', 'severity', 'id']).execute();
    await db.schema.dropIndex('finding_states_by_state').execute();
    if (dialect !== 'postgres') { return; }
    await sql`alter table finding_states set (fillfactor = 50)`.execute(db);
    await sql`alter table host_states set (fillfactor = 50)`.execute(db);
  },
};
