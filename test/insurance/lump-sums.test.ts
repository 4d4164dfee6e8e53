import { describe, expect, it } from 'vitest';
import { funeralAllowance, monthIndex, monthlyAllowance, oneOffWithdrawal, policyAt, supportReceivedEstimate, survivorLumpSum } from '../../src/insurance/index.ts';

const p = policyAt('2026-12-03');
const lastMonth = monthIndex(2026, 11);

describe('one-off withdrawal and survivor lump sum (Law Art. 102(2), 110(2))', () => {
  it('10 years at 5.000.000, all from 2014: 2 × Mbq per year, minus the support received', () => {
    const support = supportReceivedEstimate(120, 66_000, p);
    expect(support).toBe(120 * 66_000);
    const w = oneOffWithdrawal({ months: 120, averageIncome: 5_000_000, lastMonth }, support, p);
    expect(w.gross).toBe(10 * 2 * 5_000_000);
    expect(w.amount).toBe(100_000_000 - 7_920_000);
    expect(w).toMatchObject({ halfYearsBefore2014: 0, halfYearsFrom2014: 20 });
  });

  it('15 years ending 11/2026 started 12/2011: 2 whole years at 1,5 × Mbq, the other 13 at 2 ×', () => {
    const w = oneOffWithdrawal({ months: 180, averageIncome: 5_000_000, lastMonth }, 0, p);
    expect(w.halfYearsBefore2014).toBe(4);
    expect(w.gross).toBe(2 * 1.5 * 5_000_000 + 13 * 2 * 5_000_000);
  });

  it('odd months count half (1–6) or whole (7–11) years; less than a year is what was paid, at most 2 × Mbq', () => {
    expect(survivorLumpSum({ months: 42, averageIncome: 4_000_000, lastMonth }, p).gross).toBe(3.5 * 2 * 4_000_000);
    expect(survivorLumpSum({ months: 43, averageIncome: 4_000_000, lastMonth }, p).gross).toBe(4 * 2 * 4_000_000);
    expect(survivorLumpSum({ months: 6, averageIncome: 5_000_000, lastMonth }, p).gross).toBe(6 * 1_100_000);
    expect(survivorLumpSum({ months: 11, averageIncome: 5_000_000, lastMonth }, p).gross).toBe(10_000_000);
  });

  it('the survivor lump sum deducts nothing; the withdrawal never goes below 0', () => {
    expect(survivorLumpSum({ months: 36, averageIncome: 4_000_000, lastMonth }, p).amount).toBe(6 * 4_000_000);
    expect(oneOffWithdrawal({ months: 12, averageIncome: 1_500_000, lastMonth }, 99_000_000, p).amount).toBe(0);
  });
});

describe('funeral allowance and the Art. 23 monthly allowance', () => {
  it('funeral: 10 × the reference level, with 60 months or more', () => {
    expect(funeralAllowance(60, p)).toEqual({ amount: 10 * p.referenceLevel.value, eligible: true, minMonths: 60 });
    expect(funeralAllowance(59, p).eligible).toBe(false);
  });

  it('monthly allowance: the pot (2 × Mbq per year) spread to social-pension age, never below the social pension', () => {
    const big = monthlyAllowance({ months: 168, averageIncome: 10_000_000 }, 100, 500_000, p);
    expect(big.pot).toBe(14 * 2 * 10_000_000);
    expect(big).toMatchObject({ monthly: Math.floor(big.pot / 100), months: 100, untilSocialPensionAge: true });
    const small = monthlyAllowance({ months: 60, averageIncome: 2_000_000 }, 150, 500_000, p);
    expect(small).toMatchObject({ pot: 20_000_000, monthly: 500_000, months: 40, untilSocialPensionAge: false });
  });
});
