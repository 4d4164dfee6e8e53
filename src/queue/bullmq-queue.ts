import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ErrorCodes, isAppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { connectTarget, type RedisTarget } from '../store/connect.ts';
import { ConnectionState } from '../store/connection-state.ts';
import { backoffDelay, DEFAULT_RETRY, type JobHandler, type JobQueue, type RetryPolicy } from './types.ts';

const CLOSE_WAIT_MS = 5_000;

/** BullMQ job ids must not contain ':'; a hash keeps any id of ours valid and the same id idempotent. */
function jobId(id: string): string {
  return createHash('sha1').update(id).digest('hex');
}

export interface BullQueueOptions {
  /** One Redis or a Redis Cluster (the prefix's hash tag keeps the whole queue in one slot). */
  redis: RedisTarget;
  /** Key prefix; carries a hash tag so every key of the queue lives in one Redis Cluster slot. */
  prefix: string;
  concurrency?: number;
  retry?: RetryPolicy;
  /** Where the queue's connection state changes are logged (BHXH_QUEUE_UNAVAILABLE); unset → not logged (CLIs, tests). */
  logger?: Pick<Logger, 'error' | 'info'>;
}

export class BullJobQueue<T extends object> implements JobQueue<T> {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  /** The first is the queue's own (used for reads BullMQ has no call for); then the worker's. */
  private readonly connections: Redis[] = [];
  /** One state for the queue: its connections and BullMQ's own (the worker's blocking client) report into it. */
  private readonly state: ConnectionState | undefined;

  constructor(
    private readonly name: string,
    private readonly opts: BullQueueOptions,
  ) {
    this.state = opts.logger ? new ConnectionState(opts.logger, ErrorCodes.QUEUE_UNAVAILABLE, `queue ${name}`) : undefined;
    this.queue = new Queue(name, { connection: this.connection(), prefix: opts.prefix });
    this.queue.on('error', (err) => this.state?.down(err));
  }

  /** BullMQ needs maxRetriesPerRequest null: its blocking commands wait through reconnects. */
  private connection(): Redis {
    const redis = connectTarget(this.opts.redis, { maxRetriesPerRequest: null });
    if (this.state) this.state.watch(redis);
    this.connections.push(redis);
    return redis;
  }

  async add(id: string, data: T, opts: { delayMs?: number } = {}): Promise<void> {
    const retry = this.opts.retry ?? DEFAULT_RETRY;
    await this.queue.add(this.name, data, {
      jobId: jobId(id),
      delay: opts.delayMs,
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      // Done jobs go at once: they hold message texts (a phone number once an agent accepts), which must not
      // outlive a user's "delete my data", and keeping them would grow Redis under campaign load. Handlers are
      // idempotent (the outbound one checks the user's delivered sequence number), so a replay does no harm.
      // Failed jobs stay a day, few, for diagnosis.
      removeOnComplete: true,
      removeOnFail: { age: 24 * 3600, count: 1000 },
    });
  }

  async remove(id: string): Promise<void> {
    await this.queue.remove(jobId(id));
  }

  process(handler: JobHandler<T>): void {
    const retry = this.opts.retry ?? DEFAULT_RETRY;
    this.worker = new Worker(
      this.name,
      async (job: Job, token?: string) => {
        const attempt = job.attemptsMade + 1;
        try {
          await handler(job.data as T, {
            attempt,
            finalAttempt: attempt >= retry.attempts,
            update: (data) => job.updateData(data),
            postpone: async (ms) => {
              await job.moveToDelayed(Date.now() + ms, token);
              throw new DelayedError();
            },
          });
        } catch (err) {
          if (err instanceof DelayedError) throw err;
          if (isAppError(err) && err.retry === 'retry') throw err;
          throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
        }
      },
      {
        connection: this.connection(),
        prefix: this.opts.prefix,
        // High: a job mostly waits on the network (the platform, Redis) or, briefly, for the same user's earlier one.
        concurrency: this.opts.concurrency ?? 256,
        // A job that was running when Redis went away cannot record its end; its lock then expires and the
        // stalled check hands it back. Shorter than BullMQ's 30 s defaults so a failover delays replies by
        // seconds, not half a minute; several stalls are tolerated because an outage is not the job's fault.
        lockDuration: 10_000,
        stalledInterval: 5_000,
        maxStalledCount: 5,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(retry, attemptsMade) },
      },
    );
    this.worker.on('error', (err) => this.state?.down(err));
  }

  async counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed', number>> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  async dueWithin(ms: number): Promise<number> {
    // BullMQ scores its delayed set as (due time in ms) × 0x1000 + a counter: the same range its own
    // promotion of delayed jobs reads.
    const maxScore = (Date.now() + ms + 1) * 0x1000 - 1;
    const [running, soon] = await Promise.all([this.queue.getJobCountByTypes('waiting', 'active', 'prioritized'), this.connections[0]!.zcount(this.queue.keys['delayed']!, 0, maxScore)]);
    return running + soon;
  }

  /** Waits for running jobs, but not forever: with Redis gone BullMQ's close would never settle. */
  async close(): Promise<void> {
    const graceful = (async () => {
      await this.worker?.close();
      await this.queue.close();
    })();
    await Promise.race([graceful.catch(() => {}), sleep(CLOSE_WAIT_MS)]);
    for (const c of this.connections) c.disconnect();
  }

  /** For tests: remove every key of this queue. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }
}
