import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedAverageIncome, computePension, policyAt, type Sex } from '../../src/insurance/index.ts';

const policy = policyAt('2026-11-21');
const pension = (sex: Sex, months: number, mbq: number) =>
  computePension({ sex, monthsAtRetirement: months, adjustedIncomeSum: mbq * months }, policy);

/**
 * Reference rate straight from Law Art. 99(1) and Art. 5(6), written independently of src: years for the amount
 * with odd months 1–6 = ½ and 7–11 = 1; women 45 % + 2 %/y over 15; men 40 % + 1 %/y to 19, 45 % + 2 %/y from 20.
 */
function lawRate(sex: Sex, months: number): number {
  if (months < 180) return 0;
  const odd = months % 12;
  const years = Math.floor(months / 12) + (odd === 0 ? 0 : odd <= 6 ? 0.5 : 1);
  const raw = sex === 'female' ? 45 + 2 * (years - 15) : years < 20 ? 40 + (years - 15) : 45 + 2 * (years - 20);
  return Math.min(raw, 75);
}

describe('pension — eligibility at 15 whole years', () => {
  it.each(['male', 'female'] as const)('%s: 179 months is not eligible (1 month short), 180 is', (sex) => {
    expect(pension(sex, 179, 5_000_000)).toMatchObject({ eligible: false, ratePercent: 0, monthlyAmount: 0, shortfallMonths: 1 });
    expect(pension(sex, 180, 5_000_000)).toMatchObject({ eligible: true, ratePercent: sex === 'female' ? 45 : 40, shortfallMonths: 0 });
  });
});

describe('pension — odd months (Art. 5(6))', () => {
  it.each([
    ['female', 186, 46], // 15 y 6 m → 15.5 y
    ['female', 187, 47], // 15 y 7 m → 16 y
    ['female', 181, 46], // 15 y 1 m → 15.5 y
    ['male', 234, 44.5], // 19 y 6 m
    ['male', 235, 45], // 19 y 7 m → 20 y, the second tier
    ['male', 240, 45],
    ['male', 245, 46],
  ] as const)('%s %d months → %d %%', (sex, months, rate) => {
    expect(pension(sex, months, 5_000_000).ratePercent).toBe(rate);
  });
});

describe('pension — the 75 % cap and the lump sum above it (Art. 99, 100)', () => {
  it('woman: 29 y 6 m → 74 %; 30 y → 75 %, no lump sum; 30 y 1 m → 75 % + ½ × ½ × Mbq', () => {
    expect(pension('female', 354, 4_000_000)).toMatchObject({ ratePercent: 74, lumpSumAllowance: 0 });
    expect(pension('female', 360, 4_000_000)).toMatchObject({ ratePercent: 75, lumpSumAllowance: 0 });
    expect(pension('female', 361, 4_000_000)).toMatchObject({ ratePercent: 75, monthlyAmount: 3_000_000, lumpSumAllowance: 1_000_000 });
  });
  it('man: 34 y 6 m → 74 %; 35 y → 75 %, no lump sum; 36 y → one year × ½ Mbq', () => {
    expect(pension('male', 414, 4_000_000)).toMatchObject({ ratePercent: 74, lumpSumAllowance: 0 });
    expect(pension('male', 420, 4_000_000)).toMatchObject({ ratePercent: 75, lumpSumAllowance: 0 });
    expect(pension('male', 432, 4_000_000)).toMatchObject({ ratePercent: 75, lumpSumAllowance: 2_000_000 });
  });
  it('D8: woman, 33 years, Mbq 6,000,000 → 4,500,000 a month + 9,000,000 once', () => {
    expect(pension('female', 396, 6_000_000)).toMatchObject({ monthlyAmount: 4_500_000, lumpSumAllowance: 9_000_000 });
  });
});

describe('pension — properties', () => {
  const arbSex = fc.constantFrom<Sex>('male', 'female');
  const arbMonths = fc.integer({ min: 0, max: 720 });
  const arbMbq = fc.integer({ min: 1_500_000, max: 50_600_000 });

  it('rate follows the law text, amount = ⌊rate × Mbq⌋, never above 75 % of Mbq', () => {
    fc.assert(
      fc.property(arbSex, arbMonths, arbMbq, (sex, months, mbq) => {
        const p = pension(sex, months, mbq);
        expect(p.ratePercent).toBe(lawRate(sex, months));
        expect(p.monthlyAmount).toBe(Math.floor((mbq * Math.round(lawRate(sex, months) * 10)) / 1000));
        expect(p.monthlyAmount).toBeLessThanOrEqual(mbq * 0.75);
      }),
    );
  });

  it('more months never lower the rate or the amount', () => {
    fc.assert(
      fc.property(arbSex, arbMonths, arbMbq, (sex, months, mbq) => {
        const a = pension(sex, months, mbq);
        const b = pension(sex, months + 1, mbq);
        expect(b.ratePercent).toBeGreaterThanOrEqual(a.ratePercent);
        expect(b.monthlyAmount + b.lumpSumAllowance).toBeGreaterThanOrEqual(a.monthlyAmount + a.lumpSumAllowance);
      }),
    );
  });

  it('a higher average income never gives a lower pension', () => {
    fc.assert(
      fc.property(arbSex, arbMonths, arbMbq, arbMbq, (sex, months, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(pension(sex, months, hi).monthlyAmount).toBeGreaterThanOrEqual(pension(sex, months, lo).monthlyAmount);
      }),
    );
  });
});

describe('average adjusted income (Art. 104)', () => {
  it('S9: the 2017 VSS illustration averages to 2,001,344.19 with its own coefficients', () => {
    const coef = { 2015: 1.08, 2016: 1.03, 2017: 1.03, 2018: 1 };
    const history = [
      { year: 2015, months: 12, income: 1_200_000 },
      { year: 2016, months: 12, income: 2_140_000 },
      { year: 2017, months: 12, income: 2_140_000 },
      { year: 2018, months: 7, income: 2_515_000 },
    ];
    expect(adjustedAverageIncome(history, coef)).toBeCloseTo(2_001_344.19, 2);
  });
  it('coefficients below 1 and missing (future) years count as 1', () => {
    expect(adjustedAverageIncome([{ year: 2040, months: 10, income: 3_000_000 }, { year: 2039, months: 10, income: 1_000_000 }], { 2039: 0.9 })).toBe(2_000_000);
  });
  it('uses the 2026 table from policy.md §4.4', () => {
    const coef = policyAt('2026-03-01').adjustmentCoefficients.value;
    expect(coef[2008]).toBe(2.29);
    expect(coef[2024]).toBe(1.03);
  });
});
