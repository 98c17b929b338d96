/**
 * @module store/migrations/011-run-artifacts — what a stored run's grade, explanation and plan compute to, kept per
 * run (`run_artifacts`: one row per run, kind and part) so that neither the first request after an ingest nor the
 * first after a server start recomputes them from 10,000 host documents. Computed off the server's main thread
 * (src/server/artifacts) and never edited: a stored run does not change. Row type:
 * src/store/platform/dashboard-schema.ts.
 */
import type { Migration } from './types.js';

export const m011RunArtifacts: Migration = {
  version: 11,
  name: 'run-artifacts',
  async up(db) {
    await db.schema.createTable('run_artifacts')
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('part', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_artifacts_pk', ['run_id', 'kind', 'part'])
      .execute();
  },
};
