import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { ChannelName } from '../channels/types.ts';
import { AppError, ErrorCodes, isAppError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { JobContext } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/types.ts';
import { SEQ_TTL_SECONDS } from './batch.ts';
import { dropOutboxEntry } from './outbox.ts';
import type { KnownAtCommit, OutboundJob } from './types.ts';

/**
 * A later batch first waits in process for the user's earlier one: woken at once when this process delivers
 * it (the usual case: the earlier batch was queued a moment before), re-reading the store every
 * `ORDER_POLL_MS` in case another instance does. Only past `ORDER_LOCAL_WAIT_MS` is it put back in the queue
 * for `ORDER_WAIT_MS`, which costs the queue three scripts a round.
 */
const ORDER_LOCAL_WAIT_MS = 300;
const ORDER_POLL_MS = 20;
const ORDER_WAIT_MS = 25;
/** After this long an earlier batch that never showed up no longer holds the user's later replies back. */
const ORDER_GIVE_UP_MS = 120_000;

export interface DeliverDeps {
  adapters: Partial<Record<ChannelName, ChannelAdapter>>;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/**
 * The outbound worker's job: deliver one user's batch, in order after their earlier batches, only inside the
 * platform's messaging window, resuming after the last message a failed try got out. Permanent failures
 * are recorded with their reason and never crash anything.
 */
export function createDeliverer(deps: DeliverDeps) {
  const now = deps.now ?? Date.now;

  /** Batches of this process waiting for the same user's earlier one, by user. */
  const waiting = new Map<string, Set<() => void>>();
  const userKey = (job: OutboundJob) => `${job.channel}:${job.userId}`;

  /** Records the batch as out (or given up on); its outbox entry has then done its job. One pipelined write. */
  async function markDelivered(job: OutboundJob): Promise<void> {
    await Promise.all([
      deps.store.set(keys.deliveredSeq(job.channel, job.userId), String(job.seq), SEQ_TTL_SECONDS),
      dropOutboxEntry(deps.store, job),
    ]);
    for (const wake of waiting.get(userKey(job)) ?? []) wake();
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

  function giveUp(job: OutboundJob, err: AppError): Promise<void> {
    deps.metrics.sends.inc({ channel: job.channel, outcome: 'failed' }, job.messages.length - job.sent);
    deps.logger.warn({ code: err.code, channel: job.channel, seq: job.seq, details: err.details }, 'outbound batch given up');
    return markDelivered(job);
  }

  /** The user's delivered sequence number and last interaction: as the committing turn saw them when that suffices. */
  async function readState(job: OutboundJob, known: KnownAtCommit | undefined): Promise<{ delivered: number; last: number | null }> {
    if (known && known.deliveredSeq === job.seq - 1) return { delivered: known.deliveredSeq, last: known.lastInteractionAt };
    const [delivered = null, last = null] = await deps.store.getMany([keys.deliveredSeq(job.channel, job.userId), keys.lastInteraction(job.channel, job.userId)]);
    return { delivered: Number(delivered ?? 0), last: last === null ? null : Number(last) };
  }

  return async function deliver(job: OutboundJob, ctx: JobContext<OutboundJob>, known?: KnownAtCommit): Promise<void> {
    const state = await readState(job, known);
    const { last } = state;
    let { delivered } = state;
    if (delivered >= job.seq) return; // a replay of a batch already out
    if (delivered < job.seq - 1) {
      delivered = await awaitPredecessor(job, delivered);
      if (delivered >= job.seq) return; // another instance delivered this very batch meanwhile
    }
    if (delivered < job.seq - 1) {
      if (now() - job.queuedAt < ORDER_GIVE_UP_MS) await ctx.postpone(ORDER_WAIT_MS);
      deps.logger.warn({ channel: job.channel, seq: job.seq, delivered }, 'earlier batch missing; sending out of order');
    }

    const adapter = deps.adapters[job.channel];
    if (!adapter) return giveUp(job, new AppError(ErrorCodes.SEND_PERMANENT, 'channel is not configured', { details: { reason: 'channel_off' } }));

    if (last === null || now() - last > adapter.windowSeconds * 1000) {
      deps.metrics.sends.inc({ channel: job.channel, outcome: 'outside_window' }, job.messages.length - job.sent);
      return giveUp(job, new AppError(ErrorCodes.SEND_PERMANENT, 'outside the messaging window', { details: { reason: 'outside_window' } }));
    }

    let sent = job.sent;
    try {
      for (; sent < job.messages.length; sent++) {
        await adapter.send(job.userId, job.messages[sent]!);
        deps.metrics.sends.inc({ channel: job.channel, outcome: 'sent' });
        if (sent === 0) deps.metrics.replyDelaySeconds.observe({ channel: job.channel }, (now() - job.queuedAt) / 1000);
      }
    } catch (err) {
      const appErr = isAppError(err) ? err : new AppError(ErrorCodes.SEND_PERMANENT, 'unexpected send failure', { cause: err });
      if (appErr.retry === 'retry' && !ctx.finalAttempt) {
        deps.metrics.sends.inc({ channel: job.channel, outcome: 'retry' });
        if (sent > job.sent) await ctx.update({ ...job, sent });
        throw appErr;
      }
      return giveUp({ ...job, sent }, appErr);
    }
    await markDelivered(job);
  };
}
