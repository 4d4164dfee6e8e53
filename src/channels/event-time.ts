import type { InboundEvent } from './types.ts';

/**
 * How old a signed event may be and still be answered. Platforms retry a failed delivery for about a day
 * (Meta up to 24 h, Zalo less), so 48 h keeps every genuine retry; anything older is a replayed capture, or
 * a queue on their side so late that the user has long moved on. It stays below the 72 h dedupe horizon
 * (store/keys.ts), so a replay is never judged on a forgotten dedupe marker.
 */
export const MAX_EVENT_AGE_MS = 48 * 3600_000;

/** Clock skew tolerated for an event dated ahead of our clock; beyond it the date is nonsense (year 3000). */
export const MAX_EVENT_AHEAD_MS = 10 * 60_000;

export type EventTime = 'ok' | 'stale' | 'future';

/** Whether an event's platform timestamp lets us answer it `now` (epoch ms). Pure. */
export function eventTime(event: Pick<InboundEvent, 'timestamp'>, now: number): EventTime {
  if (!Number.isFinite(event.timestamp) || now - event.timestamp > MAX_EVENT_AGE_MS) return 'stale';
  if (event.timestamp - now > MAX_EVENT_AHEAD_MS) return 'future';
  return 'ok';
}
