import { createHash } from 'node:crypto';
import type { ChannelName } from './types.ts';

/**
 * A short one-way tag for logs: lets one follow a user across lines without logging the platform id. Hashing
 * costs, so callers compute it only for a line that is actually written.
 */
export function userRef(channel: ChannelName, userId: string): string {
  return createHash('sha256').update(`${channel}:${userId}`).digest('hex').slice(0, 12);
}
