// Unit and loopback integration tests; the namespace lab has its own config (vitest.lab.config.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/lab/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // CLI runs in tests keep their scan history in memory, never in the user's ~/.local/share.
    env: { GATEHOUSE_DB: ':memory:' },
  },
});
