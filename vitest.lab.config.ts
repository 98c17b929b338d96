// Namespace lab tests: need root, iproute2 and iptables; run by `npm run test:lab` (and by `npm test` via test/lab.test.ts when root).
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
