import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/types.ts';
import { isAppError, ErrorCodes } from '../../src/errors.ts';
import { dropTestStore, testRedisStore } from './helpers.ts';

const redisStore = testRedisStore();
afterAll(() => dropTestStore(redisStore));

// The same behaviour is required of both stores: the memory one is what `npm start` and the console use.
describe.each<[string, Store]>([
  ['memory', new MemoryStore()],
  ['redis', redisStore],
])('%s store', (_name, store) => {
  it('sets, gets and deletes values', async () => {
    await store.set('a', '1');
    expect(await store.get('a')).toBe('1');
    await store.del('a');
    expect(await store.get('a')).toBeNull();
  });

  it('writes several values at once', async () => {
    await store.setAll([
      { key: 'm:{u:zalo:9}:a', value: 'x' },
      { key: 'm:{u:zalo:9}:b', value: 'y', ttlSeconds: 60 },
    ]);
    expect([await store.get('m:{u:zalo:9}:a'), await store.get('m:{u:zalo:9}:b')]).toEqual(['x', 'y']);
  });

  it('reads several values in one call, in the order asked, null for the missing', async () => {
    await store.setAll([
      { key: 'g:{u:zalo:8}:a', value: '1' },
      { key: 'g:{u:zalo:8}:c', value: '3' },
    ]);
    expect(await store.getMany(['g:{u:zalo:8}:c', 'g:{u:zalo:8}:b', 'g:{u:zalo:8}:a'])).toEqual(['3', null, '1']);
  });

  it('setIfAbsent is true only for the first writer (dedupe)', async () => {
    expect(await store.setIfAbsent('seen:m1', '1', 60)).toBe(true);
    expect(await store.setIfAbsent('seen:m1', '1', 60)).toBe(false);
  });

  it('increments a counter that keeps its first TTL', async () => {
    expect(await store.increment('rate:w1', 60)).toBe(1);
    expect(await store.increment('rate:w1', 60)).toBe(2);
  });

  it('expires values after their TTL', async () => {
    await store.set('short', 'x', 1);
    await sleep(1_100);
    expect(await store.get('short')).toBeNull();
  });

  it('lists keys under a prefix', async () => {
    await store.set('list:{u:zalo:1}:a', '1');
    await store.set('list:{u:zalo:1}:b', '2');
    await store.set('other', '3');
    expect((await store.keys('list:')).sort()).toEqual(['list:{u:zalo:1}:a', 'list:{u:zalo:1}:b']);
  });

  it('keeps a time index: earliest first, before a time, at most a limit; a listed key keeps its first time', async () => {
    await store.addToIndex('ix1', 'k:b', 2_000);
    await store.addToIndex('ix1', 'k:a', 1_000);
    await store.addToIndex('ix1', 'k:c', 3_000);
    await store.addToIndex('ix1', 'k:a', 5_000);
    expect(await store.indexed('ix1', 3_000, 10)).toEqual(['k:a', 'k:b']);
    expect(await store.indexed('ix1', 10_000, 2)).toEqual(['k:a', 'k:b']);
    await store.removeFromIndex('ix1', 'k:a');
    expect(await store.indexed('ix1', 10_000, 10)).toEqual(['k:b', 'k:c']);
    expect(await store.indexed('ix-none', 10_000, 10)).toEqual([]);
  });

  it('lists an entry written with an index, by setAll and by a transact commit, but not when the decision throws', async () => {
    await store.setAll([{ key: 'ix:{u:zalo:3}:a', value: '1', index: { name: 'ix2', at: 10 } }, { key: 'ix:{u:zalo:3}:plain', value: '2' }]);
    await store.transact('ix:{u:zalo:3}', [], async () => ({ result: 0, writes: [{ key: 'ix:{u:zalo:3}:b', value: '3', index: { name: 'ix2', at: 20 } }] }));
    await store
      .transact('ix:{u:zalo:3}', [], async () => {
        throw new Error('no');
      })
      .catch(() => {});
    expect(await store.indexed('ix2', 100, 10)).toEqual(['ix:{u:zalo:3}:a', 'ix:{u:zalo:3}:b']);
    expect(await store.get('ix:{u:zalo:3}:b')).toBe('3');
  });

  it('runs lock holders one at a time (no lost update)', async () => {
    await store.set('counter', '0');
    const bump = () =>
      store.withLock('counter', async () => {
        const n = Number(await store.get('counter'));
        await sleep(5);
        await store.set('counter', String(n + 1));
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    expect(await store.get('counter')).toBe('10');
  });

  it('transact: reads under the lock, writes what it decides and unlocks — no lost update', async () => {
    await store.set('t:{u:zalo:7}:n', '0');
    const bump = () =>
      store.transact('t:{u:zalo:7}', ['t:{u:zalo:7}:n', 't:{u:zalo:7}:missing'], async ([n, missing]) => {
        expect(missing).toBeNull();
        await sleep(3);
        return { result: Number(n) + 1, writes: [{ key: 't:{u:zalo:7}:n', value: String(Number(n) + 1), ttlSeconds: 60 }] };
      });
    const results = await Promise.all(Array.from({ length: 10 }, bump));
    expect(results.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await store.get('t:{u:zalo:7}:n')).toBe('10');
  });

  it('transact: a decision that throws writes nothing and frees the lock', async () => {
    await expect(
      store.transact('t:{u:zalo:6}', ['t:{u:zalo:6}:a'], async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await store.get('t:{u:zalo:6}:a')).toBeNull();
    const again = await store.transact('t:{u:zalo:6}', [], async () => ({ result: 'free', writes: [{ key: 't:{u:zalo:6}:a', value: 'x' }] }), { waitMs: 100 });
    expect(again).toBe('free');
    expect(await store.get('t:{u:zalo:6}:a')).toBe('x');
  });

  it('gives up waiting for a lock with LOCK_TIMEOUT', async () => {
    const holder = store.withLock('busy', () => sleep(300));
    await expect(store.withLock('busy', async () => 'never', { waitMs: 50 })).rejects.toSatisfy((e) =>
      isAppError(e, ErrorCodes.LOCK_TIMEOUT),
    );
    await holder;
  });
});
