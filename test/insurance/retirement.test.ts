import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMonth, monthIndex, policyAt, retirementFor, type Sex } from '../../src/insurance/index.ts';

const rule = policyAt('2026-11-21').retirementAge.value;
const at = (sex: Sex, year: number, month: number) => {
  const r = retirementFor(sex, monthIndex(year, month), rule);
  return { age: `${r.age.years}y${r.age.months}m`, reachedOn: formatMonth(r.reachedOn), pensionFrom: formatMonth(r.pensionFrom) };
};

// Block edges copied from the Decree 135/2020 tables in policy.md §4.2: [born year, month, age, reaches].
const MEN: Array<[number, number, string, string]> = [
  [1960, 12, '60y0m', '2020-12'],
  [1961, 1, '60y3m', '2021-04'],
  [1961, 9, '60y3m', '2021-12'],
  [1961, 10, '60y6m', '2022-04'],
  [1962, 6, '60y6m', '2022-12'],
  [1962, 7, '60y9m', '2023-04'],
  [1963, 3, '60y9m', '2023-12'],
  [1963, 4, '61y0m', '2024-04'],
  [1964, 9, '61y3m', '2025-12'],
  [1964, 10, '61y6m', '2026-04'],
  [1965, 6, '61y6m', '2026-12'],
  [1965, 7, '61y9m', '2027-04'],
  [1966, 3, '61y9m', '2027-12'],
  [1966, 4, '62y0m', '2028-04'],
  [1990, 1, '62y0m', '2052-01'],
];
const WOMEN: Array<[number, number, string, string]> = [
  [1965, 12, '55y0m', '2020-12'],
  [1966, 1, '55y4m', '2021-05'],
  [1966, 8, '55y4m', '2021-12'],
  [1966, 9, '55y8m', '2022-05'],
  [1967, 4, '55y8m', '2022-12'],
  [1967, 5, '56y0m', '2023-05'],
  [1969, 4, '56y8m', '2025-12'],
  [1969, 5, '57y0m', '2026-05'],
  [1969, 12, '57y0m', '2026-12'],
  [1970, 1, '57y4m', '2027-05'],
  [1974, 8, '59y4m', '2033-12'],
  [1974, 9, '59y8m', '2034-05'],
  [1975, 4, '59y8m', '2034-12'],
  [1975, 5, '60y0m', '2035-05'],
  [1990, 1, '60y0m', '2050-01'],
];

describe('retirement age — Decree 135/2020 block edges', () => {
  it.each(MEN)('man born %d-%d retires at %s in %s', (y, m, age, reached) => {
    expect(at('male', y, m)).toMatchObject({ age, reachedOn: reached });
  });
  it.each(WOMEN)('woman born %d-%d retires at %s in %s', (y, m, age, reached) => {
    expect(at('female', y, m)).toMatchObject({ age, reachedOn: reached });
  });
  it('the pension starts the month after the age is reached, across a year end', () => {
    expect(at('male', 1965, 6)).toMatchObject({ reachedOn: '2026-12', pensionFrom: '2027-01' });
  });
});

describe('retirement age — properties', () => {
  const arbSex = fc.constantFrom<Sex>('male', 'female');
  const arbBirth = fc.integer({ min: monthIndex(1950, 1), max: monthIndex(2010, 12) });

  it('later birth never means an earlier retirement month or a lower age', () => {
    fc.assert(
      fc.property(arbSex, arbBirth, (sex, b) => {
        const r1 = retirementFor(sex, b, rule);
        const r2 = retirementFor(sex, b + 1, rule);
        expect(r2.reachedOn).toBeGreaterThan(r1.reachedOn);
        expect(r2.ageMonths).toBeGreaterThanOrEqual(r1.ageMonths);
      }),
    );
  });

  it('the age is the one of the calendar year it is reached in (or the old age / the cap)', () => {
    fc.assert(
      fc.property(arbSex, arbBirth, (sex, b) => {
        const r = retirementFor(sex, b, rule);
        const year = Math.floor(r.reachedOn / 12);
        const [start, step, old, cap] = sex === 'male' ? [723, 3, 720, 744] : [664, 4, 660, 720];
        const expected = year < 2021 ? old : Math.min(start + step * (year - 2021), cap);
        expect(r.ageMonths).toBe(expected);
      }),
    );
  });
});
