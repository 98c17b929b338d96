// Unit and loopback integration tests; the namespace lab has its own config (vitest.lab.config.ts). Two projects:
// everything in Node, and the dashboard's component tests (src/web, .tsx) in happy-dom with React's JSX transform.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    // CLI runs in tests keep their scan history in memory, never in the user's ~/.local/share.
    env: { GATEHOUSE_DB: ':memory:' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/lab/**', 'node_modules/**', 'dist/**', 'src/web/**'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          include: ['src/web/**/*.test.ts', 'src/web/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
