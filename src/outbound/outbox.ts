import type { Logger } from 'pino';
import type { Store } from '../store/types.ts';
import { keys } from '../store/keys.ts';
import type { OutboundJob } from './types.ts';

/**
 * Transactional outbox. A turn writes its replies to the store in the same atomic step as the session, then
 * dispatches them (dispatcher.ts), which clears the entry once a copy is queued. If the process dies or the
 * queue fails in between, the entry is still there and `recoverOutbox` queues it; job ids and the
 * deliverer's sequence check make that idempotent.
 */
export function outboxEntry(job: OutboundJob): { key: string; value: string } {
  return { key: keys.outbox(job.channel, job.userId, job.seq), value: JSON.stringify(job) };
}

/** Queues the outbox entries left behind by a crash or an outage (Dispatcher.requeue). Returns how many it found. */
export async function recoverOutbox(store: Store, requeue: (job: OutboundJob) => Promise<void>, logger: Logger): Promise<number> {
  const found = await store.keys('outbox:');
  for (const key of found) {
    const raw = await store.get(key);
    if (raw === null) continue;
    await requeue(JSON.parse(raw) as OutboundJob);
  }
  if (found.length > 0) logger.info({ count: found.length }, 'outbox entries re-queued');
  return found.length;
}
