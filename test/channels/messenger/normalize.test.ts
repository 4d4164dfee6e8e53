import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { normalizeMessengerWebhook, parseMessengerJson } from '../../../src/channels/messenger/index.ts';
import type { InboundEvent } from '../../../src/channels/types.ts';
import { isAppError } from '../../../src/errors.ts';
import { APP_ID, fixture, PAGE_ID, PSID_A, PSID_B } from './helpers.ts';

const parse = (raw: Buffer | string, appId = APP_ID): InboundEvent[] =>
  normalizeMessengerWebhook(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { appId });
const one = (name: string) => {
  const events = parse(fixture(name));
  expect(events).toHaveLength(1);
  return events[0]!;
};
const wrap = (item: object, key = 'messaging') => JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: 1, [key]: [item] }] });
const user = { sender: { id: PSID_A }, recipient: { id: PAGE_ID }, timestamp: 1795656700000 };

describe('messenger normalisation of the fixtures', () => {
  it('message_text: a text event for the PSID, mid as event id, Vietnamese and emoji decoded', () => {
    expect(one('message_text.json')).toEqual({
      channel: 'messenger',
      userId: PSID_A,
      eventId: 'm_Hn7Pc2Vx9KdQ4sLw1BtRf6YmZa0GjUe3Oi8NqTk5XyDl_CvMs7WrEb2Fh4Ap-Jz9Iu1Go6Sn3Lx0Kc5Vd8RtYQ',
      timestamp: 1795656644519,
      kind: 'text',
      text: 'Mình làm thợ may ở nhà, thu nhập tầm 6 triệu thì đóng BHXH bao nhiêu một tháng ạ? 😊',
    });
  });

  it('message_quick_reply: routed on the payload, the tapped title kept', () => {
    expect(one('message_quick_reply.json')).toMatchObject({ kind: 'payload', payload: '#consent:yes', title: 'Đồng ý', userId: PSID_A });
  });

  it('postback_get_started: a start event (get_started), keyed by postback.mid', () => {
    expect(one('postback_get_started.json')).toEqual({
      channel: 'messenger',
      userId: PSID_A,
      eventId: 'm_q3ZkT8vR1bYw0LhN5cXe2PdGs7UaJ4oFi9MnKlBt6HzQyVx-EWrCjDgA3uSpO_1fI8mNbc2vLk0TyR7eWq5ZaA',
      timestamp: 1795656609873,
      kind: 'start',
      reason: 'get_started',
    });
  });

  it('postback_menu: a payload event', () => {
    expect(one('postback_menu.json')).toMatchObject({ kind: 'payload', payload: '#menu:contribution', title: 'Tính mức đóng' });
  });

  it('message_attachment_image: an image attachment', () => {
    expect(one('message_attachment_image.json')).toMatchObject({ kind: 'attachment', attachmentType: 'image', userId: PSID_A });
  });

  it('message_echo from our app: an echo, not by a human, for the recipient PSID', () => {
    expect(one('message_echo.json')).toEqual({
      channel: 'messenger',
      userId: PSID_A,
      eventId: 'm_Ls4Gd9Xp2QvN7kRt0YwBh5JcMe3FzUa8Tn1oPi6SyKlD_VgEqWxC4rHjOm2bAsZf-9uIk7Nd3Ve0Lc5Rt8YpQw',
      timestamp: 1795656611402,
      kind: 'echo',
      byHuman: false,
    });
  });

  it('message_echo_page_inbox: an echo by a human (Page Inbox app 263902037430900)', () => {
    expect(one('message_echo_page_inbox.json')).toMatchObject({ kind: 'echo', byHuman: true, userId: PSID_A });
  });

  it('an echo with no app_id, or configured with another app id, is by a human', () => {
    const noApp = wrap({ sender: { id: PAGE_ID }, recipient: { id: PSID_A }, timestamp: 5, message: { mid: 'm_x', is_echo: true, text: 'hi' } });
    expect(parse(noApp)[0]).toMatchObject({ kind: 'echo', byHuman: true });
    expect(parse(fixture('message_echo.json'), '999')[0]).toMatchObject({ kind: 'echo', byHuman: true });
  });

  it('standby: the event marked standby (only the handoff reads it, nothing answers it)', () => {
    expect(one('standby.json')).toMatchObject({
      standby: true,
      userId: PSID_A,
      eventId: 'm_Jr5Nd0Kq8LwV3pTs6HbRc1YmGa9FzUe4Oi7MqPk2ZxDl_CvWs8EtNb5Fh0Aj-Qz3Iu6Go1Sn9Lx7Kc4Vd2RyYJ',
    });
  });

  it('the Page Inbox passing the thread back to our app (a 16-digit id, a bare number) is thread_back; to another app, nothing', () => {
    const big = '9007199254740993'; // above 2^53: JSON.parse alone would round it
    const back = (to: string) =>
      `{"object":"page","entry":[{"id":"${PAGE_ID}","time":1,"messaging":[{"sender":{"id":"${PSID_A}"},"recipient":{"id":"${PAGE_ID}"},"timestamp":7,"pass_thread_control":{"previous_owner_app_id":263902037430900,"new_owner_app_id":${to}}}]}]}`;
    expect(parse(back(big), big)).toEqual([{ channel: 'messenger', userId: PSID_A, timestamp: 7, eventId: expect.stringMatching(/^thread_back:/), kind: 'thread_back' }]);
    expect(parse(back('263902037430900'), big)).toEqual([]);
  });

  it('a Page Inbox echo inside standby still pauses (echo by a human)', () => {
    const raw = wrap({ sender: { id: PAGE_ID }, recipient: { id: PSID_A }, timestamp: 5, message: { mid: 'm_y', is_echo: true, app_id: 263902037430900 } }, 'standby');
    expect(parse(raw)).toEqual([{ channel: 'messenger', userId: PSID_A, eventId: 'm_y', timestamp: 5, kind: 'echo', byHuman: true }]);
  });

  it('read and delivery: receipts with stable derived ids', () => {
    const read = one('read.json');
    expect(read).toMatchObject({ kind: 'receipt', userId: PSID_A, timestamp: 1795656616288 });
    expect(read.eventId).toMatch(/^read:[0-9a-f]{24}$/);
    expect(one('read.json').eventId).toBe(read.eventId);
    const delivery = one('delivery.json');
    expect(delivery).toMatchObject({ kind: 'receipt', userId: PSID_A });
    expect(delivery.eventId).toMatch(/^delivery:[0-9a-f]{24}$/);
  });

  it('batch_two_entries: all three events of both entries, sorted by timestamp (each user in order)', () => {
    const events = parse(fixture('batch_two_entries.json'));
    expect(events.map((e) => [e.userId, e.timestamp, e.kind])).toEqual([
      [PSID_A, 1795658099120, 'text'],
      [PSID_B, 1795658099245, 'text'],
      [PSID_A, 1795658099390, 'text'],
    ]);
    expect(events.map((e) => (e.kind === 'text' ? e.text : ''))).toEqual([
      'sinh năm 1982 thì bao giờ được nghỉ hưu?',
      'dong bhxh tu nguyen o dau',
      'Tôi đã đóng bắt buộc 6 năm ở công ty may',
    ]);
  });

  it('sorts out-of-order items across entries by timestamp', () => {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        { id: 'p', time: 1, messaging: [{ ...user, timestamp: 30, message: { mid: 'm3', text: 'c' } }] },
        { id: 'p', time: 1, messaging: [{ ...user, timestamp: 10, message: { mid: 'm1', text: 'a' } }, { ...user, timestamp: 20, message: { mid: 'm2', text: 'b' } }] },
      ],
    });
    expect(parse(body).map((e) => e.eventId)).toEqual(['m1', 'm2', 'm3']);
  });
});

describe('messenger normalisation of other shapes', () => {
  it('referral → start (referral) with the ref; get_started postback with a referral keeps the ref', () => {
    const ref = parse(wrap({ ...user, referral: { ref: 'qr-xa-01', source: 'SHORTLINK', type: 'OPEN_THREAD' } }));
    expect(ref[0]).toMatchObject({ kind: 'start', reason: 'referral', ref: 'qr-xa-01' });
    expect(ref[0]!.eventId).toMatch(/^referral:/);
    const gs = parse(wrap({ ...user, postback: { title: 'Bắt đầu', payload: '#start:get_started', referral: { ref: 'ad-7' } } }));
    expect(gs[0]).toMatchObject({ kind: 'start', reason: 'get_started', ref: 'ad-7' });
    expect(gs[0]!.eventId).toMatch(/^postback:[0-9a-f]{24}$/);
  });

  it('a postback without mid gets a stable hash id', () => {
    const raw = wrap({ ...user, postback: { title: 'x', payload: '#intent:human' } });
    expect(parse(raw)[0]!.eventId).toBe(parse(raw)[0]!.eventId);
    expect(parse(raw)[0]).toMatchObject({ kind: 'payload', payload: '#intent:human' });
  });

  it('a location attachment with coordinates → location; without → attachment other', () => {
    const pin = parse(wrap({ ...user, message: { mid: 'm', attachments: [{ type: 'location', title: 'Chợ Bến Thành', payload: { coordinates: { lat: 10.7721, long: 106.6983 } } }] } }));
    expect(pin[0]).toMatchObject({ kind: 'location', latitude: 10.7721, longitude: 106.6983, label: 'Chợ Bến Thành' });
    const bare = parse(wrap({ ...user, message: { mid: 'm', attachments: [{ type: 'fallback' }] } }));
    expect(bare[0]).toMatchObject({ kind: 'attachment', attachmentType: 'other' });
    const sticker = parse(wrap({ ...user, message: { mid: 'm', attachments: [{ type: 'sticker', payload: { url: 'u', sticker_id: 369239263222822 } }] } }));
    expect(sticker[0]).toMatchObject({ kind: 'attachment', attachmentType: 'sticker' });
  });

  it('a phone-number quick reply → contact with the phone; a typed payload → payload', () => {
    const phone = parse(wrap({ ...user, message: { mid: 'm', text: '+84912345678', quick_reply: { payload: '+84912345678' } } }));
    expect(phone[0]).toMatchObject({ kind: 'contact', phone: '+84912345678' });
    const typed = parse(wrap({ ...user, message: { mid: 'm', text: '#menu:pension' } }));
    expect(typed[0]).toMatchObject({ kind: 'payload', payload: '#menu:pension' });
  });

  it('ignores shapes we do not use, skips malformed items, keeps the rest', () => {
    expect(parse(wrap({ ...user, reaction: { reaction: 'love', emoji: '❤', action: 'react', mid: 'm' } }))).toEqual([]);
    expect(parse(wrap({ sender: { user_ref: 'guest' }, recipient: { id: 'p' }, timestamp: 1, message: { mid: 'm', text: 'hi' } }))).toEqual([]);
    expect(parse(JSON.stringify({ object: 'instagram', entry: [] }))).toEqual([]);
    const mixed = JSON.stringify({ object: 'page', entry: [{ id: 'p', messaging: [{ hello: 1 }, { ...user, message: { mid: 'ok', text: 'hi' } }] }] });
    expect(parse(mixed).map((e) => e.eventId)).toEqual(['ok']);
  });

  it('validates each entry and event on its own: a bad one is dropped and counted, the good ones kept', () => {
    const dropped: string[] = [];
    const body = JSON.stringify({
      object: 'page',
      entry: [
        { id: 'p', time: 'yesterday', messaging: [{ ...user, message: { mid: 'time-as-string', text: 'hi' } }] },
        { messaging: [{ ...user, message: { mid: 'entry-without-id', text: 'lost' } }] },
        { id: 'p', messaging: 'not a list' },
        { id: 'p', messaging: [{ ...user, timestamp: '1795143800000', message: { mid: 'bad-ts', text: 'x' } }, { ...user, message: { mid: 'good', text: 'ok' } }] },
        'not an entry',
      ],
    });
    const events = normalizeMessengerWebhook(Buffer.from(body), { appId: APP_ID, onDropped: (r) => dropped.push(r) });
    expect(events.map((e) => e.eventId)).toEqual(['time-as-string', 'good']);
    expect(dropped.sort()).toEqual(['entry_invalid', 'entry_invalid', 'entry_invalid', 'event_invalid']);
  });

  it('a delivery receipt without timestamp (Meta\'s documented shape) is accepted quietly; any other event needs one', () => {
    const dropped: string[] = [];
    const warn: unknown[] = [];
    const logger = { warn: (o: unknown) => warn.push(o), debug: () => {} } as unknown as Logger;
    const { timestamp: _, ...noTime } = user;
    const body = wrap({ ...noTime, delivery: { mids: ['m1'], watermark: 1795143800000 } });
    expect(normalizeMessengerWebhook(Buffer.from(body), { appId: APP_ID, logger, onDropped: (r) => dropped.push(r) })).toEqual([]);
    expect(dropped).toEqual([]);
    expect(warn).toEqual([]);
    normalizeMessengerWebhook(Buffer.from(wrap({ ...noTime, message: { mid: 'm', text: 'hi' } })), { appId: APP_ID, logger, onDropped: (r) => dropped.push(r) });
    expect(dropped).toEqual(['event_invalid']);
    expect(warn).toHaveLength(1);
  });

  it('an unsent message (is_deleted), a reaction and an edit are ignored on purpose', () => {
    expect(parse(wrap({ ...user, message: { mid: 'm-del', is_deleted: true } }))).toEqual([]);
    expect(parse(wrap({ ...user, message: { mid: 'm-del2', text: 'hi', is_deleted: true } }))).toEqual([]);
    expect(parse(wrap({ ...user, reaction: { reaction: 'like', emoji: '👍', action: 'react', mid: 'm' } }))).toEqual([]);
    expect(parse(wrap({ ...user, message_edit: { mid: 'm', text: 'edited', num_edit: 1 } }))).toEqual([]);
  });

  it('throws WEBHOOK_BODY_INVALID for garbage', () => {
    for (const body of ['{not json', '[]', '{"object":"page"}', '"page"', '{"object":"page","entry":{}}']) {
      let err: unknown;
      try {
        parse(body);
      } catch (e) {
        err = e;
      }
      expect(isAppError(err, 'BHXH_WEBHOOK_BODY_INVALID'), body).toBe(true);
    }
  });

  it('keeps a 16-digit app_id above 2^53 exact', () => {
    const big = '9007199254740993';
    const raw = `{"object":"page","entry":[{"id":"p","messaging":[{"sender":{"id":"p"},"recipient":{"id":"${PSID_A}"},"timestamp":1,"message":{"mid":"m","is_echo":true,"app_id":${big},"text":"\\"app_id\\":1"}}]}]}`;
    expect(parse(raw, big)[0]).toMatchObject({ kind: 'echo', byHuman: false });
    expect((parseMessengerJson(raw) as { entry: { messaging: { message: { text: string } }[] }[] }).entry[0]!.messaging[0]!.message.text).toBe('"app_id":1');
  });
});
