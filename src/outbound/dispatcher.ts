import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import { backoffDelay, DEFAULT_RETRY, type JobContext, type JobHandler, type JobQueue } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/types.ts';
import { outboundJobId, type OutboundJob } from './types.ts';

/**
 * How old an outbox entry must be before any process may requeue it: longer than a healthy delivery takes (a
 * send times out at 10 s). An entry this old was left by a process that died, or whose hand-over to the queue
 * failed. A live delivery slower than this may be sent twice, which the at-least-once contract allows.
 */
export const OUTBOX_STALE_MS = 15_000;

export interface Dispatcher {
  /** Delivers a committed batch (its outbox entry written with the turn) from this process, at once. */
  dispatch(job: OutboundJob): void;
  /** Queues a batch found in the outbox, if it is stale and not being delivered here. Returns whether it did. */
  recover(job: OutboundJob): Promise<boolean>;
  /** Batches this process is delivering right now. */
  inFlight(): number;
}

class Postponed extends Error {}

/**
 * The fast path for replies. A turn commits its replies to the outbox together with the session; the process
 * that committed them then delivers them at once, with no queue round trip, and drops the outbox entry once
 * they are out. A postponement (the user's earlier batch is not out yet) or a retryable failure hands the batch
 * to the queue, which retries with backoff. If the process dies first, the entry stays, and the outbox sweeper
 * of any instance requeues it once it is stale (`recover`). The deliverer skips a batch already delivered.
 */
export function createDispatcher(deps: {
  store: Store;
  queue: JobQueue<OutboundJob>;
  deliver: JobHandler<OutboundJob>;
  logger: Logger;
  now?: () => number;
  staleMs?: number;
}): Dispatcher {
  const { store, queue, logger } = deps;
  const now = deps.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const dropOutboxEntry = (job: OutboundJob) => store.del(keys.outbox(job.channel, job.userId, job.seq));

  async function deliverNow(job: OutboundJob): Promise<void> {
    let progress = job;
    let postponeMs: number | undefined;
    const ctx: JobContext<OutboundJob> = {
      attempt: 1,
      finalAttempt: false,
      update: async (data) => {
        progress = data;
      },
      postpone: async (ms) => {
        postponeMs = ms;
        throw new Postponed();
      },
    };
    try {
      await deps.deliver(job, ctx);
    } catch (err) {
      if (!(err instanceof Postponed) && !(isAppError(err) && err.retry === 'retry')) {
        logger.warn({ code: isAppError(err) ? err.code : 'unexpected', channel: job.channel }, 'reply delivery failed; left in the outbox');
        return;
      }
      // The queue takes it before the outbox lets go, so a crash in between leaves one or both, never neither.
      await queue.add(outboundJobId(job), progress, { delayMs: postponeMs ?? backoffDelay(DEFAULT_RETRY, 1) });
    }
    await dropOutboxEntry(job);
  }

  return {
    dispatch(job) {
      const id = outboundJobId(job);
      const run = deliverNow(job)
        .catch((err: unknown) =>
          // Redis is unreachable: the entry stays in the outbox and the sweeper requeues it once it is stale.
          logger.warn({ code: isAppError(err) ? err.code : 'unexpected', channel: job.channel }, 'reply left in the outbox for recovery'),
        )
        .finally(() => running.delete(id));
      running.set(id, run);
    },
    async recover(job) {
      if (running.has(outboundJobId(job)) || now() - job.queuedAt < (deps.staleMs ?? OUTBOX_STALE_MS)) return false;
      await queue.add(outboundJobId(job), job);
      await dropOutboxEntry(job);
      return true;
    },
    inFlight: () => running.size,
  };
}
