import { createHmac, randomBytes } from 'node:crypto';
import type { ChannelName } from './types.ts';

/**
 * The key of the log's user references. LOG_HASH_SECRET keeps references stable across restarts and instances
 * (so one user can be followed through a day of logs); unset, each process draws a random one, and references
 * only match within one process's lines.
 */
let secret: Buffer = randomBytes(32);

/** Called once at start-up with LOG_HASH_SECRET (runtime.ts). */
export function setLogHashSecret(value: string | undefined): void {
  secret = value === undefined ? randomBytes(32) : Buffer.from(value, 'utf8');
}

/**
 * A short keyed tag for logs: lets one follow a user across lines without logging the platform id. An HMAC,
 * not a plain hash: without the secret, someone holding a user id cannot find that user's lines. Hashing
 * costs, so callers compute it only for a line that is actually written.
 */
export function userRef(channel: ChannelName, userId: string): string {
  return createHmac('sha256', secret).update(`${channel}:${userId}`).digest('hex').slice(0, 16);
}
