/**
 * A small job-queue interface over BullMQ (production, tests) and an in-process twin (local trial). Used for
 * outbound messages and for lead notifications and their accept timeouts.
 */
export interface JobContext<T> {
  /** 1 for the first try. */
  attempt: number;
  /** True when a retryable failure now would be the last one: the handler should record it as final. */
  finalAttempt: boolean;
  /** Saves progress, so a retry resumes where this try stopped (e.g. messages already sent). */
  update(data: T): Promise<void>;
  /** Puts the job back for `ms` without counting an attempt (used to wait for an earlier job of the same user). */
  postpone(ms: number): Promise<never>;
}

/** Thrown by an in-process `postpone()` to end the try; the queue (or the dispatcher) reschedules the job. */
export class Postponed extends Error {}

export type JobHandler<T> = (data: T, ctx: JobContext<T>) => Promise<void>;

export interface JobQueue<T> {
  /** Adds a job; adding the same id again while it is known does nothing (idempotent replays). */
  add(id: string, data: T, opts?: { delayMs?: number }): Promise<void>;
  /** Removes a pending job (e.g. an accept timeout once the agent answered). */
  remove(id: string): Promise<void>;
  /** Starts consuming with this handler. Retryable AppErrors are retried with backoff; other errors fail the job. */
  process(handler: JobHandler<T>): void;
  counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed', number>>;
  /**
   * Jobs that will run within `ms`: waiting, active, or delayed until no later than that (a job postponed
   * behind an earlier one of the same user is; a retry waiting out a long backoff or a 30-minute timer is not).
   */
  dueWithin(ms: number): Promise<number>;
  /** Stops taking new jobs and waits for the running ones (graceful shutdown). */
  close(): Promise<void>;
}

export interface RetryPolicy {
  attempts: number;
  /** Base delay of the exponential backoff. */
  backoffMs: number;
  /** Longest delay between two tries (default 60 s), so a long outage is still retried often enough. */
  maxBackoffMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, backoffMs: 500 };

/**
 * Replies: retried for as long as the platform lets us answer (the deliverer parks a batch once the user's
 * messaging window has closed, 24 h on Messenger, 7 days on Zalo), so the attempt count is no limit; tries
 * at most 30 s apart, so the backlog goes out within about half a minute of the platform coming back.
 */
export const OUTBOUND_RETRY: RetryPolicy = { attempts: Number.MAX_SAFE_INTEGER, backoffMs: 500, maxBackoffMs: 30_000 };

/** Delay before retry number `attempt` (1-based), capped at the policy's longest delay. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.backoffMs * 2 ** Math.min(attempt - 1, 40), policy.maxBackoffMs ?? 60_000);
}
