import { describe, expect, it } from 'vitest';
import { compileIntents, INTENT_NAMES, INTENT_THRESHOLD, matchIntent } from '../../src/language/intents.ts';

const intentOf = (text: string): string => {
  const r = matchIntent(text);
  return r !== undefined && r.confidence >= INTENT_THRESHOLD ? r.intent : 'unknown';
};

describe('matchIntent', () => {
  it('lists the 22 intents', () => {
    expect(INTENT_NAMES).toHaveLength(22);
  });

  it('matches with or without diacritics and teencode', () => {
    expect(intentOf('bảo hiểm xã hội tự nguyện là gì')).toBe('what_is');
    expect(intentOf('bao hiem xa hoi tu nguyen la gi')).toBe('what_is');
    expect(intentOf('bhxh tn la j')).toBe('what_is');
  });

  it('tolerates one typo in a longer word', () => {
    expect(intentOf('giai thichh giup e')).toBe('what_is');
    expect(intentOf('tuoi nghi huu bao nhieu')).toBe('retirement_age');
  });

  it('separates paying in one go from withdrawing in one go', () => {
    expect(intentOf('đóng 1 lần cho nhiều năm được không')).toBe('payment_methods');
    expect(intentOf('rút bhxh một lần được không')).toBe('withdraw_lump_sum');
  });

  it('separates registering from finding the nearest collection agent', () => {
    expect(intentOf('đăng ký ở đâu')).toBe('register');
    expect(intentOf('đại lý thu gần nhà e ở đâu')).toBe('agent');
  });

  it('separates stopping messages from erasing stored data', () => {
    expect(intentOf('hủy nhận tin')).toBe('stop');
    expect(intentOf('xóa dữ liệu của tôi')).toBe('delete_data');
  });

  it('gives a higher confidence to a clear message than to a message with two competing topics', () => {
    const clear = matchIntent('chế độ thai sản');
    const mixed = matchIntent('lương hưu bao nhiêu tuổi');
    expect(clear?.confidence).toBeGreaterThan(mixed?.confidence ?? 0);
    expect(clear?.confidence).toBeLessThanOrEqual(1);
  });

  it('returns undefined for off-topic messages', () => {
    expect(matchIntent('giá vàng hôm nay')).toBeUndefined();
    expect(intentOf('thời tiết mai thế nào')).toBe('unknown');
  });

  it('reads phrase sets from data: weights, gaps and unknown intent names', () => {
    const sets = compileIntents({ intents: { thanks: ['cảm ơn|5', 'cám * nhiều'], not_an_intent: ['x'] } });
    expect(sets).toHaveLength(1);
    expect(sets[0]?.phrases).toEqual([{ tokens: ['cam', 'on'], weight: 5 }, { tokens: ['cam', '*', 'nhieu'], weight: 2 }]);
    expect(matchIntent('cám ơn bạn nhiều', sets)?.intent).toBe('thanks');
  });
});

describe('accent-only phrases', () => {
  it('match a word only with the diacritics written in the phrase', () => {
    const sets = compileIntents({ intents: { maternity: ['=đẻ|4'] } });
    expect(matchIntent('đẻ có được tiền không', sets)?.intent).toBe('maternity');
    expect(matchIntent('để làm gì', sets)).toBeUndefined();
  });
});
