import { randomUUID } from 'node:crypto';
import { connectRedis, RedisStore } from '../../src/store/redis-store.ts';

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
