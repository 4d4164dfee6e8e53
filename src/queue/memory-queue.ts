import { isAppError } from '../errors.ts';
import { backoffDelay, DEFAULT_RETRY, Postponed, type JobHandler, type JobQueue, type RetryPolicy } from './types.ts';

interface Pending<T> {
  data: T;
  attempt: number;
  timer: NodeJS.Timeout | undefined;
  /** When it runs next (epoch ms). */
  dueAt: number;
  state: 'waiting' | 'active' | 'delayed';
}

/** The in-process twin of BullJobQueue for local trial: same retry and postpone semantics, nothing survives a restart. */
export class MemoryJobQueue<T extends object> implements JobQueue<T> {
  private readonly jobs = new Map<string, Pending<T>>();
  private readonly done = new Set<string>();
  private handler: JobHandler<T> | undefined;
  private failed = 0;
  private running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly retry: RetryPolicy = DEFAULT_RETRY) {}

  async add(id: string, data: T, opts: { delayMs?: number } = {}): Promise<void> {
    if (this.jobs.has(id) || this.done.has(id)) return;
    const job: Pending<T> = { data, attempt: 1, timer: undefined, dueAt: Date.now(), state: 'waiting' };
    this.jobs.set(id, job);
    this.schedule(id, job, opts.delayMs ?? 0);
  }

  async remove(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job && job.state !== 'active') {
      clearTimeout(job.timer);
      this.jobs.delete(id);
    }
  }

  process(handler: JobHandler<T>): void {
    this.handler = handler;
    for (const [id, job] of this.jobs) if (job.state === 'waiting') this.schedule(id, job, 0);
  }

  private schedule(id: string, job: Pending<T>, delayMs: number): void {
    if (this.closed || !this.handler) return;
    clearTimeout(job.timer);
    job.state = delayMs > 0 ? 'delayed' : 'waiting';
    job.dueAt = Date.now() + delayMs;
    job.timer = setTimeout(() => this.track(this.run(id, job)), delayMs);
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private async run(id: string, job: Pending<T>): Promise<void> {
    if (!this.handler || this.jobs.get(id) !== job) return;
    job.state = 'active';
    try {
      await this.handler(job.data, {
        attempt: job.attempt,
        finalAttempt: job.attempt >= this.retry.attempts,
        update: async (data) => {
          job.data = data;
        },
        postpone: async (ms) => {
          this.schedule(id, job, ms);
          throw new Postponed();
        },
      });
      this.jobs.delete(id);
      this.done.add(id);
    } catch (err) {
      if (err instanceof Postponed) return;
      if (isAppError(err) && err.retry === 'retry' && job.attempt < this.retry.attempts) {
        job.attempt += 1;
        this.schedule(id, job, backoffDelay(this.retry, job.attempt - 1));
        return;
      }
      this.jobs.delete(id);
      this.failed += 1;
    }
  }

  async counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed', number>> {
    const count = (s: Pending<T>['state']) => [...this.jobs.values()].filter((j) => j.state === s).length;
    return { waiting: count('waiting'), active: count('active'), delayed: count('delayed'), failed: this.failed };
  }

  async dueWithin(ms: number): Promise<number> {
    const limit = Date.now() + ms;
    return [...this.jobs.values()].filter((j) => j.state !== 'delayed' || j.dueAt <= limit).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    await Promise.allSettled([...this.running]);
  }
}
