import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CS_MESSAGE_PATH, createZaloClient } from '../../../src/channels/zalo/client.ts';
import { userRef } from '../../../src/channels/user-ref.ts';
import { TokenBucket } from '../../../src/channels/zalo/rate-limiter.ts';
import { renderMessage } from '../../../src/channels/zalo/render.ts';
import { createTokenManager, TOKEN_PATH, tokenKey } from '../../../src/channels/zalo/token-manager.ts';
import { ErrorCodes, isAppError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/log.ts';
import type { RedisStore } from '../../../src/store/redis-store.ts';
import { dropTestStore, testRedisStore } from '../../store/helpers.ts';
import { API, APP_ID, OAUTH, USER_A, zaloConfig } from './helpers.ts';

const SECRET_TEXT = 'Số điện thoại của tôi là 0912345678';
const OK = { error: 0, message: 'Success', data: { message_id: 'abc123', user_id: USER_A } };

let store: RedisStore | undefined;
let logLines: string[];

function setup(accessToken = 'old-access') {
  logLines = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) });
  const logger = createLogger('debug', sink);
  const tokens = createTokenManager({ config: zaloConfig(), store: store!, logger });
  const client = createZaloClient({ config: zaloConfig(), tokens, logger });
  return { client, tokens, body: renderMessage(USER_A, { kind: 'text', text: SECRET_TEXT })[0]!, accessToken };
}

async function seedToken(accessToken = 'old-access') {
  await store!.set(tokenKey(APP_ID), JSON.stringify({ accessToken, refreshToken: 'old-refresh', expiresAt: Date.now() + 20 * 3600_000, updatedAt: 0 }));
}

function cs(token: string) {
  return nock(API, { reqheaders: { access_token: token } }).post(CS_MESSAGE_PATH, { recipient: { user_id: USER_A }, message: { text: SECRET_TEXT } });
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  nock.cleanAll();
  if (store) await dropTestStore(store);
  store = undefined;
});

describe('zalo client', () => {
  it('posts the CS body with the access_token header and returns the message id; logs nothing personal', async () => {
    store = testRedisStore();
    await seedToken();
    const { client, body } = setup();
    const scope = cs('old-access').reply(200, OK);
    expect(await client.sendCs(body)).toEqual({ messageId: 'abc123' });
    expect(scope.isDone()).toBe(true);
    // A bare 64-bit id in a response stays exact.
    cs('old-access').reply(200, '{"error":0,"message":"Success","data":{"message_id":8415120965517823741}}', { 'content-type': 'application/json' });
    expect(await client.sendCs(body)).toEqual({ messageId: '8415120965517823741' });
    const logs = logLines.join('');
    expect(logs).toContain(userRef('zalo', USER_A));
    expect(logs).not.toContain(USER_A);
    expect(logs).not.toContain('0912345678');
    expect(logs).not.toContain('old-access');
  });

  it('-216 → one refresh and one retry with the new token', async () => {
    store = testRedisStore();
    await seedToken();
    const { client, body, tokens } = setup();
    let refreshes = 0;
    nock(OAUTH).post(TOKEN_PATH).times(5).reply(() => (refreshes++, [200, { access_token: 'new-access', refresh_token: 'new-refresh', expires_in: '90000' }]));
    const first = cs('old-access').reply(200, { error: -216, message: 'Access token is invalid' });
    const second = cs('new-access').reply(200, OK);
    expect(await client.sendCs(body)).toEqual({ messageId: 'abc123' });
    expect(first.isDone() && second.isDone()).toBe(true);
    expect(refreshes).toBe(1);
    expect(await tokens.read()).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh' });
  });

  it('HTTP 401 is a token error too; a second token error after the refresh is thrown, not looped', async () => {
    store = testRedisStore();
    await seedToken();
    const { client, body } = setup();
    let refreshes = 0;
    nock(OAUTH).post(TOKEN_PATH).times(5).reply(() => (refreshes++, [200, { access_token: 'new-access', refresh_token: 'new-refresh', expires_in: 90000 }]));
    cs('old-access').reply(401, 'Unauthorized');
    cs('new-access').reply(200, { error: -220, message: 'expired' });
    const err = await client.sendCs(body).catch((e: unknown) => e);
    expect(isAppError(err, ErrorCodes.ZALO_TOKEN)).toBe(true);
    expect(refreshes).toBe(1);
    expect(nock.pendingMocks()).toEqual([expect.stringContaining(TOKEN_PATH)]);
  });

  it.each([
    ['HTTP 429', (s: nock.Interceptor) => s.reply(429, 'Too Many Requests')],
    ['-32 on HTTP 200', (s: nock.Interceptor) => s.reply(200, { error: -32, message: 'Your application reached limit call api' })],
  ])('%s → retryable ZALO_RATE_LIMIT, then the next call succeeds', async (_name, first) => {
    store = testRedisStore();
    await seedToken();
    const { client, body } = setup();
    first(cs('old-access'));
    cs('old-access').reply(200, OK);
    const err = await client.sendCs(body).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCodes.ZALO_RATE_LIMIT, retry: 'retry' });
    expect(await client.sendCs(body)).toEqual({ messageId: 'abc123' });
    expect(nock.isDone()).toBe(true);
  });

  it('-230 → permanent ZALO_OUTSIDE_WINDOW; a timeout/network error → retryable ZALO_TRANSIENT', async () => {
    store = testRedisStore();
    await seedToken();
    const { client, body } = setup();
    cs('old-access').reply(200, { error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    expect(await client.sendCs(body).catch((e: unknown) => e)).toMatchObject({ code: ErrorCodes.ZALO_OUTSIDE_WINDOW, retry: 'never' });
    cs('old-access').replyWithError('socket hang up');
    expect(await client.sendCs(body).catch((e: unknown) => e)).toMatchObject({ code: ErrorCodes.ZALO_TRANSIENT, retry: 'retry' });
    const tokens = createTokenManager({ config: zaloConfig(), store: store!, logger: createLogger('silent') });
    const impatient = createZaloClient({ config: zaloConfig(), tokens, logger: createLogger('silent'), timeoutMs: 100 });
    cs('old-access').delay(500).reply(200, OK);
    expect(await impatient.sendCs(body).catch((e: unknown) => e)).toMatchObject({ code: ErrorCodes.ZALO_TRANSIENT, retry: 'retry', details: { network: 'ECONNABORTED' } });
  });
});

describe('token bucket', () => {
  it('allows the capacity at once, then waits for the refill, and throws retryable past maxWait', async () => {
    let t = 0;
    const bucket = new TokenBucket(2, 2 / 60_000, () => t, 100);
    await bucket.take();
    await bucket.take();
    expect(bucket.available()).toBe(0);
    const err = await bucket.take().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCodes.ZALO_RATE_LIMIT, retry: 'retry' });
    t += 30_000;
    await bucket.take(); // refilled one
    const fast = new TokenBucket(10, 10 / 1_000, () => Date.now(), 1_000);
    fast.drain();
    const started = Date.now();
    await fast.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('X-RateLimit-Remain: 0 drains the bucket', async () => {
    store = testRedisStore();
    await seedToken();
    const tokens = createTokenManager({ config: zaloConfig(), store: store!, logger: createLogger('silent') });
    const limiter = new TokenBucket(100, 100 / 60_000);
    const client = createZaloClient({ config: zaloConfig(), tokens, logger: createLogger('silent'), limiter });
    nock(API).post(CS_MESSAGE_PATH).reply(200, OK, { 'X-RateLimit-Remain': '0', 'X-RateLimit-Limit': '4000' });
    await client.sendCs(renderMessage(USER_A, { kind: 'text', text: 'a' })[0]!);
    expect(limiter.available()).toBeLessThan(1);
  });
});
