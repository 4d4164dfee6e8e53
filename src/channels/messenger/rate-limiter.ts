import { ErrorCodes } from '../../errors.ts';
import { PlatformTokenBucket } from '../rate-limiter.ts';

/** The Send API limit: 300 calls/s per Page (messenger.md §4.5); Meta's 613 / 429 drains it. */
export class TokenBucket extends PlatformTokenBucket {
  constructor(capacity = 300, perMs = 300 / 1_000, now: () => number = Date.now, maxWaitMs = 5_000) {
    super(capacity, perMs, now, maxWaitMs, ErrorCodes.MESSENGER_RATE_LIMIT);
  }
}
