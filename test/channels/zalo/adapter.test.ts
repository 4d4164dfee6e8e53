import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CS_MESSAGE_PATH, createZaloChannel, zaloSignature, type ZaloCsBody } from '../../../src/channels/zalo/index.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { dropTestStore, REDIS_URL, testPrefixes, testRedisStore } from '../../store/helpers.ts';
import { clockAt, echoEngine, FIXTURE_NOW, silentLogger, testConfig, until } from '../../support/fakes.ts';
import { API, APP_ID, fixture, OA_SECRET, signatures, USER_A, zaloConfig } from './helpers.ts';

const running: Runtime[] = [];
const prefixes = testPrefixes();

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/); // the app under test and Redis
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  nock.cleanAll();
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
});

async function start() {
  const zalo = zaloConfig({ accessToken: 'env-access' }); // seeded into the token store: no refresh call
  const rt = createRuntime({
    config: testConfig({ redisUrl: REDIS_URL, redisPrefix: prefixes.next(), zalo }),
    engine: echoEngine,
    logger: silentLogger,
    adapters: (store) => [createZaloChannel({ config: zalo, store, logger: silentLogger })],
    now: clockAt(FIXTURE_NOW),
  });
  running.push(rt);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (name: string, headers: Record<string, string> = { 'X-ZEvent-Signature': signatures[name]! }, body: Buffer = fixture(name)) =>
    fetch(`${base}/webhooks/zalo`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { rt, base, post };
}

/** The CS endpoint on nock, recording each body it accepts. */
function csEndpoint(replies: [number, object | string][] = []) {
  const sent: ZaloCsBody[] = [];
  let calls = 0;
  nock(API, { reqheaders: { access_token: 'env-access' } })
    .post(CS_MESSAGE_PATH)
    .times(20)
    .reply((_uri, body) => {
      const reply = replies[calls++];
      if (reply) return reply;
      sent.push(body as ZaloCsBody);
      return [200, { error: 0, message: 'Success', data: { message_id: `m${sent.length}` } }];
    });
  return { sent, calls: () => calls };
}

describe('zalo channel end to end (runtime + webhook route + nock)', () => {
  it('a signed follow event → replies posted to the CS endpoint in order, to follower.id; a retry replies nothing more', async () => {
    const { post } = await start();
    const cs = csEndpoint();
    expect((await post('follow.json')).status).toBe(200);
    await until(() => cs.sent.length === 2);
    expect(cs.sent).toEqual([
      { recipient: { user_id: USER_A }, message: { text: '#1 start' } },
      { recipient: { user_id: USER_A }, message: { text: '#1 end' } },
    ]);
    expect((await post('follow.json')).status).toBe(200); // Zalo re-delivers
    await new Promise((r) => setTimeout(r, 300));
    expect(cs.calls()).toBe(2);
  });

  it('a button payload comes in as a payload event and is answered', async () => {
    const { post } = await start();
    const cs = csEndpoint();
    expect((await post('user_send_text_button_payload.json')).status).toBe(200);
    await until(() => cs.sent.length === 2);
    expect(cs.sent[0]).toEqual({ recipient: { user_id: USER_A }, message: { text: '#1 payload' } });
  });

  it('429 then 200 from the send API delivers once', async () => {
    const { post } = await start();
    const cs = csEndpoint([[429, 'Too Many Requests']]);
    expect((await post('user_send_text.json')).status).toBe(200);
    await until(() => cs.sent.length === 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(cs.calls()).toBe(3); // 429, then each of the two messages once
    expect(cs.sent.map((b) => ('text' in b.message ? b.message.text : ''))).toEqual([expect.stringMatching(/^#1 Dạ cho em hỏi/), '#1 end']);
  });

  it('an echo typed by a person pauses the bot; our own echo and receipts are never answered', async () => {
    const { post } = await start();
    const cs = csEndpoint();
    for (const name of ['oa_send_text_echo.json', 'user_seen_message.json', 'oa_send_text_by_human.json', 'user_send_text.json']) {
      expect((await post(name)).status, name).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(cs.calls()).toBe(0);
  });

  it('acknowledges but drops an unsigned request (the console URL check), refuses a wrong signature (403) and a signed garbage body (400), sending nothing', async () => {
    const { post, base, rt } = await start();
    const cs = csEndpoint();
    // Zalo's console saves the webhook URL only after a 200 to its unsigned test POST; nothing is processed.
    expect((await post('follow.json', {})).status).toBe(200);
    // Nothing of a user's (dedupe marker, session, last interaction); the queue's own bookkeeping aside.
    expect((await rt.store.keys('')).filter((k) => !k.startsWith('{queue}'))).toEqual([]);
    expect((await post('follow.json', { 'X-ZEvent-Signature': signatures['unfollow.json']! })).status).toBe(403);
    const tampered = Buffer.from(fixture('follow.json').toString('utf8').replace('message_invite', 'message_invitf'));
    expect((await post('follow.json', undefined, tampered)).status).toBe(403);
    const garbage = Buffer.from(`{"app_id":"${APP_ID}","timestamp":"1795656604508","hello":1}`);
    const signed = `mac=${zaloSignature(APP_ID, garbage, '1795656604508', OA_SECRET)}`;
    expect((await post('follow.json', { 'X-ZEvent-Signature': signed }, garbage)).status).toBe(400);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="zalo",reason="missing"\} 1/);
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="zalo",reason="invalid"\} 2/);
    expect(cs.calls()).toBe(0);
  });

  it('an unknown but well-formed event is acknowledged and ignored', async () => {
    const { rt } = await start();
    const zalo = rt.adapters[0]!;
    expect(zalo.name).toBe('zalo');
    expect(zalo.windowSeconds).toBe(7 * 86_400);
    expect(zalo.parse(Buffer.from('{"event_name":"user_reacted_message","timestamp":"1"}'))).toEqual([]);
  });
});

describe('zalo channel send (multi-part messages)', () => {
  it('a retry after a failure on part 2 resumes after part 1 instead of repeating it', async () => {
    const store = testRedisStore();
    try {
      const zalo = createZaloChannel({ config: zaloConfig({ accessToken: 'env-access' }), store, logger: silentLogger });
      const choices = Array.from({ length: 7 }, (_, i) => ({ title: `C${i + 1}`, payload: `#menu:c${i + 1}` }));
      const cs = csEndpoint([[200, { error: 0 }], [200, { error: -32, message: 'limit' }]]);
      const err = await zalo.send(USER_A, { kind: 'text', text: 'Chọn:', choices }).catch((e: unknown) => e);
      expect(err).toMatchObject({ retry: 'retry' });
      await zalo.send(USER_A, { kind: 'text', text: 'Chọn:', choices }); // the queue's retry
      expect(cs.calls()).toBe(3); // part 1, part 2 (-32), part 2 again
      expect(cs.sent).toHaveLength(1);
      expect(cs.sent[0]!.message).toMatchObject({ text: 'Thêm lựa chọn:' });
      // Completed: the same message later is sent whole again.
      await zalo.send(USER_A, { kind: 'text', text: 'Chọn:', choices });
      expect(cs.calls()).toBe(5);
    } finally {
      await dropTestStore(store);
    }
  });
});
