import type { Logger } from 'pino';
import type { Store, StoreEntry } from '../store/types.ts';
import { keys } from '../store/keys.ts';
import type { OutboundJob } from './types.ts';

/** The time index listing every outbox entry, so the sweeper never scans the keyspace. */
export const OUTBOX_INDEX = 'outbox';

/** Entries the sweeper looks at in one pass; the rest wait for the next one. */
const SWEEP_LIMIT = 500;

/**
 * Transactional outbox. A turn writes its replies to the store in the same atomic step as the session (and
 * lists the entry in the outbox index just before); the entry stays until the replies are delivered or parked
 * (dead-letter.ts), also while they retry in the queue: it tells the user's later batches this one is still to
 * come, and the backlog gauges read it. If the process dies or Redis fails, the entry is still there and
 * `recoverOutbox` queues it; job ids and the deliverer's sequence check make that idempotent.
 */
export function outboxEntry(job: OutboundJob): StoreEntry {
  return { key: keys.outbox(job.channel, job.userId, job.seq), value: JSON.stringify(job), index: { name: OUTBOX_INDEX, at: job.queuedAt } };
}

/** The batch is delivered or parked: its entry (and its index listing) has done its job. */
export async function dropOutboxEntry(store: Store, job: OutboundJob): Promise<void> {
  const key = keys.outbox(job.channel, job.userId, job.seq);
  await Promise.all([store.del(key), store.removeFromIndex(OUTBOX_INDEX, key)]);
}

/**
 * How many reply batches are committed and not yet delivered nor parked, and how old the oldest is: the outbox
 * index lists each until then. A listing whose entry is gone is skipped (and forgotten by the next sweep).
 */
export async function outboxBacklog(store: Store, now: number): Promise<{ count: number; oldestAgeMs: number }> {
  const count = await store.indexCount(OUTBOX_INDEX);
  for (const key of await store.indexRange(OUTBOX_INDEX, { limit: 5 })) {
    const raw = await store.get(key);
    if (raw !== null) return { count, oldestAgeMs: Math.max(0, now - (JSON.parse(raw) as OutboundJob).queuedAt) };
  }
  return { count, oldestAgeMs: 0 };
}

/**
 * Lists the outbox entries found by a scan of the keyspace: the ones written before the index existed. Once,
 * at start-up; the periodic sweep reads only the index.
 */
export async function indexOutbox(store: Store): Promise<number> {
  let listed = 0;
  for (const key of await store.keys('outbox:')) {
    const raw = await store.get(key);
    if (raw === null) continue;
    await store.addToIndex(OUTBOX_INDEX, key, (JSON.parse(raw) as OutboundJob).queuedAt);
    listed++;
  }
  return listed;
}

/**
 * Hands the outbox entries listed before `before` (older than the stale age: left behind by a crash or an
 * outage) to `recover` (Dispatcher.recover, which takes only stale ones not in flight here), and forgets
 * listings whose entry is gone. Returns how many it recovered.
 */
export async function recoverOutbox(store: Store, recover: (job: OutboundJob) => Promise<boolean>, logger: Logger, before: number): Promise<number> {
  let recovered = 0;
  for (const key of await store.indexed(OUTBOX_INDEX, before, SWEEP_LIMIT)) {
    const raw = await store.get(key);
    if (raw === null) await store.removeFromIndex(OUTBOX_INDEX, key);
    else if (await recover(JSON.parse(raw) as OutboundJob)) recovered++;
  }
  if (recovered > 0) logger.debug({ count: recovered }, 'stale outbox entries handed to the queue (idempotent)');
  return recovered;
}
