import nock from 'nock';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import { createMessengerChannel, DEFAULT_MORE_CHOICES_TEXT, GET_STARTED_PAYLOAD, messengerSignature, type SendBody } from '../../src/channels/messenger/index.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../support/fakes.ts';
import { APP_SECRET, GRAPH, messengerConfig, PAGE_ID, VERSION } from '../channels/messenger/helpers.ts';
import type { OpenChannel, TranscriptChannel } from './runner.ts';

const t = createI18n();

/** The Messenger webhook body the platform would post for a normalised event (shapes as in the recorded fixtures). */
function messengerBody(e: InboundEvent): Record<string, unknown> {
  const base = { sender: { id: e.userId }, recipient: { id: PAGE_ID }, timestamp: e.timestamp };
  let messaging: Record<string, unknown>;
  switch (e.kind) {
    case 'text':
      messaging = { ...base, message: { mid: `m_${e.eventId}`, text: e.text } };
      break;
    case 'payload':
      // Quick replies and postback buttons both come back with the payload; a postback is the simpler shape.
      messaging = { ...base, postback: { mid: `m_${e.eventId}`, title: e.title ?? e.payload, payload: e.payload } };
      break;
    case 'start':
      messaging = { ...base, postback: { mid: `m_${e.eventId}`, title: 'Bắt đầu', payload: GET_STARTED_PAYLOAD } };
      break;
    case 'location':
      messaging = {
        ...base,
        message: { mid: `m_${e.eventId}`, attachments: [{ type: 'location', payload: { coordinates: { lat: e.latitude, long: e.longitude } } }] },
      };
      break;
    case 'contact':
      // The answer to a user_phone_number quick reply: the number is the payload (Messenger never sends a name).
      messaging = { ...base, message: { mid: `m_${e.eventId}`, text: e.phone ?? '', quick_reply: { payload: e.phone ?? '' } } };
      break;
    default:
      throw new Error(`the Messenger transcript channel cannot send a ${e.kind} event`);
  }
  return { object: 'page', entry: [{ id: PAGE_ID, time: e.timestamp, messaging: [messaging] }] };
}

/** What the Send API received, back as OutboundMessages: "more options" continuations rejoin their message. */
function normalise(bodies: SendBody[]): { userId: string; message: OutboundMessage }[] {
  const out: { userId: string; message: OutboundMessage }[] = [];
  const shareLocation = t.t('engine.share_location');
  for (const b of bodies) {
    const userId = b.recipient.id;
    const m = b.message as {
      text?: string;
      quick_replies?: { content_type: string; title?: string; payload?: string }[];
      attachment?: { payload: { text: string; buttons: { title: string; payload: string }[] } };
    };
    if (m.quick_replies?.[0]?.content_type === 'user_phone_number') {
      const [title = '', ...rest] = (m.text ?? '').split('\n');
      out.push({ userId, message: { kind: 'request_contact', title, subtitle: rest.join('\n') } });
      continue;
    }
    const text = m.attachment ? m.attachment.payload.text : (m.text ?? '');
    const choices = m.attachment
      ? m.attachment.payload.buttons.map((x) => ({ title: x.title, payload: x.payload }))
      : (m.quick_replies ?? []).map((q) => ({ title: q.title ?? '', payload: q.payload ?? '' }));
    const prev = out[out.length - 1];
    if (text.startsWith(DEFAULT_MORE_CHOICES_TEXT) && prev && prev.message.kind === 'text') {
      prev.message.choices = [...(prev.message.choices ?? []), ...choices];
      continue;
    }
    if (text === shareLocation && choices.length === 0) {
      out.push({ userId, message: { kind: 'request_location', text } });
      continue;
    }
    out.push({ userId, message: choices.length ? { kind: 'text', text, choices } : { kind: 'text', text } });
  }
  return out;
}

/** The real Messenger adapter: `X-Hub-Signature-256`-signed webhook bodies in, the Graph Send API on nock out. */
export const realMessenger: TranscriptChannel = {
  name: 'messenger',
  open(): OpenChannel {
    const messenger = messengerConfig();
    const bodies: SendBody[] = [];
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    nock(GRAPH)
      .post(`/${VERSION}/me/messages`)
      .query(true)
      .times(1000)
      .reply((_uri, body) => {
        const b = body as SendBody;
        if (b.message) bodies.push(b); // sender actions carry no message
        return [200, { recipient_id: b.recipient.id, message_id: `m_out_${bodies.length}` }];
      });
    return {
      config: { messenger },
      userId: () => String(20_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15))),
      adapter: (store) => createMessengerChannel({ config: messenger, store, logger: silentLogger }),
      request(event) {
        const body = Buffer.from(JSON.stringify(messengerBody(event)));
        return { path: '/webhooks/messenger', body, headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': messengerSignature(body, APP_SECRET) } };
      },
      sent: () => normalise(bodies),
      close() {
        nock.cleanAll();
        nock.enableNetConnect();
      },
    };
  },
};
