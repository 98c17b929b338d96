// Namespace lab tests (test/lab/*.test.ts): need root, iproute2 and the Debian daemons of scripts/apt/; run by
// `npm run test:lab` and by `npm test` (after the unit suite). A missing prerequisite skips, with the reason — and
// fails instead under GATEHOUSE_REQUIRE_LAB=1, which .ci/run sets (test/lab/require.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/lab/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // CLI runs in tests keep their scan history in memory, never in the user's ~/.local/share.
    env: { GATEHOUSE_DB: ':memory:' },
    fileParallelism: false,
  },
});
