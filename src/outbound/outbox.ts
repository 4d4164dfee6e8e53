import type { Logger } from 'pino';
import type { Store } from '../store/types.ts';
import { keys } from '../store/keys.ts';
import type { OutboundJob } from './types.ts';

/**
 * Transactional outbox. A turn writes its replies to the store in the same atomic step as the session; the
 * dispatcher delivers them and clears the entry once they are out or queued. If the process dies or Redis
 * fails in between, the entry is still there and `recoverOutbox` queues it; job ids and the deliverer's
 * sequence check make that idempotent.
 */
export function outboxEntry(job: OutboundJob): { key: string; value: string } {
  return { key: keys.outbox(job.channel, job.userId, job.seq), value: JSON.stringify(job) };
}

/**
 * Hands the outbox entries left behind by a crash or an outage to `recover` (Dispatcher.recover, which takes
 * only stale ones). Returns how many it recovered.
 */
export async function recoverOutbox(store: Store, recover: (job: OutboundJob) => Promise<boolean>, logger: Logger): Promise<number> {
  const found = await store.keys('outbox:');
  let recovered = 0;
  for (const key of found) {
    const raw = await store.get(key);
    if (raw !== null && (await recover(JSON.parse(raw) as OutboundJob))) recovered++;
  }
  if (recovered > 0) logger.info({ count: recovered }, 'outbox entries re-queued');
  return recovered;
}
