import type { Logger } from 'pino';
import { isAppError } from '../errors.ts';
import { backoffDelay, DEFAULT_RETRY, type JobContext, type JobHandler, type JobQueue } from '../queue/types.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/types.ts';
import { outboundJobId, type OutboundJob } from './types.ts';

/**
 * How long the queue holds a batch's backup copy before running it itself: only when the process that took the
 * batch died mid-way. Longer than a healthy delivery takes (a send times out at 10 s); a slower one may be sent
 * twice, which the at-least-once contract allows.
 */
export const BACKUP_DELAY_MS = 15_000;

export interface Dispatcher {
  /** Hands a committed batch (its outbox entry written) to delivery. Resolves once a durable copy is queued. */
  dispatch(job: OutboundJob): Promise<void>;
  /**
   * Queues a batch found in the outbox for the queue to deliver, not this process: another may be delivering
   * it right now, and the queue's job id (the same as its backup copy's) makes the add a no-op then.
   */
  requeue(job: OutboundJob): Promise<void>;
  /** Batches this process is delivering right now. */
  inFlight(): number;
}

class Postponed extends Error {}

/**
 * The fast path for replies: a committed batch is delivered at once by the process that committed it, with no
 * queue round trip, while a delayed copy in the queue is its durable backup. The copy is removed once the batch
 * is out; a postponement (the user's earlier batch is not out yet) or a retryable failure hands the batch to the
 * queue, which retries with backoff. If the process dies, the copy runs after BACKUP_DELAY_MS elsewhere; the
 * deliverer skips a batch already delivered, so a copy that runs anyway sends nothing twice.
 */
export function createDispatcher(deps: {
  store: Store;
  queue: JobQueue<OutboundJob>;
  deliver: JobHandler<OutboundJob>;
  logger: Logger;
  backupDelayMs?: number;
}): Dispatcher {
  const { store, queue, logger } = deps;
  const running = new Set<Promise<void>>();

  async function deliverNow(id: string, job: OutboundJob): Promise<void> {
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
        logger.warn({ code: isAppError(err) ? err.code : 'unexpected', channel: job.channel }, 'reply delivery failed; left to its queued copy');
        return;
      }
      // The retry is queued before the backup goes, so a crash in between leaves one or both, never neither.
      const handedOver = await queue.add(`${id}:retry`, progress, { delayMs: postponeMs ?? backoffDelay(DEFAULT_RETRY, 1) }).then(
        () => true,
        () => false,
      );
      if (!handedOver) return; // the queue is unreachable: the backup copy is still there
    }
    await queue.remove(id).catch(() => {});
  }

  /** Once a copy is queued the outbox entry is spare. If this delete fails, the sweeper requeues the entry and the deliverer skips it as already delivered. */
  const dropOutboxEntry = (job: OutboundJob) => void store.del(keys.outbox(job.channel, job.userId, job.seq)).catch(() => {});

  return {
    async dispatch(job) {
      const id = outboundJobId(job);
      await queue.add(id, job, { delayMs: deps.backupDelayMs ?? BACKUP_DELAY_MS });
      dropOutboxEntry(job);
      const run = deliverNow(id, job);
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async requeue(job) {
      await queue.add(outboundJobId(job), job);
      dropOutboxEntry(job);
    },
    inFlight: () => running.size,
  };
}
