import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ErrorCodes, isAppError } from '../src/errors.ts';

const ZALO = { ZALO_APP_ID: '123', ZALO_APP_SECRET: 'app-secret', ZALO_OA_SECRET_KEY: 'oa-secret', ZALO_REFRESH_TOKEN: 'refresh' };
const MESSENGER = { MESSENGER_APP_ID: '456', MESSENGER_APP_SECRET: 'secret', MESSENGER_VERIFY_TOKEN: 'verify', MESSENGER_PAGE_ACCESS_TOKEN: 'page' };

function failure(env: NodeJS.ProcessEnv): { code: string; message: string } {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('with nothing set: in-memory trial, both channels off, documented defaults', () => {
    const c = loadConfig({});
    expect({ port: c.port, redis: c.redisUrl, zalo: c.zalo, messenger: c.messenger, pause: c.humanPauseSeconds }).toEqual({
      port: 3000,
      redis: undefined,
      zalo: undefined,
      messenger: undefined,
      pause: 30 * 60,
    });
  });

  it('turns a channel on when all its secrets are set, with the platform defaults', () => {
    const c = loadConfig({ ...ZALO, ...MESSENGER });
    expect(c.zalo).toMatchObject({ appId: '123', apiBaseUrl: 'https://openapi.zalo.me', oauthBaseUrl: 'https://oauth.zaloapp.com', ratePerMinute: 4_000 });
    expect(c.messenger).toMatchObject({ appId: '456', graphBaseUrl: 'https://graph.facebook.com', graphVersion: 'v25.0', ratePerSecond: 300 });
  });

  it('every platform base URL and rate limit is configurable', () => {
    const c = loadConfig({
      ...ZALO,
      ...MESSENGER,
      ZALO_API_BASE_URL: 'http://127.0.0.1:9/zalo',
      ZALO_OAUTH_BASE_URL: 'http://127.0.0.1:9/oauth',
      MESSENGER_GRAPH_BASE_URL: 'http://127.0.0.1:9/graph',
      ZALO_RATE_LIMIT_PER_MINUTE: '600',
      MESSENGER_RATE_LIMIT_PER_SECOND: '20',
    });
    expect([c.zalo?.apiBaseUrl, c.zalo?.oauthBaseUrl, c.messenger?.graphBaseUrl, c.zalo?.ratePerMinute, c.messenger?.ratePerSecond]).toEqual([
      'http://127.0.0.1:9/zalo',
      'http://127.0.0.1:9/oauth',
      'http://127.0.0.1:9/graph',
      600,
      20,
    ]);
  });

  it('a half-configured channel stops start-up naming each missing variable', () => {
    const { ZALO_OA_SECRET_KEY: _k, ZALO_REFRESH_TOKEN: _r, ...partial } = ZALO;
    const f = failure(partial);
    expect(f.code).toBe(ErrorCodes.CONFIG_CHANNEL_INCOMPLETE);
    expect(f.message).toContain('ZALO_OA_SECRET_KEY');
    expect(f.message).toContain('ZALO_REFRESH_TOKEN');
    expect(failure({ MESSENGER_VERIFY_TOKEN: 'x' }).message).toContain('MESSENGER_PAGE_ACCESS_TOKEN');
  });

  it('an invalid value is refused with the variable named', () => {
    const f = failure({ PORT: 'eighty' });
    expect(f.code).toBe(ErrorCodes.CONFIG_INVALID);
    expect(f.message).toContain('PORT');
    expect(failure({ ...ZALO, ZALO_API_BASE_URL: 'not a url' }).message).toContain('ZALO_API_BASE_URL');
  });

  it('reads REDIS_CLUSTER_NODES as host:port pairs, METRICS_PORT as a number; refuses a malformed list and a prefix with braces', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7001, redis-b:7002', METRICS_PORT: '9464', LOG_HASH_SECRET: 's' });
    expect([c.redisClusterNodes, c.metricsPort, c.logHashSecret]).toEqual([[{ host: '10.0.0.1', port: 7001 }, { host: 'redis-b', port: 7002 }], 9464, 's']);
    expect(loadConfig({ REDIS_CLUSTER_NODES: '', METRICS_PORT: '' })).toMatchObject({ redisClusterNodes: undefined, metricsPort: undefined });
    expect(failure({ REDIS_CLUSTER_NODES: '10.0.0.1' }).message).toContain('REDIS_CLUSTER_NODES');
    expect(failure({ REDIS_PREFIX: 'bhxh:{x}:' }).message).toContain('REDIS_PREFIX');
  });
});
