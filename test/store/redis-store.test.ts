import { afterAll, describe, expect, it } from 'vitest';
import { dropTestStore, testRedisStore } from './helpers.ts';

const store = testRedisStore();
afterAll(() => dropTestStore(store));

describe('the Redis store', () => {
  it("transact commits each write with its own TTL (or none) and frees the lock, in one step", async () => {
    const lock = 'w:{u:zalo:5}';
    await store.transact(lock, [], async () => ({
      result: undefined,
      writes: [
        { key: 'w:{u:zalo:5}:kept', value: 'a' },
        { key: 'w:{u:zalo:5}:short', value: 'b', ttlSeconds: 60 },
        { key: 'w:{u:zalo:5}:long', value: 'Chào bạn, "quoted" \\ value', ttlSeconds: 86_400 },
      ],
    }));
    const ttl = (k: string) => store.redis.ttl(store.key(k));
    expect(await store.getMany(['w:{u:zalo:5}:kept', 'w:{u:zalo:5}:short', 'w:{u:zalo:5}:long'])).toEqual(['a', 'b', 'Chào bạn, "quoted" \\ value']);
    expect(await ttl('w:{u:zalo:5}:kept')).toBe(-1);
    expect(await ttl('w:{u:zalo:5}:short')).toBeGreaterThan(55);
    expect(await ttl('w:{u:zalo:5}:short')).toBeLessThanOrEqual(60);
    expect(await ttl('w:{u:zalo:5}:long')).toBeGreaterThan(86_000);
    expect(await store.redis.exists(store.key(`lock:${lock}`))).toBe(0);
  });

  it("transact's commit leaves a lock alone that is no longer its own (expired and taken by another turn)", async () => {
    const lock = 'x:{u:zalo:4}';
    await store.transact(
      lock,
      [],
      async () => {
        await new Promise((r) => setTimeout(r, 120)); // outlives the 50 ms lock
        await store.redis.set(store.key(`lock:${lock}`), 'someone-else', 'PX', 5_000);
        return { result: undefined, writes: [{ key: 'x:{u:zalo:4}:v', value: '1' }] };
      },
      { ttlMs: 50 },
    );
    expect(await store.redis.get(store.key(`lock:${lock}`))).toBe('someone-else');
  });
});
