import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { ChannelName } from '../channels/types.ts';
import { AppError, ErrorCodes, isAppError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { JobContext } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { Store, StoreEntry } from '../store/types.ts';
import { SEQ_TTL_SECONDS } from './batch.ts';
import { deadLetterEntry, noteParked, type ParkReason } from './dead-letter.ts';
import { dropOutboxEntry } from './outbox.ts';
import type { KnownAtCommit, OutboundJob } from './types.ts';

/**
 * A later batch first waits in process for the user's earlier one: woken at once when this process delivers
 * it (the usual case: the earlier batch was queued a moment before), re-reading the store every
 * `ORDER_POLL_MS` in case another instance does. Past `ORDER_LOCAL_WAIT_MS` it is put back in the queue,
 * for `ORDER_WAIT_MS` at first and longer the longer it has waited (an earlier batch retrying through a
 * platform outage), at most `ORDER_WAIT_MAX_MS`, so a long outage does not cost the queue a poll every 25 ms.
 */
const ORDER_LOCAL_WAIT_MS = 300;
const ORDER_POLL_MS = 20;
const ORDER_WAIT_MS = 25;
const ORDER_WAIT_MAX_MS = 5_000;

/** How long the progress record of a batch (messages already out) is kept: as long as any window. */
const PROGRESS_TTL_SECONDS = 8 * 86_400;

export interface DeliverDeps {
  adapters: Partial<Record<ChannelName, ChannelAdapter>>;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

interface Progress {
  seq: number;
  sent: number;
}

/**
 * The outbound worker's job: deliver one user's batch, in order after their earlier batches, only inside the
 * platform's messaging window, resuming after the last message that got out. Progress is recorded after each
 * message (not per batch), so a crash resends at most the one message that was in flight. A retryable failure
 * is retried (by the queue, with backoff) for as long as the user's window is open; then, and on a permanent
 * failure, the rest of the batch is parked in the dead-letter list with its reason. Never crashes anything.
 */
export function createDeliverer(deps: DeliverDeps) {
  const now = deps.now ?? Date.now;

  /** Batches of this process waiting for the same user's earlier one, by user. */
  const waiting = new Map<string, Set<() => void>>();
  const userKey = (job: OutboundJob) => `${job.channel}:${job.userId}`;

  /** Records the batch as out (or parked); its outbox entry has then done its job. One pipelined write. */
  async function markDelivered(job: OutboundJob, parked?: StoreEntry): Promise<void> {
    await Promise.all([
      // Parked first: a crash between the two leaves the batch both parked and pending, never neither.
      ...(parked ? [deps.store.setAll([parked])] : []),
      deps.store.set(keys.deliveredSeq(job.channel, job.userId), String(job.seq), SEQ_TTL_SECONDS),
      dropOutboxEntry(deps.store, job),
    ]);
    for (const wake of waiting.get(userKey(job)) ?? []) wake();
  }

  interface UserState {
    delivered: number;
    last: number | null;
    progress: Progress | null;
  }

  /** The user's delivery state in one MGET. */
  async function readUser(job: OutboundJob): Promise<UserState> {
    const { channel, userId } = job;
    const [delivered = null, last = null, progress = null] = await deps.store.getMany([
      keys.deliveredSeq(channel, userId),
      keys.lastInteraction(channel, userId),
      keys.outProgress(channel, userId),
    ]);
    return { delivered: Number(delivered ?? 0), last: last === null ? null : Number(last), progress: progress === null ? null : (JSON.parse(progress) as Progress) };
  }

  /**
   * Whether the user's next batch after `delivered` is still to come: its outbox entry is there (it stays
   * until the batch is delivered or parked), or delivery moved on meanwhile. Both read in one MGET, so a
   * batch delivered between two reads is never taken for a lost one.
   */
  async function predecessorPending(job: OutboundJob, delivered: number): Promise<boolean> {
    const [now = null, entry = null] = await deps.store.getMany([keys.deliveredSeq(job.channel, job.userId), keys.outbox(job.channel, job.userId, delivered + 1)]);
    return Number(now ?? 0) !== delivered || entry !== null;
  }

  /** The user's delivered sequence number once it reaches `seq - 1`, or the last one read when the wait is over. */
  async function awaitPredecessor(job: OutboundJob, delivered: number): Promise<number> {
    const key = userKey(job);
    // Real time, not deps.now: this is a wait, and a test's frozen clock must not make it endless.
    const deadline = Date.now() + ORDER_LOCAL_WAIT_MS;
    const set = waiting.get(key) ?? new Set();
    waiting.set(key, set);
    try {
      while (delivered < job.seq - 1 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, ORDER_POLL_MS);
          function done() {
            clearTimeout(timer);
            set.delete(done);
            resolve();
          }
          set.add(done);
        });
        delivered = Number((await deps.store.get(keys.deliveredSeq(job.channel, job.userId))) ?? 0);
      }
      return delivered;
    } finally {
      if (set.size === 0) waiting.delete(key);
    }
  }

  /** Parks what is left of the batch with its reason, and moves the user on to their next batch. */
  function park(job: OutboundJob, reason: ParkReason, code: string | undefined): Promise<void> {
    deps.metrics.sends.inc({ channel: job.channel, outcome: reason === 'outside_window' ? 'outside_window' : 'failed' }, job.messages.length - job.sent);
    noteParked(deps, job, reason, code);
    return markDelivered(job, deadLetterEntry(job, reason, code, now()));
  }

  return async function deliver(job: OutboundJob, ctx: JobContext<OutboundJob>, known?: KnownAtCommit): Promise<void> {
    // The committing turn's view suffices for a fresh batch next in line: no progress can exist for it yet.
    const fresh = known && known.deliveredSeq === job.seq - 1 && job.sent === 0;
    const state: UserState = fresh ? { delivered: known.deliveredSeq, last: known.lastInteractionAt, progress: null } : await readUser(job);
    let { delivered } = state;
    if (delivered >= job.seq) return; // a replay of a batch already out
    if (delivered < job.seq - 1) {
      delivered = await awaitPredecessor(job, delivered);
      if (delivered >= job.seq) return; // another instance delivered this very batch meanwhile
    }
    if (delivered < job.seq - 1) {
      if (await predecessorPending(job, delivered)) {
        // The earlier batch is still waiting (retrying through an outage, or queued): keep the user's order.
        const waited = now() - job.queuedAt;
        await ctx.postpone(Math.min(ORDER_WAIT_MAX_MS, Math.max(ORDER_WAIT_MS, Math.round(waited / 10))));
      }
      // Its outbox entry is gone without it being marked delivered (lost with a Redis failover): go on.
      deps.logger.warn({ channel: job.channel, seq: job.seq, delivered }, 'earlier batch missing; sending out of order');
    }

    const adapter = deps.adapters[job.channel];
    if (!adapter) return park(job, 'channel_off', ErrorCodes.SEND_PERMANENT);

    const { last } = state;
    if (last === null || now() - last > adapter.windowSeconds * 1000) return park(job, 'outside_window', undefined);

    // Resume after the messages a try before this one (or a process that died) got out.
    const resumed = state.progress?.seq === job.seq ? state.progress.sent : 0;
    let sent = Math.max(job.sent, resumed);
    try {
      while (sent < job.messages.length) {
        await adapter.send(job.userId, job.messages[sent]!);
        if (sent === 0) deps.metrics.replyDelaySeconds.observe({ channel: job.channel }, (now() - job.queuedAt) / 1000);
        sent++;
        deps.metrics.sends.inc({ channel: job.channel, outcome: 'sent' });
        // Recorded before the next send: a crash from here on repeats at most the message in flight.
        if (sent < job.messages.length) {
          const progress: Progress = { seq: job.seq, sent };
          await deps.store.set(keys.outProgress(job.channel, job.userId), JSON.stringify(progress), PROGRESS_TTL_SECONDS);
        }
      }
    } catch (err) {
      const appErr = isAppError(err) ? err : new AppError(ErrorCodes.SEND_PERMANENT, 'unexpected send failure', { cause: err });
      const progressed = { ...job, sent };
      if (appErr.retry === 'retry' && !ctx.finalAttempt) {
        // Retried (queue backoff) while the window is open; the next try parks it once the window has closed.
        deps.metrics.sends.inc({ channel: job.channel, outcome: 'retry' });
        if (sent > job.sent) await ctx.update(progressed).catch(() => {});
        throw appErr;
      }
      return park(progressed, appErr.retry === 'retry' ? 'retries_exhausted' : 'rejected', appErr.code);
    }
    await markDelivered(job);
  };
}
