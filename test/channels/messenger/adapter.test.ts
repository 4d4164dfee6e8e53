import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessengerChannel, messengerSignature, type SendBody } from '../../../src/channels/messenger/index.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { MemoryStore } from '../../../src/store/memory-store.ts';
import { clockAt, echoEngine, FIXTURE_NOW, silentLogger, testConfig, until } from '../../support/fakes.ts';
import { APP_SECRET, fixture, GRAPH, messengerConfig, PSID_A, PSID_B, signatures, TOKEN, VERSION } from './helpers.ts';

const running: Runtime[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/); // the app under test
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  nock.cleanAll();
  for (const rt of running.splice(0)) await rt.stop();
});

async function start() {
  const messenger = messengerConfig();
  // No redisUrl: in-memory store and queue.
  const rt = createRuntime({
    config: testConfig({ messenger }),
    engine: echoEngine,
    logger: silentLogger,
    adapters: (store) => [createMessengerChannel({ config: messenger, logger: silentLogger, store })],
    now: clockAt(FIXTURE_NOW),
  });
  running.push(rt);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (name: string, headers: Record<string, string> = { 'X-Hub-Signature-256': signatures[name]! }, body: Buffer = fixture(name)) =>
    fetch(`${base}/webhooks/messenger`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { rt, base, post };
}

/** The Send API on nock: `replies` answer the first calls, then every call succeeds and its body is recorded. */
function sendApi(replies: [number, object | string][] = []) {
  const sent: SendBody[] = [];
  let calls = 0;
  nock(GRAPH)
    .post(`/${VERSION}/me/messages`)
    .query((q) => q.access_token === TOKEN && typeof q.appsecret_proof === 'string' && q.appsecret_proof.length === 64)
    .times(50)
    .reply((_uri, body) => {
      const reply = replies[calls++];
      if (reply) return reply;
      sent.push(body as SendBody);
      return [200, { recipient_id: (body as SendBody).recipient.id, message_id: `m_out_${sent.length}` }];
    });
  return { sent, calls: () => calls };
}

const texts = (sent: SendBody[]) => sent.map((b) => ('text' in b.message ? b.message.text : 'template'));
const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe('messenger channel end to end (runtime + webhook route + nock Send API)', () => {
  it('answers the GET subscription check: challenge for the right token, 403 otherwise', async () => {
    const { base } = await start();
    const ok = await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${base}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
  });

  it('a signed message → the replies on the Send API, in order, as RESPONSE to the PSID; a re-delivery sends nothing more', async () => {
    const { post } = await start();
    const api = sendApi();
    expect((await post('message_text.json')).status).toBe(200);
    await until(() => api.sent.length === 2);
    expect(api.sent).toEqual([
      { recipient: { id: PSID_A }, messaging_type: 'RESPONSE', message: { text: '#1 Mình làm thợ may ở nhà, thu nhập tầm 6 triệu thì đóng BHXH bao nhiêu một tháng ạ? 😊', metadata: 'bot' } },
      { recipient: { id: PSID_A }, messaging_type: 'RESPONSE', message: { text: '#1 end', metadata: 'bot' } },
    ]);
    expect((await post('message_text.json')).status).toBe(200);
    await quiet();
    expect(api.calls()).toBe(2);
  });

  it('a 429 then 200 delivers exactly once', async () => {
    const { post } = await start();
    const api = sendApi([[429, 'Too Many Requests']]);
    expect((await post('postback_menu.json')).status).toBe(200);
    await until(() => api.sent.length === 2, 10_000);
    await quiet();
    expect(api.calls()).toBe(3);
    expect(texts(api.sent)).toEqual(['#1 payload', '#1 end']);
  });

  it('Graph code 613 then success delivers exactly once', async () => {
    const { post } = await start();
    const api = sendApi([[400, { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'x' } }]]);
    expect((await post('postback_get_started.json')).status).toBe(200);
    await until(() => api.sent.length === 2, 10_000);
    await quiet();
    expect(api.calls()).toBe(3);
    expect(texts(api.sent)).toEqual(['#1 start', '#1 end']);
  });

  it('outside the 24 h window (10/2018278) is permanent: no retry, the process carries on', async () => {
    const { post } = await start();
    const api = sendApi([[400, { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 } }]]);
    expect((await post('message_quick_reply.json')).status).toBe(200);
    await quiet(800);
    expect(api.calls()).toBe(1); // the batch is given up: the second message is not attempted either
  });

  it('a batched POST: every event of both entries answered, each user in order', async () => {
    const { post } = await start();
    const api = sendApi();
    expect((await post('batch_two_entries.json')).status).toBe(200);
    await until(() => api.sent.length === 6);
    const forUser = (id: string) => texts(api.sent.filter((b) => b.recipient.id === id));
    expect(forUser(PSID_A)).toEqual(['#1 sinh năm 1982 thì bao giờ được nghỉ hưu?', '#1 end', '#2 Tôi đã đóng bắt buộc 6 năm ở công ty may', '#2 end']);
    // PSID B's replies may interleave with A's; B gets only its own.
    expect(forUser(PSID_B)).toEqual(['#1 dong bhxh tu nguyen o dau', '#1 end']);
  });

  it('echoes, receipts and standby are never answered; a Page Inbox echo pauses the bot for that user', async () => {
    const { post } = await start();
    const api = sendApi();
    for (const name of ['message_echo.json', 'delivery.json', 'read.json', 'standby.json', 'message_echo_page_inbox.json', 'message_text.json', 'postback_menu.json']) {
      expect((await post(name)).status, name).toBe(200);
    }
    await quiet(600);
    expect(api.calls()).toBe(0);
  });

  it('our own echo does not pause: the next message is answered', async () => {
    const { post } = await start();
    const api = sendApi();
    expect((await post('message_echo.json')).status).toBe(200);
    expect((await post('message_text.json')).status).toBe(200);
    await until(() => api.sent.length === 2);
  });

  it('refuses a missing (401) or wrong (403) signature and a changed byte (403); signed garbage is 400; nothing sent', async () => {
    const { post, base } = await start();
    const api = sendApi();
    expect((await post('message_text.json', {})).status).toBe(401);
    expect((await post('message_text.json', { 'X-Hub-Signature-256': signatures['read.json']! })).status).toBe(403);
    const tampered = Buffer.from(fixture('message_text.json').toString('utf8').replace('"timestamp":1795656644519', '"timestamp":1795656644518'));
    expect((await post('message_text.json', undefined, tampered)).status).toBe(403);
    const garbage = Buffer.from('{"hello":"world"}');
    expect((await post('x', { 'X-Hub-Signature-256': messengerSignature(garbage, APP_SECRET) }, garbage)).status).toBe(400);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="messenger",reason="missing"\} 1/);
    expect(metrics).toMatch(/bhxh_signature_failures_total\{channel="messenger",reason="invalid"\} 2/);
    await quiet(200);
    expect(api.calls()).toBe(0);
  });

  it('the adapter: name, 24 h window, unknown-but-valid shapes ignored', async () => {
    const { rt } = await start();
    const adapter = rt.adapters[0]!;
    expect(adapter.name).toBe('messenger');
    expect(adapter.windowSeconds).toBe(86_400);
    expect(adapter.parse(Buffer.from('{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1,"reaction":{"action":"react"}}]}]}'))).toEqual([]);
  });
});

describe('messenger channel send (multi-part messages)', () => {
  it('a retry after a failure on part 2 resumes after part 1 instead of repeating it', async () => {
    const store = new MemoryStore();
    const channel = createMessengerChannel({ config: messengerConfig(), logger: silentLogger, store, typingIndicator: true });
    const choices = Array.from({ length: 14 }, (_, i) => ({ title: `C${i + 1}`, payload: `#pick:c${i + 1}` }));
    // typing_on, part 1, part 2 fails (613)
    const api = sendApi([[200, {}], [200, { recipient_id: PSID_A, message_id: 'a' }], [400, { error: { code: 613 } }]]);
    const err = await channel.send(PSID_A, { kind: 'text', text: 'Chọn:', choices }).catch((e: unknown) => e);
    expect(err).toMatchObject({ retry: 'retry' });
    await channel.send(PSID_A, { kind: 'text', text: 'Chọn:', choices }); // the queue's retry
    // typing_on + parts 2..6 on the retry: part 1 (the text) is not repeated
    expect(api.sent.filter((b) => 'message' in b)).toHaveLength(5);
    expect(api.calls()).toBe(3 + 1 + 5);
    await store.close();
  });
});
