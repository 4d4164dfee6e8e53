import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  appSecretProof,
  createMessengerClient,
  MESSENGER_PROFILE,
  renderMessage,
  syncMessengerProfile,
  TokenBucket,
} from '../../../src/channels/messenger/index.ts';
import { createLogger } from '../../../src/log.ts';
import { APP_SECRET, GRAPH, messengerConfig, PSID_A, TOKEN, VERSION } from './helpers.ts';

const PROOF = createHmac('sha256', APP_SECRET).update(TOKEN).digest('hex');
const auth = { access_token: TOKEN, appsecret_proof: PROOF };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { write: (s: string) => void lines.push(s) }) };
}

describe('messenger client', () => {
  it('signs with access_token + appsecret_proof, posts the body to /{version}/me/messages', async () => {
    expect(appSecretProof(TOKEN, APP_SECRET)).toBe(PROOF);
    const { logger, lines } = capture();
    const body = renderMessage(PSID_A, { kind: 'text', text: 'Chào bạn, số của bạn 0912345678?' })[0]!;
    const scope = nock(GRAPH).post(`/${VERSION}/me/messages`, (b: unknown) => isDeepStrictEqual(b, body)).query(auth).reply(200, { recipient_id: PSID_A, message_id: 'm_out' });
    const client = createMessengerClient({ config: messengerConfig(), logger });
    expect(await client.sendMessage(body)).toEqual({ messageId: 'm_out' });
    expect(scope.isDone()).toBe(true);
    const log = lines.join('\n');
    expect(log).toContain('"op":"send"');
    for (const secret of [PSID_A, 'Chào', '0912345678', TOKEN, PROOF]) expect(log).not.toContain(secret);
  });

  it('classifies a Graph error, drains the bucket on a rate limit, and logs codes only', async () => {
    const { logger, lines } = capture();
    let t = 0;
    const limiter = new TokenBucket(300, 0.3, () => t);
    nock(GRAPH).post(`/${VERSION}/me/messages`).query(true).reply(400, { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'T1' } });
    const client = createMessengerClient({ config: messengerConfig(), logger, limiter, now: () => t });
    const err = await client.sendMessage(renderMessage(PSID_A, { kind: 'text', text: 'x' })[0]!).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BHXH_MESSENGER_RATE_LIMIT', retry: 'retry', details: { fbCode: 613, httpStatus: 400 } });
    expect(limiter.available()).toBeLessThanOrEqual(0);
    t += 10;
    expect(limiter.available()).toBeCloseTo(3);
    expect(lines.join('\n')).toContain('"code":"BHXH_MESSENGER_RATE_LIMIT"');
    expect(lines.join('\n')).not.toContain(PSID_A);
  });

  it('a timeout is a retryable MESSENGER_TRANSIENT', async () => {
    nock(GRAPH).post(`/${VERSION}/me/messages`).query(true).delay(200).reply(200, {});
    const client = createMessengerClient({ config: messengerConfig(), logger: createLogger('silent'), timeoutMs: 50 });
    const err = await client.senderAction(PSID_A, 'typing_on').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT', retry: 'retry' });
  });

  it('sender action body is recipient + sender_action only', async () => {
    const scope = nock(GRAPH).post(`/${VERSION}/me/messages`, { recipient: { id: PSID_A }, sender_action: 'typing_on' }).query(auth).reply(200, { recipient_id: PSID_A });
    await createMessengerClient({ config: messengerConfig(), logger: createLogger('silent') }).senderAction(PSID_A, 'typing_on');
    expect(scope.isDone()).toBe(true);
  });

  it('the token bucket throws a retryable rate limit instead of waiting too long', async () => {
    const t = 0;
    const bucket = new TokenBucket(1, 1 / 60_000, () => t, 1_000);
    await bucket.take();
    await expect(bucket.take()).rejects.toMatchObject({ code: 'BHXH_MESSENGER_RATE_LIMIT', retry: 'retry' });
  });
});

describe('messenger profile sync (the messenger:profile CLI)', () => {
  it('the greeting fits 160 characters; the menu uses #intent payloads; Get Started is #start:get_started', () => {
    for (const g of MESSENGER_PROFILE.greeting) expect(g.text.length).toBeLessThanOrEqual(160);
    expect(MESSENGER_PROFILE.greeting.map((g) => g.locale)).toEqual(['default', 'vi_VN']);
    expect(MESSENGER_PROFILE.get_started.payload).toBe('#start:get_started');
    expect(MESSENGER_PROFILE.persistent_menu[0].call_to_actions.map((a) => a.payload)).toEqual(['#intent:menu', '#intent:contribution', '#intent:human']);
  });

  it('sets what differs, then a second run changes nothing (idempotent)', async () => {
    const client = createMessengerClient({ config: messengerConfig(), logger: createLogger('silent') });
    const fields = 'get_started,greeting,persistent_menu';
    nock(GRAPH).get(`/${VERSION}/me/messenger_profile`).query({ ...auth, fields }).reply(200, { data: [{ get_started: { payload: 'GET_STARTED' } }] });
    const posted = nock(GRAPH).post(`/${VERSION}/me/messenger_profile`, { ...MESSENGER_PROFILE }).query(auth).reply(200, { result: 'success' });
    expect(await syncMessengerProfile(client)).toEqual({ changed: ['get_started', 'greeting', 'persistent_menu'], unchanged: [], dryRun: false });
    expect(posted.isDone()).toBe(true);

    // Meta echoes the profile back with extra fields: nothing to post.
    const current = { ...MESSENGER_PROFILE, persistent_menu: MESSENGER_PROFILE.persistent_menu.map((m) => ({ ...m, disabled_surfaces: [] })) };
    nock(GRAPH).get(`/${VERSION}/me/messenger_profile`).query(true).reply(200, { data: [current] });
    expect(await syncMessengerProfile(client)).toEqual({ changed: [], unchanged: ['get_started', 'greeting', 'persistent_menu'], dryRun: false });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('dry run reads only; a Graph error surfaces classified', async () => {
    const client = createMessengerClient({ config: messengerConfig(), logger: createLogger('silent') });
    nock(GRAPH).get(`/${VERSION}/me/messenger_profile`).query(true).reply(200, { data: [] });
    expect(await syncMessengerProfile(client, { dryRun: true })).toMatchObject({ changed: ['get_started', 'greeting', 'persistent_menu'], dryRun: true });
    nock(GRAPH).get(`/${VERSION}/me/messenger_profile`).query(true).reply(400, { error: { code: 190, error_subcode: 463, type: 'OAuthException' } });
    await expect(syncMessengerProfile(client)).rejects.toMatchObject({ code: 'BHXH_MESSENGER_TOKEN' });
  });
});
