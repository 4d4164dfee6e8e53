import { ErrorCodes } from '../../errors.ts';
import { PlatformTokenBucket } from '../rate-limiter.ts';

/** Zalo's OA API limit: 4,000 calls/minute per app (zalo.md §5); `X-RateLimit-Remain: 0` drains it. */
export class TokenBucket extends PlatformTokenBucket {
  constructor(capacity = 4_000, perMs = 4_000 / 60_000, now: () => number = Date.now, maxWaitMs = 5_000) {
    super(capacity, perMs, now, maxWaitMs, ErrorCodes.ZALO_RATE_LIMIT);
  }
}
