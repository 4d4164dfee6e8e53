/**
 * How a message is read (issue 11): politeness stripped, several questions in order, typos, diacritics, clause
 * boundaries. Sentences written for these tests; the model is the one trained on locales/vi/nlu.
 */
import { describe, expect, it } from 'vitest';
import { intentFeatures } from '../../src/language/features.ts';
import { readIntents, splitClauses, stripPoliteness, trainIntentClassifier, type IntentClassifier } from '../../src/language/index.ts';
import { loadUnderstander } from '../../src/nlu-loader.ts';

const NOW = new Date('2026-11-23T03:00:00Z');
const u = loadUnderstander();
const intents = (text: string): string[] => u.understand(text, NOW).intents.map((m) => m.intent);

describe('politeness and greetings', () => {
  it('a greeting before a question is not the question: "chào em, cho chị hỏi … bao nhiêu tiền" is contribution', () => {
    expect(intents('chào em, cho chị hỏi là mỗi tháng chị phải đóng bao nhiêu tiền')).toEqual(['contribution']);
    expect(intents('Xin chào, tôi muốn hỏi về lương hưu')).toEqual(['pension']);
    expect(intents('ad ơi cho e hỏi chút, rút bhxh 1 lần dc ko ạ')).toEqual(['withdraw_lump_sum']);
  });

  it('a message that is only a greeting is greeting', () => {
    for (const t of ['chào em', 'Xin chào ạ', 'alo alo', 'ad ơi', 'hello bạn']) expect(intents(t), t).toEqual(['greeting']);
  });

  it('"cảm ơn, còn …" answers the new question; thanks alone is thanks', () => {
    expect(intents('cảm ơn em, còn người dân tộc thiểu số thì được hỗ trợ không')).toEqual(['support']);
    expect(intents('ok cảm ơn nhiều nhé')).toEqual(['thanks']);
  });

  it('strips calls and asking-to-ask, keeps the question with its diacritics', () => {
    expect(stripPoliteness('Dạ chào chị, cho em hỏi là lương hưu tính sao ạ')).toEqual({ text: 'lương hưu tính sao', greeted: true });
    // Without diacritics "da" is "đã": kept.
    expect(stripPoliteness('da dong 5 nam').text).toBe('da dong 5 nam');
  });
});

describe('several questions in one message', () => {
  it('numbered questions are read in order, all of them', () => {
    expect(intents('1. mức đóng thấp nhất bao nhiêu 2. lương hưu tính sao 3. rút một lần được không 4. thai sản được bao nhiêu'))
      .toEqual(['contribution', 'pension', 'withdraw_lump_sum', 'maternity']);
  });

  it('questions after "?", ";", "với lại", a new line are apart', () => {
    expect(intents('tuổi nghỉ hưu của nữ là bao nhiêu? với lại có thẻ bhyt không')).toEqual(['retirement_age', 'health_card']);
    expect(intents('đóng theo quý được không\nhộ nghèo được hỗ trợ mấy phần trăm')).toEqual(['payment_methods', 'support']);
  });

  it('details before one question stay one question: "sinh 3/1966" is a birth date, not giving birth', () => {
    expect(intents('Tôi sinh 4/1967, nữ, đóng được 11 năm, bao giờ tôi được về hưu?')).toEqual(['retirement_age']);
    expect(splitClauses('tôi sinh 4/1967, nữ, đóng được 11 năm')).toHaveLength(1);
  });
});

describe('words that collide', () => {
  it('"ty" inside "công ty" is not thanks', () => {
    expect(intents('tôi đi làm công ty 12 năm rồi nghỉ, giờ muốn đóng tiếp thì sau này lương hưu bao nhiêu')).toEqual(['pension']);
    expect(intentFeatures('công ty')).not.toContain('w:thanks');
    expect(intentFeatures('ty ad')).toContain('w:thanks');
  });

  it('typed diacritics are features of their own: đẻ is not để, nhận is not nhắn', () => {
    expect(intentFeatures('đẻ con')).toContain('a:đẻ');
    expect(intentFeatures('để con')).not.toContain('a:đẻ');
    expect(intentFeatures('nhận tin')).not.toContain('a:nhắn');
    // Both fold to the same word, so the folded features are shared.
    expect(intentFeatures('nhắn tin')).toEqual(expect.arrayContaining(['w:nhan', 'a:nhắn']));
  });

  it('typos of short syllables keep most features: "luog huu", "tinh muc dog"', () => {
    expect(intents('luog huu dc bn')).toEqual(['pension']);
    expect(intents('tinh muc dog giup e')).toEqual(['contribution']);
  });

  it('a question that contains "không" is a question, not a "no"', () => {
    expect(intents('hộ cận nghèo có được hỗ trợ không')).toEqual(['support']);
    expect(intents('ngưng đóng thì có mất tiền đã đóng không')).toEqual(['pause_resume']);
  });
});

describe('clause boundaries', () => {
  it('no word pair is read across a comma', () => {
    const f = intentFeatures('đừng nhắn nữa, gọi cho tôi');
    expect(f).toContain('b:goi_cho');
    expect(f.some((x) => x.startsWith('b:nua_'))).toBe(false);
  });

  it('asking to be phoned is a person, not stop', () => {
    expect(intents('gọi cho tôi')).toEqual(['human']);
    expect(intents('có ai gọi điện tư vấn cho tôi không')).toEqual(['human']);
    // Both said: both read, in order (the engine acts on the person, not on stop).
    expect(intents('đừng nhắn nữa, gọi cho tôi')).toEqual(['stop', 'human']);
  });
});

describe('out of scope', () => {
  it('other insurance, licences, weather, gold, lottery are unknown, and known to be out of scope', () => {
    for (const t of ['mua bảo hiểm ô tô ở đâu rẻ', 'đổi bằng lái xe máy', 'mai trời mưa không', 'giá vàng 9999 hôm nay', 'xổ số hôm nay về con gì']) {
      const r = u.understand(t, NOW);
      expect(r.intents.map((m) => m.intent), t).toEqual(['unknown']);
    }
  });
});

describe('the classifier', () => {
  const tiny = [
    ...['lương hưu bao nhiêu', 'tính lương hưu', 'lãnh hưu bao nhiêu'].map((text) => ({ text, intent: 'pension' as const })),
    ...['tuổi nghỉ hưu', 'mấy tuổi về hưu', 'bao giờ nghỉ hưu'].map((text) => ({ text, intent: 'retirement_age' as const })),
    ...['giá vàng', 'thời tiết', 'xổ số'].map((text) => ({ text, intent: 'unknown' as const })),
  ];

  it('is deterministic: the same corpus gives the same probabilities', () => {
    const a = trainIntentClassifier(tiny).rank('lương hưu tuổi nào');
    const b = trainIntentClassifier(tiny).rank('lương hưu tuổi nào');
    expect(a).toEqual(b);
  });

  it('gives probabilities that add up to one, best first, with a fitted temperature', () => {
    const ranked = u.classifier.rank('lương hưu bao nhiêu');
    expect(ranked[0]?.intent).toBe('pension');
    expect(ranked.reduce((s, m) => s + m.confidence, 0)).toBeCloseTo(1, 6);
    expect(ranked.every((m, i) => i === 0 || m.confidence <= ranked[i - 1]!.confidence)).toBe(true);
    expect(u.classifier.temperature).not.toBe(1);
  });

  it('offers a close runner-up, never below it', () => {
    const close: IntentClassifier = {
      temperature: 1,
      featureCount: 0,
      rank: () => [
        { intent: 'pension', confidence: 0.5 },
        { intent: 'retirement_age', confidence: 0.4 },
        ...['what_is', 'unknown'].map((intent) => ({ intent: intent as 'what_is', confidence: 0.05 })),
      ],
    };
    expect(readIntents(close, 'lương hưu tuổi').clauses[0]).toMatchObject({ intent: 'pension', runnerUp: { intent: 'retirement_age' } });
    const clear: IntentClassifier = { ...close, rank: () => [{ intent: 'pension', confidence: 0.9 }, { intent: 'retirement_age', confidence: 0.1 }] };
    expect(readIntents(clear, 'lương hưu').clauses[0]?.runnerUp).toBeUndefined();
  });
});
