import { defineConfig } from 'vitest/config';

// Runtime tests, type tests (*.test-d.ts) and property tests (*.test-prop.ts) are separate
// projects, as remeda does it, so a failure says which kind of guarantee broke.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'prop',
          include: ['test/**/*.test-prop.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Real Redis, real worker processes: one file at a time, with a private redis-server
        // started by the global setup (the tests report themselves skipped, with the reason,
        // when redis-server is not installed).
        test: {
          name: 'cluster',
          include: ['test/**/*.test-cluster.ts'],
          globalSetup: ['test/cluster/redis-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'types',
          include: ['test/**/*.test-d.ts'],
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'] },
        },
      },
    ],
  },
});
