import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import { backoffDelay, DEFAULT_RETRY, Postponed, type JobContext, type JobQueue, type RetryPolicy } from '../queue/types.ts';
import { outboundJobId, type KnownAtCommit, type OutboundJob } from './types.ts';

/**
 * How old an outbox entry must be before any process may requeue it: longer than a healthy delivery takes (a
 * send times out at 10 s). An entry this old was left by a process that died, or whose hand-over to the queue
 * failed. A live delivery slower than this may be sent twice, which the at-least-once contract allows.
 */
export const OUTBOX_STALE_MS = 15_000;

export interface Dispatcher {
  /**
   * Delivers a committed batch (its outbox entry written with the turn) from this process, at once. `known`:
   * what the committing turn read under the lock, which may spare the first try a store read.
   */
  dispatch(job: OutboundJob, known?: KnownAtCommit): void;
  /** Queues a batch found in the outbox, if it is stale and not being delivered here. Returns whether it did. */
  recover(job: OutboundJob): Promise<boolean>;
  /** Batches this process is delivering right now. */
  inFlight(): number;
}

/** Neither delivered nor queued: Redis is unreachable. Carries what went out so far. */
class Unreachable extends Error {
  constructor(
    readonly progress: OutboundJob,
    cause: unknown,
  ) {
    super('queue unreachable', { cause });
  }
}

/**
 * The fast path for replies. A turn commits its replies to the outbox together with the session; the process
 * that committed them then delivers them at once, with no queue round trip; the deliverer drops the outbox entry
 * once they are delivered or parked. A postponement (the user's earlier batch is not out yet) or a retryable failure hands the batch
 * to the queue, which retries with backoff; with Redis unreachable this process keeps trying for a while. If the
 * process dies first, the entry stays, and the outbox sweeper of any instance requeues it once it is stale
 * (`recover`). The deliverer skips a batch already delivered.
 */
export function createDispatcher(deps: {
  queue: JobQueue<OutboundJob>;
  /** outbound/deliver.ts; drops the outbox entry itself when it marks the batch delivered. */
  deliver: (job: OutboundJob, ctx: JobContext<OutboundJob>, known?: KnownAtCommit) => Promise<void>;
  logger: Logger;
  now?: () => number;
  staleMs?: number;
  /** The outbound queue's retry policy: its first delay is the fast path's hand-over delay. */
  retry?: RetryPolicy;
}): Dispatcher {
  const { queue, logger } = deps;
  const now = deps.now ?? Date.now;
  const staleMs = deps.staleMs ?? OUTBOX_STALE_MS;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const running = new Map<string, Promise<void>>();

  /**
   * One try: the batch is delivered, or handed to the queue (a postponement or a retryable failure). Throws
   * Unreachable, with the progress so far, when the queue cannot take it either (Redis is down).
   */
  async function attempt(job: OutboundJob, known: KnownAtCommit | undefined): Promise<void> {
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
      await deps.deliver(job, ctx, known);
      return;
    } catch (err) {
      if (!(err instanceof Postponed) && !(isAppError(err) && err.retry === 'retry')) {
        logger.warn({ code: isAppError(err) ? err.code : 'unexpected', channel: job.channel }, 'reply delivery failed; left in the outbox');
        return;
      }
      // The outbox entry stays until the batch is delivered or parked: it is how a later batch of the user
      // knows this one is still coming, and what the oldest-undelivered gauge reads.
      await queue.add(outboundJobId(job), progress, { delayMs: postponeMs ?? backoffDelay(retry, 1) }).catch((cause: unknown) => {
        throw new Unreachable(progress, cause);
      });
    }
  }

  /**
   * Tries again with backoff while Redis is unreachable, but only while the outbox entry is younger than the
   * stale age: past it any instance's sweeper may requeue the entry, and the two must not race.
   */
  async function deliverOrKeepTrying(job: OutboundJob, known: KnownAtCommit | undefined): Promise<void> {
    let current = job;
    for (let n = 1; ; n++) {
      try {
        // What the turn knew holds for the first try only: a failed try may have sent (and even recorded) some of it.
        return await attempt(current, n === 1 ? known : undefined);
      } catch (err) {
        if (!(err instanceof Unreachable)) throw err;
        current = err.progress;
        const wait = backoffDelay(DEFAULT_RETRY, n);
        if (now() + wait - job.queuedAt >= staleMs) {
          logger.warn({ code: isAppError(err.cause) ? err.cause.code : 'unexpected', channel: job.channel }, 'reply left in the outbox for recovery');
          return;
        }
        await sleep(wait);
      }
    }
  }

  return {
    dispatch(job, known) {
      const id = outboundJobId(job);
      const run = deliverOrKeepTrying(job, known)
        .catch((err: unknown) => logger.error({ code: isAppError(err) ? err.code : 'unexpected', channel: job.channel }, 'reply dispatch failed'))
        .finally(() => running.delete(id));
      running.set(id, run);
    },
    async recover(job) {
      if (running.has(outboundJobId(job)) || now() - job.queuedAt < staleMs) return false;
      // Idempotent: a batch already in the queue (retrying through an outage) keeps its job; the job id dedupes.
      await queue.add(outboundJobId(job), job);
      return true;
    },
    inFlight: () => running.size,
  };
}
