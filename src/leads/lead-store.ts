import { createHash } from 'node:crypto';
import type { ChannelName } from '../channels/types.ts';
import type { LeadDraft } from '../conversation/types.ts';
import { AppError, ErrorCodes } from '../errors.ts';
import type { Store } from '../store/types.ts';
import { userTag } from '../store/types.ts';
import { indexesOf, indexFor, inScope, type LeadScope } from './lead-index.ts';
import { assertTransition } from './state.ts';
import type { Lead, LeadHistoryEvent, LeadStatus } from './types.ts';

/**
 * Lead records in the store (Redis in production, memory in the trial). One JSON value per lead, changed only
 * under the lead's lock; small marker keys index leads by user (for deletion) and by agent ("khách của tôi").
 */
export const leadKeys = {
  lead: (id: string) => `lead:${id}`,
  lock: (id: string) => `leadlock:${id}`,
  /** Marker per (user, lead): "delete my data" finds the user's leads through it. */
  byUser: (c: ChannelName, u: string, id?: string) => `leadsof:${userTag(c, u)}:${id ?? ''}`,
  /** Marker per (agent, lead) while the agent holds or is offered the lead. */
  byAgent: (agentId: string, id?: string) => `leadagent:${agentId}:${id ?? ''}`,
};

/** Same event, same id: a replayed `lead_submitted` finds the lead it already stored. */
export function leadIdFor(channel: ChannelName, userId: string, eventId: string): string {
  return createHash('sha256').update(`${channel}\u0000${userId}\u0000${eventId}`).digest('base64url').slice(0, 12).replace(/[-_]/g, 'x');
}

export interface LeadChange {
  status: LeadStatus;
  entries: { event: LeadHistoryEvent; agentId?: string; by?: string }[];
  patch?: Partial<Lead>;
  /** Check the move even when the status stays (offered → offered on reassignment). */
  checkTransition?: boolean;
}

/** A page of a filtered listing: `total` matching leads, `leads` the asked slice, newest first. */
export interface LeadPage {
  total: number;
  leads: Lead[];
}

export interface LeadQuery extends LeadScope {
  status?: LeadStatus | undefined;
  /** Creation time range, epoch ms, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
  offset?: number;
  /** Page size; Infinity lists every match (the admin export). */
  limit: number;
}

const INDEXED_MARKER = 'leads:indexed:v1';

/** Leads loaded per round of a listing that must filter in process (an agent and a province together). */
const SCAN_BATCH = 1_000;

/** Hook for each stored change (the console's funnel counts accepted/contacted/registered through it). */
export type LeadChangeListener = (before: Lead | undefined, after: Lead) => void;

export class LeadStore {
  private readonly listeners: LeadChangeListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly retentionSeconds: number,
  ) {}

  async get(id: string): Promise<Lead | undefined> {
    const raw = await this.store.get(leadKeys.lead(id));
    return raw === null ? undefined : (JSON.parse(raw) as Lead);
  }

  async require(id: string): Promise<Lead> {
    const lead = await this.get(id);
    if (!lead) throw new AppError(ErrorCodes.LEAD_NOT_FOUND, 'no such lead', { details: { leadId: id } });
    return lead;
  }

  onChange(listener: LeadChangeListener): void {
    this.listeners.push(listener);
  }

  /**
   * Writes the lead and moves it between listings: new index entries first, the value, then the entries it left,
   * so a listing may briefly show a lead twice-filtered (checked on read), never lose it.
   */
  private async save(lead: Lead, before?: Lead): Promise<void> {
    const next = indexesOf(lead);
    const prev = before ? indexesOf(before) : [];
    const at = Date.parse(lead.createdAt);
    await Promise.all(next.filter((n) => !prev.includes(n)).map((n) => this.store.addToIndex(n, lead.id, at)));
    await this.store.set(leadKeys.lead(lead.id), JSON.stringify(lead), this.retentionSeconds);
    await Promise.all(prev.filter((p) => !next.includes(p)).map((p) => this.store.removeFromIndex(p, lead.id)));
    for (const listener of this.listeners) listener(before, lead);
  }

  /**
   * Lists the leads stored before the indexes existed (one SCAN, at start-up, until it has once succeeded: the
   * marker is written after). Instances starting together may both scan; index entries are idempotent.
   */
  async indexExisting(): Promise<number> {
    if ((await this.store.get(INDEXED_MARKER)) !== null) return 0;
    const found = await this.store.keys('lead:');
    let n = 0;
    for (const k of found) {
      const raw = await this.store.get(k);
      if (raw === null) continue;
      const lead = JSON.parse(raw) as Lead;
      await Promise.all(indexesOf(lead).map((name) => this.store.addToIndex(name, lead.id, Date.parse(lead.createdAt))));
      n++;
    }
    await this.store.set(INDEXED_MARKER, '1');
    return n;
  }

  private async load(ids: string[]): Promise<(Lead | undefined)[]> {
    // One GET per lead (pipelined by the connection): lead keys live in different cluster slots, so no MGET.
    return Promise.all(ids.map((id) => this.get(id)));
  }

  /**
   * A filtered page, newest first, from the indexes: the narrowest scope's index (split by status) gives the page
   * and the count directly. When two scopes are asked together (an agent within a province), the narrower index is
   * read in batches and the rest checked in process. Entries whose lead is gone (retention) are dropped.
   */
  async query(q: LeadQuery): Promise<LeadPage> {
    const name = indexFor(q, q.status);
    const offset = q.offset ?? 0;
    const exact = [q.agent, q.ward, q.province].filter(Boolean).length <= 1;
    if (exact) {
      const [total, ids] = await Promise.all([
        this.store.indexCount(name, q.from, q.to),
        q.limit === 0 ? Promise.resolve([]) : this.store.indexRange(name, { min: q.from, max: q.to, offset, limit: Number.isFinite(q.limit) ? q.limit : -1, newestFirst: true }),
      ]);
      const loaded = await this.load(ids);
      await this.dropGone(name, ids, loaded);
      return { total, leads: loaded.filter((l): l is Lead => l !== undefined && inScope(l, q, q.status)) };
    }
    const matches: Lead[] = [];
    for (let at = 0; ; at += SCAN_BATCH) {
      const ids = await this.store.indexRange(name, { min: q.from, max: q.to, offset: at, limit: SCAN_BATCH, newestFirst: true });
      const loaded = await this.load(ids);
      await this.dropGone(name, ids, loaded);
      for (const l of loaded) if (l && inScope(l, q, q.status)) matches.push(l);
      if (ids.length < SCAN_BATCH) break;
    }
    return { total: matches.length, leads: matches.slice(offset, offset + q.limit) };
  }

  /** Every stored lead, oldest first, from the index (the admin export). */
  async all(): Promise<Lead[]> {
    return (await this.query({ limit: Infinity })).leads.reverse();
  }

  private async dropGone(name: string, ids: string[], loaded: (Lead | undefined)[]): Promise<void> {
    const gone = ids.filter((_, i) => loaded[i] === undefined);
    await Promise.all(gone.map((id) => this.store.removeFromIndex(name, id)));
  }

  /** Stores a new lead once; a replay returns the stored one. Keeps only the consented fields of the draft. */
  async create(input: { id: string; channel: ChannelName; userId: string; draft: LeadDraft; candidates: string[]; provinceCode?: string; wardCode?: string; at: Date }): Promise<Lead> {
    return this.store.withLock(leadKeys.lock(input.id), async () => {
      const existing = await this.get(input.id);
      const { draft } = input;
      const at = input.at.toISOString();
      const lead: Lead = existing ?? {
        id: input.id,
        channel: input.channel,
        userId: input.userId,
        consent: draft.consent,
        ...(draft.name ? { name: draft.name } : {}),
        ...(draft.phone ? { phone: draft.phone } : {}),
        location: draft.location,
        ...(input.provinceCode ? { provinceCode: input.provinceCode } : {}),
        ...(input.wardCode ? { wardCode: input.wardCode } : {}),
        ...(draft.estimate ? { estimate: draft.estimate } : {}),
        status: 'new',
        candidates: input.candidates,
        offerIndex: -1,
        createdAt: at,
        updatedAt: at,
        history: [{ at, event: 'created', status: 'new' }],
      };
      if (!existing) await this.save(lead);
      else if (existing.wardCode === undefined && input.wardCode) await this.save({ ...existing, wardCode: input.wardCode }, existing);
      await this.store.set(leadKeys.byUser(lead.channel, lead.userId, lead.id), '1', this.retentionSeconds);
      return lead;
    });
  }

  /**
   * Changes a lead under its lock. `change` gets the current lead and returns the new status and history
   * event (plus field updates), or undefined to leave it as it is. Invalid moves throw LEAD_TRANSITION_INVALID.
   */
  async update(
    id: string,
    at: Date,
    change: (lead: Lead) => LeadChange | undefined,
  ): Promise<{ lead: Lead; changed: boolean }> {
    return this.store.withLock(leadKeys.lock(id), async () => {
      const lead = await this.require(id);
      const next = change(lead);
      if (!next) return { lead, changed: false };
      if (next.status !== lead.status || next.checkTransition) assertTransition(id, lead.status, next.status);
      const iso = at.toISOString();
      const updated: Lead = {
        ...lead,
        ...next.patch,
        status: next.status,
        updatedAt: iso,
        history: [...lead.history, ...next.entries.map((e) => ({ at: iso, event: e.event, status: next.status, ...(e.agentId ? { agentId: e.agentId } : {}), ...(e.by ? { by: e.by } : {}) }))],
      };
      await this.save(updated, lead);
      const previousAgent = lead.assignedAgentId;
      const agent = updated.assignedAgentId;
      if (previousAgent && (previousAgent !== agent || isClosed(updated.status))) await this.store.del(leadKeys.byAgent(previousAgent, id));
      if (agent && !isClosed(updated.status)) await this.store.set(leadKeys.byAgent(agent, id), '1', this.retentionSeconds);
      return { lead: updated, changed: true };
    });
  }

  async forUser(channel: ChannelName, userId: string): Promise<string[]> {
    const prefix = leadKeys.byUser(channel, userId);
    return (await this.store.keys(prefix)).map((k) => k.slice(prefix.length));
  }

  async forAgent(agentId: string): Promise<Lead[]> {
    const prefix = leadKeys.byAgent(agentId);
    const ids = (await this.store.keys(prefix)).map((k) => k.slice(prefix.length));
    const leads = await Promise.all(ids.map((id) => this.get(id)));
    return leads.filter((l): l is Lead => l !== undefined && l.assignedAgentId === agentId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** "Delete my data": clears the personal fields of every lead of the user and drops the user's index. */
  async deletePersonalData(channel: ChannelName, userId: string, at: Date): Promise<number> {
    const ids = await this.forUser(channel, userId);
    for (const id of ids) {
      await this.update(id, at, (lead) =>
        lead.personalDataDeleted
          ? undefined
          : {
              status: lead.status,
              entries: [{ event: 'personal_data_deleted' }],
              patch: {
                userId: '',
                name: undefined,
                phone: undefined,
                estimate: undefined,
                location: lead.location.kind === 'none' ? lead.location : lead.location.kind === 'place' ? { kind: 'place', provinceCode: lead.location.provinceCode, label: '' } : { kind: 'none' },
                personalDataDeleted: true,
              },
            },
      ).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === ErrorCodes.LEAD_NOT_FOUND)) throw err;
      });
      await this.store.del(leadKeys.byUser(channel, userId, id));
    }
    return ids.length;
  }
}

function isClosed(status: LeadStatus): boolean {
  return status === 'registered' || status === 'declined' || status === 'expired';
}
