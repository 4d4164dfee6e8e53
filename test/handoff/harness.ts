import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { CS_MESSAGE_PATH, createZaloChannel, zaloSignature, type ZaloCsBody } from '../../src/channels/zalo/index.ts';
import { createMessengerChannel, messengerSignature, type SendBody } from '../../src/channels/messenger/index.ts';
import { createTicketsApi, type TicketsApi } from '../../src/console/tickets.ts';
import { createFlowEngine } from '../../src/conversation/index.ts';
import { createHandoffExtension, staticRoster, type HandoffService, type RosterMember } from '../../src/handoff/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { silentLogger, testConfig, until } from '../support/fakes.ts';
import { API, APP_ID as ZALO_APP_ID, OA_SECRET, zaloConfig } from '../channels/zalo/helpers.ts';
import { APP_ID, APP_SECRET, GRAPH, messengerConfig, PAGE_ID, VERSION } from '../channels/messenger/helpers.ts';

const OA_ID = '1824739561027384691';
const engine = createFlowEngine();

/** What a platform received: a Zalo CS message, a Send API message, or a handover call, with when it arrived. */
export interface Received {
  platform: 'zalo' | 'messenger';
  op: 'message' | 'pass_thread_control' | 'take_thread_control';
  userId: string;
  text: string;
  buttons: string[];
  body: Record<string, unknown>;
  at: number;
}

export interface Harness {
  rt: Runtime;
  tickets: TicketsApi;
  service: HandoffService;
  received: Received[];
  /** Everything a user (or staff member) received so far. */
  to(userId: string): Received[];
  /** Sends a signed webhook as the platform would; resolves with the time it was posted. */
  zaloText(userId: string, text: string): Promise<number>;
  /** A staff member answers the user from OA Manager (Zalo's echo of an admin's message). */
  zaloStaffReply(userId: string): Promise<number>;
  messengerText(userId: string, text: string, opts?: { standby?: boolean }): Promise<number>;
  messengerTap(userId: string, payload: string, title?: string): Promise<number>;
  /** The Page Inbox passes the thread back to our app (`messaging_handovers`, a person marked it done). */
  messengerThreadBack(userId: string): Promise<number>;
  /** Waits until `userId` has received at least `n` items (5 s at most). */
  waitFor(userId: string, n: number): Promise<Received[]>;
  /** Lets background deliveries settle and checks nothing more arrives for the user. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  staff: (RosterMember & { reachable?: boolean })[];
  /** ISO instant the clock starts at (default Monday 2026-11-23 10:00 in Hà Nội). */
  now?: string;
  handover?: boolean;
  pauseSeconds?: number;
}

/**
 * The real app (both real adapters behind the real webhook route, the flow engine, the handoff extension on the
 * in-memory store and queue) with Zalo's OA API and Meta's Graph API on nock. Staff marked reachable have written
 * to the OA (their Zalo messaging window is open).
 */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const received: Received[] = [];
  const zaloText = (b: ZaloCsBody) => ('text' in b.message ? b.message.text : '');
  const zaloButtons = (b: ZaloCsBody) => ('text' in b.message ? (b.message.attachment?.payload.buttons ?? []).map((x) => x.payload) : []);
  nock(API)
    .post(CS_MESSAGE_PATH)
    .times(1000)
    .reply((_uri, raw) => {
      const b = raw as ZaloCsBody;
      received.push({ platform: 'zalo', op: 'message', userId: b.recipient.user_id, text: zaloText(b), buttons: zaloButtons(b), body: raw as Record<string, unknown>, at: Date.now() });
      return [200, { error: 0, message: 'Success', data: { message_id: `m${received.length}` } }];
    });
  const graph = nock(GRAPH);
  for (const op of ['messages', 'pass_thread_control', 'take_thread_control'] as const) {
    graph
      .post(`/${VERSION}/me/${op}`)
      .query(true)
      .times(1000)
      .reply((_uri, raw) => {
        const b = raw as SendBody & { target_app_id?: string };
        if (op === 'messages' && !b.message) return [200, { recipient_id: b.recipient.id }]; // sender actions
        const m = (b.message ?? {}) as { text?: string; quick_replies?: { payload?: string }[]; attachment?: { payload: { text: string; buttons: { payload: string }[] } } };
        received.push({
          platform: 'messenger',
          op: op === 'messages' ? 'message' : op,
          userId: b.recipient.id!,
          text: m.attachment ? m.attachment.payload.text : (m.text ?? ''),
          buttons: m.attachment ? m.attachment.payload.buttons.map((x) => x.payload) : (m.quick_replies ?? []).map((q) => q.payload ?? ''),
          body: raw as Record<string, unknown>,
          at: Date.now(),
        });
        return [200, op === 'messages' ? { recipient_id: b.recipient.id, message_id: `m_out_${received.length}` } : { success: true }];
      });
  }

  const zalo = zaloConfig({ accessToken: 'env-access' });
  const messenger = messengerConfig(opts.handover ? { handover: { inboxAppId: '263902037430900' } } : {});
  const fixed = new Date(opts.now ?? '2026-11-23T03:00:00Z').getTime();
  const realStart = Date.now();
  const clock = () => fixed + (Date.now() - realStart);
  let parts: { service: HandoffService; tickets: TicketsApi } | undefined;
  const rt = createRuntime({
    config: testConfig({ zalo, messenger, humanPauseSeconds: opts.pauseSeconds ?? 1800 }),
    engine,
    logger: silentLogger,
    adapters: (store) => [createZaloChannel({ config: zalo, store, logger: silentLogger }), createMessengerChannel({ config: messenger, store, logger: silentLogger })],
    now: clock,
    extensions: [createHandoffExtension({ roster: staticRoster(opts.staff), onReady: (p) => (parts = { service: p.service, tickets: createTicketsApi(p) }) })],
  });
  for (const s of opts.staff.filter((m) => m.reachable !== false)) await rt.store.set(keys.lastInteraction('zalo', s.zaloUserId), String(fixed), 7 * 86_400);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let seq = 0;

  async function post(path: string, body: Buffer, headers: Record<string, string>): Promise<number> {
    const at = Date.now();
    const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    return at;
  }

  const to = (userId: string) => received.filter((r) => r.userId === userId);
  return {
    rt,
    tickets: parts!.tickets,
    service: parts!.service,
    received,
    to,
    zaloText(userId, text) {
      const ts = clock();
      const body = Buffer.from(
        JSON.stringify({
          event_name: 'user_send_text', app_id: ZALO_APP_ID, timestamp: String(ts), user_id_by_app: '1729402158663390187',
          sender: { id: userId }, recipient: { id: OA_ID }, message: { text, msg_id: `zm${++seq}` },
        }),
      );
      return post('/webhooks/zalo', body, { 'X-ZEvent-Signature': `mac=${zaloSignature(ZALO_APP_ID, body, String(ts), OA_SECRET)}` });
    },
    zaloStaffReply(userId) {
      const ts = clock();
      const body = Buffer.from(
        JSON.stringify({
          event_name: 'oa_send_text', app_id: ZALO_APP_ID, timestamp: String(ts), user_id_by_app: '1729402158663390187',
          sender: { id: OA_ID, admin_id: '3370192846651029384' }, recipient: { id: userId }, message: { text: 'Chào anh, em là cán bộ BHXH.', msg_id: `zo${++seq}` },
        }),
      );
      return post('/webhooks/zalo', body, { 'X-ZEvent-Signature': `mac=${zaloSignature(ZALO_APP_ID, body, String(ts), OA_SECRET)}` });
    },
    messengerText(userId, text, o = {}) {
      const ts = clock();
      const event = { sender: { id: userId }, recipient: { id: PAGE_ID }, timestamp: ts, message: { mid: `m_${++seq}`, text } };
      const body = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: ts, [o.standby ? 'standby' : 'messaging']: [event] }] }));
      return post('/webhooks/messenger', body, { 'X-Hub-Signature-256': messengerSignature(body, APP_SECRET) });
    },
    messengerTap(userId, payload, title = payload) {
      const ts = clock();
      const event = { sender: { id: userId }, recipient: { id: PAGE_ID }, timestamp: ts, postback: { mid: `m_${++seq}`, title, payload } };
      const body = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: ts, messaging: [event] }] }));
      return post('/webhooks/messenger', body, { 'X-Hub-Signature-256': messengerSignature(body, APP_SECRET) });
    },
    messengerThreadBack(userId) {
      const ts = clock();
      const event = `{"sender":{"id":"${userId}"},"recipient":{"id":"${PAGE_ID}"},"timestamp":${ts},"pass_thread_control":{"previous_owner_app_id":263902037430900,"new_owner_app_id":${APP_ID},"metadata":"done"}}`;
      // Meta writes app ids as bare numbers.
      const body = Buffer.from(`{"object":"page","entry":[{"id":"${PAGE_ID}","time":${ts},"messaging":[${event}]}]}`);
      return post('/webhooks/messenger', body, { 'X-Hub-Signature-256': messengerSignature(body, APP_SECRET) });
    },
    async waitFor(userId, n) {
      await until(() => to(userId).length >= n, 5_000);
      return to(userId);
    },
    async settle() {
      await until(async () => (await rt.pendingReplies()) === 0, 5_000);
      await new Promise((r) => setTimeout(r, 150));
    },
    async close() {
      await rt.store.keys('').then((k) => (k.length ? rt.store.del(...k) : undefined));
      await rt.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
