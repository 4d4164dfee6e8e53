import { describe, expect, it } from 'vitest';
import { DEFAULT_MORE_CHOICES_TEXT, renderMessage, splitText, TEXT_LIMIT } from '../../../src/channels/zalo/render.ts';
import { isAppError, ErrorCodes } from '../../../src/errors.ts';

const U = '8415120965517823741';
const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `Lựa chọn ${i + 1}`, payload: `#menu:c${i + 1}` }));

describe('zalo renderer', () => {
  it('plain text → one CS body to recipient.user_id', () => {
    expect(renderMessage(U, { kind: 'text', text: 'Xin chào!' })).toEqual([{ recipient: { user_id: U }, message: { text: 'Xin chào!' } }]);
  });

  it('splits long text at ≤ 2,000 chars on sentence boundaries and loses nothing', () => {
    const sentence = 'Mức đóng bảo hiểm xã hội tự nguyện bằng 22% mức thu nhập tháng do người tham gia lựa chọn. ';
    const text = sentence.repeat(60).trim();
    const chunks = splitText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(text);
  });

  it('falls back to a space, then a hard cut, and never splits a surrogate pair', () => {
    const words = 'chữ '.repeat(800).trim(); // no sentence end
    for (const c of splitText(words)) {
      expect(c.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(c.startsWith('chữ')).toBe(true);
    }
    expect(splitText(words).join(' ')).toBe(words);
    const solid = 'x'.repeat(4_500);
    expect(splitText(solid).map((c) => c.length)).toEqual([2000, 2000, 500]);
    const emoji = 'x' + '😀'.repeat(1_500); // 3,001 UTF-16 units
    const parts = splitText(emoji);
    expect(parts.join('')).toBe(emoji);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(p).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    }
  });

  it('counts characters after NFC', () => {
    const nfd = 'ệ'.normalize('NFD').repeat(1_500); // 3,000 units in NFD, 1,500 in NFC
    expect(splitText(nfd)).toEqual(['ệ'.repeat(1_500)]);
  });

  it('up to 5 choices → oa.query.hide buttons on the last text chunk', () => {
    const [body] = renderMessage(U, { kind: 'text', text: 'Bạn cần gì?', choices: choices(5) });
    expect(body).toEqual({
      recipient: { user_id: U },
      message: {
        text: 'Bạn cần gì?',
        attachment: { type: 'template', payload: { buttons: choices(5).map((c) => ({ title: c.title, type: 'oa.query.hide', payload: c.payload })) } },
      },
    });
    const long = renderMessage(U, { kind: 'text', text: 'a. '.repeat(1_000), choices: choices(2) });
    expect(long).toHaveLength(2);
    expect(long[0]!.message).not.toHaveProperty('attachment');
    expect(long[1]!.message).toHaveProperty('attachment');
  });

  it('more than 5 choices → extra messages of ≤ 5 buttons under the "more options" text', () => {
    const bodies = renderMessage(U, { kind: 'text', text: 'Chọn:', choices: choices(12) });
    const buttons = bodies.map((b) => ('text' in b.message ? (b.message.attachment?.payload.buttons.length ?? 0) : -1));
    expect(buttons).toEqual([5, 5, 2]);
    expect(bodies.map((b) => ('text' in b.message ? b.message.text : ''))).toEqual(['Chọn:', DEFAULT_MORE_CHOICES_TEXT, DEFAULT_MORE_CHOICES_TEXT]);
    expect(renderMessage(U, { kind: 'text', text: 'Chọn:', choices: choices(7) }, { moreChoicesText: 'More:' })[1]!.message).toMatchObject({ text: 'More:' });
  });

  it('refuses payloads over 1,000 chars (permanent), truncates long titles', () => {
    let thrown: unknown;
    try {
      renderMessage(U, { kind: 'text', text: 'x', choices: [{ title: 't', payload: `#a:${'x'.repeat(1_000)}` }] });
    } catch (err) {
      thrown = err;
    }
    expect(isAppError(thrown, ErrorCodes.SEND_PERMANENT)).toBe(true);
    const [b] = renderMessage(U, { kind: 'text', text: 'x', choices: [{ title: 'T'.repeat(150), payload: '#a:b' }] });
    expect(b!.message).toMatchObject({ attachment: { payload: { buttons: [{ title: 'T'.repeat(100) }] } } });
  });

  it('request_contact → request_user_info template with one element (limits applied)', () => {
    expect(renderMessage(U, { kind: 'request_contact', title: 'BHXH tự nguyện', subtitle: 'Cho phép lưu SĐT', imageUrl: 'https://x.test/a.png' })).toEqual([
      {
        recipient: { user_id: U },
        message: {
          attachment: {
            type: 'template',
            payload: { template_type: 'request_user_info', elements: [{ title: 'BHXH tự nguyện', subtitle: 'Cho phép lưu SĐT', image_url: 'https://x.test/a.png' }] },
          },
        },
      },
    ]);
    const [b] = renderMessage(U, { kind: 'request_contact', title: 'T'.repeat(200), subtitle: 'S'.repeat(600) });
    expect(b!.message).toMatchObject({ attachment: { payload: { elements: [{ title: 'T'.repeat(100), subtitle: 'S'.repeat(500) }] } } });
    expect(JSON.stringify(b)).not.toContain('image_url');
  });

  it('request_location → plain text', () => {
    expect(renderMessage(U, { kind: 'request_location', text: 'Gửi vị trí' })).toEqual([{ recipient: { user_id: U }, message: { text: 'Gửi vị trí' } }]);
  });

  it('empty text without choices sends nothing', () => {
    expect(renderMessage(U, { kind: 'text', text: '  ' })).toEqual([]);
    expect(renderMessage(U, { kind: 'text', text: '', choices: choices(1) })).toHaveLength(1);
  });
});
