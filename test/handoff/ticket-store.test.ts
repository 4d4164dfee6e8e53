import { afterAll, describe, expect, it } from 'vitest';
import { TicketStore, ticketIdFor } from '../../src/handoff/ticket-store.ts';
import type { Ticket } from '../../src/handoff/types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/types.ts';
import { dropTestStore, testRedisStore } from '../store/helpers.ts';

const redis = testRedisStore();
afterAll(() => dropTestStore(redis));

function ticket(n: number, openedAt: string): Ticket {
  return {
    id: ticketIdFor('zalo', `u${n}`, `e${n}`), channel: 'zalo', userId: `u${n}`, status: 'open', openedAt, topic: 'menu', afterHours: false,
    notified: ['lan'], unreachable: [], handedOver: false, closesAt: openedAt, phone: '+84987654321', estimate: { monthlyNet: 1_034_000 },
  };
}

for (const [name, store] of [['memory', new MemoryStore()], ['Redis', redis]] as [string, Store][]) {
  describe(`tickets on the ${name} store`, () => {
    it('lists open oldest first and closed newest first, from the indexes; create is idempotent; close once', async () => {
      const tickets = new TicketStore(store, 3600);
      const [a, b, c] = [ticket(1, '2026-11-23T03:00:00.000Z'), ticket(2, '2026-11-23T03:05:00.000Z'), ticket(3, '2026-11-23T03:10:00.000Z')];
      for (const x of [b, a, c]) await tickets.create(x);
      expect(await tickets.create({ ...a, topic: 'changed' })).toEqual(a);
      expect((await tickets.list('open')).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      expect((await tickets.openFor('zalo', 'u2'))?.id).toBe(b.id);

      expect((await tickets.close(a.id, new Date('2026-11-23T04:00:00Z'), 'staff', 'lan')).changed).toBe(true);
      expect((await tickets.close(c.id, new Date('2026-11-23T04:30:00Z'), 'timeout')).changed).toBe(true);
      expect((await tickets.close(c.id, new Date('2026-11-23T05:00:00Z'), 'staff')).changed).toBe(false);
      expect((await tickets.list('open')).map((x) => x.id)).toEqual([b.id]);
      expect((await tickets.list('closed')).map((x) => [x.id, x.closedBy])).toEqual([[c.id, 'timeout'], [a.id, 'staff']]);
      expect((await tickets.list('closed', 1)).map((x) => x.id)).toEqual([c.id]);
      expect(await tickets.openFor('zalo', 'u1')).toBeUndefined();
    });

    it('"delete my data": the user\'s tickets keep their counts, not who asked, the phone or the estimate', async () => {
      const tickets = new TicketStore(store, 3600);
      const t = ticket(9, '2026-11-23T03:00:00.000Z');
      await tickets.create(t);
      await tickets.forgetUser('zalo', 'u9');
      const left = await tickets.get(t.id);
      expect(left).toMatchObject({ id: t.id, userId: '', topic: 'menu' });
      expect(left!.phone).toBeUndefined();
      expect(left!.estimate).toBeUndefined();
      expect(await tickets.openFor('zalo', 'u9')).toBeUndefined();
    });
  });
}
