import { describe, expect, it } from 'vitest';
import { parseSex, parseYesNo } from '../../src/language/yesno.ts';

describe('parseYesNo', () => {
  it.each(['dạ vâng', 'ok', 'uh', 'đc', 'có', 'ừ', 'dong y nha', 'oke e', 'có chứ', 'đúng rồi', '👍', 'dạ', 'ko sao'])(
    'reads agreement, polite and regional forms as yes: %s',
    (text) => {
      expect(parseYesNo(text)).toBe('yes');
    },
  );

  it.each(['ko', 'hok', 'k', 'hông', 'không cần đâu', 'chưa cần đâu e', 'sai rồi'])('reads refusals as no: %s', (text) => {
    expect(parseYesNo(text)).toBe('no');
  });

  it.each(['thôi', 'thôi khỏi', 'để sau', 'chưa', 'ok nhưng để tháng sau', 'để em hỏi chồng đã'])(
    'reads putting it off as no: %s',
    (text) => {
      expect(parseYesNo(text)).toBe('no');
    },
  );

  it('lets negation win over agreement', () => {
    expect(parseYesNo('không đồng ý')).toBe('no');
    expect(parseYesNo('dạ không')).toBe('no');
  });

  it.each(['có lẽ', 'chưa chắc', 'không chắc'])('gives undefined for hesitation: %s', (text) => {
    expect(parseYesNo(text)).toBeUndefined();
  });

  it.each(['là sao ạ?', 'có mất tiền ko?', 'ko biết nữa', 'giá vàng hôm nay bao nhiêu', ''])(
    'gives undefined for questions back, "don\'t know" and off-topic messages: %s',
    (text) => {
      expect(parseYesNo(text)).toBeUndefined();
    },
  );
});

describe('parseSex', () => {
  it.each(['nam', 'Nam ạ', 'đàn ông', 'con trai', 'giới tính nam'])('reads male: %s', (text) => {
    expect(parseSex(text)).toBe('male');
  });

  it.each(['nữ', 'nu', 'phụ nữ', 'con gái', 'e là nữ'])('reads female: %s', (text) => {
    expect(parseSex(text)).toBe('female');
  });

  it('does not read năm (five/year) typed with diacritics as male', () => {
    expect(parseSex('năm')).toBeUndefined();
  });

  it('does not take the person addressed for the speaker', () => {
    expect(parseSex('chị ơi')).toBeUndefined();
    expect(parseSex('chào anh, em là nữ')).toBe('female');
    expect(parseSex('anh ơi, tôi nam')).toBe('male');
  });

  it('gives undefined for both or neither', () => {
    expect(parseSex('nam hay nữ?')).toBeUndefined();
    expect(parseSex('có')).toBeUndefined();
  });
});
