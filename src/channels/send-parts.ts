import { createHash } from 'node:crypto';
import { isAppError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import { userTag } from '../store/types.ts';
import type { ChannelName } from './types.ts';

const PARTS_TTL_SECONDS = 3600;

/** Progress marker of one multi-part message (hash of its rendered parts; no personal data). */
export function partsKey(channel: ChannelName, userId: string, parts: unknown): string {
  return `${channel}:parts:${userTag(channel, userId)}:${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24)}`;
}

/**
 * Sends a message rendered as several platform calls (a long text, more choices than one call holds) in order,
 * one at a time. A retry of the message (after a rate limit on part 2, say) resumes after the parts already out
 * instead of repeating them; a permanent failure forgets the progress.
 */
export async function sendParts<B>(store: Store, channel: ChannelName, userId: string, parts: B[], send: (part: B) => Promise<unknown>): Promise<void> {
  if (parts.length <= 1) {
    if (parts[0] !== undefined) await send(parts[0]);
    return;
  }
  const key = partsKey(channel, userId, parts);
  const done = Number((await store.get(key)) ?? 0);
  try {
    for (let i = done; i < parts.length; i++) {
      await send(parts[i]!);
      if (i < parts.length - 1) await store.set(key, String(i + 1), PARTS_TTL_SECONDS);
    }
  } catch (err) {
    if (!(isAppError(err) && err.retry === 'retry')) await store.del(key).catch(() => {});
    throw err;
  }
  await store.del(key);
}
