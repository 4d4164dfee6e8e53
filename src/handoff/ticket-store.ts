import { createHash } from 'node:crypto';
import type { ChannelName } from '../channels/types.ts';
import type { Store } from '../store/types.ts';
import { userTag } from '../store/types.ts';
import type { Ticket, TicketCloseReason } from './types.ts';

/**
 * Handoff tickets in the store (Redis in production, memory in the trial): one JSON value per ticket, changed
 * under the ticket's lock, listed through two time indexes (sorted sets) — never a keyspace scan:
 * `tickets:open` by opening time (oldest first: who has waited longest), `tickets:closed` by closing time
 * negated (newest first). A per-user pointer, under the user's hash tag, names the user's open ticket.
 */
export const ticketKeys = {
  ticket: (id: string) => `ticket:{tickets}:${id}`,
  lock: (id: string) => `ticketlock:{tickets}:${id}`,
  /** The user's open ticket id; lives with the user's other keys. */
  openOf: (c: ChannelName, u: string) => `ticketof:${userTag(c, u)}`,
  /** The user's ticket ids (JSON array, newest last): "delete my data" finds them through it. */
  byUser: (c: ChannelName, u: string) => `ticketsof:${userTag(c, u)}`,
  openIndex: 'tickets:open',
  closedIndex: 'tickets:closed',
};

/** Same event, same id: a replayed `human_requested` finds the ticket it already opened. */
export function ticketIdFor(channel: ChannelName, userId: string, eventId: string): string {
  return createHash('sha256').update(`ticket\u0000${channel}\u0000${userId}\u0000${eventId}`).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x');
}

/** Tickets remembered per user for "delete my data" (older ones expire with the retention anyway). */
const MAX_PER_USER = 50;

export class TicketStore {
  constructor(
    private readonly store: Store,
    /** How long a ticket is kept after it was last changed. */
    private readonly retentionSeconds: number,
  ) {}

  async get(id: string): Promise<Ticket | undefined> {
    const raw = await this.store.get(ticketKeys.ticket(id));
    return raw === null ? undefined : (JSON.parse(raw) as Ticket);
  }

  /** The user's open ticket, if any. */
  async openFor(channel: ChannelName, userId: string): Promise<Ticket | undefined> {
    const id = await this.store.get(ticketKeys.openOf(channel, userId));
    const ticket = id === null ? undefined : await this.get(id);
    return ticket?.status === 'open' ? ticket : undefined;
  }

  /** Stores a new open ticket once; a replay returns the stored one. */
  async create(ticket: Ticket): Promise<Ticket> {
    return this.store.withLock(ticketKeys.lock(ticket.id), async () => {
      const existing = await this.get(ticket.id);
      if (existing) return existing;
      const key = ticketKeys.ticket(ticket.id);
      await this.store.setAll([{ key, value: JSON.stringify(ticket), ttlSeconds: this.retentionSeconds, index: { name: ticketKeys.openIndex, at: Date.parse(ticket.openedAt) } }]);
      await this.store.set(ticketKeys.openOf(ticket.channel, ticket.userId), ticket.id, this.retentionSeconds);
      const mineKey = ticketKeys.byUser(ticket.channel, ticket.userId);
      const mine = JSON.parse((await this.store.get(mineKey)) ?? '[]') as string[];
      await this.store.set(mineKey, JSON.stringify([...mine.filter((m) => m !== ticket.id), ticket.id].slice(-MAX_PER_USER)), this.retentionSeconds);
      return ticket;
    });
  }

  /** Closes an open ticket; `changed` false when it was already closed (or is gone). */
  async close(id: string, at: Date, reason: TicketCloseReason, staff?: string): Promise<{ ticket: Ticket | undefined; changed: boolean }> {
    return this.store.withLock(ticketKeys.lock(id), async () => {
      const ticket = await this.get(id);
      if (!ticket || ticket.status !== 'open') return { ticket, changed: false };
      const closed: Ticket = { ...ticket, status: 'closed', closedAt: at.toISOString(), closedBy: reason, ...(staff ? { closedByStaff: staff } : {}) };
      const key = ticketKeys.ticket(id);
      await this.store.setAll([{ key, value: JSON.stringify(closed), ttlSeconds: this.retentionSeconds, index: { name: ticketKeys.closedIndex, at: -at.getTime() } }]);
      await this.store.removeFromIndex(ticketKeys.openIndex, key);
      const pointer = ticketKeys.openOf(ticket.channel, ticket.userId);
      if ((await this.store.get(pointer)) === id) await this.store.del(pointer);
      return { ticket: closed, changed: true };
    });
  }

  /** Records who was told (after hours, decided when the first shift starts). Undefined when no longer open. */
  async assign(id: string, notified: string[], unreachable: string[]): Promise<Ticket | undefined> {
    return this.store.withLock(ticketKeys.lock(id), async () => {
      const ticket = await this.get(id);
      if (!ticket || ticket.status !== 'open') return undefined;
      const updated: Ticket = { ...ticket, notified, unreachable };
      await this.store.set(ticketKeys.ticket(id), JSON.stringify(updated), this.retentionSeconds);
      return updated;
    });
  }

  /** After "delete my data": the user's tickets keep their counts and topic, not who asked, their phone or estimate. */
  async forgetUser(channel: ChannelName, userId: string): Promise<void> {
    const mineKey = ticketKeys.byUser(channel, userId);
    const mine = JSON.parse((await this.store.get(mineKey)) ?? '[]') as string[];
    for (const id of mine) {
      await this.store.withLock(ticketKeys.lock(id), async () => {
        const current = await this.get(id);
        if (!current) return;
        const { phone: _phone, estimate: _estimate, ...rest } = current;
        await this.store.set(ticketKeys.ticket(id), JSON.stringify({ ...rest, userId: '' }), this.retentionSeconds);
      });
    }
    await this.store.del(mineKey, ticketKeys.openOf(channel, userId));
  }

  /**
   * Open tickets, oldest first, or closed ones, most recently closed first; at most `limit`. Index entries whose
   * ticket has expired are dropped from the index as they are met.
   */
  async list(status: 'open' | 'closed', limit = 100): Promise<Ticket[]> {
    const index = status === 'open' ? ticketKeys.openIndex : ticketKeys.closedIndex;
    // Closed tickets are indexed at minus their closing time: every score is below 1.
    const keys = await this.store.indexed(index, status === 'open' ? Number.MAX_SAFE_INTEGER : 1, limit);
    if (keys.length === 0) return [];
    const raws = await this.store.getMany(keys);
    const out: Ticket[] = [];
    for (const [i, raw] of raws.entries()) {
      if (raw === null) await this.store.removeFromIndex(index, keys[i]!);
      else out.push(JSON.parse(raw) as Ticket);
    }
    return out;
  }
}
