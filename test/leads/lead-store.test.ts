import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors.ts';
import { leadIdFor, LeadStore } from '../../src/leads/lead-store.ts';
import { canTransition } from '../../src/leads/state.ts';
import { LEAD_STATUSES } from '../../src/leads/types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { drafts } from './fixtures.ts';

const at = new Date('2026-11-22T10:00:00Z');

describe('lead states', () => {
  it('allows only the documented moves', () => {
    const allowed = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`));
    expect(allowed.sort()).toEqual(
      [
        'new>offered', 'new>expired',
        'offered>offered', 'offered>accepted', 'offered>declined', 'offered>expired',
        'accepted>contacted', 'accepted>registered', 'contacted>registered',
        // office staff reassigning from the console
        'accepted>offered', 'contacted>offered', 'declined>offered', 'expired>offered',
      ].sort(),
    );
  });

  it('stores a lead once per event, keeps consented fields only, and refuses invalid transitions', async () => {
    const leads = new LeadStore(new MemoryStore(), 3600);
    const id = leadIdFor('zalo', 'u1', 'm1');
    expect(id).toBe(leadIdFor('zalo', 'u1', 'm1'));
    expect(id).not.toBe(leadIdFor('zalo', 'u1', 'm2'));
    const draft = { ...drafts.point!, extra: 'not consented' } as typeof drafts.point & { extra: string };
    const lead = await leads.create({ id, channel: 'zalo', userId: 'u1', draft, candidates: ['A1'], at });
    expect(lead).not.toHaveProperty('extra');
    const again = await leads.create({ id, channel: 'zalo', userId: 'u1', draft, candidates: ['X'], at: new Date() });
    expect(again).toEqual(lead);

    await expect(leads.update(id, at, () => ({ status: 'accepted', entries: [{ event: 'accepted' }] }))).rejects.toMatchObject({ code: ErrorCodes.LEAD_TRANSITION_INVALID });
    await leads.update(id, at, () => ({ status: 'offered', entries: [{ event: 'offered', agentId: 'A1' }], patch: { offerIndex: 0, assignedAgentId: 'A1' } }));
    await leads.update(id, at, () => ({ status: 'accepted', entries: [{ event: 'accepted', agentId: 'A1' }] }));
    await expect(leads.update(id, at, () => ({ status: 'new', entries: [{ event: 'created' }] }))).rejects.toMatchObject({ code: ErrorCodes.LEAD_TRANSITION_INVALID });
    await leads.update(id, at, () => ({ status: 'registered', entries: [{ event: 'registered', agentId: 'A1' }] }));
    await expect(leads.update(id, at, () => ({ status: 'contacted', entries: [{ event: 'contacted' }] }))).rejects.toMatchObject({ code: ErrorCodes.LEAD_TRANSITION_INVALID });
    const final = await leads.require(id);
    expect(final.history.map((h) => `${h.event}:${h.status}`)).toEqual(['created:new', 'offered:offered', 'accepted:accepted', 'registered:registered']);
    await expect(leads.require('nope')).rejects.toMatchObject({ code: ErrorCodes.LEAD_NOT_FOUND });
  });

  it('expires with the retention TTL', async () => {
    let now = at.getTime();
    const leads = new LeadStore(new MemoryStore(() => now), 86_400);
    await leads.create({ id: 'L1', channel: 'zalo', userId: 'u1', draft: drafts.ward!, candidates: [], at });
    now += 86_401_000;
    expect(await leads.get('L1')).toBeUndefined();
  });
});
