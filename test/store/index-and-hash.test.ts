import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/types.ts';
import { dropTestStore, testRedisStore } from './helpers.ts';

for (const [name, store] of [
  ['memory', new MemoryStore()],
  ['redis', testRedisStore()],
] as [string, Store][]) {
  describe(`time index pages and hash counters (${name})`, () => {
    afterAll(async () => {
      if (name === 'redis') await dropTestStore(store as ReturnType<typeof testRedisStore>);
    });

    it('pages a time index newest first within a time range, counts and trims it', async () => {
      for (let i = 1; i <= 10; i++) await store.addToIndex('t', `k${i}`, i * 100);
      expect(await store.indexRange('t', { limit: 3, newestFirst: true })).toEqual(['k10', 'k9', 'k8']);
      expect(await store.indexRange('t', { limit: 3, offset: 3, newestFirst: true })).toEqual(['k7', 'k6', 'k5']);
      expect(await store.indexRange('t', { min: 200, max: 400, limit: 10 })).toEqual(['k2', 'k3', 'k4']);
      expect(await store.indexCount('t', 250, 1000)).toBe(8);
      expect(await store.indexCount('t')).toBe(10);
      await store.indexTrim('t', 500);
      expect(await store.indexRange('t', { limit: 10 })).toEqual(['k5', 'k6', 'k7', 'k8', 'k9', 'k10']);
    });

    it('counts in hash fields, sets and removes fields', async () => {
      expect(await store.hashIncrement('h', 'a')).toBe(1);
      expect(await store.hashIncrement('h', 'a', 4, 60)).toBe(5);
      await store.hashSet('h', { b: 'x', c: 'y' });
      await store.hashSet('h', { c: undefined });
      expect(await store.hashGetAll('h')).toEqual({ a: '5', b: 'x' });
      expect(await store.hashGetAll('absent')).toEqual({});
      await store.del('h');
      expect(await store.hashGetAll('h')).toEqual({});
    });
  });
}
