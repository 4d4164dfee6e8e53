import { timingSafeEqual } from 'node:crypto';

function single(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Meta's subscription check (messenger.md §1.1): `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * Express keeps the dotted keys as they are (`query['hub.mode']`). Returns the challenge to echo back as a
 * string, or undefined (the route answers 403). Repeated keys (arrays) are refused.
 */
export function verifySubscription(query: Record<string, unknown>, verifyToken: string): string | undefined {
  const mode = single(query['hub.mode']);
  const token = single(query['hub.verify_token']);
  const challenge = single(query['hub.challenge']);
  if (mode !== 'subscribe' || token === undefined || challenge === undefined || challenge === '') return undefined;
  return sameSecret(token, verifyToken) ? challenge : undefined;
}
