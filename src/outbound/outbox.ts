import type { Logger } from 'pino';
import type { JobQueue } from '../queue/types.ts';
import type { Store } from '../store/types.ts';
import { keys } from '../store/keys.ts';
import { outboundJobId, type OutboundJob } from './types.ts';

/**
 * Transactional outbox. A turn writes its replies to the store in the same atomic step as the session, then
 * hands them to the queue and clears the entry. If the process dies or the queue fails in between, the
 * entry is still there and `recover` queues it again; job ids make that idempotent.
 */
export function outboxEntry(job: OutboundJob): { key: string; value: string } {
  return { key: keys.outbox(job.channel, job.userId, job.seq), value: JSON.stringify(job) };
}

export async function dispatch(store: Store, queue: JobQueue<OutboundJob>, job: OutboundJob): Promise<void> {
  await queue.add(outboundJobId(job), job);
  // Not awaited: once the job is queued the entry is only a spare copy. If this delete fails, the sweeper
  // queues the entry again and the deliverer skips it as already delivered (its sequence number is past).
  store.del(keys.outbox(job.channel, job.userId, job.seq)).catch(() => {});
}

/** Re-queues outbox entries left behind by a crash or an outage. Returns how many it found. */
export async function recoverOutbox(store: Store, queue: JobQueue<OutboundJob>, logger: Logger): Promise<number> {
  const found = await store.keys('outbox:');
  for (const key of found) {
    const raw = await store.get(key);
    if (raw === null) continue;
    await dispatch(store, queue, JSON.parse(raw) as OutboundJob);
  }
  if (found.length > 0) logger.info({ count: found.length }, 'outbox entries re-queued');
  return found.length;
}
