import type { ChannelName, OutboundMessage } from '../channels/types.ts';
import { keys, PROCESSED_TTL_SECONDS } from '../store/keys.ts';
import type { Store, StoreEntry } from '../store/types.ts';
import { deadLetterEntry } from './dead-letter.ts';
import { outboxEntry } from './outbox.ts';
import type { OutboundJob } from './types.ts';

/** Reply counters live as long as a session could. */
export const SEQ_TTL_SECONDS = 30 * 86_400;

/**
 * Reply batches one user may have waiting (committed, not yet delivered): while a platform is down a user who
 * keeps writing would otherwise pile up replies without bound. A batch beyond it is parked at once in the
 * dead-letter list (reason `backlog_full`), never dropped silently.
 */
export const MAX_BACKLOG = 20;

export interface PreparedBatch {
  job: OutboundJob;
  /** Store writes that must be committed (atomically, with whatever else the caller writes) before dispatch. */
  writes: StoreEntry[];
  /** The user's backlog was full: the batch went to the dead-letter list; do not dispatch it. */
  parked: boolean;
}

/**
 * Numbers a batch after the user's earlier ones, given the user's current and delivered sequence numbers as
 * read from the store (null when they have none). Call it under the user's turn lock.
 */
export function prepareBatch(
  target: { channel: ChannelName; userId: string },
  messages: OutboundMessage[],
  cause: string,
  at: number,
  currentSeq: string | null,
  deliveredSeq: string | null,
): PreparedBatch {
  const { channel, userId } = target;
  const current = Number(currentSeq ?? 0);
  if (current - Number(deliveredSeq ?? 0) >= MAX_BACKLOG) {
    const job: OutboundJob = { channel, userId, seq: 0, cause, messages, sent: 0, queuedAt: at };
    return { job, writes: [deadLetterEntry(job, 'backlog_full', undefined, at)], parked: true };
  }
  const seq = current + 1;
  const job: OutboundJob = { channel, userId, seq, cause, messages, sent: 0, queuedAt: at };
  return { job, writes: [{ key: keys.outSeq(channel, userId), value: String(seq), ttlSeconds: SEQ_TTL_SECONDS }, outboxEntry(job)], parked: false };
}

export type SendToUser = (target: { channel: ChannelName; userId: string }, messages: OutboundMessage[], cause: string) => Promise<void>;

/**
 * Queues messages to a user outside their own turn (an agent's lead notice, the user's "your agent is …"),
 * in order with that user's turn replies. `cause` must be unique per batch and stable across retries.
 */
export function createSendToUser(
  store: Store,
  dispatch: (job: OutboundJob) => void,
  now: () => number = Date.now,
  onParked: (job: OutboundJob) => void = () => {},
): SendToUser {
  return async (target, messages, cause) => {
    if (messages.length === 0) return;
    const causeKey = keys.processed(target.channel, target.userId, `out:${cause}`);
    const batch = await store.transact(
      keys.turnLock(target.channel, target.userId),
      [causeKey, keys.outSeq(target.channel, target.userId), keys.deliveredSeq(target.channel, target.userId)],
      async ([done = null, currentSeq = null, deliveredSeq = null]) => {
        // Already committed by an earlier try: the outbox (or the queue) has it.
        if (done !== null) return { result: undefined, writes: [] };
        const prepared = prepareBatch(target, messages, cause, now(), currentSeq, deliveredSeq);
        return { result: prepared, writes: [...prepared.writes, { key: causeKey, value: '1', ttlSeconds: PROCESSED_TTL_SECONDS }] };
      },
    );
    if (batch?.parked) onParked(batch.job);
    else if (batch) dispatch(batch.job);
  };
}
