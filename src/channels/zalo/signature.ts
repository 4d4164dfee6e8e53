import { createHash } from 'node:crypto';
import { headerValue, sameBytes, type Headers, type SignatureCheck } from '../channel.ts';
import { parseZaloBody, type BodyParser } from './json.ts';

export const SIGNATURE_HEADER = 'x-zevent-signature';

const HEX_64 = /^[0-9a-f]{64}$/i;

/**
 * The signature Zalo sends in `X-ZEvent-Signature` (zalo.md §2.1): plain SHA-256 (not HMAC), lowercase hex,
 * over app id + the raw body bytes + the body's `timestamp` string + the OA Secret Key (not the App Secret).
 */
export function zaloSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId, 'utf8').update(rawBody).update(timestamp, 'utf8').update(oaSecretKey, 'utf8').digest('hex');
}

/** The body's `timestamp` as the exact string Zalo hashed, or undefined when the body has none. */
function bodyTimestamp(rawBody: Buffer, parse: BodyParser): string | undefined {
  try {
    const body = parse(rawBody);
    if (typeof body !== 'object' || body === null) return undefined;
    const ts = (body as Record<string, unknown>).timestamp;
    return typeof ts === 'string' ? ts : typeof ts === 'number' ? String(ts) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks `X-ZEvent-Signature` (`mac=<hex>`, a bare hex is accepted too) against the raw bytes in constant time.
 * The app id is ours (config), not the body's: a body signed for another app does not verify.
 */
export function verifyZaloSignature(rawBody: Buffer, headers: Headers, appId: string, oaSecretKey: string, parse: BodyParser = parseZaloBody): SignatureCheck {
  const header = headerValue(headers, SIGNATURE_HEADER);
  if (header === undefined) return 'missing';
  const given = header.startsWith('mac=') ? header.slice(4) : header;
  if (!HEX_64.test(given)) return 'invalid';
  const timestamp = bodyTimestamp(rawBody, parse);
  if (timestamp === undefined) return 'invalid';
  const expected = Buffer.from(zaloSignature(appId, rawBody, timestamp, oaSecretKey), 'hex');
  const actual = Buffer.from(given, 'hex');
  return sameBytes(expected, actual) ? 'ok' : 'invalid';
}
