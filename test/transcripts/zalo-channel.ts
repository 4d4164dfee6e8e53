import nock from 'nock';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import { CS_MESSAGE_PATH, createZaloChannel, zaloSignature, type ZaloCsBody } from '../../src/channels/zalo/index.ts';
import { DEFAULT_MORE_CHOICES_TEXT } from '../../src/channels/zalo/render.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../support/fakes.ts';
import { API, APP_ID, OA_SECRET, zaloConfig } from '../channels/zalo/helpers.ts';
import type { OpenChannel, TranscriptChannel } from './runner.ts';

const OA_ID = '1824739561027384691';
const t = createI18n();

/** The Zalo webhook body the platform would post for a normalised event (shapes as in the recorded fixtures). */
function zaloBody(e: InboundEvent): Record<string, unknown> {
  const common = { app_id: APP_ID, timestamp: String(e.timestamp), user_id_by_app: '1729402158663390187' };
  const from = { sender: { id: e.userId }, recipient: { id: OA_ID } };
  switch (e.kind) {
    case 'text':
      return { event_name: 'user_send_text', ...common, ...from, message: { text: e.text, msg_id: e.eventId } };
    case 'payload':
      // A tapped oa.query.hide button comes back as the user sending its payload as text.
      return { event_name: 'user_send_text', ...common, ...from, message: { text: e.payload, msg_id: e.eventId } };
    case 'start':
      return { event_name: 'follow', ...common, oa_id: OA_ID, follower: { id: e.userId }, source: 'oa_profile' };
    case 'location':
      return {
        event_name: 'user_send_location', ...common, ...from,
        message: { msg_id: e.eventId, text: '', attachments: [{ type: 'location', payload: { coordinates: { latitude: String(e.latitude), longitude: String(e.longitude) } } }] },
      };
    case 'contact':
      return { event_name: 'user_submit_info', ...common, ...from, info: { ...(e.name ? { name: e.name } : {}), ...(e.phone ? { phone: e.phone } : {}) } };
    default:
      throw new Error(`the Zalo transcript channel cannot send a ${e.kind} event`);
  }
}

/** What the CS endpoint received, back as OutboundMessages: "more options" continuations rejoin their message. */
function normalise(bodies: ZaloCsBody[]): { userId: string; message: OutboundMessage }[] {
  const out: { userId: string; message: OutboundMessage }[] = [];
  const shareLocation = t.t('engine.share_location');
  for (const b of bodies) {
    const userId = b.recipient.user_id;
    const m = b.message;
    if (!('text' in m)) {
      const el = m.attachment.payload.elements[0];
      out.push({ userId, message: { kind: 'request_contact', title: el.title, subtitle: el.subtitle } });
      continue;
    }
    const choices = (m.attachment?.payload.buttons ?? []).map((x) => ({ title: x.title, payload: x.payload }));
    const prev = out[out.length - 1];
    if (m.text === DEFAULT_MORE_CHOICES_TEXT && prev && prev.message.kind === 'text' && prev.message.choices?.length) {
      prev.message.choices.push(...choices);
      continue;
    }
    if (m.text === shareLocation && choices.length === 0) {
      out.push({ userId, message: { kind: 'request_location', text: m.text } });
      continue;
    }
    out.push({ userId, message: choices.length ? { kind: 'text', text: m.text, choices } : { kind: 'text', text: m.text } });
  }
  return out;
}

/**
 * The real Zalo adapter: signed `X-ZEvent-Signature` webhook bodies in, the OA CS endpoint on nock out. The access
 * token is seeded from config, so no OAuth call is made.
 */
export const realZalo: TranscriptChannel = {
  name: 'zalo',
  open(): OpenChannel {
    const zalo = zaloConfig({ accessToken: 'env-access' });
    const bodies: ZaloCsBody[] = [];
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    const scope = nock(API)
      .post(CS_MESSAGE_PATH)
      .times(1000)
      .reply((_uri, body) => {
        bodies.push(body as ZaloCsBody);
        return [200, { error: 0, message: 'Success', data: { message_id: `m${bodies.length}` } }];
      });
    return {
      config: { zalo },
      userId: () => String(8_000_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15))),
      adapter: (store) => createZaloChannel({ config: zalo, store, logger: silentLogger }),
      request(event) {
        const body = Buffer.from(JSON.stringify(zaloBody(event)));
        const mac = zaloSignature(APP_ID, body, String(event.timestamp), OA_SECRET);
        return { path: '/webhooks/zalo', body, headers: { 'content-type': 'application/json', 'X-ZEvent-Signature': `mac=${mac}` } };
      },
      sent: () => normalise(bodies),
      close() {
        scope.persist(false);
        nock.cleanAll();
        nock.enableNetConnect();
      },
    };
  },
};
