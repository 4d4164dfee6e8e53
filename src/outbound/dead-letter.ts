import type { Logger } from 'pino';
import type { ChannelName } from '../channels/types.ts';
import { ErrorCodes } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { keys } from '../store/keys.ts';
import type { Store, StoreEntry } from '../store/types.ts';
import type { SendToUser } from './batch.ts';
import type { OutboundJob } from './types.ts';

/**
 * The dead-letter list: reply batches the app gave up on, each with its reason, kept for an operator
 * (`npm run outbox -- list|retry|drop`) instead of being dropped. A batch is parked when the user's messaging
 * window has closed while the platform kept failing, when the platform refuses it for good (blocked, unknown
 * user, no permission), when its channel is off, or when the user already has `MAX_BACKLOG` replies waiting.
 * Entries hold message texts, so they expire (30 days) and go with the user's "delete my data".
 */
export const DEAD_LETTER_INDEX = 'deadletter';
export const DEAD_LETTER_TTL_SECONDS = 30 * 86_400;

export type ParkReason = 'outside_window' | 'rejected' | 'channel_off' | 'backlog_full' | 'retries_exhausted';

export interface DeadLetter {
  /** `channel:userId:cause`, what the CLI takes. */
  id: string;
  job: OutboundJob;
  reason: ParkReason;
  /** The BHXH_ code of the last failure, when there was one. */
  code: string | undefined;
  parkedAt: number;
}

export function deadLetterId(job: Pick<OutboundJob, 'channel' | 'userId' | 'cause'>): string {
  return `${job.channel}:${job.userId}:${job.cause}`;
}

function keyOfId(id: string): string | undefined {
  const m = /^(zalo|messenger|console):([^:]+):(.+)$/.exec(id);
  return m ? keys.deadLetter(m[1] as ChannelName, m[2]!, m[3]!) : undefined;
}

/** The store write that parks a batch (its unsent messages only), listed in the dead-letter index. */
export function deadLetterEntry(job: OutboundJob, reason: ParkReason, code: string | undefined, at: number): StoreEntry {
  const letter: DeadLetter = { id: deadLetterId(job), job, reason, code, parkedAt: at };
  return {
    key: keys.deadLetter(job.channel, job.userId, job.cause),
    value: JSON.stringify(letter),
    ttlSeconds: DEAD_LETTER_TTL_SECONDS,
    index: { name: DEAD_LETTER_INDEX, at },
  };
}

/** Counts and logs a parked batch: the one line an operator greps for (BHXH_SEND_PARKED). */
export function noteParked(deps: { metrics: Metrics; logger: Logger }, job: OutboundJob, reason: ParkReason, code: string | undefined): void {
  deps.metrics.parked.inc({ channel: job.channel, reason }, job.messages.length - job.sent);
  deps.logger.warn({ code: ErrorCodes.SEND_PARKED, cause: code, reason, channel: job.channel, seq: job.seq, messages: job.messages.length - job.sent }, 'reply batch parked in the dead-letter list');
}

/** Parked batches, oldest first, at most `limit`; listings whose entry expired are forgotten on the way. */
export async function listDeadLetters(store: Store, limit = 100, offset = 0): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  for (const key of await store.indexRange(DEAD_LETTER_INDEX, { limit, offset })) {
    const raw = await store.get(key);
    if (raw === null) await store.removeFromIndex(DEAD_LETTER_INDEX, key);
    else found.push(JSON.parse(raw) as DeadLetter);
  }
  return found;
}

export function countDeadLetters(store: Store): Promise<number> {
  return store.indexCount(DEAD_LETTER_INDEX);
}

/** Removes a parked batch for good. False when there is no such entry. */
export async function dropDeadLetter(store: Store, id: string): Promise<boolean> {
  const key = keyOfId(id);
  if (!key || (await store.get(key)) === null) return false;
  await Promise.all([store.del(key), store.removeFromIndex(DEAD_LETTER_INDEX, key)]);
  return true;
}

/**
 * Queues a parked batch's messages again, after the user's current replies (a new batch: the order of what
 * is waiting now is kept), then removes the entry. The deliverer checks the messaging window again: a batch
 * retried after the window closed comes straight back. False when there is no such entry.
 */
export async function retryDeadLetter(store: Store, sendToUser: SendToUser, id: string): Promise<boolean> {
  const key = keyOfId(id);
  const raw = key ? await store.get(key) : null;
  if (!key || raw === null) return false;
  const letter = JSON.parse(raw) as DeadLetter;
  const { channel, userId } = letter.job;
  await sendToUser({ channel, userId }, letter.job.messages.slice(letter.job.sent), `retry:${letter.job.cause}:${letter.parkedAt}`);
  await Promise.all([store.del(key), store.removeFromIndex(DEAD_LETTER_INDEX, key)]);
  return true;
}
