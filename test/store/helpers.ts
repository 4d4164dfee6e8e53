import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Config } from '../../src/config.ts';
import { connectTarget, type RedisTarget } from '../../src/store/connect.ts';
import { RedisStore } from '../../src/store/redis-store.ts';

/** The Redis the integration tests use (README: "Running the tests"). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The `cluster` test project (vitest.config.ts) runs some suites again on a throw-away Redis Cluster: there,
 * this is its nodes; in the default project, undefined.
 */
export function clusterNodes(): string | undefined {
  try {
    return inject('redisClusterNodes') || undefined;
  } catch {
    return undefined;
  }
}

/** Where the suite's Redis is: the project's cluster, or the shared Redis on 6379. */
export function testRedisTarget(): RedisTarget {
  const nodes = clusterNodes();
  return nodes ? { clusterNodes: nodes.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })) } : { url: REDIS_URL };
}

/** The same as Config fields, for tests that build a runtime. */
export function testRedisConfig(): Pick<Config, 'redisUrl' | 'redisClusterNodes'> {
  const target = testRedisTarget();
  return 'url' in target ? { redisUrl: target.url, redisClusterNodes: undefined } : { redisUrl: undefined, redisClusterNodes: target.clusterNodes };
}

/** A RedisStore on the real test Redis with a prefix of its own, so test files never see each other's keys. */
export function testRedisStore(): RedisStore {
  return new RedisStore(connectTarget(testRedisTarget()), `test:${randomUUID().slice(0, 8)}:`);
}

/** Deletes everything a test store wrote. */
export async function dropTestStore(store: RedisStore): Promise<void> {
  const keys = await store.keys('');
  await store.del(...keys);
  await store.close();
}

/** Every key under `prefix` (store keys and the BullMQ queue's keys alike), prefix included; every master of a cluster. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const store = new RedisStore(connectTarget(testRedisTarget(), {}), '');
  try {
    return await store.keys(prefix);
  } finally {
    await store.close();
  }
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const found = await keysUnder(prefix);
  if (found.length === 0) return;
  const store = new RedisStore(connectTarget(testRedisTarget(), {}), '');
  try {
    for (let i = 0; i < found.length; i += 500) await store.del(...found.slice(i, i + 500));
  } finally {
    await store.close();
  }
}

/**
 * Key prefixes handed to test runtimes or queues (`test-<8 hex>:`), deleted together by `drop()`. Call it after the
 * runtimes stopped: closing BullMQ's queues and workers still writes keys (meta, events, markers), so deleting through
 * the store before the stop leaves them behind.
 */
export function testPrefixes(): { next(): string; drop(): Promise<void> } {
  const list: string[] = [];
  return {
    next() {
      const prefix = `test-${randomUUID().slice(0, 8)}:`;
      list.push(prefix);
      return prefix;
    },
    async drop() {
      for (const prefix of list.splice(0)) await dropPrefix(prefix);
    },
  };
}
