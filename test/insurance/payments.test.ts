import { describe, expect, it } from 'vitest';
import { advancePayment, backPayment, policyAt, type Policy } from '../../src/insurance/index.ts';

const policy = policyAt('2026-11-21');
const withR = (r: number, maxBack = 60): Policy => ({
  ...policy,
  fundReturnMonthly: { ...policy.fundReturnMonthly, value: r },
  backPayMaxMissingMonths: { ...policy.backPayMaxMissingMonths, value: maxBack },
});

describe('advance payment for future months (method đ)', () => {
  it('with r = 0 it is exactly 22 % × income × months, minus the support', () => {
    const a = advancePayment(5_000_000, 24, 66_000, withR(0));
    expect(a).toMatchObject({ months: 24, amount: 26_400_000, support: 24 * 66_000, net: 26_400_000 - 24 * 66_000 });
  });
  it('the first month is not discounted (exponent i − 1), later months are', () => {
    expect(advancePayment(5_000_000, 1, 0, withR(0.01)).amount).toBe(1_100_000);
    // 1,100,000 + 1,100,000 / 1.01 = 2,189,108.9…
    expect(advancePayment(5_000_000, 2, 0, withR(0.01)).amount).toBe(2_189_108);
  });
  it('is cheaper than paying month by month when r > 0, and stops at 60 months', () => {
    const a = advancePayment(5_000_000, 60, 66_000, policy);
    expect(a.amount).toBeLessThan(a.undiscounted);
    expect(advancePayment(5_000_000, 72, 66_000, policy).months).toBe(60);
  });
  it('support stops at the months left under the 120-month cap', () => {
    expect(advancePayment(5_000_000, 36, 66_000, withR(0), 10).support).toBe(660_000);
  });
});

describe('back payment of missing months at retirement age (method e)', () => {
  it('compounds from the first month (exponent i): 1 month = 22 % × income × (1 + r)', () => {
    expect(backPayment(5_000_000, 1, withR(0.01))?.amount).toBe(1_111_000);
  });
  it('is allowed for 60 missing months but not 61', () => {
    expect(backPayment(3_000_000, 60, policy)?.months).toBe(60);
    expect(backPayment(3_000_000, 61, policy)).toBeUndefined();
    expect(backPayment(3_000_000, 0, policy)).toBeUndefined();
  });
  it('S5 (old law): 37 × 1,199,000 compounded at r ≈ 0.45 %/month ≈ 48.4 M', () => {
    // 22 % × 5,450,000 = 1,199,000 a month; policy.md §6 S5 reports "> 48,000,000".
    const b = backPayment(5_450_000, 37, withR(0.0045, 120));
    expect(b?.amount).toBeGreaterThan(48_000_000);
    expect(b?.amount).toBeLessThan(48_800_000);
  });
});
