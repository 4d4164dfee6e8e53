import { createHmac } from 'node:crypto';
import { headerValue, sameBytes, type Headers, type SignatureCheck } from '../channel.ts';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** `sha256=<hex>`: HMAC-SHA256 of the exact request bytes keyed with the App Secret (messenger.md §2). */
export function messengerSignature(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` against the raw bytes (never re-serialised JSON: Meta signs its `\u`-escaped
 * wire form) with a length-checked constant-time compare. The legacy sha1 header alone counts as missing.
 */
export function verifyMessengerSignature(rawBody: Buffer, headers: Headers, appSecret: string): SignatureCheck {
  const header = headerValue(headers, SIGNATURE_HEADER);
  if (header === undefined) return 'missing';
  const m = SIGNATURE.exec(header);
  if (!m) return 'invalid';
  const actual = Buffer.from(m[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return sameBytes(actual, expected) ? 'ok' : 'invalid';
}
