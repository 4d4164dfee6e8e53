import { defineConfig } from 'vitest/config';

/** Suites that run a second time on a real 3-master Redis Cluster (the `cluster` project starts it). */
const ON_CLUSTER = ['test/store/store-contract.test.ts', 'test/store/index-and-hash.test.ts', 'test/queue/job-queue.test.ts', 'test/turn/handle-event.test.ts'];

export default defineConfig({
  test: {
    // Integration tests share one real Redis; each file uses its own key prefix, so files may run in parallel.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'], exclude: ['test/cluster/**'] } },
      {
        extends: true,
        test: { name: 'cluster', include: [...ON_CLUSTER, 'test/cluster/**/*.test.ts'], globalSetup: ['test/support/cluster-setup.ts'], hookTimeout: 60_000 },
      },
    ],
  },
});
