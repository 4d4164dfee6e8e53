import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { estimate, summarizeVi, type EstimateRequest } from '../../src/insurance/index.ts';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('estimate()', () => {
  it('needs asOf: being pure, it never reads the clock', () => {
    const err = thrown(() => estimate({ income: 5_000_000 }));
    expect(isAppError(err, 'BHXH_ESTIMATE_INPUT_INVALID')).toBe(true);
    expect((err as { details: { field: string } }).details.field).toBe('asOf');
  });

  it('rejects a bad field with its name, and an uncovered date', () => {
    const err = thrown(() => estimate({ income: 5_000_000, period: 2 as 1, asOf: '2026-11-21' }));
    expect((err as { details: { field: string } }).details.field).toBe('period');
    expect(isAppError(thrown(() => estimate({ income: 5_000_000, asOf: '2024-01-01' })), 'BHXH_POLICY_DATE_UNCOVERED')).toBe(true);
  });

  it('leaves out retirement and pension without sex and birth date, and says why when months were given', () => {
    const r = estimate({ income: 5_000_000, paidMonths: 60, asOf: '2026-11-21' });
    expect(r.retirement).toBeUndefined();
    expect(r.pension).toBeUndefined();
    expect(r.notes.some((n) => n.includes('giới tính'))).toBe(true);
  });

  it('projects a pension for someone not yet retired, in today\'s money, and says so', () => {
    // Woman born 04/1990 retires at 60 in 04/2050: Nov 2026 … Apr 2050 = 282 months still to pay.
    const r = estimate({ income: 3_000_000, sex: 'female', birthDate: '1990-04', paidMonths: 24, paidAverageIncome: 3_000_000, asOf: '2026-11-21' });
    expect(r.retirement).toEqual({ age: { years: 60, months: 0 }, reachedOn: '2050-04', pensionFrom: '2050-05' });
    expect(r.pension).toMatchObject({ projected: true, futureMonths: 282, monthsAtRetirement: 306, eligible: true });
    // 306 months = 25 y 6 m → 25.5 y → 45 + 2 × 10.5 = 66 %.
    expect(r.pension?.ratePercent).toBe(66);
    expect(r.pension?.monthlyAmount).toBe(1_980_000);
    const projection = r.codedNotes.find((n) => n.code === 'pension_projected')?.text;
    expect(projection).toContain('ước tính');
    expect(projection).toContain('giá trị tiền hôm nay');
    // The month as users read it everywhere else (05/2049), never the API's ISO 2050-04.
    expect(projection).toContain('282 tháng nữa với mức 3.000.000 đ đến 04/2050,');
    expect(projection).not.toMatch(/\d{4}-\d{2}/);
  });

  it('gives every note a code, in the order and with the text of `notes`', () => {
    const r = estimate({ income: 1_000_000, province: '99', sex: 'male', birthDate: '1966', paidMonths: 120, asOf: '2027-02-01', advanceMonths: 24 });
    expect(r.codedNotes.map((n) => n.text)).toEqual(r.notes);
    expect(r.codedNotes.map((n) => n.code)).toEqual([
      'rural_poverty_standard',
      'income_raised_to_floor',
      'local_top_up_unknown',
      'support_months_assumed',
      'fund_return_monthly',
      'advance_support_undiscounted',
      'birth_month_assumed',
      'paid_average_assumed',
      'adjustment_coefficients',
      'pension_projected',
      'back_pay',
      'social_pension',
      'monthly_allowance',
      'withdrawal_support_estimated',
    ]);
    // Said once even when two parts of the answer rest on it (the advance and the back payment both use r).
    expect(r.codedNotes.filter((n) => n.code === 'fund_return_monthly')).toHaveLength(1);
  });

  it('offers the back payment (with the r placeholder named) when ≤ 60 months short at retirement age', () => {
    const r = estimate({ income: 3_000_000, sex: 'male', birthDate: '1963-05', paidMonths: 150, paidAverageIncome: 4_000_000, asOf: '2026-11-21' });
    expect(r.pension).toMatchObject({ eligible: false, shortfallMonths: 30, projected: false });
    const kinds = r.pension?.options.map((o) => o.kind);
    expect(kinds).toEqual(['back_pay', 'keep_paying', 'monthly_allowance', 'one_off_withdrawal', 'social_pension']);
    const back = r.pension?.options[0];
    expect(back?.kind === 'back_pay' && back.amount).toBeGreaterThan(30 * 660_000);
    expect(r.notes.some((n) => n.includes('0,31 %'))).toBe(true);
  });

  it('more than 60 months short: the back payment comes only after paying the months above 60', () => {
    const r = estimate({ income: 3_000_000, sex: 'male', birthDate: '1963-05', paidMonths: 119, asOf: '2026-11-21' });
    expect(r.pension?.options.find((o) => o.kind === 'back_pay')).toMatchObject({ months: 60, afterKeepPayingMonths: 1, payOn: '2026-12', pensionFrom: '2027-01' });
    expect(r.pension?.options.find((o) => o.kind === 'social_pension')).toMatchObject({ age: 75, amount: 500_000 });
  });

  it('names the social pension assumption (2026 raise unsure, policy.md §5) when it offers the amount from 2026-07-01', () => {
    const short = { income: 3_000_000, sex: 'male', birthDate: '1963-05', paidMonths: 119 } as const;
    const socialNote = (r: { codedNotes: { code: string }[] }) => r.codedNotes.some((n) => n.code === 'social_pension');
    const after = estimate({ ...short, asOf: '2026-07-01' });
    expect(after.pension?.options.find((o) => o.kind === 'social_pension')).toMatchObject({ amount: 500_000 });
    expect(socialNote(after)).toBe(true);
    expect(after.codedNotes.find((n) => n.code === 'social_pension')?.text).toMatch(/hưu trí xã hội.*01\/07\/2026/);
    const before = estimate({ ...short, asOf: '2026-06-30' });
    expect(before.pension?.options.find((o) => o.kind === 'social_pension')).toMatchObject({ amount: 500_000 });
    expect(socialNote(before)).toBe(false);
    // Eligible: no social pension option, so no note about it.
    const eligible = estimate({ ...short, paidMonths: 240, asOf: '2026-11-21' });
    expect(socialNote(eligible)).toBe(false);
  });

  it('names the assumption for every figure that is not certain, and only then', () => {
    // Mid-September: the 2027 floor is more than three months away, so nothing is uncertain in this answer.
    const plain = estimate({ income: 5_000_000, asOf: '2026-09-15', supportMonthsUsed: 0 });
    expect(plain.notes).toEqual([]);
    const hanoi = estimate({ income: 5_000_000, province: '01', asOf: '2026-11-21', supportMonthsUsed: 0 });
    expect(hanoi.notes.some((n) => n.includes('Hà Nội'))).toBe(true);
    const capped = estimate({ income: 90_000_000, asOf: '2026-11-21', supportMonthsUsed: 0 });
    expect(capped.notes.some((n) => n.includes('2.530.000 đ'))).toBe(true);
    const y2027 = estimate({ income: 5_000_000, asOf: '2027-01-01', supportMonthsUsed: 0 });
    expect(y2027.notes.some((n) => n.includes('2.200.000 đ'))).toBe(true);
  });

  it('cites its sources and the policy date', () => {
    const r = estimate({ income: 5_000_000, sex: 'female', birthDate: '1985-03-02', asOf: '2026-11-21' } satisfies EstimateRequest);
    expect(r.policy.asOf).toBe('2026-11-21');
    expect(r.policy.sources.some((s) => s.includes('41/2024'))).toBe(true);
    expect(r.policy.sources.some((s) => s.includes('135/2020'))).toBe(true);
  });

  it('a bare birth year is read as January, with a note', () => {
    const r = estimate({ income: 5_000_000, sex: 'male', birthDate: '1966', asOf: '2026-11-21' });
    expect(r.retirement?.reachedOn).toBe('2027-10'); // 01/1966 → 61 y 9 m
    expect(r.notes.some((n) => n.includes('tháng 1'))).toBe(true);
  });

  it('the Vietnamese summary shows every amount as vi-VN đồng', () => {
    const text = summarizeVi(estimate({ income: 5_000_000, asOf: '2026-11-21' })).join('\n');
    expect(text).toContain('1.034.000 đ');
    expect(text).not.toMatch(/\d{4,}(?!-)\s*đ/);
  });

  it('prices every payment method, and an advance of future months only when asked', () => {
    const r = estimate({ income: 5_000_000, asOf: '2026-11-21' });
    expect(r.periodTotals).toEqual([
      { period: 1, net: 1_034_000 },
      { period: 3, net: 3_102_000 },
      { period: 6, net: 6_204_000 },
      { period: 12, net: 12_408_000 },
    ]);
    expect(r.advance).toBeUndefined();
    const a = estimate({ income: 5_000_000, asOf: '2026-11-21', advanceMonths: 24 });
    expect(a.advance?.months).toBe(24);
    expect(a.advance?.net).toBeLessThan(24 * 1_034_000);
    expect(a.advance?.net).toBeGreaterThan(0.9 * 24 * 1_034_000);
    expect(a.notes.some((n) => n.includes('0,31 %'))).toBe(true);
    const err = thrown(() => estimate({ income: 5_000_000, asOf: '2026-11-21', advanceMonths: 61 }));
    expect((err as { details: { field: string } }).details.field).toBe('advanceMonths');
  });
});
