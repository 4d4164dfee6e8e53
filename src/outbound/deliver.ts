import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { ChannelName } from '../channels/types.ts';
import { AppError, ErrorCodes, isAppError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { JobContext } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/types.ts';
import { SEQ_TTL_SECONDS } from './batch.ts';
import type { OutboundJob } from './types.ts';

/** How long a later batch waits before checking again whether the user's earlier batch is out. */
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

  async function markDelivered(job: OutboundJob): Promise<void> {
    await deps.store.set(keys.deliveredSeq(job.channel, job.userId), String(job.seq), SEQ_TTL_SECONDS);
  }

  function giveUp(job: OutboundJob, err: AppError): Promise<void> {
    deps.metrics.sends.inc({ channel: job.channel, outcome: 'failed' }, job.messages.length - job.sent);
    deps.logger.warn({ code: err.code, channel: job.channel, seq: job.seq, details: err.details }, 'outbound batch given up');
    return markDelivered(job);
  }

  return async function deliver(job: OutboundJob, ctx: JobContext<OutboundJob>): Promise<void> {
    const [deliveredRaw = null, last = null] = await deps.store.getMany([keys.deliveredSeq(job.channel, job.userId), keys.lastInteraction(job.channel, job.userId)]);
    const delivered = Number(deliveredRaw ?? 0);
    if (delivered >= job.seq) return; // a replay of a batch already out
    if (delivered < job.seq - 1) {
      if (now() - job.queuedAt < ORDER_GIVE_UP_MS) await ctx.postpone(ORDER_WAIT_MS);
      deps.logger.warn({ channel: job.channel, seq: job.seq, delivered }, 'earlier batch missing; sending out of order');
    }

    const adapter = deps.adapters[job.channel];
    if (!adapter) return giveUp(job, new AppError(ErrorCodes.SEND_PERMANENT, 'channel is not configured', { details: { reason: 'channel_off' } }));

    if (last === null || now() - Number(last) > adapter.windowSeconds * 1000) {
      deps.metrics.sends.inc({ channel: job.channel, outcome: 'outside_window' }, job.messages.length - job.sent);
      return giveUp(job, new AppError(ErrorCodes.SEND_PERMANENT, 'outside the messaging window', { details: { reason: 'outside_window' } }));
    }

    let sent = job.sent;
    try {
      for (; sent < job.messages.length; sent++) {
        await adapter.send(job.userId, job.messages[sent]!);
        deps.metrics.sends.inc({ channel: job.channel, outcome: 'sent' });
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
