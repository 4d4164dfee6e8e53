import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVnd, viDate } from '../../src/insurance/index.ts';

describe('formatVnd', () => {
  it.each([
    [0, '0 đ'],
    [999, '999 đ'],
    [1000, '1.000 đ'],
    [66_000, '66.000 đ'],
    [1_034_000, '1.034.000 đ'],
    [50_600_000, '50.600.000 đ'],
    [1_234_567_890, '1.234.567.890 đ'],
    [-1_500, '-1.500 đ'],
  ])('%d → %s', (n, text) => {
    expect(formatVnd(n)).toBe(text);
  });

  it('drops fractions of a đồng rather than rounding up', () => {
    expect(formatVnd(2_933_333.99)).toBe('2.933.333 đ');
  });

  it('reads back to the same integer, with groups of exactly three digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const s = formatVnd(n);
        expect(s.endsWith(' đ')).toBe(true);
        const body = s.slice(0, -2);
        expect(body).toMatch(/^\d{1,3}(\.\d{3})*$/);
        expect(Number(body.replaceAll('.', ''))).toBe(n);
      }),
    );
  });
});

describe('viDate', () => {
  it.each([
    ['2045-03', '03/2045'],
    ['2026-11-22', '22/11/2026'],
  ])('%s → %s', (iso, text) => {
    expect(viDate(iso)).toBe(text);
  });
});
