import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, type ErrorCode } from '../errors.ts';

/**
 * An in-process token bucket in front of a platform API. Why in process: it smooths this process's bursts at no
 * cost (no Redis round trip per send). With several instances each bucket allows the full rate, so the platform
 * enforces the hard limit itself: its rate-limit answer is classified retryable and the outbound queue backs off;
 * `drain()` stops this process until the bucket refills. A shared Redis window is the upgrade path if several
 * instances routinely hit the limit.
 */
export class PlatformTokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    private readonly now: () => number,
    /** Waiting longer than this throws a retryable `rateLimitCode` so the queue takes over. */
    private readonly maxWaitMs: number,
    private readonly rateLimitCode: ErrorCode,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, t - this.last) * this.perMs);
    this.last = t;
  }

  /** Takes one call's token, waiting for the refill when empty. */
  async take(): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const waitMs = Math.ceil((1 - this.tokens) / this.perMs);
    if (waitMs > this.maxWaitMs) {
      throw new AppError(this.rateLimitCode, 'client-side rate limit', { retry: 'retry', details: { reason: 'rate_limit', waitMs } });
    }
    this.tokens -= 1; // reserve now so concurrent callers queue up behind us
    await sleep(waitMs);
  }

  /** The platform says the budget is spent: stop until the bucket refills. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  available(): number {
    this.refill();
    return this.tokens;
  }
}
