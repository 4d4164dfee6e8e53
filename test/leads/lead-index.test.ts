import { afterAll, describe, expect, it } from 'vitest';
import { LeadStore } from '../../src/leads/lead-store.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { Store } from '../../src/store/types.ts';
import { dropTestStore, testRedisStore } from '../store/helpers.ts';
import { drafts } from './fixtures.ts';

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 3));

for (const [name, store] of [
  ['memory', new MemoryStore()],
  ['redis', testRedisStore()],
] as [string, Store][]) {
  describe(`lead listings from the indexes (${name})`, () => {
    const leads = new LeadStore(store, 86_400 * 365);
    afterAll(async () => {
      if (name === 'redis') await dropTestStore(store as ReturnType<typeof testRedisStore>);
    });

    it('pages, counts and filters by province, commune, status, agent and date without a scan', async () => {
      await leads.create({ id: 'L1', channel: 'zalo', userId: 'u1', draft: drafts.ward!, candidates: ['A1'], provinceCode: '15', wardCode: '04543', at: day(1) });
      await leads.create({ id: 'L2', channel: 'zalo', userId: 'u2', draft: drafts.ward!, candidates: ['A1'], provinceCode: '15', wardCode: '04543', at: day(2) });
      await leads.create({ id: 'L3', channel: 'messenger', userId: 'u3', draft: drafts.hanoi!, candidates: ['H1'], provinceCode: '01', at: day(3) });
      await leads.update('L2', day(2), () => ({ status: 'offered', entries: [{ event: 'offered', agentId: 'A1' }], patch: { offerIndex: 0, assignedAgentId: 'A1' } }));

      const ids = async (q: Parameters<LeadStore['query']>[0]) => {
        const page = await leads.query(q);
        return `${page.total}:${page.leads.map((l) => l.id).join(',')}`;
      };
      expect(await ids({ limit: 2 })).toBe('3:L3,L2');
      expect(await ids({ limit: 2, offset: 2 })).toBe('3:L1');
      expect(await ids({ province: '15', limit: 10 })).toBe('2:L2,L1');
      expect(await ids({ ward: '04543', status: 'new', limit: 10 })).toBe('1:L1');
      expect(await ids({ status: 'offered', limit: 10 })).toBe('1:L2');
      expect(await ids({ agent: 'A1', province: '15', limit: 10 })).toBe('1:L2');
      expect(await ids({ agent: 'A1', province: '01', limit: 10 })).toBe('0:');
      expect(await ids({ from: day(2).getTime(), limit: 10 })).toBe('2:L3,L2');
      expect(await ids({ province: '01', limit: 10 })).toBe('1:L3');
    });

    it('moves a lead between status and agent listings as it changes', async () => {
      await leads.update('L2', day(4), () => ({ status: 'offered', entries: [{ event: 'offered', agentId: 'A2' }], patch: { offerIndex: 1, assignedAgentId: 'A2' }, checkTransition: true }));
      expect((await leads.query({ agent: 'A1', limit: 10 })).total).toBe(0);
      expect((await leads.query({ agent: 'A2', status: 'offered', limit: 10 })).leads.map((l) => l.id)).toEqual(['L2']);
      expect((await leads.query({ status: 'new', limit: 10 })).total).toBe(2);
      expect((await leads.all()).map((l) => l.id)).toEqual(['L1', 'L2', 'L3']);
    });
  });
}
