import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { connectRedis, RedisStore } from '../../src/store/redis-store.ts';

/** The Redis the integration tests use (README: "Running the tests"). */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A RedisStore on the real test Redis with a prefix of its own, so test files never see each other's keys. */
export function testRedisStore(): RedisStore {
  return new RedisStore(connectRedis(REDIS_URL), `test:${randomUUID().slice(0, 8)}:`);
}

/** Deletes everything a test store wrote. */
export async function dropTestStore(store: RedisStore): Promise<void> {
  const keys = await store.keys('');
  await store.del(...keys);
  await store.close();
}

/** Every key under `prefix` (store keys and the BullMQ queue's keys alike), prefix included. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const found = await keysUnder(prefix);
  if (found.length === 0) return;
  const redis = new Redis(REDIS_URL);
  try {
    for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
  } finally {
    redis.disconnect();
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
