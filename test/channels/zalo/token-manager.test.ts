import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenManager, TOKEN_PATH, tokenKey, type TokenRecord } from '../../../src/channels/zalo/token-manager.ts';
import { ErrorCodes, isAppError } from '../../../src/errors.ts';
import { connectRedis, RedisStore } from '../../../src/store/redis-store.ts';
import { REDIS_URL } from '../../store/helpers.ts';
import { silentLogger } from '../../support/fakes.ts';
import { APP_ID, OAUTH, zaloConfig } from './helpers.ts';

const HOUR = 3600_000;
const stores: RedisStore[] = [];

/** Two "app instances": separate Redis connections on one key prefix. */
function instances(n: number): RedisStore[] {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  const made = Array.from({ length: n }, () => new RedisStore(connectRedis(REDIS_URL), prefix));
  stores.push(...made);
  return made;
}

async function seed(store: RedisStore, record: Partial<TokenRecord>): Promise<void> {
  await store.set(tokenKey(APP_ID), JSON.stringify({ accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: Date.now() - 1000, updatedAt: 0, ...record }));
}

/**
 * The OAuth v4 refresh endpoint: checks header and form body and counts every call that reaches it. It keeps
 * answering (not `.once()`), so a second refresh would be counted instead of failing quietly.
 */
function refreshEndpoint(expectRefresh: string, reply: object = { access_token: 'new-access', refresh_token: 'new-refresh', expires_in: '90000' }, delayMs = 150) {
  const calls = { n: 0, bad: 0 };
  const scope = nock(OAUTH)
    .post(TOKEN_PATH)
    .times(10)
    .delay(delayMs)
    .reply(function (_uri, body) {
      calls.n++;
      const form = new URLSearchParams(String(body));
      const ok =
        this.req.headers.secret_key === 'test-app-secret' &&
        String(this.req.headers['content-type']).includes('application/x-www-form-urlencoded') &&
        form.get('refresh_token') === expectRefresh && form.get('app_id') === APP_ID && form.get('grant_type') === 'refresh_token' && !form.has('secret_key');
      if (!ok) calls.bad++;
      return ok ? [200, reply] : [200, { error: -14020, error_name: 'unexpected request' }];
    });
  return { scope, calls };
}

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(async () => {
  nock.cleanAll();
  for (const s of stores.splice(0)) {
    await s.del(...(await s.keys(''))).catch(() => {});
    await s.close();
  }
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('zalo token manager (real Redis)', () => {
  it('two instances with an expired token make exactly one refresh call and both get the new token', async () => {
    const [a, b] = instances(2);
    await seed(a!, {});
    const { scope, calls } = refreshEndpoint('old-refresh');
    const tmA = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger });
    const tmB = createTokenManager({ config: zaloConfig(), store: b!, logger: silentLogger });

    const tokens = await Promise.all([tmA.getAccessToken(), tmB.getAccessToken(), tmA.getAccessToken(), tmB.getAccessToken()]);
    expect(tokens).toEqual(['new-access', 'new-access', 'new-access', 'new-access']);
    expect(calls).toEqual({ n: 1, bad: 0 });
    expect(scope.pendingMocks()).not.toHaveLength(0); // it would have answered a second call

    const stored = await tmB.read();
    expect(stored).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    expect(stored!.expiresAt - Date.now()).toBeGreaterThan(24 * HOUR);
  });

  it('refreshes proactively when less than 5 h is left, not before', async () => {
    const [a] = instances(1);
    await seed(a!, { expiresAt: Date.now() + 6 * HOUR });
    const tm = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger, cacheMs: 0 });
    expect(await tm.getAccessToken()).toBe('old-access'); // nock would refuse any refresh call

    await seed(a!, { expiresAt: Date.now() + 4 * HOUR });
    const { calls } = refreshEndpoint('old-refresh', undefined, 0);
    expect(await tm.getAccessToken()).toBe('new-access');
    expect(calls.n).toBe(1);
  });

  it('a failed proactive refresh keeps using a token that is still valid', async () => {
    const [a] = instances(1);
    await seed(a!, { expiresAt: Date.now() + HOUR });
    nock(OAUTH).post(TOKEN_PATH).reply(200, { error: -14020, error_name: 'Invalid refresh token' });
    const tm = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger });
    expect(await tm.getAccessToken()).toBe('old-access');
  });

  it('seeds from ZALO_REFRESH_TOKEN when the store is empty, then refreshes with it', async () => {
    const [a, b] = instances(2);
    const { calls } = refreshEndpoint('env-refresh');
    const tms = [a!, b!].map((store) => createTokenManager({ config: zaloConfig(), store, logger: silentLogger }));
    expect(await Promise.all(tms.map((t) => t.getAccessToken()))).toEqual(['new-access', 'new-access']);
    expect(calls.n).toBe(1);
    expect(await tms[0]!.read()).toMatchObject({ refreshToken: 'new-refresh' });
  });

  it('seeds ZALO_ACCESS_TOKEN without a refresh call; the store wins over the environment afterwards', async () => {
    const [a] = instances(1);
    const tm = createTokenManager({ config: zaloConfig({ accessToken: 'env-access' }), store: a!, logger: silentLogger, cacheMs: 0 });
    expect(await tm.getAccessToken()).toBe('env-access');
    await seed(a!, { accessToken: 'rotated', expiresAt: Date.now() + 20 * HOUR });
    expect(await tm.getAccessToken()).toBe('rotated');
  });

  it("reuses a token in process for cacheMs, then reads the store again and sees another instance's refresh", async () => {
    const [a] = instances(1);
    await seed(a!, { expiresAt: Date.now() + 20 * HOUR });
    let clock = Date.now();
    const tm = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger, cacheMs: 30_000, now: () => clock });
    expect(await tm.getAccessToken()).toBe('old-access');
    await seed(a!, { accessToken: 'rotated', expiresAt: Date.now() + 20 * HOUR });
    clock += 29_000;
    expect(await tm.getAccessToken()).toBe('old-access');
    clock += 2_000;
    expect(await tm.getAccessToken()).toBe('rotated');
  });

  it('a cached token the platform rejects is not reused: invalidate reads the replacement from the store', async () => {
    const [a, b] = instances(2);
    await seed(a!, { expiresAt: Date.now() + 20 * HOUR });
    const tmA = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger });
    const tmB = createTokenManager({ config: zaloConfig(), store: b!, logger: silentLogger });
    expect(await tmA.getAccessToken()).toBe('old-access');
    const { calls } = refreshEndpoint('old-refresh', undefined, 0);
    expect(await tmB.invalidate('old-access')).toBe('new-access'); // B refreshed; A still holds the old token
    expect(await tmA.invalidate('old-access')).toBe('new-access');
    expect(await tmA.getAccessToken()).toBe('new-access');
    expect(calls.n).toBe(1);
  });

  it('invalidate(old) refreshes once across instances; a caller holding an already-replaced token gets the new one', async () => {
    const [a, b] = instances(2);
    await seed(a!, { expiresAt: Date.now() + 20 * HOUR });
    const { calls } = refreshEndpoint('old-refresh');
    const tmA = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger });
    const tmB = createTokenManager({ config: zaloConfig(), store: b!, logger: silentLogger });
    expect(await Promise.all([tmA.invalidate('old-access'), tmB.invalidate('old-access')])).toEqual(['new-access', 'new-access']);
    expect(calls.n).toBe(1);
    expect(await tmB.invalidate('old-access')).toBe('new-access');
    expect(calls.n).toBe(1);
  });

  it('a refused refresh (-14020) throws ZALO_TOKEN_REFRESH_FAILED, permanent, and leaves the store untouched', async () => {
    const [a] = instances(1);
    await seed(a!, {});
    nock(OAUTH).post(TOKEN_PATH).reply(200, { error: -14020, error_name: 'Invalid refresh token', error_description: 'x' });
    const tm = createTokenManager({ config: zaloConfig(), store: a!, logger: silentLogger });
    const err = await tm.getAccessToken().catch((e: unknown) => e);
    expect(isAppError(err, ErrorCodes.ZALO_TOKEN_REFRESH_FAILED)).toBe(true);
    expect(err).toMatchObject({ retry: 'never', details: { zaloError: -14020 } });
    expect(await tm.read()).toMatchObject({ refreshToken: 'old-refresh' });

    nock(OAUTH).post(TOKEN_PATH).reply(502, 'bad gateway');
    expect(await tm.getAccessToken().catch((e: unknown) => e)).toMatchObject({ code: ErrorCodes.ZALO_TOKEN_REFRESH_FAILED, retry: 'retry' });
  });
});
