import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeContribution, PERIODS, policyAt, SUPPORT_GROUPS, type SupportGroup } from '../../src/insurance/index.ts';

// Central support in whole percent, straight from policy.md §2.1 (not from the code under test).
const SUPPORT_PCT: Record<SupportGroup, number> = { poor: 50, island_zone: 50, near_poor: 40, ethnic_minority: 30, other: 20 };

const p2026 = policyAt('2026-11-21');
const p2027 = policyAt('2027-01-01');

describe('contribution — worked examples of policy.md §6', () => {
  it('D1: 5,000,000 "other" pays 1,034,000; ×3, ×6, ×12 without discount', () => {
    for (const [period, total] of [[1, 1_034_000], [3, 3_102_000], [6, 6_204_000], [12, 12_408_000]] as const) {
      const c = computeContribution({ income: 5_000_000, group: 'other', period }, p2026);
      expect(c.monthlyGross).toBe(1_100_000);
      expect(c.monthlySupport).toBe(66_000);
      expect(c.periodNet).toBe(total);
    }
  });

  it.each([
    ['poor', 165_000],
    ['island_zone', 165_000],
    ['near_poor', 198_000],
    ['ethnic_minority', 231_000],
    ['other', 264_000],
  ] as const)('D2: at the 1,500,000 floor a %s member pays %d', (group, pays) => {
    const c = computeContribution({ income: 1_500_000, group, period: 1 }, p2026);
    expect(c.monthlyGross).toBe(330_000);
    expect(c.monthlyNet).toBe(pays);
  });

  it.each([
    ['poor', 242_000, 242_000],
    ['near_poor', 193_600, 290_400],
    ['ethnic_minority', 145_200, 338_800],
    ['other', 96_800, 387_200],
  ] as const)('D3: at the 2,200,000 floor of 2027 a %s member gets %d and pays %d', (group, support, pays) => {
    const c = computeContribution({ income: 2_200_000, group, period: 1 }, p2027);
    expect(c.monthlyGross).toBe(484_000);
    expect(c.monthlySupport).toBe(support);
    expect(c.monthlyNet).toBe(pays);
  });

  it('D4: at the ceiling after 01-07-2026, 11,132,000 gross, "other" pays 11,066,000', () => {
    const c = computeContribution({ income: 50_600_000, group: 'other', period: 1 }, p2026);
    expect(c.monthlyGross).toBe(11_132_000);
    expect(c.monthlyNet).toBe(11_066_000);
    expect(c.adjusted).toBeNull();
  });

  it('Khánh Hòa (56): poor 50 % + 30 % of 330,000 → pays 66,000 at the floor', () => {
    const c = computeContribution({ income: 1_500_000, group: 'poor', period: 1, province: '56' }, p2026);
    expect(c.monthlyLocalSupport).toBe(99_000);
    expect(c.monthlyNet).toBe(66_000);
  });

  it('Hà Nội poor at the floor pays 0 (50 % + 50 %); a province without data adds nothing', () => {
    expect(computeContribution({ income: 1_500_000, group: 'poor', period: 1, province: '01' }, p2026).monthlyNet).toBe(0);
    expect(computeContribution({ income: 1_500_000, group: 'poor', period: 1, province: '48' }, p2026).monthlyLocalSupport).toBe(0);
  });

  it('Hà Nội 2026 at the floor (policy.md S8): near-poor 198.000 → 0, everyone else 264.000 → 231.000', () => {
    const at = (group: 'near_poor' | 'other', province?: string) => computeContribution({ income: 1_500_000, group, period: 1, province }, p2026).monthlyNet;
    expect([at('near_poor'), at('near_poor', '01')]).toEqual([198_000, 0]);
    expect([at('other'), at('other', '01')]).toEqual([264_000, 231_000]);
  });

  it('TP Hồ Chí Minh 2026: poor +30 %, near-poor +25 %, others nothing extra', () => {
    const c = (group: 'poor' | 'near_poor' | 'other') => computeContribution({ income: 1_500_000, group, period: 1, province: '79' }, p2026);
    expect([c('poor').monthlyLocalSupport, c('poor').monthlyNet]).toEqual([99_000, 66_000]);
    expect([c('near_poor').monthlyLocalSupport, c('near_poor').monthlyNet]).toEqual([82_500, 115_500]);
    expect(c('other').monthlyLocalSupport).toBe(0);
  });

  it('Quảng Ninh 2023–2027: poor and near-poor +30 %, others +20 %', () => {
    const c = (group: 'poor' | 'near_poor' | 'other') => computeContribution({ income: 1_500_000, group, period: 1, province: '22' }, p2026);
    expect([c('poor').monthlyNet, c('near_poor').monthlyNet, c('other').monthlyNet]).toEqual([66_000, 99_000, 198_000]);
  });
});

describe('contribution — clamping boundaries', () => {
  it.each([
    [1_499_999, 1_500_000, 'raised_to_floor'],
    [1_500_000, 1_500_000, null],
    [1_500_001, 1_500_001, null],
    [50_600_000, 50_600_000, null],
    [50_600_001, 50_600_000, 'lowered_to_ceiling'],
    [0, 1_500_000, 'raised_to_floor'],
  ] as const)('income %d → base %d (%s)', (income, base, adjusted) => {
    const c = computeContribution({ income, group: 'other', period: 1 }, p2026);
    expect(c.incomeBase).toBe(base);
    expect(c.adjusted).toBe(adjusted);
  });

  it('the same 47,000,000 is within the ceiling on 2026-07-01 but lowered on 2026-06-30', () => {
    const before = computeContribution({ income: 47_000_000, group: 'other', period: 1 }, policyAt('2026-06-30'));
    const after = computeContribution({ income: 47_000_000, group: 'other', period: 1 }, policyAt('2026-07-01'));
    expect(before).toMatchObject({ incomeBase: 46_800_000, adjusted: 'lowered_to_ceiling' });
    expect(after).toMatchObject({ incomeBase: 47_000_000, adjusted: null });
  });
});

describe('contribution — 120-month support cap', () => {
  it('119 months used: a 3-month payment gets support for one month only', () => {
    const c = computeContribution({ income: 5_000_000, group: 'other', period: 3, supportMonthsUsed: 119 }, p2026);
    expect(c.periodNet).toBe(3 * 1_100_000 - 66_000);
  });
  it('120 months used: no support at all', () => {
    const c = computeContribution({ income: 5_000_000, group: 'other', period: 1, supportMonthsUsed: 120 }, p2026);
    expect(c.monthlySupport).toBe(0);
    expect(c.monthlyNet).toBe(1_100_000);
  });
});

const arbGroup = fc.constantFrom(...SUPPORT_GROUPS);
const arbPeriod = fc.constantFrom(...PERIODS);
const arbProvince = fc.constantFrom(undefined, '01', '56', '79');
const arbDate = fc.constantFrom('2025-07-01', '2026-06-30', '2026-07-01', '2026-11-21', '2027-01-01', '2030-12-31');
const arbIncome = fc.integer({ min: 0, max: 200_000_000 });

describe('contribution — properties', () => {
  it('0 ≤ net ≤ gross, and the period total is at most period × gross', () => {
    fc.assert(
      fc.property(arbIncome, arbGroup, arbPeriod, arbProvince, arbDate, (income, group, period, province, date) => {
        const c = computeContribution({ income, group, period, province }, policyAt(date));
        expect(c.monthlyNet).toBeGreaterThanOrEqual(0);
        expect(c.monthlyNet).toBeLessThanOrEqual(c.monthlyGross);
        expect(c.periodNet).toBeLessThanOrEqual(period * c.monthlyGross);
        expect(c.periodNet).toBeGreaterThanOrEqual(period * c.monthlyNet);
      }),
    );
  });

  it('the income base is always within [floor, ceiling] and equals the income when the income is', () => {
    fc.assert(
      fc.property(arbIncome, arbDate, (income, date) => {
        const p = policyAt(date);
        const c = computeContribution({ income, group: 'other', period: 1 }, p);
        expect(c.incomeBase).toBe(Math.min(Math.max(income, p.floor), p.ceiling));
        expect(c.adjusted).toBe(income < p.floor ? 'raised_to_floor' : income > p.ceiling ? 'lowered_to_ceiling' : null);
      }),
    );
  });

  it('monotonic in income: paying on more income never costs less', () => {
    fc.assert(
      fc.property(arbIncome, arbIncome, arbGroup, arbPeriod, arbProvince, arbDate, (a, b, group, period, province, date) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const p = policyAt(date);
        const cl = computeContribution({ income: lo, group, period, province }, p);
        const ch = computeContribution({ income: hi, group, period, province }, p);
        expect(ch.monthlyGross).toBeGreaterThanOrEqual(cl.monthlyGross);
        expect(ch.monthlyNet).toBeGreaterThanOrEqual(cl.monthlyNet);
        expect(ch.periodNet).toBeGreaterThanOrEqual(cl.periodNet);
      }),
    );
  });

  it('matches the formula of policy.md §2.1: 22 % × base − k × 22 % × floor (central support only)', () => {
    fc.assert(
      fc.property(arbIncome, arbGroup, arbDate, (income, group, date) => {
        const p = policyAt(date);
        const base = Math.min(Math.max(income, p.floor), p.ceiling);
        // In hundredths of a đồng: exact integers for these inputs.
        const netCents = base * 22 - (p.floor * 22 * SUPPORT_PCT[group]) / 100;
        const c = computeContribution({ income, group, period: 1 }, p);
        expect(c.monthlyNet).toBe(Math.floor(netCents / 100));
        expect(c.monthlySupport).toBe((p.floor * 22 * SUPPORT_PCT[group]) / 10_000);
      }),
    );
  });

  it('support does not depend on the chosen income', () => {
    fc.assert(
      fc.property(arbIncome, arbIncome, arbGroup, (a, b, group) => {
        const ca = computeContribution({ income: a, group, period: 1, province: '01' }, p2026);
        const cb = computeContribution({ income: b, group, period: 1, province: '01' }, p2026);
        expect(ca.monthlySupport).toBe(cb.monthlySupport);
        expect(ca.monthlyLocalSupport).toBe(cb.monthlyLocalSupport);
      }),
    );
  });
});
