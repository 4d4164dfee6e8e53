import { describe, expect, it } from 'vitest';
import { createI18n, createTranslate } from '../src/i18n.ts';

const resources = {
  vi: {
    common: {
      hello: 'Chào bạn',
      amount: 'Bạn đóng {{amount}}/tháng',
      years_other: '{{count}} năm',
      nested: 'Xin chào. $t(hello)',
    },
  },
};

describe('createTranslate', () => {
  const i18n = createI18n(resources);
  const plain = i18n.getFixedT('vi');
  const t = createTranslate(i18n);

  it('gives the same texts as i18next: plain, interpolated, plural, nested', () => {
    for (const [key, vars] of [
      ['hello', { income: 1 }],
      ['amount', { amount: '1.034.000 đ', other: 'x' }],
      ['amount', { amount: '2.000.000 đ' }],
      ['years', { count: 5 }],
      ['nested', {}],
      ['missing.key', {}],
    ] as const) {
      expect(t(key, vars)).toBe(plain(key, vars));
    }
  });

  it('answers from its cache when only unused variables differ', () => {
    const first = t('amount', { amount: '1 đ', user: 'a' });
    i18n.addResource('vi', 'common', 'amount', 'changed {{amount}}');
    // Same amount, different unrelated variable: the remembered text, not the changed resource.
    expect(t('amount', { amount: '1 đ', user: 'b' })).toBe(first);
    // A new amount is a new text.
    expect(t('amount', { amount: '2 đ', user: 'b' })).toBe('changed 2 đ');
  });
});
