import { describe, expect, it } from 'vitest';
import { renderMessage, shortTitle, splitText, type SendBody } from '../../../src/channels/messenger/index.ts';
import type { Choice } from '../../../src/channels/types.ts';
import { PSID_A } from './helpers.ts';

const msg = (b: SendBody) => b.message as Record<string, unknown> & { text?: string; quick_replies?: { title?: string; payload?: string; content_type: string }[] };
const template = (b: SendBody) => (b.message as { attachment: { payload: { text: string; buttons: { title: string; payload: string }[] } } }).attachment.payload;
const choices = (n: number, topic = 'pick'): Choice[] => Array.from({ length: n }, (_, i) => ({ title: `Lựa chọn ${i + 1}`, payload: `#${topic}:c${i + 1}` }));

describe('messenger renderer', () => {
  it('plain text: one RESPONSE body to the PSID, metadata tag when asked', () => {
    expect(renderMessage(PSID_A, { kind: 'text', text: 'Xin chào' })).toEqual([{ recipient: { id: PSID_A }, messaging_type: 'RESPONSE', message: { text: 'Xin chào' } }]);
    expect(renderMessage(PSID_A, { kind: 'text', text: 'x' }, { metadata: 'bot' })[0]!.message).toEqual({ text: 'x', metadata: 'bot' });
  });

  it('splits text over 2,000 characters on sentence boundaries, nothing lost', () => {
    const sentence = 'Mức đóng BHXH tự nguyện bằng 22% thu nhập tháng do người tham gia lựa chọn. ';
    const text = sentence.repeat(60).trim();
    const bodies = renderMessage(PSID_A, { kind: 'text', text });
    expect(bodies.length).toBe(3);
    for (const b of bodies) {
      expect(msg(b).text!.length).toBeLessThanOrEqual(2_000);
      expect(msg(b).text!.endsWith('chọn.')).toBe(true);
    }
    expect(bodies.map((b) => msg(b).text).join(' ')).toBe(text);
    expect(splitText('😀'.repeat(1_500)).every((c) => c.length <= 2_000 && !/[\ud800-\udbff]$/.test(c))).toBe(true);
  });

  it('choices → quick replies on the last chunk (≤ 13)', () => {
    const [b, ...rest] = renderMessage(PSID_A, { kind: 'text', text: 'Bạn chọn đóng theo kỳ nào?', choices: choices(13) });
    expect(rest).toEqual([]);
    expect(msg(b!).quick_replies).toHaveLength(13);
    expect(msg(b!).quick_replies![0]).toEqual({ content_type: 'text', title: 'Lựa chọn 1', payload: '#pick:c1' });
    expect(msg(b!).text).toBe('Bạn chọn đóng theo kỳ nào?');
  });

  it('14 choices → the text alone, then button templates of 3 (every choice keeps its payload)', () => {
    const bodies = renderMessage(PSID_A, { kind: 'text', text: 'Chọn tỉnh:', choices: choices(14) });
    expect(bodies).toHaveLength(1 + 5);
    expect(msg(bodies[0]!)).toEqual({ text: 'Chọn tỉnh:' });
    const templates = bodies.slice(1).map(template);
    expect(templates.map((t) => t.buttons.length)).toEqual([3, 3, 3, 3, 2]);
    expect(templates.flatMap((t) => t.buttons.map((b) => b.payload))).toEqual(choices(14).map((c) => c.payload));
    expect(templates[0]!.text).toBe('Thêm lựa chọn:');
  });

  it('long titles are cut to 20 characters at a word boundary with "…", the full titles kept in the text', () => {
    const long: Choice[] = [
      { title: 'Đóng hằng tháng theo mức thu nhập', payload: '#period:1' },
      { title: 'Đóng 3 tháng một lần', payload: '#period:3' },
      { title: 'Mộtchữrấtdàikhôngcókhoảngtrắng', payload: '#period:x' },
    ];
    const [b] = renderMessage(PSID_A, { kind: 'text', text: 'Bạn muốn đóng thế nào?', choices: long });
    const titles = msg(b!).quick_replies!.map((q) => q.title!);
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(20);
    expect(titles).toEqual(['Đóng hằng tháng…', 'Đóng 3 tháng một lần', 'Mộtchữrấtdàikhôngcó…']);
    expect(msg(b!).text).toBe(
      'Bạn muốn đóng thế nào?\n\n• Đóng hằng tháng theo mức thu nhập\n• Đóng 3 tháng một lần\n• Mộtchữrấtdàikhôngcókhoảngtrắng',
    );
    expect(shortTitle('Ngắn')).toBe('Ngắn');
  });

  it('≤ 3 navigation choices (#menu / #intent) with text ≤ 640 → a button template', () => {
    const [b, ...rest] = renderMessage(PSID_A, { kind: 'text', text: 'Bạn muốn biết điều gì?', choices: choices(3, 'menu') });
    expect(rest).toEqual([]);
    expect(b!.message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Bạn muốn biết điều gì?',
          buttons: choices(3, 'menu').map((c) => ({ type: 'postback', title: c.title, payload: c.payload })),
        },
      },
    });
    // Not navigation, too many, or text over 640 → quick replies.
    expect(msg(renderMessage(PSID_A, { kind: 'text', text: 'Đồng ý?', choices: choices(2, 'consent') })[0]!).quick_replies).toHaveLength(2);
    expect(msg(renderMessage(PSID_A, { kind: 'text', text: 'Menu', choices: choices(4, 'menu') })[0]!).quick_replies).toHaveLength(4);
    expect(msg(renderMessage(PSID_A, { kind: 'text', text: 'a '.repeat(400), choices: choices(2, 'intent') })[0]!).quick_replies).toHaveLength(2);
  });

  it('refuses an over-long payload (permanent: retrying cannot help)', () => {
    expect(() => renderMessage(PSID_A, { kind: 'text', text: 'x', choices: [{ title: 't', payload: `#x:${'a'.repeat(1_000)}` }] })).toThrow(
      expect.objectContaining({ code: 'BHXH_SEND_PERMANENT', retry: 'never' }),
    );
  });

  it('request_contact → text with a user_phone_number quick reply', () => {
    expect(renderMessage(PSID_A, { kind: 'request_contact', title: 'Để lại số điện thoại', subtitle: 'Cán bộ sẽ gọi lại cho bạn.' })).toEqual([
      {
        recipient: { id: PSID_A },
        messaging_type: 'RESPONSE',
        message: { text: 'Để lại số điện thoại\nCán bộ sẽ gọi lại cho bạn.', quick_replies: [{ content_type: 'user_phone_number' }] },
      },
    ]);
  });

  it('request_location → text only (no location quick reply on Messenger since 2019)', () => {
    const bodies = renderMessage(PSID_A, { kind: 'request_location', text: 'Bạn ở xã/phường nào?' });
    expect(bodies).toEqual([{ recipient: { id: PSID_A }, messaging_type: 'RESPONSE', message: { text: 'Bạn ở xã/phường nào?' } }]);
    expect(JSON.stringify(bodies)).not.toContain('location');
  });
});
