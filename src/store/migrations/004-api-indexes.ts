/**
 * @module store/migrations/004-api-indexes — indexes the API's hottest reads need (watch-server): a findings page
 * is `where org_id = ? [and id > cursor] order by id limit n`, which without (org_id, id) sorts every finding of the
 * organisation; the summary counts hosts by state. Measured by bench/api.mjs.
 */
import type { Migration } from './types.js';

export const m004ApiIndexes: Migration = {
  version: 4,
  name: 'api-indexes',
  async up(db) {
    await db.schema.createIndex('finding_states_by_org_id').on('finding_states').columns(['org_id', 'id']).execute();
    await db.schema.createIndex('finding_states_by_host').on('finding_states').columns(['org_id', 'host', 'port']).execute();
    await db.schema.createIndex('host_states_by_state').on('host_states').columns(['org_id', 'state']).execute();
  },
};
