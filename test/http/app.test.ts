import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createLeadsExtension } from '../../src/leads/index.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.ts';
import { REDIS_URL, testPrefixes } from '../store/helpers.ts';
import { echoEngine, FakeChannel, silentLogger, testConfig, until } from '../support/fakes.ts';

const running: Runtime[] = [];
const prefixes = testPrefixes();
afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
});

async function start(redisUrl = REDIS_URL, more: { config?: Partial<Config>; extensions?: RuntimeOptions['extensions'] } = {}) {
  const channel = new FakeChannel();
  const rt = createRuntime({
    config: testConfig({ redisUrl, redisPrefix: prefixes.next(), bodyLimit: '1kb', ...more.config }),
    engine: echoEngine,
    logger: silentLogger,
    adapters: () => [channel],
    ...(more.extensions ? { extensions: more.extensions } : {}),
  });
  running.push(rt);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: string, headers: Record<string, string> = { 'x-test-signature': 'ok' }) =>
    fetch(`${base}/webhooks/zalo`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { rt, channel, base, post };
}

const oneText = (id: string) =>
  JSON.stringify({ events: [{ channel: 'zalo', userId: 'u1', eventId: id, timestamp: Date.now(), kind: 'text', text: 'chào' }] });

describe('http app', () => {
  it('answers /healthz, and /readyz with the store and channels', async () => {
    const { base } = await start();
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, store: true, channels: { zalo: true } });
  });

  it('refuses a missing signature with 401 and a wrong one with 403, counting both and storing nothing', async () => {
    const { post, base, rt } = await start();
    expect((await post(oneText('m1'), {})).status).toBe(401);
    expect((await post(oneText('m1'), { 'x-test-signature': 'forged' })).status).toBe(403);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="zalo",reason="missing"\} 1/);
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="zalo",reason="invalid"\} 1/);
    const written = (await rt.store.keys('')).filter((k) => !k.startsWith('{queue}'));
    expect(written).toEqual([]);
  });

  it('answers 400 to a signed body that is not the platform format, 413 to an oversized one', async () => {
    const { post } = await start();
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ pad: 'x'.repeat(2_000) }))).status).toBe(413);
  });

  it('reads a compressed webhook body as express.raw did, refuses an unknown encoding with 415, and matches the path as express did', async () => {
    const { base, channel } = await start();
    const headers = { 'content-type': 'application/json', 'x-test-signature': 'ok' };
    const gz = await fetch(`${base}/webhooks/zalo`, { method: 'POST', body: gzipSync(oneText('gz1')), headers: { ...headers, 'content-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    const compress = await fetch(`${base}/webhooks/zalo`, { method: 'POST', body: oneText('c1'), headers: { ...headers, 'content-encoding': 'compress' } });
    expect([compress.status, await compress.json()]).toEqual([415, { error: { code: 'BHXH_WEBHOOK_BODY_INVALID' } }]);
    expect((await fetch(`${base}/Webhooks/Zalo/?x=1`, { method: 'POST', body: oneText('p1'), headers })).status).toBe(200);
    await until(() => channel.sent.length === 4);
    // A POST elsewhere is express's: 404.
    expect((await fetch(`${base}/webhooks/other`, { method: 'POST', body: '{}', headers })).status).toBe(404);
  });

  it('acknowledges a signed event and replies through the queue; metrics count it', async () => {
    const { post, channel, base } = await start();
    expect((await post(oneText('m1'))).status).toBe(200);
    await until(() => channel.sent.length === 2);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bhxh_events_in_total\{channel="zalo",kind="text"\} 1/);
    expect(metrics).toMatch(/bhxh_sends_total\{channel="zalo",outcome="sent"\} 2/);
    expect(metrics).toMatch(/bhxh_turn_duration_seconds_count\{channel="zalo"\} 1/);
  });

  it('answers 503 (so the platform retries) and /readyz false when Redis is unreachable', async () => {
    const { post, base } = await start('redis://127.0.0.1:1');
    expect((await post(oneText('m1'))).status).toBe(503);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, store: false });
  });

  it('with METRICS_PORT, /metrics is only on the internal listener, not on the public port', async () => {
    const { base, rt } = await start(REDIS_URL, { config: { metricsPort: 0 } });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const internal = `http://127.0.0.1:${rt.metricsAddress()!.port}`;
    const res = await fetch(`${internal}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/bhxh_events_in_total/);
    expect((await fetch(`${internal}/webhooks/zalo`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('/readyz is false while the agents file failed to load', async () => {
    const { base } = await start(REDIS_URL, { config: { agentsFile: '/nonexistent/agents.csv' }, extensions: [createLeadsExtension({ processJobs: false })] });
    await new Promise((r) => setTimeout(r, 100));
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, store: true, agents: false });
  });
});
