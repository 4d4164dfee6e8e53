import type { TestProject } from 'vitest/node';
import { DisposableCluster } from './redis-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `REDIS_CLUSTER_NODES` of the throw-away cluster the `cluster` test project runs on. */
    redisClusterNodes: string;
  }
}

/** Global setup of the `cluster` test project: a real 3-master Redis Cluster on loopback for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await DisposableCluster.start(3);
  project.provide('redisClusterNodes', cluster.spec);
  return () => cluster.dispose();
}
