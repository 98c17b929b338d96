// Namespace lab tests: need root, iproute2 and iptables; run by `npm run test:lab` (and by `npm test` via test/lab.test.ts when root).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/lab/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
