import { describe, expect, it } from 'vitest';
import { parseJsonKeepingBigInts } from '../../../src/channels/zalo/json.ts';
import { normalizeZaloWebhook } from '../../../src/channels/zalo/normalize.ts';
import { isAppError, ErrorCodes } from '../../../src/errors.ts';
import { fixture, USER_A, USER_B } from './helpers.ts';

const parse = (name: string) => normalizeZaloWebhook(fixture(name));
const raw = (obj: unknown) => Buffer.from(JSON.stringify(obj));

describe('zalo webhook normalisation (fixtures)', () => {
  it('user_send_text → text with NFC Vietnamese, reply target sender.id, msg_id as event id', () => {
    expect(parse('user_send_text.json')).toEqual([
      {
        channel: 'zalo', userId: USER_A, eventId: '7a41c09be25d3f086b1e', timestamp: 1795656631077, kind: 'text',
        text: 'Dạ cho em hỏi, em bán rau ở chợ thì có tham gia BHXH tự nguyện được không ạ?',
      },
    ]);
  });

  it('an oa.query.hide tap (user_send_text holding #topic:value) → payload', () => {
    expect(parse('user_send_text_button_payload.json')).toEqual([
      { channel: 'zalo', userId: USER_A, eventId: 'c3d8e21a7b40f96e05c1', timestamp: 1795656695312, kind: 'payload', payload: '#menu:contribution' },
    ]);
  });

  it('user_send_location → numeric coordinates from strings, place name as label', () => {
    expect(parse('user_send_location.json')).toEqual([
      {
        channel: 'zalo', userId: USER_A, eventId: '9e07b4c1d2a35f6e8b10', timestamp: 1795656760455, kind: 'location',
        latitude: 21.0285112, longitude: 105.8522413, label: 'Bưu điện Hà Nội',
      },
    ]);
  });

  it('user_send_image / user_send_sticker → attachments', () => {
    expect(parse('user_send_image.json')).toEqual([
      { channel: 'zalo', userId: USER_A, eventId: '4d1f6a08e93b27c5b6e2', timestamp: 1795656841018, kind: 'attachment', attachmentType: 'image' },
    ]);
    expect(parse('user_send_sticker.json')).toEqual([
      { channel: 'zalo', userId: USER_A, eventId: 'a61e03d9c7f2485b9e3d', timestamp: 1795656847730, kind: 'attachment', attachmentType: 'sticker' },
    ]);
  });

  it('follow → start(follow) for follower.id; unfollow → unfollow; derived event ids are stable', () => {
    const [follow] = parse('follow.json');
    expect(follow).toMatchObject({ channel: 'zalo', userId: USER_A, timestamp: 1795656604508, kind: 'start', reason: 'follow' });
    expect(follow!.eventId).toMatch(/^follow:[0-9a-f]{24}$/);
    expect(parse('follow.json')[0]!.eventId).toBe(follow!.eventId);
    const [unfollow] = parse('unfollow.json');
    expect(unfollow).toMatchObject({ userId: USER_B, kind: 'unfollow', timestamp: 1795660080902 });
    expect(unfollow!.eventId).not.toBe(follow!.eventId);
  });

  it('user_click_chatnow → start(chat_now) for user_id', () => {
    expect(parse('user_click_chatnow.json')).toEqual([
      expect.objectContaining({ userId: USER_A, kind: 'start', reason: 'chat_now', timestamp: 1795656600214 }),
    ]);
  });

  it('user_submit_info → contact, current and legacy forms', () => {
    expect(parse('user_submit_info.json')).toEqual([
      expect.objectContaining({
        userId: USER_A, kind: 'contact', name: 'Trần Văn Bình', phone: '84987654321',
        address: 'Số 12, ấp Mỹ Hưng', province: 'Tỉnh Đồng Tháp', ward: 'Xã Mỹ Thọ',
      }),
    ]);
    expect(parse('user_submit_info_legacy.json')).toEqual([
      expect.objectContaining({
        userId: USER_A, kind: 'contact', name: 'Trần Văn Bình', phone: '84987654321',
        address: 'Số 12, ấp Mỹ Hưng', province: 'Tỉnh Tiền Giang', ward: 'Xã Mỹ Thọ',
      }),
    ]);
  });

  it('submit_info with every info field missing or odd still yields a contact', () => {
    const [ev] = normalizeZaloWebhook(raw({ event_name: 'user_submit_info', timestamp: '1', sender: { id: '1' }, info: { phone: 84912345678, full_address: 'x' } }));
    expect(ev).toEqual({ channel: 'zalo', userId: '1', timestamp: 1, eventId: expect.any(String), kind: 'contact', phone: '84912345678' });
    expect(normalizeZaloWebhook(raw({ event_name: 'user_submit_info', timestamp: '1', sender: { id: '1' } }))[0]).toMatchObject({ kind: 'contact' });
  });

  it('oa_send_* echoes: byHuman only with sender.admin_id; user is recipient.id', () => {
    expect(parse('oa_send_text_echo.json')).toEqual([
      { channel: 'zalo', userId: USER_A, eventId: 'f0e83b2d6c1a94570d2e', timestamp: 1795656632903, kind: 'echo', byHuman: false },
    ]);
    expect(parse('oa_send_text_by_human.json')).toEqual([
      { channel: 'zalo', userId: USER_A, eventId: '5b30e7c2f1d9486a0c4b', timestamp: 1795657620377, kind: 'echo', byHuman: true },
    ]);
  });

  it('user_seen_message → receipt for recipient.id', () => {
    expect(parse('user_seen_message.json')).toEqual([expect.objectContaining({ userId: USER_A, kind: 'receipt' })]);
  });
});

describe('zalo webhook normalisation (edges)', () => {
  it('keeps bare long integers exact (ids never pass through Number)', () => {
    const body = Buffer.from('{"event_name":"user_send_text","timestamp":1795140903481,"sender":{"id":8415120965517823741},"message":{"text":"a 12345678901234567 b","msg_id":"x"}}');
    expect(normalizeZaloWebhook(body)).toEqual([
      { channel: 'zalo', userId: '8415120965517823741', eventId: 'x', timestamp: 1795140903481, kind: 'text', text: 'a 12345678901234567 b' },
    ]);
    expect(parseJsonKeepingBigInts('[-12345678901234567890, 1.5, 1e20, "\\"99999999999999999\\""]')).toEqual([
      '-12345678901234567890', 1.5, 1e20, '"99999999999999999"',
    ]);
  });

  it('other user_send_* media and text NFC; location without coordinates → attachment other', () => {
    const base = { timestamp: '5', sender: { id: '7' }, recipient: { id: '9' } };
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_file', message: { msg_id: 'm' } }))[0]).toMatchObject({ kind: 'attachment', attachmentType: 'file' });
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_audio', message: { msg_id: 'm' } }))[0]).toMatchObject({ attachmentType: 'audio' });
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_link', message: { msg_id: 'm' } }))[0]).toMatchObject({ attachmentType: 'other' });
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_location', message: { msg_id: 'm' } }))[0]).toMatchObject({ attachmentType: 'other' });
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_location', message: { msg_id: 'm', location: { latitude: '1.5', longitude: 2 } } }))[0]).toMatchObject({ kind: 'location', latitude: 1.5, longitude: 2 });
    const decomposed = 'Chào'.normalize('NFD');
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_text', message: { msg_id: 'm', text: decomposed } }))[0]).toMatchObject({ text: 'Chào' });
    expect(normalizeZaloWebhook(raw({ ...base, event_name: 'user_send_text', message: { msg_id: 'm', text: '# not a payload' } }))[0]).toMatchObject({ kind: 'text' });
  });

  it('events we do not use → [] (logged at debug)', () => {
    const logged: unknown[] = [];
    const logger = { debug: (o: unknown) => logged.push(o) } as never;
    expect(normalizeZaloWebhook(raw({ event_name: 'user_reacted_message', timestamp: '1', sender: { id: '1' } }), logger)).toEqual([]);
    expect(normalizeZaloWebhook(raw({ event_name: 'anonymous_send_text', timestamp: '1' }), logger)).toEqual([]);
    expect(logged).toEqual([{ event: 'user_reacted_message' }, { event: 'anonymous_send_text' }]);
  });

  it('garbage → WEBHOOK_BODY_INVALID', () => {
    for (const body of ['{not json', '[]', '"x"', '{}', '{"event_name":"user_send_text"}', '{"event_name":"user_send_text","timestamp":"1"}', '{"event_name":"follow","timestamp":"1"}', '{"event_name":"oa_send_text","timestamp":"1","sender":{"id":"1"}}']) {
      let thrown: unknown;
      try {
        normalizeZaloWebhook(Buffer.from(body));
      } catch (err) {
        thrown = err;
      }
      expect(isAppError(thrown, ErrorCodes.WEBHOOK_BODY_INVALID), body).toBe(true);
    }
  });
});
