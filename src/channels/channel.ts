import { timingSafeEqual } from 'node:crypto';
import type { ChannelName, InboundEvent, OutboundMessage } from './types.ts';

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

export type Headers = Record<string, string | string[] | undefined>;

/** A header's first non-empty value, whatever the case of its name. */
export function headerValue(headers: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    const value = Array.isArray(v) ? v[0] : v;
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  return undefined;
}

/** Constant-time comparison of two digests; different lengths are simply unequal. */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What the HTTP layer and the outbound worker need from a platform. Implemented once per platform in
 * channels/<name>/; the adapter never sees express, and the core never sees platform JSON.
 */
export interface ChannelAdapter {
  readonly name: ChannelName;
  /** How long after the user's last interaction we may still write to them (Zalo 7 days, Messenger 24 h). */
  readonly windowSeconds: number;
  /** Checks the platform signature over the exact raw bytes, in constant time. */
  verifySignature(rawBody: Buffer, headers: Headers): SignatureCheck;
  /**
   * Validates (zod) and normalises a signed body. Shapes the platform may legitimately send but we do not
   * use come back as an empty list; a body that is not the platform's format throws WEBHOOK_BODY_INVALID.
   */
  parse(rawBody: Buffer): InboundEvent[];
  /**
   * Sends one message to one user (splitting it into several platform calls if its limits require).
   * Throws AppError with `retry: 'retry'` for transient failures and rate limits, `'never'` otherwise.
   */
  send(userId: string, message: OutboundMessage): Promise<void>;
  /**
   * Answers a platform's subscription check (Messenger's GET hub.challenge): the challenge to echo back, or
   * undefined to refuse. Platforms without one leave it out.
   */
  verifySubscription?(query: Record<string, unknown>): string | undefined;
  /**
   * What to answer a POST that carries no signature at all. Zalo's console checks a webhook URL with such a
   * request and refuses to save the URL unless it gets 200, so Zalo acknowledges it — and drops it unread.
   * Default 'refuse' (401). A wrong signature is always refused.
   */
  readonly unsignedPost?: 'refuse' | 'acknowledge_and_drop';
}
