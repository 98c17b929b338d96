/**
 * @module test/support/watch — opens a Watch database on each back-end for the contract suites:
 * a SQLite file in a temporary directory, and a PostgreSQL database of the test's own, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMonitor, type OpenedMonitor } from '../../src/monitor/context.js';
import { createTestDatabase, pgUnavailable } from './pg.js';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** False when usable, else why the suite is skipped. */
  readonly skip: string | false;
  open(now?: () => Date): Promise<{ m: OpenedMonitor; cleanup: () => Promise<void> }>;
}

export async function backends(): Promise<Backend[]> {
  return [
    {
      name: 'sqlite', skip: false,
      async open(now) {
        const dir = mkdtempSync(join(tmpdir(), 'gh-watch-'));
        const m = await openMonitor(join(dir, 'w.db'), now ? { now } : {});
        return { m, cleanup: async () => { await m.close(); rmSync(dir, { recursive: true, force: true }); } };
      },
    },
    {
      name: 'postgres', skip: await pgUnavailable(),
      async open(now) {
        const t = await createTestDatabase('gh_watch');
        const m = await openMonitor(t.url, now ? { now } : {});
        return { m, cleanup: async () => { await m.close(); await t.drop(); } };
      },
    },
  ];
}
