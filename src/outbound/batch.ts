import type { ChannelName, OutboundMessage } from '../channels/types.ts';
import { keys, PROCESSED_TTL_SECONDS } from '../store/keys.ts';
import type { Store } from '../store/types.ts';
import { outboxEntry } from './outbox.ts';
import type { OutboundJob } from './types.ts';

/** Reply counters live as long as a session could. */
export const SEQ_TTL_SECONDS = 30 * 86_400;

export interface PreparedBatch {
  job: OutboundJob;
  /** Store writes that must be committed (atomically, with whatever else the caller writes) before dispatch. */
  writes: { key: string; value: string; ttlSeconds?: number }[];
}

/**
 * Numbers a batch after the user's earlier ones, given the user's current sequence number as read from the
 * store (null when they have none). Call it under the user's turn lock.
 */
export function prepareBatch(
  target: { channel: ChannelName; userId: string },
  messages: OutboundMessage[],
  cause: string,
  at: number,
  currentSeq: string | null,
): PreparedBatch {
  const { channel, userId } = target;
  const seq = Number(currentSeq ?? 0) + 1;
  const job: OutboundJob = { channel, userId, seq, cause, messages, sent: 0, queuedAt: at };
  return { job, writes: [{ key: keys.outSeq(channel, userId), value: String(seq), ttlSeconds: SEQ_TTL_SECONDS }, outboxEntry(job)] };
}

export type SendToUser = (target: { channel: ChannelName; userId: string }, messages: OutboundMessage[], cause: string) => Promise<void>;

/**
 * Queues messages to a user outside their own turn (an agent's lead notice, the user's "your agent is …"),
 * in order with that user's turn replies. `cause` must be unique per batch and stable across retries.
 */
export function createSendToUser(store: Store, dispatch: (job: OutboundJob) => void, now: () => number = Date.now): SendToUser {
  return async (target, messages, cause) => {
    if (messages.length === 0) return;
    const causeKey = keys.processed(target.channel, target.userId, `out:${cause}`);
    const job = await store.transact(
      keys.turnLock(target.channel, target.userId),
      [causeKey, keys.outSeq(target.channel, target.userId)],
      async ([done = null, currentSeq = null]) => {
        // Already committed by an earlier try: the outbox (or the queue) has it.
        if (done !== null) return { result: undefined, writes: [] };
        const batch = prepareBatch(target, messages, cause, now(), currentSeq);
        return { result: batch.job, writes: [...batch.writes, { key: causeKey, value: '1', ttlSeconds: PROCESSED_TTL_SECONDS }] };
      },
    );
    if (job) dispatch(job);
  };
}
