import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_SECRETS } from '../../bench/events.ts';
import { parseJsonKeepingBigInts, zaloSignature } from '../../src/channels/zalo/index.ts';
import { dropPrefix, startFaultPlatform, uniquePrefix, type FaultPlatform } from './fault-platform.ts';
import { postSigned, startInProcessApp, waitFor, type InProcessApp } from './runtime-app.ts';

/**
 * Found by the webhook fuzz test: the Zalo JSON reader (parseJsonKeepingBigInts, used by the signature check, the
 * normaliser and the client) quotes the fraction digits of a number like 1.2966426000000002 as if they were a
 * long integer, which makes the text invalid JSON. A correctly signed webhook carrying such a number is refused
 * with 403 (the signature check cannot read the body's timestamp), so Zalo's event is lost.
 */

let platform: FaultPlatform;
let app: InProcessApp;
let prefix: string;

beforeAll(async () => {
  platform = await startFaultPlatform();
  prefix = uniquePrefix('zalo-json');
  app = await startInProcessApp({ platformUrl: platform.url, prefix });
});
afterAll(async () => {
  await app.stop();
  await platform.close();
  await dropPrefix(prefix);
});

function signedZalo(body: string): { path: string; body: string; headers: Record<string, string> } {
  const timestamp = (JSON.parse(body) as { timestamp: string }).timestamp;
  const mac = zaloSignature(BENCH_SECRETS.zaloAppId, Buffer.from(body), timestamp, BENCH_SECRETS.zaloOaSecretKey);
  return { path: '/webhooks/zalo', body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } };
}

describe('Zalo JSON with numbers that have 16 or more fraction digits', () => {
  it('parseJsonKeepingBigInts reads them like JSON.parse (long integers aside)', () => {
    for (const text of ['{"a":1.2966426000000002}', '[0.30000000000000004]', '{"x":-0.00004622036152077205,"timestamp":"1"}']) {
      expect(parseJsonKeepingBigInts(text)).toEqual(JSON.parse(text));
    }
    fc.assert(
      // Integers of 16+ digits are meant to come back as strings: not part of this property.
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !(Number.isInteger(x) && Math.abs(x) >= 1e15)), (x) => {
        const text = JSON.stringify({ x, timestamp: '1' });
        expect(parseJsonKeepingBigInts(text)).toEqual(JSON.parse(text));
      }),
      { seed: 20_261_122, numRuns: 2_000 },
    );
  });

  it('a correctly signed user_send_location with numeric coordinates (lat 1.2966426000000002) is accepted and answered', async () => {
    const userId = '8415120965517829999';
    const body = JSON.stringify({
      event_name: 'user_send_location',
      app_id: BENCH_SECRETS.zaloAppId,
      sender: { id: userId },
      recipient: { id: BENCH_SECRETS.zaloOaId },
      message: { attachments: [{ type: 'location', payload: { coordinates: { latitude: 1.2966426000000002, longitude: 103.7759364 } } }], msg_id: 'loc-float-1' },
      timestamp: String(Date.now()),
      user_id_by_app: 'app1',
    });
    expect(await postSigned(app.base, signedZalo(body))).toBe(200);
    await waitFor('the reply', () => platform.to(userId).length >= 1);
  });
});
