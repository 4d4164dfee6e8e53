import { describe, expect, it } from 'vitest';
import { AgentStats } from '../../src/console/agent-stats.ts';
import { daysBetween, Funnel, weekOf } from '../../src/console/funnel.ts';
import { redact } from '../../src/console/redact.ts';
import { groupBySimilarity } from '../../src/console/unanswered.ts';
import type { Lead } from '../../src/leads/types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const NOON = Date.parse('2026-12-02T05:00:00Z'); // 12:00 in Vietnam

describe('redaction of kept questions', () => {
  it.each([
    ['Tôi tên là Nguyễn Văn An, sđt 0912 345 678 muốn hỏi', 'Tôi tên là [tên], sđt [số điện thoại] muốn hỏi'],
    ['em là Lan ạ, số +84987654321', 'em là [tên] ạ, số [số điện thoại]'],
    ['bác Trần Thị Bình hỏi lương hưu', 'bác [tên] hỏi lương hưu'],
    ['CCCD 001234567890 có đóng được không', 'CCCD [số] có đóng được không'],
    ['gửi vào a.b@gmail.com nhé', 'gửi vào [email] nhé'],
    ['đóng 3 tháng 1 lần được ko', 'đóng 3 tháng 1 lần được ko'],
    ['ở Hà Nội thì sao', 'ở Hà Nội thì sao'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('groups messages that share most of their words', () => {
    const items = ['mất thẻ bảo hiểm y tế', 'bị mất thẻ bảo hiểm y tế rồi', 'lương hưu của mẹ tôi'].map((text, i) => ({ id: String(i), text, at: i }));
    expect(groupBySimilarity(items).map((g) => g.items.length)).toEqual([2, 1]);
  });
});

describe('funnel counters', () => {
  it('counts per Vietnam day, by province and by commune, once per user for conversations', async () => {
    const f = new Funnel(new MemoryStore(), () => NOON);
    await f.count('conversation', {}, NOON, 'zalo:u1');
    await f.count('conversation', {}, NOON + 60_000, 'zalo:u1');
    await f.count('conversation', { province: '15' }, NOON, 'zalo:u2');
    await f.count('lead', { province: '15', ward: '04543' }, NOON);
    await f.count('registered', { province: '15', ward: '04543' }, NOON);
    // 23:30 UTC on the 1st is already the 2nd in Vietnam
    await f.count('lead', { province: '01' }, Date.parse('2026-12-01T23:30:00Z'));
    const national = await f.read(['2026-12-02'], {}, 'day');
    expect(national.total).toMatchObject({ conversation: 2, lead: 2, registered: 1 });
    expect(national.byPlace.find((p) => p.place === '15')!.counts).toMatchObject({ conversation: 1, lead: 1 });
    const province = await f.read(['2026-12-02'], { province: '15' }, 'day');
    expect(province.byPlace.find((p) => p.place === '04543')!.counts.lead).toBe(1);
    expect((await f.registeredInYear('2026')).get('15|04543')).toBe(1);
    expect((await f.registeredInYear('2026')).get('15|')).toBe(1);
  });

  it('gives drop-off per flow step and labels weeks by their Monday', async () => {
    const f = new Funnel(new MemoryStore(), () => NOON);
    for (let i = 0; i < 4; i++) await f.flowStep('reached', 'lead/phone', NOON);
    await f.flowStep('movedOn', 'lead/phone', NOON);
    expect(await f.dropoff(['2026-12-02'])).toEqual([{ step: 'lead/phone', reached: 4, movedOn: 1, dropped: 3 }]);
    expect(weekOf('2026-12-03')).toBe('2026-11-30');
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
  });
});

describe('agent figures', () => {
  it('counts offers and accepts and reads the median time to accept from minute buckets', async () => {
    const stats = new AgentStats(new MemoryStore());
    const base: Lead = { id: 'L', channel: 'zalo', userId: 'u', consent: { version: 'v', at: '' }, location: { kind: 'none' }, status: 'new', candidates: ['A1'], offerIndex: -1, createdAt: '', updatedAt: '', history: [] };
    const at = (min: number) => new Date(NOON + min * 60_000).toISOString();
    for (const [i, minutes] of [3, 8, 40].entries()) {
      const offered = { ...base, id: `L${i}`, history: [{ at: at(0), event: 'offered' as const, status: 'offered' as const, agentId: 'A1' }] };
      await stats.onLeadChange({ ...base, id: `L${i}` }, offered);
      await stats.onLeadChange(offered, { ...offered, history: [...offered.history, { at: at(minutes), event: 'accepted', status: 'accepted', agentId: 'A1' }] });
    }
    expect((await stats.all()).get('A1')).toEqual({ offered: 3, accepted: 3, medianAcceptMinutes: 10 });
  });
});
