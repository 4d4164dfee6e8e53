import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../src/console/password.ts';
import { StaffRegistry, withinHours } from '../../src/console/staff.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { dropTestStore, testRedisStore } from '../store/helpers.ts';

/** A cheap cost so the suite stays fast; the default cost is checked once below. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
/** 2026-12-03 09:00 in Vietnam (02:00 UTC). */
const NINE_AM = new Date('2026-12-03T02:00:00Z');

describe('passwords', () => {
  it('verifies the right password only, with a salt of its own per hash', async () => {
    const a = await hashPassword('correct horse battery', CHEAP);
    const b = await hashPassword('correct horse battery', CHEAP);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  it('uses the OWASP scrypt cost by default and asks to rehash cheaper hashes', async () => {
    const strong = await hashPassword('correct horse battery');
    expect(strong.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(needsRehash(strong)).toBe(false);
    expect(needsRehash(await hashPassword('x', CHEAP))).toBe(true);
  });
});

describe('office hours', () => {
  it('reads the hours as the handoff does: Vietnam time, weekdays, wrapping past midnight, unset = office hours', () => {
    expect(withinHours('07:30-17:00', NINE_AM)).toBe(true);
    expect(withinHours('09:01-17:00', NINE_AM)).toBe(false);
    expect(withinHours('22:00-09:30', NINE_AM)).toBe(true);
    expect(withinHours(undefined, NINE_AM)).toBe(true);
    expect(withinHours('07:30-17:00', new Date('2026-12-05T02:00:00Z'))).toBe(false); // Saturday
    expect(withinHours('T2-T7 07:30-11:30', new Date('2026-12-05T02:00:00Z'))).toBe(true);
  });
});

for (const [name, make] of [
  ['memory', () => new MemoryStore()],
  ['redis', () => testRedisStore()],
] as const) {
  describe(`staff registry (${name} store)`, () => {
    const store = make();
    const registry = new StaffRegistry(store, CHEAP);
    afterAll(async () => {
      if ('redis' in store) await dropTestStore(store);
    });

    it('adds, lists without hashes, finds who is on duty, removes', async () => {
      await registry.add({ username: 'lan', role: 'province', province: '15', zaloUserId: '5551', hours: '07:30-17:00' }, 'mat-khau-dai-du');
      await registry.add({ username: 'minh', role: 'admin', zaloUserId: '5552', hours: '13:00-17:00' }, 'mat-khau-dai-du');
      await registry.add({ username: 'xem', role: 'viewer' }, 'mat-khau-dai-du');
      const list = await registry.list();
      expect(list.map((s) => s.username)).toEqual(['lan', 'minh', 'xem']);
      expect(JSON.stringify(list)).not.toContain('scrypt');
      expect((await registry.onDuty(NINE_AM)).map((s) => s.username)).toEqual(['lan']);
      expect(await verifyPassword('mat-khau-dai-du', (await registry.get('lan'))!.passwordHash)).toBe(true);
      expect(await registry.remove('xem')).toBe(true);
      expect(await registry.remove('xem')).toBe(false);
      expect((await registry.list()).length).toBe(2);
    });

    it('refuses province staff without a province, bad hours and short passwords', async () => {
      await expect(registry.add({ username: 'vy', role: 'province' }, 'mat-khau-dai-du')).rejects.toThrow(/province/);
      await expect(registry.add({ username: 'vy', role: 'viewer', hours: '7:30-17' }, 'mat-khau-dai-du')).rejects.toThrow(/HH:MM/);
      await expect(registry.add({ username: 'vy', role: 'viewer' }, 'short')).rejects.toThrow(/10 characters/);
      expect(await registry.get('vy')).toBeUndefined();
    });

    it('edits roster fields and keeps the password', async () => {
      const before = (await registry.get('minh'))!.passwordHash;
      const s = await registry.update('minh', { hours: '07:00-11:00' });
      expect(s.hours).toBe('07:00-11:00');
      expect((await registry.get('minh'))!.passwordHash).toBe(before);
    });
  });
}
