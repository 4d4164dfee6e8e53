import { describe, expect, it } from 'vitest';
import { estimate, type PensionOption } from '../../src/insurance/index.ts';

/** Issue 12: province, past salary, dated changes and honest pension dates in `estimate()`. */
const asOf = '2026-12-03';
const option = <K extends PensionOption['kind']>(opts: PensionOption[] | undefined, kind: K) =>
  opts?.find((o): o is Extract<PensionOption, { kind: K }> => o.kind === kind);

describe('estimate() — province', () => {
  it('Hà Nội poor resident at the floor pays 0 đ, and the answer names Hà Nội', () => {
    const r = estimate({ income: 1_500_000, group: 'poor', province: '01', asOf });
    expect(r.contribution).toMatchObject({ monthlySupport: 165_000, monthlyLocalSupport: 165_000, monthlyNet: 0 });
    expect(r.localSupport).toEqual({ province: '01', nameVi: 'Hà Nội', confidence: 'likely' });
    expect(r.codedNotes.some((n) => n.code === 'local_top_up' && n.text.includes('Hà Nội'))).toBe(true);
  });

  it('the social pension offered in Hà Nội is the city total, with its confidence named', () => {
    const r = estimate({ income: 2_000_000, province: '01', sex: 'female', birthDate: '1950-06', paidMonths: 0, asOf });
    expect(option(r.pension?.options, 'social_pension')).toMatchObject({ amount: 650_000, province: 'Hà Nội', eligibleNow: true, from: '2025-06' });
    expect(r.codedNotes.some((n) => n.code === 'local_social_pension')).toBe(true);
  });
});

describe('estimate() — dated changes', () => {
  it('four weeks before the 2027 floor: both figures, the date and the confidence', () => {
    const r = estimate({ income: 2_000_000, asOf });
    expect(r.contribution.monthlyNet).toBe(2_000_000 * 0.22 - 66_000);
    expect(r.upcoming).toEqual([
      expect.objectContaining({ parameter: 'rural_poverty_standard', from: '2027-01-01', before: 1_500_000, after: 2_200_000, confidence: 'likely' }),
    ]);
    // 2.000.000 is below the new floor: raised to 2.200.000, 22 % − 20 % of 22 % × 2.200.000.
    expect(r.upcoming[0]?.contribution).toMatchObject({ incomeBase: 2_200_000, adjusted: 'raised_to_floor', monthlyNet: 484_000 - 96_800 });
    const note = r.codedNotes.find((n) => n.code === 'upcoming_change')?.text;
    expect(note).toContain('01/01/2027');
    expect(note).toContain('387.200 đ');
    expect(note).toContain('dự kiến');
  });

  it('a pension projection pays the future months at least at the floor in force then', () => {
    const r = estimate({ income: 2_000_000, sex: 'female', birthDate: '1985-03', paidMonths: 0, asOf });
    // Dec 2026 at 2.000.000, every later month at 2.200.000.
    const months = r.pension!.monthsAtRetirement;
    expect(r.pension!.averageIncome).toBe(Math.floor((2_000_000 + (months - 1) * 2_200_000) / months));
    expect(r.codedNotes.some((n) => n.code === 'future_floor_applied' && n.text.includes('01/2027'))).toBe(true);
  });
});

describe('estimate() — mixed careers (policy.md §4.4)', () => {
  it('12 years in a company at 8.000.000, then voluntary at 3.000.000 to 62: one average over both', () => {
    const r = estimate({ income: 3_000_000, sex: 'male', birthDate: '1968-05', paidMonths: 144, compulsoryMonths: 144, compulsoryAverageIncome: 8_000_000, asOf });
    // 62 in 05/2030: Dec 2026 … May 2030 = 42 months more; 186 months = 15 y 6 m → 40,5 %.
    expect(r.pension).toMatchObject({ futureMonths: 42, monthsAtRetirement: 186, eligible: true, ratePercent: 40.5 });
    expect(r.pension!.monthlyAmount).toBe(Math.floor(((144 * 8_000_000 + 42 * 3_000_000) * 4050) / (10_000 * 186)));
    expect(r.codedNotes.some((n) => n.code === 'mixed_career' && n.text.includes('8.000.000 đ'))).toBe(true);
  });

  it('"không nhớ" the salary: the chosen income is assumed, and said', () => {
    const r = estimate({ income: 3_000_000, sex: 'male', birthDate: '1968-05', paidMonths: 144, compulsoryMonths: 144, asOf });
    expect(r.pension!.averageIncome).toBe(3_000_000);
    expect(r.codedNotes.find((n) => n.code === 'past_salary_assumed')?.text).toContain('tạm tính bằng 3.000.000 đ');
  });

  it('refuses more compulsory months than months paid', () => {
    expect(() => estimate({ income: 3_000_000, paidMonths: 10, compulsoryMonths: 20, asOf })).toThrow(/compulsoryMonths/);
  });
});

describe('estimate() — transitional rule (Law Art. 141(9), policy.md §4.1)', () => {
  const woman = { income: 3_000_000, sex: 'female', birthDate: '1975-06', paidMonths: 260, paidAverageIncome: 3_000_000, asOf } as const;

  it('joined before 2021 with ≥ 20 voluntary years: pension at 55, not at 60', () => {
    const r = estimate({ ...woman, joinedBefore2021: true });
    expect(r.retirement?.reachedOn).toBe('2035-06');
    // 55 in 06/2030: Dec 2026 … Jun 2030 = 43 months; 303 months = 25 y 3 m → 25,5 y → 66 %.
    expect(r.pension).toMatchObject({ rule: 'transitional', futureMonths: 43, monthsAtRetirement: 303, ratePercent: 66, pensionStartsOn: '2030-07' });
    expect(r.pension!.monthlyAmount).toBe(1_980_000);
    expect(r.codedNotes.some((n) => n.code === 'transitional_rule')).toBe(true);
  });

  it('not without joining before 2021, nor with compulsory years making up the 20', () => {
    expect(estimate(woman).pension).toMatchObject({ rule: 'statutory', pensionStartsOn: '2035-07' });
    const mixed = estimate({ ...woman, joinedBefore2021: true, paidMonths: 260, compulsoryMonths: 100 });
    // 160 voluntary months now: 240 is reached in 08/2033, after 55 but before 60 → still the earlier date.
    expect(mixed.pension).toMatchObject({ rule: 'transitional', pensionStartsOn: '2033-08' });
  });
});

describe('estimate() — honest pension dates and options', () => {
  it('a woman born 12/1966 reaching 15 years only now: her pension starts now, not in 2022', () => {
    const r = estimate({ income: 2_000_000, sex: 'female', birthDate: '1966-12', paidMonths: 180, asOf });
    expect(r.retirement?.reachedOn).toBe('2022-08');
    expect(r.pension).toMatchObject({ eligible: true, pastRetirementAge: true, conditionsMetOn: '2026-11', pensionStartsOn: '2026-12', startInPast: false });
  });

  it('eligible long ago: the start is said as past', () => {
    const r = estimate({ income: 2_000_000, sex: 'female', birthDate: '1960-01', paidMonths: 240, asOf });
    expect(r.pension).toMatchObject({ startInPast: true });
    expect(r.codedNotes.some((n) => n.code === 'pension_in_past')).toBe(true);
  });

  it('a man of 62 with 5 years 5 months missing: keep paying 5 months first, then buy 60; amounts for each option', () => {
    const r = estimate({ income: 2_000_000, sex: 'male', birthDate: '1964-06', paidMonths: 180 - 65, asOf });
    expect(r.pension).toMatchObject({ eligible: false, shortfallMonths: 65, pastRetirementAge: true });
    const back = option(r.pension?.options, 'back_pay');
    // Dec 2026 … Apr 2027 paid monthly, the 60 months bought in May 2027.
    expect(back).toMatchObject({ months: 60, afterKeepPayingMonths: 5, payOn: '2027-05', pensionFrom: '2027-06' });
    expect(back!.pensionMonthly).toBeGreaterThan(0);
    expect(option(r.pension?.options, 'keep_paying')).toMatchObject({ months: 65, until: '2032-04', pensionFrom: '2032-05' });
    const w = option(r.pension?.options, 'one_off_withdrawal');
    expect(w!.amount).toBe(w!.gross - w!.supportDeducted);
    expect(w!.gross).toBeGreaterThan(0);
    expect(option(r.pension?.options, 'monthly_allowance')!.monthly).toBeGreaterThanOrEqual(500_000);
    expect(option(r.pension?.options, 'social_pension')).toMatchObject({ age: 75, eligibleNow: false, from: '2039-06' });
  });

  it('a 76-year-old already has the social-pension age: no monthly allowance, eligibleNow', () => {
    const r = estimate({ income: 2_000_000, sex: 'female', birthDate: '1950-06', paidMonths: 0, asOf });
    expect(option(r.pension?.options, 'social_pension')).toMatchObject({ eligibleNow: true });
    expect(option(r.pension?.options, 'monthly_allowance')).toBeUndefined();
  });
});

describe('notes a worker reads', () => {
  it('name no decree numbers and never say "placeholder"', async () => {
    const P = await import('../../src/insurance/params.ts');
    const L = await import('../../src/insurance/local-support-data.ts');
    const all = [...Object.values(P), ...Object.values(L.localTopUps).map((x) => x.periods), ...Object.values(L.localSocialPensions).map((x) => x.periods)]
      .filter(Array.isArray)
      .flat()
      .map((d) => (d as { assumptionVi?: string }).assumptionVi)
      .filter((s): s is string => typeof s === 'string');
    expect(all.length).toBeGreaterThan(8);
    for (const s of all) {
      expect(s).not.toMatch(/placeholder/i);
      expect(s).not.toMatch(/\d+\/\d{4}\/(NĐ|NQ|QH|TT|QĐ)/);
      expect(s).not.toMatch(/Nghị (định|quyết) \d/);
    }
  });
});
